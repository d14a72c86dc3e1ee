// A fake of the backends for Gateway tests: records what each call carried
// and answers at once, on the caller's thread, with canned values.
#ifndef BRIEFDESK_SERVICES_GATEWAY_FAKE_BACKENDS_H_
#define BRIEFDESK_SERVICES_GATEWAY_FAKE_BACKENDS_H_

#include <google/protobuf/message.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "services/gateway/backend.h"

namespace briefdesk::gateway {

// What one backend call carried.
struct Sent {
  std::string service, rpc, request;
  directory::v1::Principal principal;
  std::string request_id, idempotency_key;
  bool principal_sent = false;  // a public route's call carries none
  std::string user_agent;       // a sign-in's
};

// A stream that opens with `status` and sends nothing.
class FakeStream : public EventStream {
 public:
  explicit FakeStream(grpc::Status status) : status_(std::move(status)) {}
  void Open(std::function<void(const grpc::Status&)> ready) override {
    ready(status_);
  }
  void Start(std::function<void(std::string)>, std::function<void()>) override {
  }
  void Next() override {}
  void Cancel() override {}

 private:
  grpc::Status status_;
};

// Records every call and answers each with the canned status, bytes and
// effects trailer.
class FakeBackends : public Backends {
 public:
  FakeBackends() {
    principal.set_user_id("u1");
    principal.add_roles(directory::v1::PARTICIPANT);
  }

  void CallWithEffects(const std::string& service, const std::string& rpc,
                       std::string request, const CallMetadata& md,
                       DoneWithEffects done) override {
    Sent s;
    s.service = service;
    s.rpc = rpc;
    s.request = std::move(request);
    s.request_id = md.request_id;
    s.idempotency_key = md.idempotency_key;
    if (md.principal != nullptr) s.principal = *md.principal;
    s.principal_sent = md.principal != nullptr;
    s.user_agent = md.user_agent;
    sent.push_back(std::move(s));
    done(status, status.ok() ? response : "", effects);
  }
  void Authenticate(
      const std::string& api_key, const std::string&,
      std::function<void(const grpc::Status&, directory::v1::Principal)> done)
      override {
    keys.push_back(api_key);
    done(auth, auth.ok() ? principal : directory::v1::Principal());
  }
  void AuthenticateSession(
      const std::string& token, const std::string&,
      std::function<void(const grpc::Status&, directory::v1::Principal)> done)
      override {
    session_tokens.push_back(token);
    directory::v1::Principal p = principal;
    p.set_session_id("s1");
    done(auth, auth.ok() ? p : directory::v1::Principal());
  }
  std::shared_ptr<EventStream> OpenNotificationStream(
      const directory::v1::Principal& p, const std::string&,
      std::optional<int64_t> after) override {
    stream_user = p.user_id();
    stream_after = after;
    return std::make_shared<FakeStream>(stream_status);
  }
  void CheckHealth(std::function<void(bool, std::string)> done) override {
    done(healthy, healthy ? "" : "briefs unreachable; ");
  }

  // The next calls' answer.
  void Answer(const google::protobuf::Message& m) {
    response = m.SerializeAsString();
  }

  grpc::Status status = grpc::Status::OK;
  std::string response, effects;
  grpc::Status auth = grpc::Status::OK;
  directory::v1::Principal principal;
  grpc::Status stream_status = grpc::Status::OK;
  bool healthy = true;

  std::vector<Sent> sent;
  std::vector<std::string> session_tokens;
  std::vector<std::string> keys;
  std::string stream_user;
  std::optional<int64_t> stream_after;
};

}  // namespace briefdesk::gateway

#endif  // BRIEFDESK_SERVICES_GATEWAY_FAKE_BACKENDS_H_
