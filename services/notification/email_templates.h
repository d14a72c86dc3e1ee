// Domain layer, pure: an e-mail's words from its kind's mustache templates
// (templates/email/<language>/<kind>.subject, .txt and .html, embedded in
// the binary), in the recipient's language or, where there is no
// translation, in English. The HTML escapes every value; the subject and
// the text do not (they are not HTML).
#ifndef BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_TEMPLATES_H_
#define BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_TEMPLATES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace briefdesk::notification {

struct RenderedEmail {
  std::string subject, text, html;
  std::string language;  // of the templates used
};

// The language whose templates `kind` is written in for `language`: it,
// its primary subtag ("fr" for "fr-CA"), or "en"; "" when not even English
// has the kind.
std::string TemplateLanguage(const std::string& kind,
                             const std::string& language);

// `data` is a JSON object; "" values count as absent in sections.
absl::StatusOr<RenderedEmail> RenderEmail(const std::string& kind,
                                          const std::string& language,
                                          const std::string& data);
absl::StatusOr<std::string> RenderSubject(const std::string& kind,
                                          const std::string& language,
                                          const std::string& data);

// "en/reviews.txt" and the others: every template file.
std::vector<std::string> TemplateFiles();

}  // namespace briefdesk::notification

#endif  // BRIEFDESK_SERVICES_NOTIFICATION_EMAIL_TEMPLATES_H_
