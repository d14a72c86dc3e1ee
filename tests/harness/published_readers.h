// Strict readers of what /published serves, for the published-page tests.
#ifndef BRIEFDESK_TESTS_HARNESS_PUBLISHED_READERS_H_
#define BRIEFDESK_TESTS_HARNESS_PUBLISHED_READERS_H_

#include <boost/json.hpp>
#include <string>

namespace briefdesk::testing {

// Reads an answer's body with Debian's Python, whose parsers are strict:
// "xml" parses the Atom feed with expat and gives its id and entries;
// "yaml" gives the Markdown front matter, loaded by PyYAML. JSON, or null
// after a gtest failure saying why.
boost::json::value ReadWithPython(const std::string& kind,
                                  const std::string& body);

// Whether a page carries what no page may: controls but tab and newline
// (C0, DEL, C1).
bool HasControls(const std::string& page);

}  // namespace briefdesk::testing

#endif  // BRIEFDESK_TESTS_HARNESS_PUBLISHED_READERS_H_
