#include "services/briefs/store.h"

#include <google/protobuf/util/time_util.h>

#include <stdexcept>

#include "absl/strings/str_split.h"
#include "libs/storage/pg_pool.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {

namespace store {

pqxx::work& Work(Tx& tx) {
  if (tx.impl().work == nullptr) {
    throw std::logic_error("a statement that needs a transaction ran outside");
  }
  return *tx.impl().work;
}

google::protobuf::Timestamp Micros(const pqxx::field& f) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      f.as<int64_t>());
}

v1::BriefState ReadState(const pqxx::field& f) {
  v1::BriefState out = v1::STATE_UNSPECIFIED;
  v1::BriefState_Parse(f.as<std::string>(), &out);
  return out;
}

v1::Constituency ReadConstituency(const pqxx::field& f) {
  v1::Constituency out = v1::CONSTITUENCY_UNSPECIFIED;
  v1::Constituency_Parse(f.as<std::string>(), &out);
  return out;
}

void ReadSections(const pqxx::row& row, int first, v1::Sections* s) {
  s->set_summary(row[first].as<std::string>());
  s->set_problem(row[first + 1].as<std::string>());
  s->set_evidence(row[first + 2].as<std::string>());
  s->set_options(row[first + 3].as<std::string>());
  s->set_recommendations(row[first + 4].as<std::string>());
  s->set_references(row[first + 5].as<std::string>());
}

std::vector<std::string> SplitList(const pqxx::field& f) {
  return absl::StrSplit(f.as<std::string>(), ',', absl::SkipEmpty());
}

}  // namespace store

void PrepareStatements(pqxx::connection_base& conn) {
  store::PrepareBriefStatements(conn);
  store::PrepareRevisionStatements(conn);
  store::PrepareTransitionStatements(conn);
  store::PrepareReviewerStatements(conn);
  store::PrepareCommentStatements(conn);
  store::PreparePublishedStatements(conn);
  store::PrepareUserStatements(conn);
  store::PrepareApiKeyStatements(conn);
  store::PrepareCourseBriefStatements(conn);
  store::PrepareInvitationStatements(conn);
  store::PrepareCohortStatements(conn);
  store::PrepareSessionStatements(conn);
  store::PreparePasswordStatements(conn);
  store::PrepareErasureStatements(conn);
}

absl::Status Database::RunTransaction(
    const std::function<absl::Status(Tx&)>& fn) {
  return pool_
      ->Run<bool>([&](pqxx::work& work) -> absl::StatusOr<bool> {
        bool changed = false;  // a rolled-back transaction changed nothing
        Tx::Impl impl{work, &work, &changed};
        Tx tx(&impl);
        if (absl::Status s = fn(tx); !s.ok()) return s;
        return true;
      })
      .status();
}

// PgPool::Run's recovery without its BEGIN and COMMIT: a lost connection is
// replaced, and the unit runs again when it had sent no change (a change
// whose answer was lost may have been applied: the caller gets UNAVAILABLE,
// as after a lost COMMIT).
absl::Status Database::RunAutocommit(
    const std::function<absl::Status(Tx&)>& fn) {
  bool fresh = false;
  for (int attempt = 0;; ++attempt) {
    auto lease = pool_->Acquire(std::chrono::seconds(5), fresh);
    if (!lease.ok()) return lease.status();
    bool changed = false;
    try {
      pqxx::nontransaction sql(**lease);
      Tx::Impl impl{sql, nullptr, &changed};
      Tx tx(&impl);
      return fn(tx);
    } catch (const std::exception& e) {
      storage::Failure f = storage::ClassifyFailure(e, (*lease)->is_open(),
                                                    /*commit_sent=*/changed);
      if (f.connection_lost) {
        lease->Discard();
        fresh = true;  // not an idle one, which may be as broken
      }
      if (!f.connection_lost || changed || attempt > 0) return f.status;
    }
  }
}

}  // namespace briefdesk::briefs
