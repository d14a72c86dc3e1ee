// The REST lines: reading a brief, editing it with If-Match, creating
// briefs, and the published pages readers see.
#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "bench/lines.h"

namespace briefdesk::bench {
namespace {

// GET /v1/briefs/{id} as its author, each connection its own brief.
class ReadClient : public Client {
 public:
  ReadClient(std::string key, std::string id)
      : key_(std::move(key)), id_(std::move(id)) {}
  int Next(Request* req) override {
    req->method(http::verb::get);
    req->target("/v1/briefs/" + id_);
    req->set(http::field::authorization, "Bearer " + key_);
    return 0;
  }
  std::string OnAnswer(const Response& res) override {
    return ExpectStatus(res, 200);
  }

 private:
  std::string key_, id_;
};

// PATCH /v1/briefs/{id} with the ETag of the previous answer.
class PatchClient : public Client {
 public:
  PatchClient(std::string key, std::string id, std::string etag)
      : key_(std::move(key)), id_(std::move(id)), etag_(std::move(etag)) {}
  int Next(Request* req) override {
    req->method(http::verb::patch);
    req->target("/v1/briefs/" + id_);
    req->set(http::field::authorization, "Bearer " + key_);
    req->set(http::field::content_type, "application/json");
    req->set(http::field::if_match, etag_);
    req->body() = R"({"sections":{"summary":"Key messages, edit )" +
                  std::to_string(++edits_) + R"(: extend coverage."}})";
    return 0;
  }
  std::string OnAnswer(const Response& res) override {
    if (std::string bad = ExpectStatus(res, 200); !bad.empty()) return bad;
    auto etag = res.find(http::field::etag);
    if (etag == res.end()) return "the answer to PATCH has no ETag";
    etag_ = std::string(etag->value());
    return "";
  }

 private:
  std::string key_, id_, etag_;
  int edits_ = 0;
};

// POST /v1/briefs: a new brief with every section, a new title each time.
class CreateClient : public Client {
 public:
  CreateClient(std::string key, int n) : key_(std::move(key)), n_(n) {}
  int Next(Request* req) override {
    req->method(http::verb::post);
    req->target("/v1/briefs");
    req->set(http::field::authorization, "Bearer " + key_);
    req->set(http::field::content_type, "application/json");
    req->body() = BriefBody(
        "Created brief " + std::to_string(n_) + "-" + std::to_string(++made_),
        "bench-post");
    return 0;
  }
  std::string OnAnswer(const Response& res) override {
    return ExpectStatus(res, 201);
  }

 private:
  std::string key_;
  int n_, made_ = 0;
};

std::string Connections(int n) { return std::to_string(n) + " connections"; }

// A published brief: written, submitted, approved by `expert`, published
// by `editor`; its slug.
std::string PublishOne(Bench& b, const BenchUser& author,
                       const BenchUser& expert, const BenchUser& editor) {
  std::string id = b.NewBrief(author, "bench-published");
  b.Expect(200, "POST", "/v1/briefs/" + id + ":submit", author.key);
  testing::HttpResponse claim = b.ClaimWithin(expert);
  b.Expect(200, "POST", CompletePath(claim.body), expert.key,
           CompleteBody(claim.body, "APPROVE"));
  for (int i = 0; i < 200; ++i) {  // the round concludes asynchronously
    auto r = b.Expect(200, "GET", "/v1/briefs/" + id, author.key);
    if (JsonString(r.body, "state") == "APPROVED") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto published =
      b.Expect(200, "POST", "/v1/briefs/" + id + ":publish", editor.key);
  std::string slug = JsonString(published.body, "slug");
  if (slug.empty()) throw SetupError("no slug in " + published.body);
  return slug;
}

}  // namespace

std::vector<LineResult> RestLines(Bench& b) {
  const Options& o = b.options();
  std::vector<BenchUser> authors;
  for (int i = 0; i < 8; ++i)
    authors.push_back(b.NewUser(R"(["PARTICIPANT"])"));
  std::vector<std::string> read_ids, patch_ids, etags;
  for (int i = 0; i < o.connections; ++i) {
    read_ids.push_back(b.NewBrief(authors[i % authors.size()], "bench-read"));
  }
  for (int i = 0; i < o.writers; ++i) {
    const BenchUser& a = authors[i % authors.size()];
    patch_ids.push_back(b.NewBrief(a, "bench-patch"));
    etags.push_back(
        b.Expect(200, "GET", "/v1/briefs/" + patch_ids.back(), a.key)
            .Header("etag"));
  }
  std::vector<LineResult> out;
  out.push_back(b.Measure(
      "read brief",
      "GET /v1/briefs/{id} as the author, " + Connections(o.connections) +
          ", one brief each",
      b.Load(o.connections),
      [&](int i) {
        return std::make_unique<ReadClient>(authors[i % authors.size()].key,
                                            read_ids[i]);
      },
      b.stack_cpu()));
  out.push_back(b.Measure(
      "PATCH brief",
      "PATCH /v1/briefs/{id} with If-Match, " + Connections(o.writers) +
          ", each following its own brief's ETag",
      b.Load(o.writers),
      [&](int i) {
        return std::make_unique<PatchClient>(authors[i % authors.size()].key,
                                             patch_ids[i], etags[i]);
      },
      b.stack_cpu()));
  out.push_back(b.Measure(
      "POST brief",
      "POST /v1/briefs with every section, " + Connections(o.connections),
      b.Load(o.connections),
      [&](int i) {
        return std::make_unique<CreateClient>(authors[i % authors.size()].key,
                                              i);
      },
      b.stack_cpu()));
  return out;
}

std::vector<LineResult> PublishedLines(Bench& b) {
  const Options& o = b.options();
  BenchUser author = b.NewUser(R"(["PARTICIPANT"])");
  BenchUser expert = b.NewUser(R"(["EXPERT"])", R"(["bench-published"])");
  BenchUser editor = b.NewUser(R"(["EDITOR"])");
  // A full first page of the index: it lists 20.
  std::vector<std::string> slugs;
  for (int i = 0; i < 20; ++i)
    slugs.push_back(PublishOne(b, author, expert, editor));
  std::vector<LineResult> out;
  out.push_back(b.Measure(
      "published page",
      "GET /published/{slug}, no key, " + Connections(o.connections) +
          " over 20 published briefs",
      b.Load(o.connections),
      [&](int i) {
        return std::make_unique<GetClient>("/published/" +
                                           slugs[i % slugs.size()]);
      },
      b.stack_cpu()));
  out.push_back(b.Measure(
      "published index",
      "GET /published (20 briefs a page), no key, " +
          Connections(o.connections),
      b.Load(o.connections),
      [&](int) { return std::make_unique<GetClient>("/published"); },
      b.stack_cpu()));
  return out;
}

}  // namespace briefdesk::bench
