#include "tests/harness/postgres.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/harness/process.h"

namespace briefdesk::testing {

void Postgres::Start() {
  bin_ = PgBinDir();
  Require(!bin_.empty(), "no PostgreSQL server programs found");
  dir_ = MakeTempDir("briefdesk-pg");
  std::string data = dir_ + "/pg";
  mkdir(data.c_str(), 0700);
  as_postgres_ = geteuid() == 0;
  if (as_postgres_) {
    passwd* pw = getpwnam("postgres");
    Require(pw != nullptr, "no postgres user to run PostgreSQL as");
    Require(chown(data.c_str(), pw->pw_uid, pw->pw_gid) == 0, "chown");
  }
  std::string log = dir_ + "/postgres.log";
  ChildOptions child{.log = dir_ + "/postgres.log",
                     .as_postgres = as_postgres_};
  pid_t init = SpawnChild({bin_ + "/initdb", "-D", data, "-U", "briefdesk",
                           "--auth=trust", "-E", "UTF8", "--no-sync"},
                          child);
  Require(WEXITSTATUS(WaitExit(init)) == 0, "initdb failed: see " + log);
  port_ = FreePort();
  pid_ = SpawnChild(
      {bin_ + "/postgres", "-D", data, "-p", std::to_string(port_), "-k", data,
       "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
       "synchronous_commit=off", "-c", "full_page_writes=off"},
      child);
  std::string conninfo = url("postgres");
  for (int i = 0; i < 300 && PQping(conninfo.c_str()) != PQPING_OK; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Require(PQping(conninfo.c_str()) == PQPING_OK,
          "PostgreSQL did not start: see " + log);
}

std::string Postgres::url(const std::string& db) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) +
         " user=briefdesk dbname=" + db;
}

void Postgres::CreateDatabase(const std::string& name) {
  PGconn* conn = PQconnectdb(url("postgres").c_str());
  Require(PQstatus(conn) == CONNECTION_OK, "cannot connect to PostgreSQL");
  std::string sql = "CREATE DATABASE \"" + name + "\"";
  PGresult* r = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string error = PQerrorMessage(conn);
  PQclear(r);
  PQfinish(conn);
  Require(ok, "CREATE DATABASE " + name + ": " + error);
}

void Postgres::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGINT);  // fast shutdown
    WaitExit(pid_);
    pid_ = 0;
  }
  RemoveTempDir(dir_);
  dir_.clear();
}

}  // namespace briefdesk::testing
