// Store layer: the members table.
#include <google/protobuf/util/time_util.h>

#include <pqxx/pqxx>

#include "services/courses/store.h"

namespace briefdesk::courses {
namespace {

constexpr char kMemberColumns[] =
    "user_id, course_role, display_name, email, organization, constituency, "
    "country, invitation_state, "
    "(extract(epoch FROM join_time) * 1000000)::bigint, course_id, "
    "mentor_id";

v1::Member MemberOf(const pqxx::row& r) {
  v1::Member m;
  m.set_user_id(r[0].as<std::string>());
  v1::CourseRole role;
  if (v1::CourseRole_Parse(r[1].as<std::string>(), &role)) {
    m.set_course_role(role);
  }
  m.set_display_name(r[2].as<std::string>());
  m.set_email(r[3].as<std::string>());
  m.set_organization(r[4].as<std::string>());
  briefs::v1::Constituency c;
  if (briefs::v1::Constituency_Parse(r[5].as<std::string>(), &c)) {
    m.set_constituency(c);
  }
  m.set_country(r[6].as<std::string>());
  v1::InvitationState state;
  if (v1::InvitationState_Parse(r[7].as<std::string>(), &state)) {
    m.set_invitation_state(state);
  }
  *m.mutable_join_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          r[8].as<int64_t>());
  m.set_course_id(r[9].as<std::string>());
  m.set_mentor_id(r[10].as<std::string>());
  return m;
}

std::string ConstituencyName(const v1::Member& m) {
  return m.constituency() == briefs::v1::CONSTITUENCY_UNSPECIFIED
             ? ""
             : briefs::v1::Constituency_Name(m.constituency());
}

}  // namespace

void PrepareMemberStatements(pqxx::connection_base& c) {
  c.prepare("load_member",
            std::string("SELECT ") + kMemberColumns +
                " FROM members WHERE course_id = $1 AND user_id = $2 AND "
                "remove_time IS NULL");
  // A member enrolled again keeps their join time; one who was removed
  // joins anew.
  c.prepare("upsert_member",
            "INSERT INTO members (course_id, user_id, course_role, "
            "display_name, email, organization, constituency, country, "
            "invitation_state) SELECT $1::text, $2::text, $3::text, $4::text, "
            "$5::text, $6::text, $7::text, $8::text, $9::text "
            // An erased person's row is not given their name back.
            "WHERE NOT EXISTS (SELECT 1 FROM erased_users WHERE user_id = "
            "$2::text) "
            "ON CONFLICT (course_id, user_id) DO UPDATE SET course_role = $3, "
            "display_name = $4, email = $5, organization = $6, "
            "constituency = $7, country = $8, invitation_state = $9, "
            "join_time = CASE WHEN members.remove_time IS NULL THEN "
            "members.join_time ELSE now() END, remove_time = NULL");
  c.prepare("remove_member",
            "UPDATE members SET remove_time = now() WHERE course_id = $1 AND "
            "user_id = $2 AND remove_time IS NULL");
  c.prepare("list_members",
            std::string("SELECT ") + kMemberColumns +
                " FROM members WHERE course_id = $1 AND user_id > $2 AND "
                "remove_time IS NULL ORDER BY user_id LIMIT $3");
  // Every membership of a person, removed ones too (an export).
  c.prepare("memberships_of",
            std::string("SELECT ") + kMemberColumns +
                " FROM members WHERE user_id = $1 ORDER BY join_time");
  // An erasure (docs/data-rights.md): the person's name replaced, their
  // address and organization gone; role, constituency and country stay
  // for the course's figures.
  c.prepare("mark_erased",
            "INSERT INTO erased_users (user_id) VALUES ($1) ON CONFLICT DO "
            "NOTHING");
  c.prepare("is_erased", "SELECT 1 FROM erased_users WHERE user_id = $1");
  c.prepare("erase_member",
            "UPDATE members SET display_name = $2, email = '', "
            "organization = '' WHERE user_id = $1");
  // An erased expert mentors no one any more.
  c.prepare("erase_mentor",
            "UPDATE members SET mentor_id = '' WHERE mentor_id = $1");
  c.prepare("mark_accepted",
            "UPDATE members SET invitation_state = 'ACCEPTED' WHERE "
            "course_id = $1 AND user_id = $2");
  c.prepare("set_mentor",
            "UPDATE members SET mentor_id = $3 WHERE course_id = $1 AND "
            "user_id = $2 AND remove_time IS NULL");
  c.prepare("course_experts",
            "SELECT user_id FROM members WHERE course_id = $1 AND "
            "course_role = 'EXPERT' AND remove_time IS NULL AND user_id NOT "
            "IN (SELECT user_id FROM erased_users) ORDER BY user_id");
  c.prepare("count_organizers",
            "SELECT count(*) FROM members WHERE course_id = $1 AND "
            "course_role = 'ORGANIZER' AND remove_time IS NULL");
}

std::optional<v1::Member> CoursesTx::LoadMember(const std::string& course_id,
                                                const std::string& user_id) {
  pqxx::result r = tx_.exec_prepared("load_member", course_id, user_id);
  if (r.empty()) return std::nullopt;
  return MemberOf(r[0]);
}

void CoursesTx::UpsertMember(const std::string& course_id,
                             const v1::Member& m) {
  tx_.exec_prepared("upsert_member", course_id, m.user_id(),
                    v1::CourseRole_Name(m.course_role()), m.display_name(),
                    m.email(), m.organization(), ConstituencyName(m),
                    m.country(),
                    v1::InvitationState_Name(m.invitation_state()));
}

bool CoursesTx::RemoveMember(const std::string& course_id,
                             const std::string& user_id) {
  return tx_.exec_prepared("remove_member", course_id, user_id)
             .affected_rows() > 0;
}

std::vector<v1::Member> CoursesTx::ListMembers(const std::string& course_id,
                                               const std::string& after,
                                               int limit) {
  std::vector<v1::Member> out;
  for (const auto& r :
       tx_.exec_prepared("list_members", course_id, after, limit)) {
    out.push_back(MemberOf(r));
  }
  return out;
}

void CoursesTx::MarkAccepted(const std::string& course_id,
                             const std::string& user_id) {
  tx_.exec_prepared("mark_accepted", course_id, user_id);
}

void CoursesTx::SetMentor(const std::string& course_id,
                          const std::string& user_id,
                          const std::string& mentor_id) {
  tx_.exec_prepared("set_mentor", course_id, user_id, mentor_id);
}

std::vector<std::string> CoursesTx::CourseExperts(
    const std::string& course_id) {
  std::vector<std::string> out;
  for (const auto& r : tx_.exec_prepared("course_experts", course_id)) {
    out.push_back(r[0].as<std::string>());
  }
  return out;
}

int CoursesTx::CountOrganizers(const std::string& course_id) {
  return tx_.exec_prepared("count_organizers", course_id)[0][0].as<int>();
}

bool CoursesTx::IsErased(const std::string& user_id) {
  return !tx_.exec_prepared("is_erased", user_id).empty();
}

std::vector<v1::Member> CoursesTx::MembershipsOf(const std::string& user_id) {
  std::vector<v1::Member> out;
  for (const auto& r : tx_.exec_prepared("memberships_of", user_id)) {
    out.push_back(MemberOf(r));
  }
  return out;
}

void CoursesTx::EraseMember(const std::string& user_id,
                            const std::string& name) {
  tx_.exec_prepared("mark_erased", user_id);
  tx_.exec_prepared("erase_member", user_id, name);
  tx_.exec_prepared("erase_mentor", user_id);
}

}  // namespace briefdesk::courses
