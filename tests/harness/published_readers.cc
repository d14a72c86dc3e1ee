#include "tests/harness/published_readers.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/harness/api.h"

namespace briefdesk::testing {

boost::json::value ReadWithPython(const std::string& kind,
                                  const std::string& body) {
  static const std::string script = [] {
    std::string path = Stack::Get().dir() + "/read_published.py";
    std::ofstream(path) << R"py(
import json, sys, xml.dom.minidom, yaml
data = open(sys.argv[2], "rb").read()
if sys.argv[1] == "xml":
    feed = xml.dom.minidom.parseString(data)
    def text(e, tag):
        return "".join(n.data for n in e.getElementsByTagName(tag)[0].childNodes)
    out = [{"title": text(e, "title"), "summary": text(e, "summary"),
            "link": e.getElementsByTagName("link")[0].getAttribute("href"),
            "authors": [text(a, "name") for a in e.getElementsByTagName("author")]}
           for e in feed.getElementsByTagName("entry")]
    out = {"id": text(feed.documentElement, "id"), "entries": out}
else:
    md = data.decode("utf-8")
    out = yaml.safe_load(md[4:md.index("\n---\n", 3)])
print(json.dumps(out, default=str))
)py";
    return path;
  }();
  std::string file = Stack::Get().dir() + "/body-" + Api::Unique();
  std::ofstream(file, std::ios::binary) << body;
  std::string out =
      Shell("/usr/bin/python3 " + script + " " + kind + " " + file + " 2>&1");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(out, ec);
  if (ec) ADD_FAILURE() << "python could not read the " << kind << ":\n" << out;
  return ec ? boost::json::value() : v;
}

bool HasControls(const std::string& page) {
  for (size_t i = 0; i < page.size(); ++i) {
    unsigned char c = page[i];
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < page.size() &&
        static_cast<unsigned char>(page[i + 1]) <= 0x9F) {
      return true;
    }
  }
  return false;
}

}  // namespace briefdesk::testing
