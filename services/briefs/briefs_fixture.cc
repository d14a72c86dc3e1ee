#include "services/briefs/briefs_fixture.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/outbox/outbox.h"
#include "libs/storage/migrations.h"
#include "tests/harness/postgres.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;

// The server and database of this binary, made once.
const std::string& MigratedDatabase() {
  static const std::string url = [] {
    static testing::Postgres server;
    server.Start();
    server.CreateDatabase("briefs");
    std::string u = server.url("briefs");
    pqxx::connection conn(u);
    absl::Status s =
        storage::Migrate(conn, outbox::Migrations(), outbox::kMigrationsTable);
    if (s.ok()) s = storage::Migrate(conn, storage::EmbeddedMigrations());
    if (!s.ok()) {
      ADD_FAILURE() << s;
      std::abort();
    }
    return u;
  }();
  return url;
}

}  // namespace

std::string BriefsFixture::Url() { return MigratedDatabase(); }

void BriefsFixture::SetUp() {
  ASSERT_TRUE(auth::Init());
  pool_ = std::make_unique<storage::PgPool>(Url(), 4, PrepareStatements);
  db_ = std::make_unique<briefs::Database>(pool_.get());
  EventRouting events{{"review", "notification"},
                      [this] { ++wakes_; },
                      [this](const outbox::Written&) {
                        ++awaited_;
                        return true;
                      }};
  CheckThresholds thresholds;
  drafts_ = std::make_unique<Drafts>(db_.get());
  reads_ = std::make_unique<BriefReads>(db_.get());
  revisions_ = std::make_unique<Revisions>(db_.get(), thresholds);
  actions_ = std::make_unique<WorkflowActions>(db_.get(), thresholds, events);
  publications_ = std::make_unique<Publications>(db_.get());
  users_ = std::make_unique<Users>(db_.get());
  keys_ = std::make_unique<ApiKeys>(db_.get());
  review_events_ = std::make_unique<ReviewEvents>(db_.get(), events);
}

rpc::Principal BriefsFixture::NewUser(const std::vector<dir::Role>& roles,
                                      const std::string& expertise) {
  dir::CreateUserRequest req;
  req.set_display_name("Someone");
  req.set_email(absl::StrCat(auth::NewId(), "@example.org"));
  for (dir::Role r : roles) req.add_roles(r);
  if (!expertise.empty()) req.add_expertise(expertise);
  rpc::Principal admin;
  admin.set_user_id("bootstrap-admin");
  admin.add_roles(dir::ADMIN);
  auto created = users_->Create(admin, "", req);
  EXPECT_TRUE(created.ok()) << created.status();
  rpc::Principal p;
  p.set_user_id(created->user().id());
  *p.mutable_roles() = created->user().roles();
  *p.mutable_expertise() = created->user().expertise();
  return p;
}

v1::Brief BriefsFixture::NewBrief(const rpc::Principal& author,
                                  const std::string& title) {
  v1::CreateBriefRequest req;
  req.set_title(title);
  req.set_topic("social-protection");
  v1::Sections* s = req.mutable_sections();
  s->set_summary("Extend coverage to informal workers.");
  s->set_problem("Most informal workers have no social protection.");
  s->set_evidence("Surveys in twelve countries show low coverage.");
  s->set_options("Subsidised contributions; tax-financed benefits.");
  s->set_recommendations("- Subsidise contributions for low earners.");
  s->set_references("ILO (2021). World Social Protection Report.");
  auto created = drafts_->Create(author, "", req);
  EXPECT_TRUE(created.ok()) << created.status();
  return created.ok() ? *created : v1::Brief();
}

events::v1::Event BriefsFixture::ReviewEvent(events::v1::EventType type,
                                             const std::string& brief_id) {
  return outbox::NewEvent(type, brief_id, rpc::kReviewService);
}

std::vector<events::v1::EventType> BriefsFixture::OutboxTypes(
    const std::string& brief_id) {
  pqxx::connection conn(Url());
  pqxx::work tx(conn);
  std::vector<events::v1::EventType> out;
  for (const auto& row :
       tx.exec_params("SELECT payload FROM outbox WHERE destination = 'review' "
                      "ORDER BY seq")) {
    pqxx::binarystring bytes(row[0]);
    events::v1::Event e;
    if (e.ParseFromString(bytes.str()) && e.brief_id() == brief_id) {
      out.push_back(outbox::TypeOf(e));
    }
  }
  return out;
}

}  // namespace briefdesk::briefs
