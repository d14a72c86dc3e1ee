#include "services/briefs/course_briefs.h"

#include "absl/strings/str_cat.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "services/briefs/brief_reads.h"

namespace briefdesk::briefs {

absl::StatusOr<unsigned> SectionBits(const std::vector<std::string>& names,
                                     const std::string& field) {
  const auto* sections = v1::Sections::descriptor();
  unsigned bits = 0;
  for (const std::string& name : names) {
    const auto* f = sections->FindFieldByName(name);
    if (f == nullptr) {
      return rpc::FieldError(field, absl::StrCat("unknown section ", name));
    }
    bits |= 1u << f->index();
  }
  return bits;
}

std::vector<std::optional<google::protobuf::Timestamp>> FirstMet(
    const std::vector<FilledRevision>& revisions,
    const std::vector<unsigned>& modules) {
  std::vector<std::optional<google::protobuf::Timestamp>> met(modules.size());
  for (const FilledRevision& r : revisions) {
    for (size_t i = 0; i < modules.size(); ++i) {
      if (!met[i] && (r.filled & modules[i]) == modules[i]) met[i] = r.time;
    }
  }
  return met;
}

absl::StatusOr<v1::CourseBriefsResponse> BriefReads::CourseBriefs(
    const rpc::Principal& p, const v1::CourseBriefsRequest& req) {
  if (p.user_id() != rpc::kCoursesService) {
    return absl::PermissionDeniedError("for the courses service only");
  }
  std::vector<unsigned> modules;
  for (int i = 0; i < req.modules_size(); ++i) {
    const auto& names = req.modules(i).sections();
    auto bits = SectionBits({names.begin(), names.end()},
                            absl::StrCat("modules[", i, "].sections"));
    if (!bits.ok()) return bits.status();
    modules.push_back(*bits);
  }
  std::vector<std::string> authors(req.author_ids().begin(),
                                   req.author_ids().end());
  return db_->Autocommit<v1::CourseBriefsResponse>(
      [&](Tx& tx) -> absl::StatusOr<v1::CourseBriefsResponse> {
        v1::CourseBriefsResponse out;
        for (const auto& b : LoadCourseBriefs(tx, req.course_id(), authors)) {
          v1::CourseBrief* cb = out.add_briefs();
          cb->set_brief_id(b.brief_id);
          cb->set_author_id(b.author_id);
          for (const auto& t : FirstMet(b.revisions, modules)) {
            auto* m = cb->add_modules();
            if (t) *m->mutable_time() = *t;
          }
        }
        return out;
      });
}

}  // namespace briefdesk::briefs
