#include "services/briefs/api_keys.h"

#include "absl/strings/str_cat.h"
#include "libs/auth/api_keys.h"
#include "libs/storage/idempotency.h"
#include "services/briefs/api_key_store.h"
#include "services/briefs/idempotency_store.h"
#include "services/briefs/user_store.h"
#include "services/briefs/users.h"

namespace briefdesk::briefs {
namespace {

namespace dir = directory::v1;

std::string HashBytes(const auth::KeyHash& h) {
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace

std::pair<std::string, std::string> AddKey(Tx& tx, const std::string& user_id,
                                           std::string key) {
  if (key.empty()) key = auth::NewApiKey();
  auth::KeyHash h = auth::HashApiKey(key);
  std::string id = auth::NewId();
  InsertKey(tx, id, user_id, auth::LookupPrefix(h), HashBytes(h));
  return {id, key};
}

absl::Status ApiKeys::EnsureBootstrapAdmin(const std::string& key) {
  return db_
      ->InTransaction<bool>([&](Tx& tx) -> absl::StatusOr<bool> {
        dir::User admin;
        admin.set_id(kBootstrapAdminId);
        admin.set_display_name("Administrator");
        admin.set_email("admin@briefdesk.local");
        admin.add_roles(dir::ADMIN);
        InsertUserOnce(tx, admin);
        auth::KeyHash h = auth::HashApiKey(key);
        if (!HasLiveKey(tx, auth::LookupPrefix(h), kBootstrapAdminId)) {
          AddKey(tx, kBootstrapAdminId, key);
        }
        return true;
      })
      .status();
}

absl::StatusOr<dir::CreateApiKeyResponse> ApiKeys::Create(
    const rpc::Principal& p, const std::string& idempotency_key,
    const dir::CreateApiKeyRequest& req) {
  if (!IsAdmin(p) && p.user_id() != req.user_id()) {
    return absl::PermissionDeniedError("only admins make keys for other users");
  }
  storage::IdempotencyScope scope =
      storage::ScopeFor(p.user_id(), idempotency_key, "CreateApiKey", req);
  return db_->InTransaction<dir::CreateApiKeyResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::CreateApiKeyResponse> {
        dir::CreateApiKeyResponse resp;
        auto answer = FindAnswer(tx, scope);
        if (!answer.ok()) return answer.status();
        if (answer->has_value() && resp.ParseFromString(**answer)) return resp;
        if (auto user = LoadUser(tx, req.user_id()); !user.ok()) {
          return user.status();
        } else if (user->has_erase_time()) {
          return absl::FailedPreconditionError(
              "this person was erased: their account cannot be used again");
        }
        // Locked per user, so two creations at once cannot both pass the cap.
        LockKeysOf(tx, req.user_id());
        int live = CountLiveKeys(tx, req.user_id());
        if (live >= kMaxKeysPerUser) {
          return absl::FailedPreconditionError(
              absl::StrCat("this user has ", live,
                           " API keys, the most allowed; revoke one first"));
        }
        auto [key_id, key] = AddKey(tx, req.user_id());
        resp.set_key_id(key_id);
        SaveAnswer(tx, scope, resp.SerializeAsString());
        resp.set_api_key(key);
        return resp;
      });
}

absl::StatusOr<dir::ListApiKeysResponse> ApiKeys::List(
    const rpc::Principal& p, const dir::ListApiKeysRequest& req) {
  if (!IsAdmin(p) && p.user_id() != req.user_id()) {
    return absl::PermissionDeniedError("only admins see other users' keys");
  }
  return db_->Autocommit<dir::ListApiKeysResponse>(
      [&](Tx& tx) -> absl::StatusOr<dir::ListApiKeysResponse> {
        if (auto user = LoadUser(tx, req.user_id()); !user.ok()) {
          return user.status();
        }
        dir::ListApiKeysResponse resp;
        for (auto& k : LiveKeysOf(tx, req.user_id())) {
          *resp.add_keys() = std::move(k);
        }
        return resp;
      });
}

absl::Status ApiKeys::Revoke(const rpc::Principal& p,
                             const dir::RevokeApiKeyRequest& req) {
  if (!IsAdmin(p) && p.user_id() != req.user_id()) {
    return absl::PermissionDeniedError("only admins revoke other users' keys");
  }
  return db_
      ->Autocommit<bool>([&](Tx& tx) -> absl::StatusOr<bool> {
        if (!RevokeKey(tx, req.key_id(), req.user_id())) {
          return absl::NotFoundError("key " + req.key_id() +
                                     " not found for this user");
        }
        return true;
      })
      .status();
}

absl::StatusOr<dir::Principal> ApiKeys::Authenticate(
    const std::string& api_key) {
  auth::KeyHash h = auth::HashApiKey(api_key);
  return db_->Autocommit<dir::Principal>(
      [&](Tx& tx) -> absl::StatusOr<dir::Principal> {
        for (const StoredKey& k : LiveKeysByLookup(tx, auth::LookupPrefix(h))) {
          if (!auth::ConstantTimeEqual(h, k.hash)) continue;
          dir::Principal out;
          out.set_user_id(k.user.id());
          *out.mutable_roles() = k.user.roles();
          *out.mutable_expertise() = k.user.expertise();
          out.set_cohort(k.user.cohort());
          return out;
        }
        return absl::UnauthenticatedError("unknown or revoked API key");
      });
}

}  // namespace briefdesk::briefs
