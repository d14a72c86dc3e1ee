// Domain layer: enrolment from a CSV file (Members::Import). Every row is
// checked before anything is applied; the directory makes or finds every
// account in one call, and the members are written in one transaction.
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/csv/csv.h"
#include "libs/validation/validation.h"
#include "services/courses/course_access.h"
#include "services/courses/members.h"
#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

namespace dir = directory::v1;

constexpr int kMaxRows = 1000;
const std::vector<std::string> kRequired = {"name", "email", "role"};
const std::vector<std::string> kOptional = {"organization", "constituency",
                                            "country", "expertise"};

// The CSV column of a request field the checks name.
std::string ColumnOf(const std::string& field) {
  static const std::map<std::string, std::string> columns = {
      {"displayName", "name"}, {"courseRole", "role"}};
  auto it = columns.find(field);
  return it == columns.end() ? field : it->second;
}

struct Row {
  v1::AddMemberRequest req;
  v1::ImportResult result;
};

void Fail(v1::ImportResult& r, const std::string& column,
          const std::string& message) {
  r.set_outcome(v1::ERROR);
  r.set_column(column);
  r.set_error(absl::StrCat(column, ": ", message));
}

// The request a row stands for, or the row's error in `row.result`.
Row ReadRow(const csv::Table& t, const std::vector<int>& col, size_t i,
            const std::string& course_id) {
  auto cell = [&](size_t c) -> std::string {
    return col[c] < 0 ? ""
                      : std::string(absl::StripAsciiWhitespace(
                            t.rows[i][static_cast<size_t>(col[c])]));
  };
  Row row;
  row.result.set_row(t.row_lines[i]);
  row.result.set_email(cell(1));
  v1::AddMemberRequest& req = row.req;
  req.set_course_id(course_id);
  req.set_display_name(cell(0));
  req.set_email(cell(1));
  req.set_organization(cell(3));
  req.set_country(cell(5));
  if (req.display_name().empty()) Fail(row.result, "name", "required");
  v1::CourseRole role;
  std::string role_name = absl::AsciiStrToUpper(cell(2));
  if (!v1::CourseRole_Parse(role_name, &role) ||
      role == v1::COURSE_ROLE_UNSPECIFIED) {
    if (row.result.error().empty()) {
      Fail(row.result, "role", "must be PARTICIPANT, EXPERT or ORGANIZER");
    }
  } else {
    req.set_course_role(role);
  }
  std::string constituency = absl::AsciiStrToUpper(cell(4));
  briefs::v1::Constituency c = briefs::v1::CONSTITUENCY_UNSPECIFIED;
  if (!constituency.empty() &&
      (!briefs::v1::Constituency_Parse(constituency, &c) ||
       c == briefs::v1::CONSTITUENCY_UNSPECIFIED) &&
      row.result.error().empty()) {
    Fail(row.result, "constituency",
         "must be GOVERNMENT, WORKERS or EMPLOYERS, or empty");
  }
  req.set_constituency(c);
  for (absl::string_view topic :
       absl::StrSplit(cell(6), ';', absl::SkipWhitespace())) {
    req.add_expertise(std::string(absl::StripAsciiWhitespace(topic)));
  }
  if (row.result.error().empty()) {
    if (absl::Status s = ValidateMember(req); !s.ok()) {
      common::v1::ErrorDetails d = rpc::DetailsOf(s);
      std::string field = d.details_size() > 0 ? d.details(0).field() : "";
      std::string message = d.details_size() > 0 ? d.details(0).description()
                                                 : std::string(s.message());
      Fail(row.result, ColumnOf(field), message);
    }
  }
  return row;
}

// Parses the file into rows; the whole file's error when it cannot be read.
absl::StatusOr<std::vector<Row>> ReadRows(const v1::ImportMembersRequest& req) {
  auto table =
      csv::Parse(req.csv(), {.max_bytes = 1 << 20, .max_rows = kMaxRows});
  if (!table.ok())
    return rpc::FieldError("csv", std::string(table.status().message()));
  auto columns = csv::Columns(*table, kRequired, kOptional);
  if (!columns.ok())
    return rpc::FieldError("csv", std::string(columns.status().message()));
  if (table->rows.empty()) {
    return rpc::FieldError("csv", "the file has a header and no rows");
  }
  std::vector<Row> rows;
  std::map<std::string, int> seen;  // canonical address: its row
  for (size_t i = 0; i < table->rows.size(); ++i) {
    Row row = ReadRow(*table, *columns, i, req.course_id());
    std::string key = validation::CanonicalEmail(row.req.email());
    if (row.result.outcome() != v1::ERROR) {
      auto [it, fresh] = seen.emplace(key, row.result.row());
      if (!fresh) {
        Fail(row.result, "email",
             absl::StrCat("the same address as row ", it->second,
                          ": a person is enrolled once"));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool SameDetails(const v1::Member& a, const v1::Member& b) {
  return a.course_role() == b.course_role() &&
         a.organization() == b.organization() &&
         a.constituency() == b.constituency() && a.country() == b.country();
}

// CREATED, UPDATED or UNCHANGED for a row the directory answered.
v1::ImportOutcome OutcomeOf(const dir::EnsuredUser& account,
                            const std::optional<v1::Member>& before,
                            const v1::Member& after) {
  if (account.created()) return v1::CREATED;
  if (account.updated() || !before || !SameDetails(*before, after)) {
    return v1::UPDATED;
  }
  return v1::UNCHANGED;
}

v1::ImportMembersResponse Summarize(std::vector<Row>& rows) {
  v1::ImportMembersResponse out;
  int errors = 0;
  for (Row& r : rows) {
    switch (r.result.outcome()) {
      case v1::CREATED:
        out.set_created(out.created() + 1);
        break;
      case v1::UPDATED:
        out.set_updated(out.updated() + 1);
        break;
      case v1::UNCHANGED:
        out.set_unchanged(out.unchanged() + 1);
        break;
      case v1::ERROR:
        ++errors;
        break;
      default:
        break;
    }
    *out.add_results() = std::move(r.result);
  }
  if (errors > 0) {
    auto* e = out.mutable_error();
    e->set_code("INVALID_ARGUMENT");
    e->set_message(absl::StrCat(errors, errors == 1 ? " row has" : " rows have",
                                " errors: nothing was enrolled"));
    for (const auto& r : out.results()) {
      if (r.outcome() != v1::ERROR) continue;
      auto* d = e->add_details();
      d->set_field(absl::StrCat("csv.row[", r.row(), "].", r.column()));
      d->set_description(r.error());
    }
  }
  return out;
}

}  // namespace

namespace {

// The index of the person a directory error names ("people[3].email"), and
// the field; -1 when it names none.
std::pair<int, std::string> PersonField(const absl::Status& s) {
  common::v1::ErrorDetails d = rpc::DetailsOf(s);
  if (d.details_size() == 0) return {-1, ""};
  const std::string& f = d.details(0).field();
  int index = -1;
  size_t dot = f.find("].");
  if (f.rfind("people[", 0) != 0 || dot == std::string::npos ||
      !absl::SimpleAtoi(f.substr(7, dot - 7), &index)) {
    return {-1, ""};
  }
  return {index, f.substr(dot + 2)};
}

// What the directory would do for the rows without errors; a row it
// refuses is marked and left out. `good` is updated to the rows left.
absl::StatusOr<dir::EnsureUsersResponse> DryRun(DirectoryClient* directory,
                                                std::vector<Row*>& good) {
  for (int attempt = 0; attempt < 20; ++attempt) {
    dir::EnsureUsersRequest ensure;
    ensure.set_validate_only(true);
    for (Row* r : good) *ensure.add_people() = PersonOf(r->req);
    if (good.empty()) return dir::EnsureUsersResponse();
    auto answer = directory->EnsureUsers(ensure);
    if (answer.ok() ||
        answer.status().code() != absl::StatusCode::kInvalidArgument) {
      return answer;
    }
    auto [index, field] = PersonField(answer.status());
    if (index < 0 || index >= static_cast<int>(good.size())) {
      return answer.status();
    }
    common::v1::ErrorDetails d = rpc::DetailsOf(answer.status());
    Fail(good[index]->result, ColumnOf(field), d.details(0).description());
    good.erase(good.begin() + index);
  }
  return absl::InvalidArgumentError("the directory refused several rows");
}

// The rows' outcomes against the course as it is; with `apply`, the
// members written. A file that would leave the course without an organizer
// marks the rows that demote one and writes nothing.
absl::Status EnrolRows(CoursesTx& tx, const std::string& course_id,
                       const std::vector<Row*>& good,
                       const dir::EnsureUsersResponse& accounts, bool apply) {
  if (auto c = tx.LoadCourse(course_id, true); !c.ok()) return c.status();
  int organizers = tx.CountOrganizers(course_id);
  std::vector<v1::Member> afters;
  std::vector<bool> demotes;
  for (size_t i = 0; i < good.size(); ++i) {
    const dir::EnsuredUser& account = accounts.users(static_cast<int>(i));
    std::optional<v1::Member> before;
    if (!account.user().id().empty()) {
      before = tx.LoadMember(course_id, account.user().id());
    }
    afters.push_back(MemberOf(good[i]->req, account));
    good[i]->result.set_outcome(OutcomeOf(account, before, afters.back()));
    good[i]->result.set_user_id(account.user().id());
    bool was = before && before->course_role() == v1::ORGANIZER;
    bool is = afters.back().course_role() == v1::ORGANIZER;
    organizers += (is ? 1 : 0) - (was ? 1 : 0);
    demotes.push_back(was && !is);
  }
  if (organizers <= 0) {
    for (size_t i = 0; i < good.size(); ++i) {
      if (demotes[i]) {
        Fail(good[i]->result, "role",
             "the course would have no organizer left: keep this person an "
             "organizer or enrol another one");
      }
    }
    return absl::OkStatus();
  }
  for (size_t i = 0; apply && i < good.size(); ++i) {
    if (good[i]->result.outcome() != v1::UNCHANGED) {
      tx.UpsertMember(course_id, afters[i]);
    }
  }
  return absl::OkStatus();
}

bool AnyError(const std::vector<Row>& rows) {
  for (const Row& r : rows) {
    if (r.result.outcome() == v1::ERROR) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<v1::ImportMembersResponse> Members::Import(
    const rpc::Principal& p, const v1::ImportMembersRequest& req) {
  auto invitation = InvitationFor(d_.pool, p, req.course_id());
  if (!invitation.ok()) return invitation.status();
  auto rows = ReadRows(req);
  if (!rows.ok()) return rows.status();
  std::vector<Row*> good;
  for (Row& r : *rows) {
    if (r.result.outcome() != v1::ERROR) good.push_back(&r);
  }
  auto accounts = DryRun(d_.directory, good);
  if (!accounts.ok()) return accounts.status();
  absl::Status s = Transact(d_.pool, [&](CoursesTx& tx) {
    return EnrolRows(tx, req.course_id(), good, *accounts, false);
  });
  if (!s.ok()) return s;
  if (req.validate_only() || AnyError(*rows)) return Summarize(*rows);
  bool accounts_change = false;
  for (const dir::EnsuredUser& u : accounts->users()) {
    accounts_change = accounts_change || u.created() || u.updated();
  }
  if (accounts_change) {  // else the dry run's accounts are as they stay
    dir::EnsureUsersRequest ensure;
    for (Row* r : good) *ensure.add_people() = PersonOf(r->req);
    *ensure.mutable_invitation() = *invitation;
    accounts = d_.directory->EnsureUsers(ensure);
  }
  if (!accounts.ok()) {
    auto [index, field] = PersonField(accounts.status());
    if (index < 0 || index >= static_cast<int>(good.size())) {
      return accounts.status();
    }
    Fail(good[index]->result, ColumnOf(field),
         rpc::DetailsOf(accounts.status()).details(0).description());
    return Summarize(*rows);
  }
  if (accounts->users_size() != static_cast<int>(good.size())) {
    return absl::InternalError("the directory answered another count");
  }
  s = Transact(d_.pool, [&](CoursesTx& tx) {
    return EnrolRows(tx, req.course_id(), good, *accounts, true);
  });
  if (!s.ok()) return s;
  return Summarize(*rows);
}

}  // namespace briefdesk::courses
