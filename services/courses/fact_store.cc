// Store layer: the analytics projection's tables, brief_facts and
// review_facts, kept from the briefs and review services' events.
#include <pqxx/pqxx>

#include "libs/outbox/outbox.h"
#include "services/courses/store.h"

namespace briefdesk::courses {

void PrepareFactStatements(pqxx::connection_base& c) {
  // The first submission and the latest publication are kept; a
  // retraction keeps the publication time (the brief was published).
  c.prepare("upsert_brief_fact",
            "INSERT INTO brief_facts (brief_id, course_id, author_id, state, "
            "create_time, first_submit_time, publish_time) VALUES ($1, $2, "
            "$3, $4, CASE WHEN $5::bigint = 0 THEN NULL ELSE "
            "to_timestamp($5::float8 / 1e6) END, CASE WHEN $7 THEN "
            "to_timestamp($6::float8 / 1e6) END, CASE WHEN $8 THEN "
            "to_timestamp($6::float8 / 1e6) END) ON CONFLICT (brief_id) DO "
            "UPDATE SET state = $4, course_id = $2, create_time = "
            "coalesce(brief_facts.create_time, EXCLUDED.create_time), "
            "first_submit_time = coalesce(brief_facts.first_submit_time, "
            "EXCLUDED.first_submit_time), publish_time = "
            "coalesce(EXCLUDED.publish_time, brief_facts.publish_time)");
  c.prepare("insert_review_fact",
            "INSERT INTO review_facts (review_id, brief_id, round, expert_id, "
            "decision, evidence, clarity, actionability, relevance) VALUES "
            "($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING");
  c.prepare("published_in_course",
            "SELECT 1 FROM brief_facts WHERE course_id = $1 AND author_id = $2 "
            "AND publish_time IS NOT NULL LIMIT 1");
}

void CoursesTx::RecordBriefFact(const BriefFact& f) {
  tx_.exec_prepared("upsert_brief_fact", f.brief_id, f.course_id, f.author_id,
                    f.state, f.create_micros, f.event_micros, f.submitted,
                    f.published);
}

void CoursesTx::RecordReviewFact(const ReviewFact& f) {
  tx_.exec_prepared("insert_review_fact", f.review_id, f.brief_id, f.round,
                    f.expert_id, f.decision, f.scores[0], f.scores[1],
                    f.scores[2], f.scores[3]);
}

bool CoursesTx::FirstDelivery(const std::string& event_id) {
  return outbox::FirstDelivery(static_cast<pqxx::work&>(tx_), event_id);
}

bool CoursesTx::PublishedInCourse(const std::string& course_id,
                                  const std::string& user_id) {
  return !tx_.exec_prepared("published_in_course", course_id, user_id).empty();
}

}  // namespace briefdesk::courses
