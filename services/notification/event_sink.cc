#include <grpcpp/client_context.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/auth/api_keys.h"
#include "libs/logging/logging.h"
#include "libs/outbox/outbox.h"
#include "services/notification/notification_service.h"
#include "services/notification/recipients.h"

namespace briefdesk::notification {
namespace {

std::string BriefTitle(pqxx::work& tx, const events::v1::Event& e) {
  if (e.has_brief_changed() && !e.brief_changed().title().empty()) {
    tx.exec_params(
        "INSERT INTO brief_titles (brief_id, title) VALUES ($1, $2) "
        "ON CONFLICT (brief_id) DO UPDATE SET title = EXCLUDED.title",
        e.brief_id(), e.brief_changed().title());
    return e.brief_changed().title();
  }
  pqxx::result r = tx.exec_params(
      "SELECT title FROM brief_titles WHERE brief_id = $1", e.brief_id());
  return r.empty() ? "" : r[0][0].as<std::string>();
}

// On publication, reminders to every author at each interval; on
// retraction, the ones not sent yet are cancelled.
void ScheduleFollowups(pqxx::work& tx, const events::v1::Event& e,
                       const NotificationConfig& config,
                       const std::string& title) {
  events::v1::EventType type = outbox::TypeOf(e);
  if (type == events::v1::BRIEF_RETRACTED) {
    tx.exec_params(
        "UPDATE followups SET state = 'CANCELLED' WHERE brief_id = $1 AND "
        "state = 'PENDING'",
        e.brief_id());
    return;
  }
  if (type != events::v1::BRIEF_PUBLISHED) return;
  std::vector<std::string> authors = {e.brief_changed().author_id()};
  for (const auto& id : e.brief_changed().co_author_ids())
    authors.push_back(id);
  for (const std::string& user : authors) {
    for (int k = 1; k <= config.followup_count; ++k) {
      tx.exec_params(
          "INSERT INTO followups (id, brief_id, user_id, number, title, "
          "due_time) VALUES ($1, $2, $3, $4, $5, now() + $6 * interval "
          "'1 second') ON CONFLICT DO NOTHING",
          auth::NewId(), e.brief_id(), user, k, title,
          static_cast<int64_t>(config.followup_interval.count()) * k);
    }
  }
}

}  // namespace

// Asked of the directory for each event that concerns editors (events are
// few): an editor named a minute ago is told like the others.
absl::StatusOr<std::vector<std::string>> NotificationEventSink::Editors() {
  std::vector<std::string> editors;
  std::string token;
  do {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(5));
    rpc::Principal self;
    self.set_user_id(rpc::kNotificationService);
    rpc::AttachPrincipal(self, &ctx);
    directory::v1::ListUsersRequest req;
    req.set_role(directory::v1::EDITOR);
    req.set_page_size(100);
    req.set_page_token(token);
    directory::v1::ListUsersResponse resp;
    grpc::Status s = directory_->ListUsers(&ctx, req, &resp);
    if (!s.ok()) return rpc::FromGrpcStatus(s);
    for (const auto& u : resp.users()) editors.push_back(u.id());
    token = resp.next_page_token();
  } while (!token.empty());
  return editors;
}

grpc::Status NotificationEventSink::Deliver(grpc::ServerContext*,
                                            const events::v1::Event* e,
                                            events::v1::Ack*) {
  return rpc::ToGrpcStatus(Apply({e}));
}

grpc::Status NotificationEventSink::DeliverBatch(
    grpc::ServerContext*, const events::v1::EventBatch* batch,
    events::v1::Ack*) {
  std::vector<const events::v1::Event*> events;
  for (const auto& e : batch->events()) events.push_back(&e);
  return rpc::ToGrpcStatus(Apply(events));
}

absl::Status NotificationEventSink::Apply(
    const std::vector<const events::v1::Event*>& events) {
  std::vector<std::string> editors;
  bool need_editors = false;
  for (const auto* e : events)
    need_editors |= AudienceOf(outbox::TypeOf(*e)).editors;
  if (need_editors) {
    auto found = Editors();
    if (!found.ok()) return found.status();  // retried
    editors = *std::move(found);
  }
  std::vector<std::string> people;  // whose streams to wake
  bool deliveries = false;          // whether webhooks have work
  auto written = pool_->Run<int>([&](pqxx::work& tx) -> absl::StatusOr<int> {
    people.clear();  // the transaction may run again
    deliveries = false;
    LockWrites(tx);
    for (const auto* e : events) {
      if (!outbox::FirstDelivery(tx, e->id())) continue;  // a repeat
      events::v1::EventType type = outbox::TypeOf(*e);
      std::string title = BriefTitle(tx, *e);
      ScheduleFollowups(tx, *e, config_, title);
      Text text = Describe(*e, title);
      for (const std::string& user : Recipients(*e, editors)) {
        deliveries |= WriteNotification(
            tx, user, e->id(), std::string(outbox::EventTypeName(type)),
            e->brief_id(), text.title, text.body);
        people.push_back(user);
      }
    }
    return static_cast<int>(people.size());
  });
  if (!written.ok()) return written.status();
  std::sort(people.begin(), people.end());
  people.erase(std::unique(people.begin(), people.end()), people.end());
  if (*written > 0) hub_->Notify(people);
  if (deliveries) wake_webhooks_();
  return absl::OkStatus();
}

}  // namespace briefdesk::notification
