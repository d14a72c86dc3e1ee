#include "libs/storage/migrations.h"

#include "absl/strings/str_cat.h"

namespace briefdesk::storage {
namespace {
constexpr int64_t kMigrationLock = 0x62726965666465;  // "briefde"
}  // namespace

absl::Status Migrate(pqxx::connection& conn,
                     const std::vector<Migration>& migrations,
                     const std::string& table) {
  try {
    const std::string name = conn.quote_name(table);
    // Under the lock too: replicas starting together would otherwise race
    // to create the table ("duplicate key ... pg_type_typname_nsp_index").
    {
      pqxx::work tx(conn);
      tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) +
              ")");
      tx.exec("CREATE TABLE IF NOT EXISTS " + name +
              " (version integer PRIMARY KEY, name text NOT NULL,"
              " applied_at timestamptz NOT NULL DEFAULT now())");
      tx.commit();
    }
    for (const Migration& m : migrations) {
      pqxx::work tx(conn);
      tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) +
              ")");
      auto done = tx.exec_params(
          "SELECT 1 FROM " + name + " WHERE version = $1", m.version);
      if (!done.empty()) continue;
      tx.exec(m.sql);
      tx.exec_params("INSERT INTO " + name + " (version, name) VALUES ($1, $2)",
                     m.version, m.name);
      tx.commit();
    }
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("migration failed: ", e.what()));
  }
  return absl::OkStatus();
}

}  // namespace briefdesk::storage
