# Writes OUT: a C++ file defining briefdesk::storage::EmbeddedMigrations()
# from FILES (NNNN_name.sql), in order.
string(REPLACE "|" ";" FILES "${FILES}")
set(body "")
foreach(f ${FILES})
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^[0-9]+" version ${name})
  file(READ ${f} sql)
  string(APPEND body "    {${version}, \"${name}\", R\"__sql__(${sql})__sql__\"},\n")
endforeach()
file(WRITE ${OUT} "#include \"libs/storage/migrations.h\"
namespace briefdesk::storage {
const std::vector<Migration>& EmbeddedMigrations() {
  static const std::vector<Migration> m = {
${body}  };
  return m;
}
}  // namespace briefdesk::storage
")
