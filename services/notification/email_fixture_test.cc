// E-mail on a real PostgreSQL and a real SMTP server (aiosmtpd), in
// process: events queue e-mails once, preferences decide, digests are made
// once a day, the sender leases, sends, retries and records.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "libs/metrics/metrics.h"
#include "libs/outbox/outbox.h"
#include "libs/storage/migrations.h"
#include "libs/storage/pg_pool.h"
#include "services/notification/email_kinds.h"
#include "services/notification/email_queue.h"
#include "services/notification/email_sender.h"
#include "services/notification/event_effects.h"
#include "services/notification/preferences.h"
#include "tests/harness/postgres.h"
#include "tests/harness/smtp.h"

namespace briefdesk::notification {
namespace {

namespace ev = events::v1;
using briefdesk::testing::Postgres;
using briefdesk::testing::TestSmtp;

class EmailFixtureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pg_ = new Postgres();
    pg_->Start();
    pg_->CreateDatabase("notification");
    url_ = new std::string(pg_->url("notification"));
    pqxx::connection conn(*url_);
    ASSERT_TRUE(
        storage::Migrate(conn, outbox::Migrations(), outbox::kMigrationsTable)
            .ok());
    ASSERT_TRUE(storage::Migrate(conn, storage::EmbeddedMigrations()).ok());
    pool_ = new storage::PgPool(*url_, 4, PrepareNotificationStatements);
  }
  static void TearDownTestSuite() {
    delete pool_;
    delete url_;
    delete pg_;
  }
  void SetUp() override {
    Sql("TRUNCATE emails, email_attempts, digest_items, digests, "
        "email_preferences, notifications, processed_events, erased_users "
        "CASCADE");
    config_.email.on = true;
    config_.email.public_url = "http://bd.example";
    config_.email.unsubscribe_key = "test-key";
  }
  static int64_t Sql(const std::string& sql) {
    pqxx::connection conn(*url_);
    pqxx::work tx(conn);
    pqxx::result r = tx.exec(sql);
    tx.commit();
    return r.empty() || r[0].empty() ? 0 : r[0][0].as<int64_t>(0);
  }
  static ev::Event Returned(const std::string& id) {
    ev::Event e;
    e.set_id(id);
    e.set_type(ev::BRIEF_RETURNED);
    e.set_brief_id("b1");
    e.set_actor_id("ed1");
    e.mutable_brief_changed()->set_title("Skills for youth");
    e.mutable_brief_changed()->set_author_id("author");
    e.mutable_brief_changed()->add_co_author_ids("co");
    e.mutable_brief_changed()->set_note("Shorten the summary");
    return e;
  }
  void Apply(const ev::Event& e, clock::Time now = clock::Now()) {
    ASSERT_TRUE(ApplyEvents(pool_, config_, {&e}, {}, now).ok());
  }
  void Prefer(const std::string& user, const std::string& field_json) {
    v1::UpdatePreferencesRequest req;
    if (field_json == "reviews=NONE") req.mutable_email()->set_reviews("NONE");
    if (field_json == "reviews=DAILY_DIGEST") {
      req.mutable_email()->set_reviews("DAILY_DIGEST");
    }
    ASSERT_TRUE(UpdatePreferences(pool_, user, req).ok());
  }
  EmailSender Sender(const mail::SmtpSettings& smtp) {
    return EmailSender(
        pool_, config_.email, smtp,
        [](const std::string& id) -> absl::StatusOr<mail::Address> {
          return mail::Address{id + "@example.org", "Person " + id};
        },
        std::chrono::milliseconds(50), &metrics_);
  }

  static Postgres* pg_;
  static std::string* url_;
  static storage::PgPool* pool_;
  NotificationConfig config_;
  metrics::Registry metrics_;
};
Postgres* EmailFixtureTest::pg_ = nullptr;
std::string* EmailFixtureTest::url_ = nullptr;
storage::PgPool* EmailFixtureTest::pool_ = nullptr;

TEST_F(EmailFixtureTest, ABriefEventQueuesOneEmailPerAuthorEvenRedelivered) {
  Apply(Returned("e1"));
  Apply(Returned("e1"));  // the relay's retry
  EXPECT_EQ(Sql("SELECT count(*) FROM emails"), 2);
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE kind = 'reviews' AND "
                "subject = 'Brief returned for changes: Skills for youth'"),
            2);
  // Events that are not e-mailed, and e-mail switched off, queue nothing.
  ev::Event submitted = Returned("e2");
  submitted.set_type(ev::BRIEF_SUBMITTED);
  Apply(submitted);
  config_.email.on = false;
  Apply(Returned("e3"));
  EXPECT_EQ(Sql("SELECT count(*) FROM emails"), 2);
}

TEST_F(EmailFixtureTest, NoneSendsNothingWhileTheInboxStillHasIt) {
  Prefer("author", "reviews=NONE");
  Apply(Returned("e1"));
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE user_id = 'author'"), 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE user_id = 'co'"), 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM notifications WHERE user_id = "
                "'author' AND event_id = 'e1'"),
            1);
}

TEST_F(EmailFixtureTest, ADailyDigestIsMadeOnceAtTheDigestHour) {
  config_.email.digest_hour = 7;
  Prefer("author", "reviews=DAILY_DIGEST");
  absl::Time t0 = absl::FromCivil(absl::CivilSecond(2027, 3, 4, 9, 0, 0),
                                  absl::UTCTimeZone());
  Apply(Returned("e1"), absl::ToChronoTime(t0));
  Apply(Returned("e2"), absl::ToChronoTime(t0 + absl::Hours(2)));
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE user_id = 'author'"), 0);
  auto at = [&](absl::Duration d) { return absl::ToChronoTime(t0 + d); };
  EXPECT_EQ(*MakeDueDigests(pool_, config_.email, at(absl::Hours(10))), 0);
  // 07:00 the next day: one digest listing both.
  EXPECT_EQ(*MakeDueDigests(pool_, config_.email, at(absl::Hours(22))), 1);
  EXPECT_EQ(*MakeDueDigests(pool_, config_.email, at(absl::Hours(23))), 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE user_id = 'author' AND "
                "kind = 'digest' AND subject LIKE '%2 new items'"),
            1);
  // An item after the hour waits for the next day's digest.
  Apply(Returned("e3"), at(absl::Hours(23)));
  EXPECT_EQ(*MakeDueDigests(pool_, config_.email, at(absl::Hours(30))), 0);
  EXPECT_EQ(*MakeDueDigests(pool_, config_.email, at(absl::Hours(46))), 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM digests"), 2);
}

TEST_F(EmailFixtureTest, CourseNoticesReachInboxAndEmailInvitationsEmailOnly) {
  ev::Event n;
  n.set_id("c1");
  n.set_type(ev::MILESTONE_OVERDUE);
  n.set_actor_id("service:courses");
  auto* notice = n.mutable_course_notice();
  notice->set_course_title("Policy making 2027");
  notice->set_module(1);
  notice->set_time_zone("America/Lima");
  notice->mutable_due_time()->set_seconds(1804176000);
  auto* to = notice->add_to();
  to->set_user_id("p1");
  to->set_email("p1@example.org");
  Apply(n);
  EXPECT_EQ(
      Sql("SELECT count(*) FROM notifications WHERE user_id = 'p1' AND "
          "title = 'Module overdue' AND body LIKE '%11:00 (America/Lima)%'"),
      1);
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE user_id = 'p1' AND "
                "to_email = 'p1@example.org' AND kind = 'reminders'"),
            1);
  ev::Event inv;
  inv.set_id("i1");
  inv.set_type(ev::INVITATION_SENT);
  inv.mutable_invitation()->mutable_to()->set_email("new@example.org");
  inv.mutable_invitation()->set_token("tok");
  inv.mutable_invitation()->set_course_title("Policy making 2027");
  Apply(inv);
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE recipient = "
                "'new@example.org' AND kind = 'invitation'"),
            1);
  EXPECT_EQ(Sql("SELECT count(*) FROM notifications WHERE event_id = 'i1'"), 0);
}

// An organizer's reminder of a session names the participant. Erasing
// them (docs/data-rights.md) replaces the name in such notices only,
// deletes what was theirs, and a notice written before the courses
// service applied the erasure, arriving after it, names them as erased.
TEST_F(EmailFixtureTest, AnErasureLeavesNoNameInNoticesEvenOnesInFlight) {
  auto session_due = [](const std::string& id) {
    ev::Event n;
    n.set_id(id);
    n.set_type(ev::COURSE_FOLLOWUP_DUE);
    n.set_actor_id("service:courses");
    auto* notice = n.mutable_course_notice();
    notice->set_course_title("Policy making 2027");
    notice->set_followup(1);
    notice->set_due_date("2027-05-03");
    notice->set_time_zone("UTC");
    notice->add_to()->set_user_id("org");
    notice->mutable_to(0)->set_email("org@example.org");
    auto* to_them = notice->add_to();
    to_them->set_user_id("p1");
    to_them->set_email("may@example.org");
    notice->mutable_participant()->set_user_id("p1");
    notice->mutable_participant()->set_display_name("May \"Lee\"");
    return n;
  };
  auto count = [](const std::string& where) {
    return Sql("SELECT count(*) FROM notifications WHERE " + where);
  };
  Apply(session_due("f1"));
  ev::Event other = Returned("r1");  // not a notice about a participant
  other.mutable_brief_changed()->set_title("Skills for May \"Lee\"");
  other.mutable_brief_changed()->set_author_id("org");
  Apply(other);
  ASSERT_EQ(count("user_id = 'org' AND title || body LIKE '%May \"Lee\"%'"), 2);
  ASSERT_EQ(Sql("SELECT count(*) FROM emails WHERE data LIKE "
                "'%May \\\\\"Lee\\\\\"%' AND event_id = 'f1' "
                "AND user_id = 'org'"),
            1)
      << "the name as JSON holds it";

  ev::Event erased;
  erased.set_id("x1");
  erased.set_type(ev::USER_ERASED);
  erased.mutable_user_erased()->set_user_id("p1");
  erased.mutable_user_erased()->set_display_name("May \"Lee\"");
  erased.mutable_user_erased()->set_email("may@example.org");
  erased.mutable_user_erased()->set_erased_name("Erased person");
  Apply(erased);
  EXPECT_EQ(count("user_id = 'p1'"), 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE user_id = 'p1' OR "
                "to_email = 'may@example.org'"),
            0);
  EXPECT_EQ(count("event_id = 'f1' AND body LIKE '%with Erased person%'"), 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE event_id = 'f1' AND "
                "(data || subject) LIKE '%Lee%'"),
            0);
  EXPECT_EQ(count("event_id = 'r1' AND user_id = 'org' AND title || body LIKE "
                  "'%May \"Lee\"%'"),
            1)
      << "other texts are left as their writers made them";

  Apply(session_due("f2"));  // made before courses applied the erasure
  EXPECT_EQ(count("event_id = 'f2' AND user_id = 'org' AND body LIKE "
                  "'%with Erased person%'"),
            1);
  EXPECT_EQ(count("title || body LIKE '%Lee%' AND event_id <> 'r1'"), 0);
  EXPECT_EQ(count("user_id = 'p1'"), 0) << "nothing new for them";
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE user_id = 'p1'"), 0);
}

TEST_F(EmailFixtureTest, TheSenderSendsEachOnceWithItsMessageIdAndUnsubscribe) {
  TestSmtp smtp;
  mail::SmtpSettings settings{.url = smtp.url()};
  for (int i = 0; i < 6; ++i) Apply(Returned("e" + std::to_string(i)));
  // Two senders at once, as two replicas: each e-mail goes once.
  EmailSender a = Sender(settings), b = Sender(settings);
  auto drain = [](EmailSender* s) {
    while (*s->SendOne()) {
    }
  };
  std::thread ta(drain, &a), tb(drain, &b);
  ta.join();
  tb.join();
  auto got = smtp.WaitForMessages(12, std::chrono::seconds(10));
  ASSERT_EQ(got.size(), 12u);
  std::set<std::string> ids;
  for (const auto& raw : got) {
    auto m = testing::ParseMail(raw);
    ids.insert(m.Header("Message-ID"));
    EXPECT_NE(m.Header("List-Unsubscribe").find("token="), std::string::npos);
    EXPECT_EQ(m.Header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
  }
  EXPECT_EQ(ids.size(), 12u);
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE state = 'SENT' AND "
                "sent_time IS NOT NULL AND to_email LIKE '%@example.org'"),
            12);
  // The link's token turns the kind off for its person only.
  auto done = Unsubscribe(pool_, config_.email,
                          UnsubscribeToken("test-key", "author", "reviews"));
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(GetPreferences(pool_, "author")->email().reviews(),
            v1::EmailPreferences::NONE);
  EXPECT_EQ(GetPreferences(pool_, "co")->email().reviews(),
            v1::EmailPreferences::IMMEDIATE);
  EXPECT_FALSE(Unsubscribe(pool_, config_.email, "forged.reviews.x").ok());
}

TEST_F(EmailFixtureTest, AnUnreachableServerIsTriedAgainLater) {
  Apply(Returned("e1"));
  mail::SmtpSettings closed{.url = "smtp://127.0.0.1:1",
                            .timeout = std::chrono::milliseconds(2000)};
  EmailSender s = Sender(closed);
  EXPECT_TRUE(*s.SendOne());
  EXPECT_TRUE(*s.SendOne());
  EXPECT_FALSE(*s.SendOne());  // both wait 30 s now
  EXPECT_EQ(Sql("SELECT count(*) FROM emails WHERE state = 'PENDING' AND "
                "attempts = 1 AND last_error <> '' AND next_attempt_time > "
                "create_time + interval '25 seconds'"),
            2);
  EXPECT_EQ(Sql("SELECT count(*) FROM email_attempts WHERE outcome = 'RETRY'"),
            2);
}

}  // namespace
}  // namespace briefdesk::notification
