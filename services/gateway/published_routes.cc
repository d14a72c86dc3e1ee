// The published briefs for readers: no key, HTML, Markdown and Atom,
// cacheable and revalidated with ETag and Last-Modified.
#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "libs/text/text.h"
#include "services/gateway/conditional.h"
#include "services/gateway/gateway_call.h"
#include "services/gateway/publishing.h"
#include "services/gateway/transcode.h"

namespace briefdesk::gateway {
namespace {

constexpr char kBriefs[] = "briefdesk.briefs.v1.Briefs";
// The decoded values of the parameters /published reads (`+` is a space,
// the first occurrence counts); InvalidArgument names the first that is
// malformed percent-encoding, not UTF-8, or holds a control character.
absl::StatusOr<std::map<std::string, std::string>> PublishedQuery(
    std::string_view query) {
  auto params = DecodeQuery(query);
  if (!params.ok()) {
    std::string name = rpc::DetailsOf(params.status()).details(0).field();
    return absl::InvalidArgumentError("The parameter \"" + name.substr(0, 40) +
                                      "\" is not correctly percent-encoded.");
  }
  std::map<std::string, std::string> out;
  for (auto& [key, value] : *params) {
    if ((key != "topic" && key != "cohort" && key != "pageToken") ||
        out.count(key) > 0) {
      continue;
    }
    if (auto problem = text::Problem(value, text::Lines::kOne)) {
      return absl::InvalidArgumentError("The parameter \"" + key + "\" " +
                                        *problem + ".");
    }
    out[key] = std::move(value);
  }
  return out;
}

std::string Encode(const std::string& s) {
  std::string path = SlugPath(s);  // percent-encodes
  return path.substr(std::string("/published/").size());
}

}  // namespace

// Never from the request's Host: these bytes are cached and shared
// (Cache-Control: public), so a forged Host would poison them for everyone.
// main sets public_url (PublicBaseUrl); the fallback is for gateways built
// without it, in tools and tests.
std::string Gateway::BaseUrl(const Call&) const {
  return options_.public_url.empty() ? "http://localhost" : options_.public_url;
}

void Gateway::AnswerCacheable(std::shared_ptr<Call> call, std::string body,
                              const char* content_type, int64_t last_modified) {
  Response res;
  std::string etag = BodyEtag(body);
  res.set(http::field::etag, etag);
  res.set(http::field::cache_control, "public, max-age=60");
  if (last_modified > 0)
    res.set(http::field::last_modified, HttpDate(last_modified));
  auto none_match = call->req.find(http::field::if_none_match);
  auto since = call->req.find(http::field::if_modified_since);
  bool fresh = false;
  if (none_match != call->req.end()) {
    auto tags = ParseEntityTags(std::string_view(none_match->value().data(),
                                                 none_match->value().size()),
                                "If-None-Match");
    fresh = tags.ok() && NoneMatch(*tags, etag);
  } else if (since != call->req.end() && last_modified > 0) {
    int64_t t = ParseHttpDate(std::string(since->value()));
    fresh = t >= last_modified;
  }
  if (fresh) {
    res.result(304);
  } else {
    res.result(200);
    res.set(http::field::content_type, content_type);
    res.body() = std::move(body);
  }
  Finish(std::move(call), std::move(res));
}

void Gateway::ServePublished(std::shared_ptr<Call> call) {
  const std::string& path = call->found.route->http.path();
  // 400 and 404 are pages (Fail renders them for these routes).
  auto fail = [this, call](const grpc::Status& s) {
    Fail(call, rpc::FromGrpcStatus(s));
  };
  CallMetadata md;
  md.request_id = call->request_id;
  if (path == "/published" || path == "/published/feed.atom") {
    bool feed = path == "/published/feed.atom";
    briefs::v1::ListPublishedRequest req;
    req.set_page_size(feed ? 50 : 20);
    if (!feed) {
      auto query = PublishedQuery(call->query);
      if (!query.ok()) {
        Fail(call, query.status());
        return;
      }
      req.set_topic((*query)["topic"]);
      req.set_cohort((*query)["cohort"]);
      req.set_page_token((*query)["pageToken"]);
    }
    backends_->Call(
        kBriefs, "/briefdesk.briefs.v1.Briefs/ListPublished",
        req.SerializeAsString(), md,
        [this, call, req, feed, fail](const grpc::Status& s,
                                      std::string bytes) {
          briefs::v1::ListPublishedResponse list;
          if (!s.ok()) return fail(s);
          list.ParseFromString(bytes);
          std::vector<PublishedBrief> items(list.briefs().begin(),
                                            list.briefs().end());
          int64_t last = 0;
          for (const auto& b : items)
            last = std::max(last, LastModifiedSeconds(b));
          if (feed) {
            AnswerCacheable(call, AtomFeed(items, BaseUrl(*call)),
                            "application/atom+xml; charset=utf-8", last);
            return;
          }
          std::string next;
          if (list.has_next_page_token()) {
            next = "/published?";
            if (!req.topic().empty())
              next += "topic=" + Encode(req.topic()) + "&";
            if (!req.cohort().empty())
              next += "cohort=" + Encode(req.cohort()) + "&";
            next += "pageToken=" + list.next_page_token();
          }
          AnswerCacheable(call,
                          IndexPage(items, req.topic(), req.cohort(), next),
                          "text/html; charset=utf-8", last);
        });
    return;
  }
  bool markdown = path == "/published/{slug}.md";
  briefs::v1::GetPublishedRequest req;
  req.set_slug(call->found.params.at("slug"));
  backends_->Call(
      kBriefs, "/briefdesk.briefs.v1.Briefs/GetPublished",
      req.SerializeAsString(), md,
      [this, call, markdown, fail](const grpc::Status& s, std::string bytes) {
        if (!s.ok()) return fail(s);
        PublishedBrief b;
        b.ParseFromString(bytes);
        if (markdown) {
          AnswerCacheable(call, BriefMarkdown(b, BaseUrl(*call)),
                          "text/markdown; charset=utf-8",
                          LastModifiedSeconds(b));
        } else {
          AnswerCacheable(call, BriefPage(b, BaseUrl(*call)),
                          "text/html; charset=utf-8", LastModifiedSeconds(b));
        }
      });
}

}  // namespace briefdesk::gateway
