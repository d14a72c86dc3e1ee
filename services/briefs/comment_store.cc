#include "services/briefs/comment_store.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/briefs/store_internal.h"

namespace briefdesk::briefs {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kThreadColumns[] =
    "SELECT id, brief_id, source, source_id, revision, round, expert_id, "
    "expert_named, section, quote, body, resolved, resolution_note, "
    "(extract(epoch FROM resolve_time) * 1000000)::bigint, "
    "(extract(epoch FROM create_time) * 1000000)::bigint FROM comments ";

ThreadRow ReadThread(const pqxx::row& row) {
  ThreadRow out;
  v1::CommentThread& t = out.thread;
  t.set_id(row[0].as<std::string>());
  t.set_brief_id(row[1].as<std::string>());
  v1::CommentThread::Source source = v1::CommentThread::SOURCE_UNSPECIFIED;
  v1::CommentThread::Source_Parse(row[2].as<std::string>(), &source);
  t.set_source(source);
  t.set_source_id(row[3].as<std::string>());
  t.set_revision(row[4].as<int>());
  t.set_round(row[5].as<int>());
  t.set_expert_id(row[6].as<std::string>());
  out.expert_named = row[7].as<bool>();
  t.set_section(row[8].as<std::string>());
  t.set_quote(row[9].as<std::string>());
  t.set_body(row[10].as<std::string>());
  t.set_resolved(row[11].as<bool>());
  t.set_resolution_note(row[12].as<std::string>());
  if (!row[13].is_null()) *t.mutable_resolve_time() = store::Micros(row[13]);
  *t.mutable_create_time() = store::Micros(row[14]);
  return out;
}

void ReadReplies(Tx& tx, v1::CommentThread* t) {
  for (const auto& row :
       store::Reading(tx).exec_prepared("comment_replies", t->id())) {
    v1::CommentReply* r = t->add_replies();
    r->set_id(row[0].as<std::string>());
    r->set_author_id(row[1].as<std::string>());
    r->set_from_expert(row[2].as<bool>());
    r->set_body(row[3].as<std::string>());
    *r->mutable_create_time() = store::Micros(row[4]);
  }
}

}  // namespace

namespace store {

void PrepareCommentStatements(pqxx::connection_base& c) {
  c.prepare("insert_comment",
            "INSERT INTO comments (id, brief_id, source, source_id, revision, "
            "round, expert_id, expert_named, section, quote, body, "
            "create_time) SELECT $1, id, $3, $4, $5, $6, $7, $8, $9, $10, "
            "$11, to_timestamp($12::float8 / 1e6) FROM briefs WHERE id = $2 "
            "ON CONFLICT (id) DO NOTHING");
  c.prepare("load_thread",
            absl::StrCat(kThreadColumns, "WHERE brief_id = $1 AND id = $2"));
  c.prepare("lock_thread",
            absl::StrCat(kThreadColumns,
                         "WHERE brief_id = $1 AND id = $2 FOR UPDATE"));
  c.prepare("threads_of_brief",
            absl::StrCat(kThreadColumns,
                         "WHERE brief_id = $1 AND ($2 = '' OR expert_id = $2) "
                         "AND (create_time, id) > (to_timestamp($3::float8 / "
                         "1e6), $4) ORDER BY create_time, id LIMIT $5"));
  c.prepare("comment_replies",
            "SELECT id, author_id, from_expert, body, "
            "(extract(epoch FROM create_time) * 1000000)::bigint FROM "
            "comment_replies WHERE comment_id = $1 ORDER BY create_time, id");
  c.prepare("insert_reply",
            "INSERT INTO comment_replies (id, comment_id, author_id, "
            "from_expert, body) VALUES ($1, $2, $3, $4, $5)");
  c.prepare("resolve_comment",
            "UPDATE comments SET resolved = true, resolved_by = $2, "
            "resolution_note = $3, resolve_time = now() WHERE id = $1");
}

}  // namespace store

void InsertComment(Tx& tx, const ThreadRow& row) {
  const v1::CommentThread& t = row.thread;
  store::Changing(tx).exec_prepared(
      "insert_comment", t.id(), t.brief_id(),
      v1::CommentThread::Source_Name(t.source()), t.source_id(), t.revision(),
      t.round(), t.expert_id(), row.expert_named, t.section(), t.quote(),
      t.body(), TimeUtil::TimestampToMicroseconds(t.create_time()));
}

absl::StatusOr<ThreadRow> LoadThread(Tx& tx, const std::string& brief_id,
                                     const std::string& comment_id, bool lock) {
  pqxx::result r = store::Reading(tx).exec_prepared(
      lock ? "lock_thread" : "load_thread", brief_id, comment_id);
  if (r.empty()) {
    return absl::NotFoundError("comment " + comment_id + " not found");
  }
  ThreadRow row = ReadThread(r[0]);
  ReadReplies(tx, &row.thread);
  return row;
}

std::string ThreadPosition(const v1::CommentThread& thread) {
  return absl::StrCat(TimeUtil::TimestampToMicroseconds(thread.create_time()),
                      "/", thread.id());
}

std::vector<ThreadRow> ThreadsOfBrief(Tx& tx, const std::string& brief_id,
                                      const std::string& expert_id,
                                      const std::string& after, int limit) {
  int64_t after_us = 0;
  std::string after_id;
  if (size_t slash = after.find('/'); slash != std::string::npos) {
    (void)absl::SimpleAtoi(after.substr(0, slash), &after_us);
    after_id = after.substr(slash + 1);
  }
  std::vector<ThreadRow> out;
  for (const auto& row :
       store::Reading(tx).exec_prepared("threads_of_brief", brief_id, expert_id,
                                        after_us, after_id, limit)) {
    out.push_back(ReadThread(row));
  }
  for (ThreadRow& t : out) ReadReplies(tx, &t.thread);
  return out;
}

void InsertReply(Tx& tx, const std::string& comment_id,
                 const v1::CommentReply& reply) {
  store::Changing(tx).exec_prepared("insert_reply", reply.id(), comment_id,
                                    reply.author_id(), reply.from_expert(),
                                    reply.body());
}

void ResolveComment(Tx& tx, const std::string& comment_id,
                    const std::string& by, const std::string& note) {
  store::Changing(tx).exec_prepared("resolve_comment", comment_id, by, note);
}

}  // namespace briefdesk::briefs
