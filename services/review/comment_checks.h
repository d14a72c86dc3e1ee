// What an expert's comments must be, in a review or in an answer to a
// request for guidance (docs/api-notes.md, Reviews): a known section, a
// body, and a quote that occurs in that section of the revision read.
#ifndef BRIEFDESK_SERVICES_REVIEW_COMMENT_CHECKS_H_
#define BRIEFDESK_SERVICES_REVIEW_COMMENT_CHECKS_H_

#include <string>

#include "absl/status/status.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/review/v1/review.pb.h"

namespace briefdesk::review {

using Comments = google::protobuf::RepeatedPtrField<v1::Comment>;

// The text of a section by name; nullptr for a name that is not one.
const std::string* SectionText(const briefs::v1::Sections& s,
                               const std::string& name);
// At most `most` comments, each valid (errors name comments[i].field).
absl::Status ValidateComments(const Comments& comments, int most);
bool HasQuotes(const Comments& comments);
// Each quote occurs in its section of `sections`.
absl::Status CheckQuotes(const Comments& comments,
                         const briefs::v1::Sections& sections);

}  // namespace briefdesk::review

#endif  // BRIEFDESK_SERVICES_REVIEW_COMMENT_CHECKS_H_
