// Store layer: the briefs of a course's participants and the sections each
// of their revisions had filled, for the courses service's milestones.
#ifndef BRIEFDESK_SERVICES_BRIEFS_COURSE_BRIEF_STORE_H_
#define BRIEFDESK_SERVICES_BRIEFS_COURSE_BRIEF_STORE_H_

#include <google/protobuf/timestamp.pb.h>

#include <string>
#include <vector>

#include "services/briefs/store.h"

namespace briefdesk::briefs {

// One revision of a course brief: when it was saved and which sections were
// non-empty in it (bit i: the i-th field of Sections, summary first).
struct FilledRevision {
  google::protobuf::Timestamp time;
  unsigned filled = 0;
};

struct CourseBriefRevisions {
  std::string brief_id, author_id;
  std::vector<FilledRevision> revisions;  // oldest first
};

// For each of `author_ids` with a brief of `course_id`: that brief (the
// oldest not withdrawn, else the oldest) and its revisions.
std::vector<CourseBriefRevisions> LoadCourseBriefs(
    Tx& tx, const std::string& course_id,
    const std::vector<std::string>& author_ids);

}  // namespace briefdesk::briefs

#endif  // BRIEFDESK_SERVICES_BRIEFS_COURSE_BRIEF_STORE_H_
