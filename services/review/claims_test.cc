// The review domain and store on a real PostgreSQL and Redis, in process
// (no gRPC between processes, no gateway; the briefs service is a fake):
// claims, the cap, leases and their expiry, stale tokens, and Redis
// reconciled from the database.
#include "services/review/claims.h"

#include <gtest/gtest.h>

#include <atomic>
#include <pqxx/pqxx>
#include <thread>

#include "libs/outbox/outbox.h"
#include "libs/storage/migrations.h"
#include "libs/storage/pg_pool.h"
#include "services/review/leases.h"
#include "services/review/reviews.h"
#include "services/review/rounds.h"
#include "services/review/sweeper.h"
#include "tests/harness/postgres.h"
#include "tests/harness/redis.h"

namespace briefdesk::review {
namespace {

using briefdesk::testing::Postgres;
using briefdesk::testing::TestRedis;
using directory::v1::EXPERT;

class FakeBriefs final : public BriefsClient {
 public:
  absl::StatusOr<briefs::v1::ReviewMaterial> Material(
      const std::string& brief_id, int revision, int since,
      const std::string&) override {
    ++calls;
    if (down) return absl::UnavailableError("briefs is down");
    briefs::v1::ReviewMaterial m;
    m.mutable_brief()->set_id(brief_id);
    m.mutable_brief()->set_revision(revision);
    m.mutable_brief()->set_state(briefs::v1::SUBMITTED);
    m.mutable_brief()->mutable_sections()->set_problem("Workers lack income.");
    if (since > 0) m.mutable_diff()->set_from(since);
    return m;
  }
  absl::StatusOr<briefs::v1::Sections> Sections(const std::string& id,
                                                int revision) override {
    auto m = Material(id, revision, 0, "");
    if (!m.ok()) return m.status();
    return m->brief().sections();
  }
  absl::StatusOr<briefs::v1::Brief> GetBrief(const directory::v1::Principal&,
                                             const std::string& id) override {
    briefs::v1::Brief b;
    b.set_id(id);
    return b;
  }
  std::atomic<bool> down{false};
  std::atomic<int> calls{0};
};

class ClaimsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pg_ = new Postgres();
    pg_->Start();
    pg_->CreateDatabase("review");
    redis_ = new TestRedis();
    url_ = new std::string(pg_->url("review"));
    pqxx::connection conn(*url_);
    ASSERT_TRUE(
        storage::Migrate(conn, outbox::Migrations(), outbox::kMigrationsTable)
            .ok());
    ASSERT_TRUE(storage::Migrate(conn, storage::EmbeddedMigrations()).ok());
  }
  static void TearDownTestSuite() {
    delete url_;
    delete redis_;
    delete pg_;
  }
  void SetUp() override {
    redis_->Cli("FLUSHALL");
    Sql("TRUNCATE rounds, tasks, task_holders, reviews, comments, outbox, "
        "processed_events");
    deps_.config.max_open_claims = 2;
  }

  static int64_t Sql(const std::string& sql) {
    pqxx::connection conn(*url_);
    pqxx::work tx(conn);
    pqxx::result r = tx.exec(sql);
    tx.commit();
    return r.empty() || r[0].empty() ? 0 : r[0][0].as<int64_t>(0);
  }
  // brief.submitted for a brief by `author` of `topic`: a round of tasks.
  void Submit(const std::string& brief, const std::string& topic,
              const std::string& author = "author") {
    events::v1::Event e =
        outbox::NewEvent(events::v1::BRIEF_SUBMITTED, brief, author);
    e.mutable_brief_changed()->set_topic(topic);
    e.mutable_brief_changed()->set_revision(1);
    e.mutable_brief_changed()->set_author_id(author);
    ASSERT_TRUE(ApplyBriefEvents(deps_, {&e}).ok());
  }
  static directory::v1::Principal Expert(const std::string& id,
                                         std::vector<std::string> topics = {}) {
    directory::v1::Principal p;
    p.set_user_id(id);
    p.add_roles(EXPERT);
    for (const auto& t : topics) p.add_expertise(t);
    return p;
  }
  absl::StatusOr<v1::ClaimResponse> Claim(const directory::v1::Principal& p) {
    std::optional<bool> applied;
    return Claims(deps_).Claim(p, &applied);
  }
  absl::StatusOr<v1::Review> Complete(const directory::v1::Principal& p,
                                      const v1::Task& t,
                                      const std::string& token) {
    v1::CompleteRequest req;
    req.set_task_id(t.id());
    req.set_claim_token(token);
    req.set_decision(v1::APPROVE);
    req.set_summary("Good.");
    for (auto* s : {req.mutable_scores()}) {
      s->set_evidence(4), s->set_clarity(4), s->set_actionability(4),
          s->set_relevance(4);
    }
    std::optional<bool> applied;
    return Reviews(deps_).Complete(p, req, &applied);
  }

  static Postgres* pg_;
  static TestRedis* redis_;
  static std::string* url_;
  storage::PgPool pool_{*url_, 8, PrepareReviewStatements};
  queue::ReviewQueue queue_{"127.0.0.1", redis_->port()};
  FakeBriefs briefs_;
  ReviewDeps deps_{
      &pool_, &queue_, &briefs_, ReviewConfig(), {"briefs", "notification"}};
};
Postgres* ClaimsTest::pg_ = nullptr;
TestRedis* ClaimsTest::redis_ = nullptr;
std::string* ClaimsTest::url_ = nullptr;

TEST_F(ClaimsTest, TheOldestEligibleTaskIsClaimedAndTheReviewStarts) {
  Submit("b1", "t");
  Submit("b2", "t");
  auto c = Claim(Expert("e", {"t"}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->task().brief_id(), "b1");
  EXPECT_EQ(c->task().state(), v1::CLAIMED);
  EXPECT_FALSE(c->task().claim_token().empty());
  EXPECT_EQ(c->brief().state(), briefs::v1::IN_REVIEW);
  EXPECT_EQ(Sql("SELECT count(*) FROM tasks WHERE state = 'CLAIMED' AND "
                "claimed_by = 'e'"),
            1);
  EXPECT_EQ(Sql("SELECT count(*) FROM rounds WHERE brief_id = 'b1' AND "
                "in_review"),
            1);
  // review.claimed to briefs only: nobody is told of a claim
  // (outbox/subscriptions.h).
  EXPECT_EQ(Sql("SELECT count(*) FROM outbox"), 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM outbox WHERE destination = 'briefs'"), 1);
  ASSERT_TRUE(
      Complete(Expert("e", {"t"}), c->task(), c->task().claim_token()).ok());
  EXPECT_EQ(Sql("SELECT count(*) FROM outbox WHERE destination = 'briefs'"),
            2);  // claimed, round_completed; not review.completed
  EXPECT_EQ(*queue_.Depth(), 1);
}

TEST_F(ClaimsTest, AtTheCapNothingIsClaimedAndTheTaskStaysQueued) {
  for (int i = 0; i < 3; ++i) Submit("b" + std::to_string(i), "t");
  ASSERT_TRUE(Claim(Expert("e")).ok());
  ASSERT_TRUE(Claim(Expert("e")).ok());
  auto third = Claim(Expert("e"));
  EXPECT_EQ(third.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(third.status().message().find("2 open claims"), std::string::npos);
  EXPECT_EQ(*queue_.Depth(), 1);
  auto other = Claim(Expert("f"));
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->task().brief_id(), "b2");
}

TEST_F(ClaimsTest, ConcurrentClaimsOfOneExpertKeepTheCap) {
  for (int i = 0; i < 20; ++i) Submit("b" + std::to_string(i), "t");
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto c = Claim(Expert("e"));
      if (c.ok() && c->has_task()) ++granted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(granted, 2);
  EXPECT_EQ(Sql("SELECT count(*) FROM tasks WHERE state = 'CLAIMED'"), 2);
  EXPECT_EQ(*queue_.Depth(), 18);  // every refused one went back
}

TEST_F(ClaimsTest, WithoutTheMaterialNothingIsRecorded) {
  Submit("b1", "t");
  briefs_.down = true;
  auto c = Claim(Expert("e"));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Sql("SELECT count(*) FROM tasks WHERE state = 'QUEUED'"), 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM task_holders"), 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM outbox"), 0);
  briefs_.down = false;
  auto again = Claim(Expert("e"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->task().brief_id(), "b1");
}

TEST_F(ClaimsTest, AnExpiredLeaseGoesBackAndItsTokenIsStale) {
  Submit("b1", "t");
  auto first = Claim(Expert("e"));
  ASSERT_TRUE(first.ok());
  Sql("UPDATE tasks SET lease_expire_time = now() - interval '1 second'");
  auto expired = Leases(deps_).ExpireDue();
  ASSERT_TRUE(expired.ok());
  EXPECT_EQ(*expired, 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM rounds WHERE in_review"), 0);
  auto late = Complete(Expert("e"), first->task(), first->task().claim_token());
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  auto second = Claim(Expert("f"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->task().id(), first->task().id());
  auto stale =
      Complete(Expert("f"), second->task(), first->task().claim_token());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Complete(Expert("g"), second->task(), second->task().claim_token())
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      Complete(Expert("f"), second->task(), second->task().claim_token()).ok());
}

TEST_F(ClaimsTest, ATaskRedisHasButTheDatabaseDoesNotQueueIsDropped) {
  Submit("b1", "t");
  Submit("b2", "t");
  Sql("UPDATE tasks SET state = 'CANCELLED' WHERE brief_id = 'b1'");
  auto c = Claim(Expert("e"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->task().brief_id(), "b2");
  EXPECT_EQ(*queue_.Depth(), 0);
}

TEST_F(ClaimsTest, ReconcileRebuildsTheQueueOfAnOlderLayout) {
  Submit("b1", "t", "alice");
  Submit("b2", "u");
  // Redis as a version with bd:queue only left it: no topic sets.
  redis_->Cli("DEL bd:queue:topic:t bd:queue:topic:u");
  EXPECT_FALSE(Claim(Expert("e", {"t"}))->has_task());
  ASSERT_TRUE(Sweeper(deps_).Reconcile().ok());
  auto c = Claim(Expert("e", {"t"}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->task().brief_id(), "b1");
  // Lost entirely: rebuilt from the database, co-authors still excluded.
  redis_->Cli("FLUSHALL");
  ASSERT_TRUE(Sweeper(deps_).Reconcile().ok());
  EXPECT_EQ(*queue_.Depth(), 1);
  EXPECT_FALSE(Claim(Expert("author", {"u"}))->has_task());
  EXPECT_EQ(Claim(Expert("f", {"u"}))->task().brief_id(), "b2");
}

}  // namespace
}  // namespace briefdesk::review
