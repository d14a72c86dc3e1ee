// The pqxx side of Tx, for the *_store.cc files only: the domain never
// includes this.
#ifndef BRIEFDESK_SERVICES_BRIEFS_STORE_INTERNAL_H_
#define BRIEFDESK_SERVICES_BRIEFS_STORE_INTERNAL_H_

#include <google/protobuf/timestamp.pb.h>

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "briefdesk/briefs/v1/briefs.pb.h"
#include "services/briefs/store.h"

namespace briefdesk::briefs {

struct Tx::Impl {
  pqxx::transaction_base& sql;
  pqxx::work* work;  // InTransaction's; nullptr under Autocommit
  bool* changed;     // set once a change was sent: Autocommit never reruns
};

namespace store {

// For a statement that only reads.
inline pqxx::transaction_base& Reading(Tx& tx) { return tx.impl().sql; }
// For one that changes something.
inline pqxx::transaction_base& Changing(Tx& tx) {
  *tx.impl().changed = true;
  return tx.impl().sql;
}
// The transaction, for the libraries that take one (outbox, idempotency);
// throws std::logic_error under Autocommit.
pqxx::work& Work(Tx& tx);

// Timestamps are read as (extract(epoch FROM t) * 1000000)::bigint.
google::protobuf::Timestamp Micros(const pqxx::field& f);
// Enums are stored by name.
v1::BriefState ReadState(const pqxx::field& f);
v1::Constituency ReadConstituency(const pqxx::field& f);
// Six columns from `first`: summary, problem, evidence, options,
// recommendations, references.
void ReadSections(const pqxx::row& row, int first, v1::Sections* s);
// A text[] read as array_to_string(column, ',').
std::vector<std::string> SplitList(const pqxx::field& f);

// Each store's statements, prepared by PrepareStatements.
void PrepareBriefStatements(pqxx::connection_base& conn);
void PrepareRevisionStatements(pqxx::connection_base& conn);
void PrepareTransitionStatements(pqxx::connection_base& conn);
void PrepareReviewerStatements(pqxx::connection_base& conn);
void PrepareCommentStatements(pqxx::connection_base& conn);
void PreparePublishedStatements(pqxx::connection_base& conn);
void PrepareUserStatements(pqxx::connection_base& conn);
void PrepareApiKeyStatements(pqxx::connection_base& conn);
void PrepareCourseBriefStatements(pqxx::connection_base& conn);
void PrepareInvitationStatements(pqxx::connection_base& conn);
void PrepareCohortStatements(pqxx::connection_base& conn);
void PrepareSessionStatements(pqxx::connection_base& conn);
void PreparePasswordStatements(pqxx::connection_base& conn);
void PrepareErasureStatements(pqxx::connection_base& conn);

}  // namespace store
}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_STORE_INTERNAL_H_
