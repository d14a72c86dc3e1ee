# Writes OUT: a C++ file defining `const std::map<std::string, std::string>&
# EmailTemplates()` in briefdesk::notification, mapping each of FILES
# ('|'-separated) by its path below BASE ("en/reviews.txt") to its contents.
string(REPLACE "|" ";" FILES "${FILES}")
set(body "")
foreach(f ${FILES})
  file(RELATIVE_PATH name ${BASE} ${f})
  file(READ ${f} text)
  string(APPEND body "    {\"${name}\", R\"__file__(${text})__file__\"},\n")
endforeach()
file(WRITE ${OUT} "#include <map>
#include <string>
namespace briefdesk::notification {
const std::map<std::string, std::string>& EmailTemplates() {
  static const std::map<std::string, std::string> files = {
${body}  };
  return files;
}
}  // namespace briefdesk::notification
")
