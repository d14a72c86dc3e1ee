// The route table the gateway serves: every RPC's declared route, and the
// routes it answers itself (the event stream, published pages, operations),
// each documented for the OpenAPI document.
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "briefdesk/briefs/v1/comments.pb.h"
#include "briefdesk/courses/v1/analytics.pb.h"
#include "briefdesk/courses/v1/courses.pb.h"
#include "briefdesk/courses/v1/followups.pb.h"
#include "briefdesk/notification/v1/notification.pb.h"
#include "briefdesk/privacy/v1/export.pb.h"
#include "briefdesk/review/v1/guidance.pb.h"
#include "briefdesk/review/v1/review.pb.h"
#include "services/gateway/gateway.h"

namespace briefdesk::gateway {
namespace {

constexpr char kStatusSchema[] =
    R"({"type":"object","required":["status"],"properties":{"status":{"type":"string"}}})";

void AddStream(RouteTable& routes) {
  OwnRouteDoc doc;
  doc.operation_id = "streamNotifications";
  doc.tag = "Notifications";
  doc.description =
      "Server-Sent Events, one frame per new notification: `id:` (its "
      "sequence), `event:` (e.g. brief.published) and `data:` (the "
      "notification JSON); `retry:` in the first frame, a comment every 15 s "
      "when idle. With Last-Event-ID it first replays what came after that "
      "id (0: from the start); without it, only what comes next. A stream "
      "lasts at most an hour.";
  doc.content_type = "text/event-stream";
  doc.headers = {{"Last-Event-ID",
                  "Resume after this event id; 0 replays "
                  "every notification"}};
  routes.AddOwn("GET", "/v1/notifications:stream",
                "The caller's notifications as Server-Sent Events", false, doc);
}

void AddPreview(RouteTable& routes) {
  OwnRouteDoc doc;
  doc.operation_id = "previewSections";
  doc.tag = "Briefs";
  doc.description =
      "The body is a JSON object of sections (summary, problem, evidence, "
      "options, recommendations, references), each Markdown, as a brief "
      "holds them; the answer has the same members, each the HTML the "
      "published page shows for it (raw HTML left out, unsafe links "
      "dropped, headings below the section's own). Nothing is stored: the "
      "web app's editor shows it as the text changes.";
  doc.json_schema =
      R"({"type":"object","properties":{"summary":{"type":"string"},)"
      R"("problem":{"type":"string"},"evidence":{"type":"string"},)"
      R"("options":{"type":"string"},"recommendations":{"type":"string"},)"
      R"("references":{"type":"string"}}})";
  doc.errors = {400, 413, 415};
  routes.AddOwn("POST", "/v1/briefs:preview",
                "Sections rendered as the published page shows them", false,
                doc);
}

void AddExport(RouteTable& routes) {
  OwnRouteDoc doc;
  doc.operation_id = "exportMyData";
  doc.tag = "Users";
  doc.description =
      "Everything BriefDesk holds about the caller, from every service, as "
      "one JSON document (docs/data-rights.md): the account with its "
      "sessions and API keys (never a password or a key), the briefs they "
      "wrote with every revision and the comment threads on them, the "
      "reviews and guidance they wrote or asked for, their course "
      "memberships, learning plans, every version of their agreements and "
      "their follow-ups, and their notifications, webhooks, e-mail "
      "preferences and e-mails. Sent as a download (Content-Disposition), "
      "never cached.";
  doc.json_message = privacy::v1::UserExport::descriptor();
  routes.AddOwn("GET", "/v1/users/me:export",
                "Everything held about the caller (data rights)", false, doc);
}

void AddPublished(RouteTable& routes) {
  OwnRouteDoc page;
  page.tag = "Published";
  page.cacheable = true;
  page.content_type = "text/html; charset=utf-8";
  OwnRouteDoc index = page;
  index.operation_id = "listPublished";
  index.description =
      "Newest first, 20 a page; retracted briefs stay listed, marked.";
  index.query = {{"topic", "Only briefs of this topic"},
                 {"cohort", "Only briefs of this training"},
                 {"pageToken", "From the \"Older briefs\" link"}};
  index.errors = {400};
  routes.AddOwn("GET", "/published",
                "HTML index of published briefs, newest first", true, index);
  OwnRouteDoc feed = page;
  feed.operation_id = "getPublishedFeed";
  feed.content_type = "application/atom+xml; charset=utf-8";
  feed.description = "The 50 latest publications and retractions.";
  routes.AddOwn("GET", "/published/feed.atom",
                "Atom feed of the latest publications and retractions", true,
                feed);
  OwnRouteDoc one = page;
  one.operation_id = "getPublishedBrief";
  one.description =
      "The approved revision as published, with authors, training, topic, "
      "date, citation, and for a retracted brief the notice and reason.";
  one.errors = {400, 404};
  routes.AddOwn("GET", "/published/{slug}", "A published brief as a page", true,
                one);
  OwnRouteDoc md = one;
  md.operation_id = "getPublishedMarkdown";
  md.content_type = "text/markdown; charset=utf-8";
  md.description =
      "A YAML metadata header, then the title and each section under its "
      "own heading, verbatim.";
  routes.AddOwn("GET", "/published/{slug}.md",
                "A published brief as one Markdown document", true, md);
}

// The page of an invitation e-mail's link, until the web app exists.
void AddInvitation(RouteTable& routes) {
  OwnRouteDoc page;
  page.tag = "Users";
  page.content_type = "text/html; charset=utf-8";
  page.secret_page = true;
  page.page_errors = {
      {400, "The link is malformed (cut short): a page saying so."},
      {404,
       "The link was used, replaced by a newer invitation, or expired: a "
       "page asking to have the invitation sent again."},
      {503, "The directory is unreachable: a page asking to retry later."}};
  OwnRouteDoc offer = page;
  offer.operation_id = "getInvitationPage";
  offer.description =
      "What the invitation is, in plain words, and a button (a form that "
      "POSTs to the same address). Does not take the invitation up: mail "
      "scanners fetch links. Cache-Control: no-store, Referrer-Policy: "
      "no-referrer; no script.";
  routes.AddOwn("GET", "/invitations/{token}",
                "The page an invitation e-mail links to", true, offer);
  OwnRouteDoc accept = page;
  accept.operation_id = "acceptInvitationPage";
  accept.description =
      "The page's button: takes the invitation up (as POST "
      "/v1/invitations/{token}:accept) and shows the account's first API "
      "key once, with how to use it. A form posted from another site (by "
      "Sec-Fetch-Site, or Origin against the gateway's own host) is 403.";
  accept.page_errors.push_back(
      {403, "The form was posted from another site: a page saying so."});
  routes.AddOwn("POST", "/invitations/{token}",
                "Take up an invitation from its page: the API key, once", true,
                accept);
}

void AddOperations(RouteTable& routes) {
  OwnRouteDoc doc;
  doc.tag = "Operations";
  doc.operation_id = "getOpenApi";
  doc.description =
      "Generated from the same route declarations the gateway "
      "routes by.";
  doc.json_schema = R"({"type":"object"})";
  routes.AddOwn("GET", "/v1/openapi.json", "This document", true, doc);
  doc.operation_id = "healthz";
  doc.description = "200 while the process runs.";
  doc.json_schema = kStatusSchema;
  routes.AddOwn("GET", "/healthz", "The process is alive", true, doc);
  doc.operation_id = "readyz";
  doc.description = "503 while a backend is unreachable or the gateway drains.";
  routes.AddOwn("GET", "/readyz", "Every backend is reachable", true, doc);
  doc.operation_id = "metrics";
  doc.description = "Prometheus text exposition format 0.0.4.";
  doc.content_type = "text/plain; version=0.0.4";
  doc.json_schema.clear();
  routes.AddOwn("GET", "/metrics", "Prometheus metrics", true, doc);
}

}  // namespace

RouteTable Gateway::DefaultRoutes() {
  auto table = RouteTable::ForServices(
      {directory::v1::User::descriptor()->file()->FindServiceByName(
           "Directory"),
       briefs::v1::Brief::descriptor()->file()->FindServiceByName("Briefs"),
       briefs::v1::CommentThread::descriptor()->file()->FindServiceByName(
           "Comments"),
       review::v1::Task::descriptor()->file()->FindServiceByName("Reviews"),
       review::v1::FeedbackRequest::descriptor()->file()->FindServiceByName(
           "Guidance"),
       notification::v1::Notification::descriptor()->file()->FindServiceByName(
           "Notifications"),
       courses::v1::Course::descriptor()->file()->FindServiceByName("Courses"),
       courses::v1::FollowUp::descriptor()->file()->FindServiceByName(
           "FollowUps"),
       courses::v1::Analytics::descriptor()->file()->FindServiceByName(
           "CourseAnalytics")});
  RouteTable routes = table.ok() ? std::move(*table) : RouteTable();
  AddStream(routes);
  AddPreview(routes);
  AddExport(routes);
  AddPublished(routes);
  AddInvitation(routes);
  AddOperations(routes);
  return routes;
}

}  // namespace briefdesk::gateway
