#include "services/notification/recipients.h"

#include <algorithm>
#include <map>

#include "services/notification/course_notices.h"

namespace briefdesk::notification {
namespace {

namespace ev = events::v1;

struct Rule {
  Audience audience;
  const char* title;
  const char* body;  // {title} is the brief's title, {note} the note
};

const std::map<events::v1::EventType, Rule>& Rules() {
  // Authors learn where their brief is; experts what became of what they
  // reviewed; editors what they must act on.
  static const std::map<events::v1::EventType, Rule> rules = {
      {ev::BRIEF_SUBMITTED,
       {{.authors = true, .editors = true},
        "Brief submitted for expert review",
        "\u201c{title}\u201d was submitted and waits for an ILO expert."}},
      {ev::BRIEF_REVIEW_STARTED,
       {{.authors = true},
        "Expert review started",
        "An expert is reviewing \u201c{title}\u201d."}},
      {ev::BRIEF_REQUEUED,
       {{.editors = true},
        "Brief back in the review queue",
        "No expert holds \u201c{title}\u201d any more; it waits in the queue "
        "again."}},
      {ev::BRIEF_APPROVED,
       {{.authors = true, .experts = true, .editors = true},
        "Brief approved",
        "\u201c{title}\u201d was approved in expert review and can be "
        "published."}},
      {ev::BRIEF_CHANGES_REQUESTED,
       {{.authors = true, .experts = true},
        "Changes requested",
        "Experts asked for changes to \u201c{title}\u201d. Read the reviews, "
        "revise the brief and submit it again."}},
      {ev::BRIEF_REJECTED,
       {{.authors = true, .experts = true, .editors = true},
        "Brief rejected",
        "\u201c{title}\u201d was not accepted in expert review."}},
      {ev::BRIEF_PUBLISHED,
       {{.authors = true, .experts = true, .editors = true},
        "Brief published",
        "\u201c{title}\u201d is published."}},
      {ev::BRIEF_RETURNED,
       {{.authors = true},
        "Brief returned for changes",
        "An editor returned \u201c{title}\u201d: {note}"}},
      {ev::BRIEF_RETRACTED,
       {{.authors = true, .experts = true, .editors = true},
        "Brief retracted",
        "\u201c{title}\u201d was retracted: {note}"}},
      {ev::BRIEF_WITHDRAWN,
       {{.experts = true, .editors = true},
        "Brief withdrawn",
        "\u201c{title}\u201d was withdrawn by its author."}},
      {ev::BRIEF_REOPENED,
       {{.authors = true, .editors = true},
        "Brief reopened",
        "\u201c{title}\u201d is a draft again."}},
      {ev::REVIEW_EXPIRED,
       {{.expert = true},
        "Review lease expired",
        "Your lease on the review of \u201c{title}\u201d expired; the task "
        "went back to the queue."}},
      {ev::REVIEW_LEASE_ENDING,
       {{.expert = true},
        "Review lease ending soon",
        "Your lease on the review of \u201c{title}\u201d ends soon: renew it "
        "or complete the review."}},
      {ev::REVIEW_QUEUE_STALE,
       {{.editors = true},
        "A brief waits for a reviewer",
        "\u201c{title}\u201d has waited in the review queue longer than it "
        "should; no expert has taken it."}},
      {ev::FOLLOWUP_DUE,
       {{.authors = true},
        "Follow-up on your published brief",
        "Time to report on \u201c{title}\u201d: what has it changed since it "
        "was published? ({note})"}},
      // Guidance and comment threads (Discussion: its `to`).
      {ev::FEEDBACK_REQUESTED,
       {{.addressees = true},
        "Feedback asked on a draft",
        "The authors of \u201c{title}\u201d ask for your guidance: {text}"}},
      {ev::FEEDBACK_ANSWERED,
       {{.addressees = true},
        "Feedback on your draft",
        "An ILO expert answered your request for feedback on "
        "\u201c{title}\u201d."}},
      {ev::COMMENT_REPLIED,
       {{.addressees = true},
        "Reply to a comment",
        "New reply on \u201c{title}\u201d: {text}"}},
      {ev::COMMENT_RESOLVED,
       {{.addressees = true},
        "Comment resolved",
        "The authors of \u201c{title}\u201d resolved your comment: {text}"}},
      // From courses; the words are DescribeNotice's.
      {ev::MILESTONE_DUE_SOON, {{.addressees = true}, "", ""}},
      {ev::MILESTONE_OVERDUE, {{.addressees = true}, "", ""}},
      {ev::MILESTONE_DIGEST, {{.addressees = true}, "", ""}},
      {ev::COURSE_FOLLOWUP_DUE, {{.addressees = true}, "", ""}},
      {ev::AGREEMENT_DUE, {{.addressees = true}, "", ""}},
      {ev::FOLLOWUP_MISSED, {{.addressees = true}, "", ""}},
  };
  return rules;
}

std::string Fill(std::string text, const std::string& key,
                 const std::string& value) {
  for (size_t p = text.find(key); p != std::string::npos;
       p = text.find(key, p + value.size())) {
    text.replace(p, key.size(), value);
  }
  return text;
}

// At most `most` code points of `text`, on one line, "…" when cut.
std::string Excerpt(const std::string& text, size_t most) {
  std::string out;
  size_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool lead = (c & 0xC0) != 0x80;
    if (lead && points == most) return out + "\u2026";
    if (lead) ++points;
    out += (c == '\n' || c == '\r') ? ' ' : text[i];
  }
  return out;
}

}  // namespace

std::vector<std::string> KnownEvents() {
  std::vector<std::string> out;
  for (const auto& [type, rule] : Rules()) {
    out.emplace_back(outbox::EventTypeName(type));
  }
  std::sort(out.begin(), out.end());
  return out;
}

Audience AudienceOf(events::v1::EventType type) {
  auto it = Rules().find(type);
  return it == Rules().end() ? Audience{} : it->second.audience;
}

Text Describe(const events::v1::Event& e, const std::string& brief_title) {
  events::v1::EventType type = outbox::TypeOf(e);
  auto it = Rules().find(type);
  if (it == Rules().end())
    return {std::string(outbox::EventTypeName(type)), ""};
  if (e.has_course_notice()) return DescribeNotice(e);
  std::string title = !brief_title.empty()    ? brief_title
                      : e.has_brief_changed() ? e.brief_changed().title()
                      : e.has_discussion()    ? e.discussion().title()
                                              : "a brief";
  if (title.empty()) title = "a brief";
  std::string body = Fill(it->second.body, "{title}", title);
  body = Fill(body, "{note}", e.brief_changed().note());
  body = Fill(body, "{text}", Excerpt(e.discussion().text(), 300));
  return {it->second.title, body};
}

std::vector<std::string> Recipients(const events::v1::Event& e,
                                    const std::vector<std::string>& editors) {
  Audience a = AudienceOf(outbox::TypeOf(e));
  std::vector<std::string> out;
  auto add = [&](const std::string& id) {
    if (id.empty() || id == e.actor_id()) return;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  const auto& c = e.brief_changed();
  if (a.authors) {
    add(c.author_id());
    for (const auto& id : c.co_author_ids()) add(id);
  }
  if (a.experts) {
    for (const auto& id : c.expert_ids()) add(id);
  }
  if (a.expert) add(e.task().expert_id());
  if (a.addressees) {
    for (const auto& to : e.course_notice().to()) add(to.user_id());
    for (const auto& to : e.discussion().to()) add(to.user_id());
  }
  if (a.editors) {
    for (const auto& id : editors) add(id);
  }
  return out;
}

}  // namespace briefdesk::notification
