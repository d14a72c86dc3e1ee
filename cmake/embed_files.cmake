# Writes OUT: a C++ file defining `const std::map<std::string, std::string>&
# NAME()` in namespace NS, mapping each of FILES ('|'-separated) by file
# name to its contents; with BASE, by its path relative to BASE.
string(REPLACE "|" ";" FILES "${FILES}")
set(body "")
foreach(f ${FILES})
  if(BASE)
    file(RELATIVE_PATH name ${BASE} ${f})
  else()
    get_filename_component(name ${f} NAME)
  endif()
  file(READ ${f} text)
  string(APPEND body "    {\"${name}\", R\"__file__(${text})__file__\"},\n")
endforeach()
file(WRITE ${OUT} "#include <map>
#include <string>
namespace ${NS} {
const std::map<std::string, std::string>& ${NAME}() {
  static const std::map<std::string, std::string> files = {
${body}  };
  return files;
}
}  // namespace ${NS}
")
