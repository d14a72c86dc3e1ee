// Published briefs as readers see them: public, no key needed.
#include <google/protobuf/util/time_util.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/briefs/briefs_service.h"

namespace briefdesk::briefs {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kPublishedColumns[] =
    "SELECT b.id, b.slug, b.cohort, b.author_id, "
    "array_to_string(b.co_author_ids, ','), "
    "(extract(epoch FROM b.publish_time) * 1000000)::bigint, "
    "b.published_revision, b.state, coalesce(b.retract_reason, ''), "
    "(extract(epoch FROM b.retract_time) * 1000000)::bigint, "
    "r.title, r.policy_question, r.topic, r.country, r.constituency, "
    "r.summary, r.problem, r.evidence, r.options, r.recommendations, "
    "r.\"references\", "
    // Every author's display name in one go, author first, as an array:
    // no query per author per brief, and no separator a name could hold.
    "ARRAY(SELECT u.display_name FROM users u "
    "WHERE u.id = b.author_id OR u.id = ANY (b.co_author_ids) "
    "ORDER BY array_position(ARRAY[b.author_id] || b.co_author_ids, u.id)) "
    "FROM briefs b JOIN revisions r ON r.brief_id = b.id "
    "AND r.number = b.published_revision ";

v1::PublishedBrief ReadPublished(const pqxx::row& row) {
  v1::PublishedBrief p;
  p.set_brief_id(row[0].as<std::string>());
  p.set_slug(row[1].as<std::string>());
  p.set_cohort(row[2].as<std::string>());
  pqxx::array_parser names = row[21].as_array();
  for (;;) {
    auto [kind, name] = names.get_next();
    if (kind == pqxx::array_parser::done) break;
    if (kind == pqxx::array_parser::string_value)
      p.add_authors(std::move(name));
  }
  *p.mutable_publish_time() =
      TimeUtil::MicrosecondsToTimestamp(row[5].as<int64_t>());
  p.set_revision(row[6].as<int>());
  p.set_retracted(row[7].as<std::string>() == "RETRACTED");
  p.set_retraction_reason(row[8].as<std::string>());
  if (!row[9].is_null()) {
    *p.mutable_retract_time() =
        TimeUtil::MicrosecondsToTimestamp(row[9].as<int64_t>());
  }
  p.set_title(row[10].as<std::string>());
  p.set_policy_question(row[11].as<std::string>());
  p.set_topic(row[12].as<std::string>());
  p.set_country(row[13].as<std::string>());
  v1::Constituency c = v1::CONSTITUENCY_UNSPECIFIED;
  v1::Constituency_Parse(row[14].as<std::string>(), &c);
  p.set_constituency(c);
  v1::Sections* s = p.mutable_sections();
  s->set_summary(row[15].as<std::string>());
  s->set_problem(row[16].as<std::string>());
  s->set_evidence(row[17].as<std::string>());
  s->set_options(row[18].as<std::string>());
  s->set_recommendations(row[19].as<std::string>());
  s->set_references(row[20].as<std::string>());
  return p;
}

}  // namespace

grpc::Status BriefsService::ListPublished(grpc::ServerContext*,
                                          const v1::ListPublishedRequest* req,
                                          v1::ListPublishedResponse* resp) {
  auto size = rpc::PageSize(req->page_size());
  if (!size.ok()) return rpc::ToGrpcStatus(size.status());
  int64_t offset = 0;
  if (!req->page_token().empty()) {
    auto raw = rpc::DecodePageToken(req->page_token());
    if (!raw.ok() || !absl::SimpleAtoi(*raw, &offset) || offset < 0) {
      return rpc::ToGrpcStatus(
          rpc::FieldError("pageToken", "is not from this list"));
    }
  }
  return rpc::Reply(
      pool_->Run<v1::ListPublishedResponse>(
          [&](pqxx::work& tx) -> absl::StatusOr<v1::ListPublishedResponse> {
            pqxx::result rows = tx.exec_params(
                absl::StrCat(
                    kPublishedColumns,
                    "WHERE b.slug IS NOT NULL AND ($1 = '' OR r.topic = $1) "
                    "AND ($2 = '' OR b.cohort = $2) "
                    "ORDER BY b.publish_time DESC, b.id DESC "
                    "OFFSET $3 LIMIT $4"),
                req->topic(), req->cohort(), offset, *size + 1);
            v1::ListPublishedResponse out;
            for (int i = 0; i < int(rows.size()) && i < *size; ++i) {
              *out.add_briefs() = ReadPublished(rows[i]);
            }
            if (int(rows.size()) > *size) {
              out.set_next_page_token(
                  rpc::EncodePageToken(absl::StrCat(offset + *size)));
            }
            return out;
          }),
      resp);
}

grpc::Status BriefsService::GetPublished(grpc::ServerContext*,
                                         const v1::GetPublishedRequest* req,
                                         v1::PublishedBrief* resp) {
  return rpc::Reply(
      pool_->Run<v1::PublishedBrief>([&](pqxx::work& tx)
                                         -> absl::StatusOr<v1::PublishedBrief> {
        pqxx::result rows = tx.exec_params(
            absl::StrCat(kPublishedColumns, "WHERE b.slug = $1"), req->slug());
        if (rows.empty()) {
          return absl::NotFoundError("no published brief at " + req->slug());
        }
        return ReadPublished(rows[0]);
      }),
      resp);
}

}  // namespace briefdesk::briefs
