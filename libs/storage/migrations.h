// Numbered SQL migrations applied at start-up and recorded in the table
// schema_migrations. A service embeds its migrations/NNNN_name.sql files with
// briefdesk_embed_migrations() in CMake.
#ifndef BRIEFDESK_LIBS_STORAGE_MIGRATIONS_H_
#define BRIEFDESK_LIBS_STORAGE_MIGRATIONS_H_

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace briefdesk::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// Defined by the file that briefdesk_embed_migrations() generates.
const std::vector<Migration>& EmbeddedMigrations();

// Applies, in order, each migration not yet recorded in `table`, each in its
// own transaction. Concurrent callers (replicas starting together) serialize
// on an advisory lock, so each migration runs exactly once. A library with
// tables of its own (libs/outbox) keeps its record in a table of its own.
absl::Status Migrate(pqxx::connection& conn,
                     const std::vector<Migration>& migrations,
                     const std::string& table = "schema_migrations");

}  // namespace briefdesk::storage

#endif  // BRIEFDESK_LIBS_STORAGE_MIGRATIONS_H_
