// The published briefs for readers: no key, HTML, Markdown and Atom,
// cacheable and revalidated with ETag and Last-Modified. Every reader gets
// the same bytes, so they are rendered once and kept (published_cache.h).
#include <algorithm>
#include <functional>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "briefdesk/briefs/v1/briefs.pb.h"
#include "libs/rpc/rpc.h"
#include "libs/text/text.h"
#include "services/gateway/conditional.h"
#include "services/gateway/gateway_call.h"
#include "services/gateway/published_cache.h"
#include "services/gateway/publishing.h"
#include "services/gateway/transcode.h"

namespace briefdesk::gateway {
namespace {

constexpr char kBriefs[] = "briefdesk.briefs.v1.Briefs";

// The index's filters: the decoded values of the parameters /published
// reads (`+` is a space, the first occurrence counts); InvalidArgument
// names the first that is malformed percent-encoding, not UTF-8, or holds a
// control character. Others are ignored, and so share the cached answer.
struct IndexQuery {
  std::string topic, cohort, page_token;
};

absl::StatusOr<IndexQuery> ParseIndexQuery(std::string_view query) {
  IndexQuery out;
  if (query.empty()) return out;
  auto params = DecodeQuery(query);
  if (!params.ok()) {
    std::string name = rpc::DetailsOf(params.status()).details(0).field();
    return absl::InvalidArgumentError("The parameter \"" + name.substr(0, 40) +
                                      "\" is not correctly percent-encoded.");
  }
  std::map<std::string, std::string*> wanted = {{"topic", &out.topic},
                                                {"cohort", &out.cohort},
                                                {"pageToken", &out.page_token}};
  for (auto& [key, value] : *params) {
    auto it = wanted.find(key);
    if (it == wanted.end()) continue;
    if (auto problem = text::Problem(value, text::Lines::kOne)) {
      return absl::InvalidArgumentError("The parameter \"" + key + "\" " +
                                        *problem + ".");
    }
    *it->second = std::move(value);
    wanted.erase(it);  // the first occurrence counts
  }
  return out;
}

std::string Encode(const std::string& s) {
  std::string path = SlugPath(s);  // percent-encodes
  return path.substr(std::string("/published/").size());
}

// A rendered answer, to keep and to send.
using Rendered = std::function<void(std::shared_ptr<const PublishedAnswer>)>;
using Failed = std::function<void(const grpc::Status&)>;

std::shared_ptr<const PublishedAnswer> MakeAnswer(std::string body,
                                                  const char* content_type,
                                                  int64_t last_modified) {
  auto a = std::make_shared<PublishedAnswer>();
  a->etag = BodyEtag(body);
  a->body = std::move(body);
  a->content_type = content_type;
  a->last_modified_seconds = last_modified;
  if (last_modified > 0) a->last_modified = HttpDate(last_modified);
  return a;
}

// What an answer is kept under: the route and what selects the answer
// (values hold no line breaks: they are checked as one line of text).
std::string CacheKey(const std::string& route, const std::string& slug,
                     const IndexQuery& q) {
  return absl::StrCat(route, "\n", slug, "\n", q.topic, "\n", q.cohort, "\n",
                      q.page_token);
}

// Whether the reader's copy is the current one: If-None-Match, or when
// there is none If-Modified-Since (RFC 9110 §13.1.3).
bool Fresh(const Request& req, const PublishedAnswer& a) {
  auto none_match = req.find(http::field::if_none_match);
  if (none_match != req.end()) {
    return NotModified(std::string_view(none_match->value().data(),
                                        none_match->value().size()),
                       a.etag);
  }
  auto since = req.find(http::field::if_modified_since);
  if (since == req.end() || a.last_modified_seconds <= 0) return false;
  return ParseHttpDate(std::string(since->value())) >= a.last_modified_seconds;
}

// The index (20 a page, filtered) or the feed (the 50 latest).
void RenderList(Backends* backends, const CallMetadata& md, bool feed,
                const IndexQuery& q, const std::string& base_url, Failed fail,
                Rendered done) {
  briefs::v1::ListPublishedRequest req;
  req.set_page_size(feed ? 50 : 20);
  req.set_topic(q.topic);
  req.set_cohort(q.cohort);
  req.set_page_token(q.page_token);
  backends->Call(
      kBriefs, "/briefdesk.briefs.v1.Briefs/ListPublished",
      req.SerializeAsString(), md,
      [req, feed, base_url, fail, done](const grpc::Status& s,
                                        std::string bytes) {
        if (!s.ok()) return fail(s);
        briefs::v1::ListPublishedResponse list;
        list.ParseFromString(bytes);
        std::vector<PublishedBrief> items(list.briefs().begin(),
                                          list.briefs().end());
        int64_t last = 0;
        for (const auto& b : items)
          last = std::max(last, LastModifiedSeconds(b));
        if (feed) {
          return done(MakeAnswer(AtomFeed(items, base_url),
                                 "application/atom+xml; charset=utf-8", last));
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
        done(MakeAnswer(IndexPage(items, req.topic(), req.cohort(), next),
                        "text/html; charset=utf-8", last));
      });
}

// A brief's page, or its Markdown.
void RenderBrief(Backends* backends, const CallMetadata& md, bool markdown,
                 const std::string& slug, const std::string& base_url,
                 Failed fail, Rendered done) {
  briefs::v1::GetPublishedRequest req;
  req.set_slug(slug);
  backends->Call(
      kBriefs, "/briefdesk.briefs.v1.Briefs/GetPublished",
      req.SerializeAsString(), md,
      [markdown, base_url, fail, done](const grpc::Status& s,
                                       std::string bytes) {
        if (!s.ok()) return fail(s);
        PublishedBrief b;
        b.ParseFromString(bytes);
        if (markdown) {
          return done(MakeAnswer(BriefMarkdown(b, base_url),
                                 "text/markdown; charset=utf-8",
                                 LastModifiedSeconds(b)));
        }
        done(MakeAnswer(BriefPage(b, base_url), "text/html; charset=utf-8",
                        LastModifiedSeconds(b)));
      });
}

}  // namespace

// Never from the request's Host: these bytes are cached and shared
// (Cache-Control: public), so a forged Host would poison them for everyone.
// main sets public_url (PublicBaseUrl); the fallback is for gateways built
// without it, in tools and tests.
std::string Gateway::BaseUrl(const Call&) const {
  return options_.public_url.empty() ? "http://localhost" : options_.public_url;
}

void Gateway::PublishedChanged(const Route& route,
                               const google::protobuf::Message& answer) {
  PublishedCache* cache = options_.published_cache;
  if (cache == nullptr || route.service != kBriefs) return;
  if (route.rpc == "/briefdesk.briefs.v1.Briefs/PublishBrief" ||
      route.rpc == "/briefdesk.briefs.v1.Briefs/ReturnBrief" ||
      route.rpc == "/briefdesk.briefs.v1.Briefs/RetractBrief") {
    cache->Invalidate(FieldString(answer, "slug"));  // "": the lists only
  }
}

void Gateway::AnswerPublished(std::shared_ptr<Call> call,
                              const PublishedAnswer& answer) {
  Response res;
  res.set(http::field::etag, answer.etag);
  res.set(http::field::cache_control, "public, max-age=60");
  if (!answer.last_modified.empty())
    res.set(http::field::last_modified, answer.last_modified);
  if (Fresh(call->req, answer)) {
    res.result(304);
  } else {
    res.result(200);
    res.set(http::field::content_type, answer.content_type);
    res.body() = answer.body;
  }
  Finish(std::move(call), std::move(res));
}

// A hit is answered from the cache; a miss renders what the briefs service
// gives and keeps it, unless a change came meanwhile (PublishedCache).
void Gateway::ServePublished(std::shared_ptr<Call> call) {
  const std::string& route = call->found.route->http.path();
  IndexQuery query;
  if (route == "/published") {
    auto q = ParseIndexQuery(call->query);
    if (!q.ok()) {  // 400 and 404 are pages (Fail renders them here)
      Fail(call, q.status());
      return;
    }
    query = std::move(*q);
  }
  bool list = route == "/published" || route == "/published/feed.atom";
  std::string slug = list ? "" : call->found.params.at("slug");
  std::string key = CacheKey(route, slug, query);
  PublishedCache* cache = options_.published_cache;
  if (cache != nullptr) {
    if (auto hit = cache->Find(key, PublishedCache::Clock::now())) {
      AnswerPublished(std::move(call), *hit);
      return;
    }
  }
  uint64_t generation = cache != nullptr ? cache->Generation() : 0;
  Rendered done = [this, call, cache, key, slug,
                   generation](std::shared_ptr<const PublishedAnswer> a) {
    if (cache != nullptr)
      cache->Store(key, slug, a, generation, PublishedCache::Clock::now());
    AnswerPublished(call, *a);
  };
  Failed fail = [this, call](const grpc::Status& s) {
    Fail(call, rpc::FromGrpcStatus(s));
  };
  CallMetadata md;
  md.request_id = call->request_id;
  if (list) {
    RenderList(backends_, md, route == "/published/feed.atom", query,
               BaseUrl(*call), std::move(fail), std::move(done));
  } else {
    RenderBrief(backends_, md, route == "/published/{slug}.md", slug,
                BaseUrl(*call), std::move(fail), std::move(done));
  }
}

}  // namespace briefdesk::gateway
