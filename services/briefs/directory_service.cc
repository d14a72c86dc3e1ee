#include "services/briefs/directory_service.h"

#include <google/protobuf/util/time_util.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/auth/api_keys.h"
#include "libs/storage/idempotency.h"
#include "libs/text/normalize.h"
#include "services/briefs/validation.h"

namespace briefdesk::briefs {
namespace {

constexpr char kBootstrapAdminId[] = "bootstrap-admin";
constexpr char kUserColumns[] =
    "SELECT id, display_name, email, array_to_string(roles, ','), "
    "array_to_string(expertise, ','), cohort, "
    "(extract(epoch FROM create_time) * 1000000)::bigint FROM users ";

dir::User ReadUser(const pqxx::row& row) {
  dir::User u;
  u.set_id(row[0].as<std::string>());
  u.set_display_name(row[1].as<std::string>());
  u.set_email(row[2].as<std::string>());
  for (absl::string_view name :
       absl::StrSplit(row[3].as<std::string>(), ',', absl::SkipEmpty())) {
    dir::Role role;
    if (dir::Role_Parse(std::string(name), &role)) u.add_roles(role);
  }
  for (absl::string_view t :
       absl::StrSplit(row[4].as<std::string>(), ',', absl::SkipEmpty())) {
    u.add_expertise(std::string(t));
  }
  u.set_cohort(row[5].as<std::string>());
  *u.mutable_create_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
          row[6].as<int64_t>());
  return u;
}

absl::StatusOr<dir::User> LoadUser(pqxx::work& tx, const std::string& id) {
  pqxx::result r =
      tx.exec_params(std::string(kUserColumns) + "WHERE id = $1", id);
  if (r.empty()) return absl::NotFoundError("user " + id + " not found");
  return ReadUser(r[0]);
}

// Inserts a new key for the user and returns {key id, key}.
// Keys a user may hold at once (revoked ones do not count).
constexpr int kMaxKeysPerUser = 10;

std::pair<std::string, std::string> InsertKey(pqxx::work& tx,
                                              const std::string& user_id,
                                              std::string key = "") {
  if (key.empty()) key = auth::NewApiKey();
  auth::KeyHash h = auth::HashApiKey(key);
  std::string id = auth::NewId();
  tx.exec_params(
      "INSERT INTO api_keys (id, user_id, lookup, hash) "
      "VALUES ($1, $2, $3, decode($4, 'hex'))",
      id, user_id, auth::LookupPrefix(h),
      absl::BytesToHexString(absl::string_view(
          reinterpret_cast<const char*>(h.data()), h.size())));
  return {id, key};
}

absl::Status ValidateUser(const dir::CreateUserRequest& req) {
  absl::Status s = ValidateText("displayName", req.display_name(), 1, 200);
  if (s.ok()) s = ValidateText("email", req.email(), 3, 254);
  if (s.ok() && (req.email().find('@') == std::string::npos ||
                 req.email().find_first_of(" \t\r\n,") != std::string::npos)) {
    s = rpc::FieldError("email", "is not an email address");
  }
  if (s.ok()) s = ValidateText("cohort", req.cohort(), 0, 100);
  if (!s.ok()) return s;
  if (req.roles_size() == 0) return rpc::FieldError("roles", "is required");
  for (int r : req.roles()) {
    if (r == dir::ROLE_UNSPECIFIED) {
      return rpc::FieldError("roles",
                             "each of PARTICIPANT, EXPERT, EDITOR, ADMIN");
    }
  }
  if (req.expertise_size() > 50) {
    return rpc::FieldError("expertise", "at most 50 topics");
  }
  for (const std::string& t : req.expertise()) {
    if (absl::Status st = ValidateTopic("expertise", t); !st.ok()) return st;
  }
  return absl::OkStatus();
}

bool IsAdmin(const rpc::Principal& p) { return rpc::HasRole(p, dir::ADMIN); }

}  // namespace

absl::Status DirectoryService::EnsureBootstrapAdmin(const std::string& key) {
  return pool_
      ->Run<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
        tx.exec_params(
            "INSERT INTO users (id, display_name, email, roles) VALUES "
            "($1, 'Administrator', 'admin@briefdesk.invalid', '{ADMIN}') "
            "ON CONFLICT (id) DO NOTHING",
            kBootstrapAdminId);
        auth::KeyHash h = auth::HashApiKey(key);
        pqxx::result known = tx.exec_params(
            "SELECT 1 FROM api_keys WHERE lookup = $1 AND user_id = $2 "
            "AND revoke_time IS NULL",
            auth::LookupPrefix(h), kBootstrapAdminId);
        if (known.empty()) InsertKey(tx, kBootstrapAdminId, key);
        return true;
      })
      .status();
}

absl::StatusOr<dir::CreateUserResponse> DirectoryService::Create(
    const rpc::Principal& p, const std::string& idempotency_key,
    const dir::CreateUserRequest& req) {
  if (!IsAdmin(p)) return absl::PermissionDeniedError("only admins add users");
  if (absl::Status s = ValidateUser(req); !s.ok()) return s;
  storage::IdempotencyScope scope =
      storage::ScopeFor(p.user_id(), idempotency_key, "CreateUser", req);
  return pool_->Run<dir::CreateUserResponse>(
      [&](pqxx::work& tx) -> absl::StatusOr<dir::CreateUserResponse> {
        dir::CreateUserResponse resp;
        auto answer = storage::FindAnswer(tx, scope);
        if (!answer.ok()) return answer.status();
        if (answer->has_value() && resp.ParseFromString(**answer)) {
          return resp;  // stored without the key: it is shown once
        }
        pqxx::result dup = tx.exec_params(
            "SELECT 1 FROM users WHERE lower(email) = lower($1)", req.email());
        if (!dup.empty()) {
          return rpc::WithDetails(
              absl::AlreadyExistsError("a user with this email exists"), [] {
                common::v1::ErrorDetails d;
                d.add_details()->set_field("email");
                return d;
              }());
        }
        std::vector<std::string> roles;
        for (int r : req.roles()) {
          roles.push_back(dir::Role_Name(static_cast<dir::Role>(r)));
        }
        std::string id = auth::NewId();
        tx.exec_params(
            "INSERT INTO users (id, display_name, email, roles, expertise, "
            "cohort) VALUES ($1, $2, $3, string_to_array($4, ','), "
            "string_to_array($5, ','), $6)",
            id, req.display_name(), req.email(), absl::StrJoin(roles, ","),
            absl::StrJoin(req.expertise(), ","), req.cohort());
        auto [key_id, key] = InsertKey(tx, id);
        auto user = LoadUser(tx, id);
        if (!user.ok()) return user.status();
        *resp.mutable_user() = *user;
        resp.set_key_id(key_id);
        storage::SaveAnswer(tx, scope, resp.SerializeAsString());
        resp.set_api_key(key);
        return resp;
      });
}

absl::StatusOr<dir::CreateApiKeyResponse> DirectoryService::NewKey(
    const rpc::Principal& p, const std::string& idempotency_key,
    const dir::CreateApiKeyRequest& req) {
  if (!IsAdmin(p) && p.user_id() != req.user_id()) {
    return absl::PermissionDeniedError("only admins make keys for other users");
  }
  storage::IdempotencyScope scope =
      storage::ScopeFor(p.user_id(), idempotency_key, "CreateApiKey", req);
  return pool_->Run<dir::CreateApiKeyResponse>(
      [&](pqxx::work& tx) -> absl::StatusOr<dir::CreateApiKeyResponse> {
        dir::CreateApiKeyResponse resp;
        auto answer = storage::FindAnswer(tx, scope);
        if (!answer.ok()) return answer.status();
        if (answer->has_value() && resp.ParseFromString(**answer)) return resp;
        if (auto user = LoadUser(tx, req.user_id()); !user.ok()) {
          return user.status();
        }
        // The rate limit is per key: a cap on keys keeps one person's
        // allowance from growing without end. Locked per user, so two
        // creations at once cannot both pass it.
        tx.exec_params(
            "SELECT pg_advisory_xact_lock(hashtextextended("
            "'keys:' || $1, 0))",
            req.user_id());
        int live = tx.exec_params1(
                         "SELECT count(*) FROM api_keys WHERE "
                         "user_id = $1 AND revoke_time IS NULL",
                         req.user_id())[0]
                       .as<int>();
        if (live >= kMaxKeysPerUser) {
          return absl::FailedPreconditionError(
              absl::StrCat("this user has ", live,
                           " API keys, the most allowed; revoke "
                           "one first"));
        }
        auto [key_id, key] = InsertKey(tx, req.user_id());
        resp.set_key_id(key_id);
        storage::SaveAnswer(tx, scope, resp.SerializeAsString());
        resp.set_api_key(key);
        return resp;
      });
}

grpc::Status DirectoryService::CreateUser(grpc::ServerContext* ctx,
                                          const dir::CreateUserRequest* req,
                                          dir::CreateUserResponse* resp) {
  dir::CreateUserRequest in = *req;
  text::NormalizeStrings(&in);  // names stored composed (NFC)
  return rpc::Reply(Create(rpc::PrincipalFrom(*ctx),
                           rpc::ClientMetadata(*ctx, rpc::kIdempotencyKey), in),
                    resp);
}

grpc::Status DirectoryService::GetCurrentUser(grpc::ServerContext* ctx,
                                              const dir::GetCurrentUserRequest*,
                                              dir::User* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  if (p.user_id().empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no principal");
  }
  return rpc::Reply(pool_->Run<dir::User>([&](pqxx::work& tx) {
    return LoadUser(tx, p.user_id());
  }),
                    resp);
}

grpc::Status DirectoryService::ListUsers(grpc::ServerContext* ctx,
                                         const dir::ListUsersRequest* req,
                                         dir::ListUsersResponse* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  // The notification service reads who the editors are.
  bool service = p.user_id().rfind("service:", 0) == 0;
  if (!IsAdmin(p) && !rpc::HasRole(p, dir::EDITOR) && !service) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "only admins and editors list users");
  }
  std::string role =
      req->role() == dir::ROLE_UNSPECIFIED ? "" : dir::Role_Name(req->role());
  auto size = rpc::PageSize(req->page_size());
  if (!size.ok()) return rpc::ToGrpcStatus(size.status());
  std::string after;
  if (!req->page_token().empty()) {
    auto decoded = rpc::DecodePageToken(req->page_token());
    if (!decoded.ok()) return rpc::ToGrpcStatus(decoded.status());
    after = *decoded;
  }
  return rpc::Reply(
      pool_->Run<dir::ListUsersResponse>(
          [&](pqxx::work& tx) -> absl::StatusOr<dir::ListUsersResponse> {
            pqxx::result r = tx.exec_params(
                std::string(kUserColumns) +
                    "WHERE id > $1 AND ($3 = '' OR $3 = ANY (roles)) "
                    "ORDER BY id LIMIT $2",
                after, *size + 1, role);
            dir::ListUsersResponse out;
            for (int i = 0; i < int(r.size()) && i < *size; ++i) {
              *out.add_users() = ReadUser(r[i]);
            }
            if (int(r.size()) > *size) {
              out.set_next_page_token(
                  rpc::EncodePageToken(out.users(out.users_size() - 1).id()));
            }
            return out;
          }),
      resp);
}

grpc::Status DirectoryService::GetUser(grpc::ServerContext* ctx,
                                       const dir::GetUserRequest* req,
                                       dir::User* resp) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  if (!IsAdmin(p) && !rpc::HasRole(p, dir::EDITOR)) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "only admins and editors read users");
  }
  return rpc::Reply(pool_->Run<dir::User>([&](pqxx::work& tx) {
    return LoadUser(tx, req->id());
  }),
                    resp);
}

grpc::Status DirectoryService::CreateApiKey(grpc::ServerContext* ctx,
                                            const dir::CreateApiKeyRequest* req,
                                            dir::CreateApiKeyResponse* resp) {
  return rpc::Reply(
      NewKey(rpc::PrincipalFrom(*ctx),
             rpc::ClientMetadata(*ctx, rpc::kIdempotencyKey), *req),
      resp);
}

grpc::Status DirectoryService::RevokeApiKey(grpc::ServerContext* ctx,
                                            const dir::RevokeApiKeyRequest* req,
                                            google::protobuf::Empty*) {
  rpc::Principal p = rpc::PrincipalFrom(*ctx);
  if (!IsAdmin(p) && p.user_id() != req->user_id()) {
    return grpc::Status(grpc::StatusCode::PERMISSION_DENIED,
                        "only admins revoke other users' keys");
  }
  return rpc::ToGrpcStatus(
      pool_
          ->Run<bool>([&](pqxx::work& tx) -> absl::StatusOr<bool> {
            pqxx::result r = tx.exec_params(
                "UPDATE api_keys SET revoke_time = coalesce(revoke_time, "
                "now()) WHERE id = $1 AND user_id = $2 RETURNING id",
                req->key_id(), req->user_id());
            if (r.empty()) {
              return absl::NotFoundError("key " + req->key_id() +
                                         " not found for this user");
            }
            return true;
          })
          .status());
}

grpc::Status DirectoryService::Authenticate(grpc::ServerContext*,
                                            const dir::AuthenticateRequest* req,
                                            dir::Principal* resp) {
  auth::KeyHash h = auth::HashApiKey(req->api_key());
  return rpc::Reply(
      pool_->Run<dir::Principal>(
          [&](pqxx::work& tx) -> absl::StatusOr<dir::Principal> {
            pqxx::result r = tx.exec_params(
                "SELECT k.user_id, encode(k.hash, 'hex') FROM api_keys k "
                "WHERE k.lookup = $1 AND k.revoke_time IS NULL",
                auth::LookupPrefix(h));
            for (const auto& row : r) {
              std::string stored =
                  absl::HexStringToBytes(row[1].as<std::string>());
              if (!auth::ConstantTimeEqual(h, stored)) continue;
              auto user = LoadUser(tx, row[0].as<std::string>());
              if (!user.ok()) return user.status();
              dir::Principal out;
              out.set_user_id(user->id());
              *out.mutable_roles() = user->roles();
              *out.mutable_expertise() = user->expertise();
              out.set_cohort(user->cohort());
              return out;
            }
            return absl::UnauthenticatedError("unknown or revoked API key");
          }),
      resp);
}

}  // namespace briefdesk::briefs
