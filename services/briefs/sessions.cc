#include "services/briefs/sessions.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/auth/passwords.h"
#include "services/briefs/password_store.h"
#include "services/briefs/session_store.h"
#include "services/briefs/user_store.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;
using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp At(int64_t micros) {
  return TimeUtil::MicrosecondsToTimestamp(micros);
}

// What a sign-in attempt came to, committed whatever it was (a failure is
// recorded).
struct Attempt {
  enum { kSignedIn, kWrong, kHeldBack } outcome = kWrong;
  int64_t retry_after_seconds = 0;
  dir::CreateSessionResponse answer;
};

}  // namespace

absl::StatusOr<dir::CreateSessionResponse> Sessions::Create(
    const dir::CreateSessionRequest& req, const std::string& user_agent) {
  const absl::Time now = settings_.now();
  const int64_t now_us = absl::ToUnixMicros(now);
  auto attempt = db_->InTransaction<Attempt>([&](Tx& tx)
                                                 -> absl::StatusOr<Attempt> {
    Attempt a;
    // Locked: the attempts on one account take turns, so a burst of
    // guesses cannot all pass the count before any is recorded.
    std::optional<dir::User> user =
        UserByEmail(tx, std::string(absl::StripAsciiWhitespace(req.email())));
    if (!user) {
      auth::VerifyPassword("", req.password());  // the same time
      return a;
    }
    int64_t window_start = absl::ToUnixMicros(now - settings_.failure_window);
    std::vector<int64_t> failures =
        LoginFailuresSince(tx, user->id(), window_start);
    if (static_cast<int>(failures.size()) >= settings_.max_failures) {
      int64_t first = failures[failures.size() - settings_.max_failures];
      int64_t free_us =
          first + absl::ToInt64Microseconds(settings_.failure_window);
      a.outcome = Attempt::kHeldBack;
      a.retry_after_seconds =
          std::max<int64_t>(1, (free_us - now_us + 999999) / 1000000);
      return a;
    }
    if (!auth::VerifyPassword(PasswordHashOf(tx, user->id()), req.password())) {
      RecordLoginFailure(tx, user->id(), now_us);
      return a;
    }
    ClearLoginFailures(tx, user->id());
    std::string token = auth::NewSecret("bds_");
    std::string id = auth::NewId();
    InsertSession(tx, id, auth::TokenHash(token), user->id(), user_agent,
                  now_us);
    EndSessionsOf(tx, user->id(), settings_.max_open, now_us);
    a.outcome = Attempt::kSignedIn;
    dir::Session* s = a.answer.mutable_session();
    s->set_id(id);
    *s->mutable_create_time() = At(now_us);
    *s->mutable_last_seen_time() = At(now_us);
    *s->mutable_expire_time() =
        At(now_us + absl::ToInt64Microseconds(
                        std::min(settings_.idle, settings_.absolute)));
    s->set_user_agent(user_agent);
    s->set_current(true);
    *a.answer.mutable_user() = *std::move(user);
    a.answer.set_csrf_token(auth::CsrfTokenFor(token));
    a.answer.set_session_token(std::move(token));
    return a;
  });
  if (!attempt.ok()) return attempt.status();
  switch (attempt->outcome) {
    case Attempt::kSignedIn:
      return std::move(attempt->answer);
    case Attempt::kHeldBack:
      return rpc::RetryLater(
          absl::StrCat("too many wrong passwords for this account: try again "
                       "in ",
                       (attempt->retry_after_seconds + 59) / 60,
                       " minutes, or choose a new password with \"Forgot "
                       "your password?\""),
          attempt->retry_after_seconds);
    case Attempt::kWrong:
      break;
  }
  return absl::UnauthenticatedError(kWrongSignIn);
}

absl::StatusOr<dir::Principal> Sessions::Authenticate(
    const std::string& token) {
  const int64_t now_us = absl::ToUnixMicros(settings_.now());
  return db_->Autocommit<dir::Principal>(
      [&](Tx& tx) -> absl::StatusOr<dir::Principal> {
        std::optional<StoredSession> s =
            SessionByToken(tx, auth::TokenHash(token));
        const absl::Status ended =
            absl::UnauthenticatedError("your session has ended: sign in again");
        if (!s) return ended;
        if (now_us >= s->last_seen_micros +
                          absl::ToInt64Microseconds(settings_.idle) ||
            now_us >= s->create_micros +
                          absl::ToInt64Microseconds(settings_.absolute)) {
          return ended;
        }
        if (now_us - s->last_seen_micros > 60 * 1000000LL) {
          TouchSession(tx, s->id, now_us);
        }
        dir::Principal p;
        p.set_user_id(s->user.id());
        *p.mutable_roles() = s->user.roles();
        *p.mutable_expertise() = s->user.expertise();
        p.set_cohort(s->user.cohort());
        p.set_session_id(s->id);
        return p;
      });
}

absl::StatusOr<dir::ListSessionsResponse> Sessions::List(
    const rpc::Principal& p) {
  const int64_t now_us = absl::ToUnixMicros(settings_.now());
  const int64_t idle = absl::ToInt64Microseconds(settings_.idle);
  const int64_t absolute = absl::ToInt64Microseconds(settings_.absolute);
  return db_->Autocommit<dir::ListSessionsResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::ListSessionsResponse> {
        dir::ListSessionsResponse out;
        for (const StoredSession& s : OpenSessionsOf(tx, p.user_id())) {
          int64_t expires =
              std::min(s.last_seen_micros + idle, s.create_micros + absolute);
          if (expires <= now_us) continue;
          dir::Session* o = out.add_sessions();
          o->set_id(s.id);
          *o->mutable_create_time() = At(s.create_micros);
          *o->mutable_last_seen_time() = At(s.last_seen_micros);
          *o->mutable_expire_time() = At(expires);
          o->set_user_agent(s.user_agent);
          o->set_current(s.id == p.session_id());
        }
        return out;
      });
}

absl::StatusOr<dir::DeleteSessionResponse> Sessions::Delete(
    const rpc::Principal& p, const std::string& given) {
  std::string id = given == "current" ? p.session_id() : given;
  if (id.empty()) {
    return absl::NotFoundError(
        "this request was not made by a signed-in browser: there is no "
        "current session (an API key stays until it is revoked)");
  }
  const int64_t now_us = absl::ToUnixMicros(settings_.now());
  return db_->Autocommit<dir::DeleteSessionResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::DeleteSessionResponse> {
        if (!EndSession(tx, id, p.user_id(), now_us)) {
          return absl::NotFoundError("you have no session " + id);
        }
        dir::DeleteSessionResponse out;
        out.set_signed_out(id == p.session_id());
        return out;
      });
}

absl::StatusOr<dir::DeleteSessionResponse> Sessions::DeleteAll(
    const rpc::Principal& p) {
  const int64_t now_us = absl::ToUnixMicros(settings_.now());
  return db_->Autocommit<dir::DeleteSessionResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::DeleteSessionResponse> {
        EndSessionsOf(tx, p.user_id(), 0, now_us);
        dir::DeleteSessionResponse out;
        out.set_signed_out(!p.session_id().empty());
        return out;
      });
}

}  // namespace briefdesk::briefs
