# Writes OUT: a C++ file defining NS::NAME() (by default
# briefdesk::storage::EmbeddedMigrations()) from FILES (NNNN_name.sql), in
# order.
string(REPLACE "|" ";" FILES "${FILES}")
if(NOT NS)
  set(NS briefdesk::storage)
endif()
if(NOT NAME)
  set(NAME EmbeddedMigrations)
endif()
set(body "")
foreach(f ${FILES})
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^[0-9]+" version ${name})
  # As a decimal literal: "0008" would be read as octal (and fail).
  math(EXPR version "${version}")
  file(READ ${f} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"__sql__(${sql})__sql__\"},\n")
endforeach()
file(WRITE ${OUT} "#include \"libs/storage/migrations.h\"
namespace ${NS} {
const std::vector<briefdesk::storage::Migration>& ${NAME}() {
  static const std::vector<briefdesk::storage::Migration> m = {
${body}  };
  return m;
}
}  // namespace ${NS}
")
