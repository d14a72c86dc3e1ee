// The briefs domain in process on a real PostgreSQL, without gRPC or a
// network: one server per test binary (tests/harness/postgres.h), started
// on first use, with the briefs migrations applied; every test gets the
// domain objects on a fresh pool and makes its own users and briefs, so
// tests share the database without seeing each other.
#ifndef BRIEFDESK_SERVICES_BRIEFS_BRIEFS_FIXTURE_H_
#define BRIEFDESK_SERVICES_BRIEFS_BRIEFS_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "libs/outbox/outbox.h"
#include "libs/storage/pg_pool.h"
#include "services/briefs/api_keys.h"
#include "services/briefs/brief_reads.h"
#include "services/briefs/drafts.h"
#include "services/briefs/publications.h"
#include "services/briefs/review_events.h"
#include "services/briefs/revisions.h"
#include "services/briefs/store.h"
#include "services/briefs/users.h"
#include "services/briefs/workflow_actions.h"

namespace briefdesk::briefs {

class BriefsFixture : public ::testing::Test {
 protected:
  void SetUp() override;

  // A new user with these roles (of directory::v1::Role), as the gateway
  // would pass it on.
  rpc::Principal NewUser(const std::vector<directory::v1::Role>& roles,
                         const std::string& expertise = "");
  rpc::Principal Participant() { return NewUser({directory::v1::PARTICIPANT}); }
  rpc::Principal Editor() { return NewUser({directory::v1::EDITOR}); }
  rpc::Principal Expert() { return NewUser({directory::v1::EXPERT}); }
  rpc::Principal Admin() { return NewUser({directory::v1::ADMIN}); }
  // A draft by `author` whose brief check has no errors.
  v1::Brief NewBrief(const rpc::Principal& author,
                     const std::string& title = "Social protection for all");
  // An event of the review service, as its relay would deliver it.
  events::v1::Event ReviewEvent(events::v1::EventType type,
                                const std::string& brief_id);
  // The outbox rows written for the brief, oldest first: their events' types.
  std::vector<events::v1::EventType> OutboxTypes(const std::string& brief_id);
  // The connection string of the fixture's database.
  static std::string Url();

  std::unique_ptr<storage::PgPool> pool_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<Drafts> drafts_;
  std::unique_ptr<BriefReads> reads_;
  std::unique_ptr<Revisions> revisions_;
  std::unique_ptr<WorkflowActions> actions_;
  std::unique_ptr<Publications> publications_;
  std::unique_ptr<Users> users_;
  std::unique_ptr<ApiKeys> keys_;
  std::unique_ptr<ReviewEvents> review_events_;
  int wakes_ = 0;    // EventRouting::wake calls
  int awaited_ = 0;  // EventRouting::await calls
};

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_BRIEFS_FIXTURE_H_
