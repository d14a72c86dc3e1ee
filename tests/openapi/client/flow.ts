// The whole review pipeline through a client generated from the gateway's
// OpenAPI document (openapi-typescript types, openapi-fetch calls), as an
// integrator would write it: under `strict`, with no casts and no runtime
// checks of fields the document marks required. Every answer is checked
// for Prism's violation header when the base URL is Prism's proxy.
//
//   node dist/flow.js <base url> <admin api key> <webhook receiver url>
import createClient from "openapi-fetch";
import type { components, paths } from "./api.js";

type Brief = components["schemas"]["Brief"];

const [base = "", adminKey = "", hookUrl = ""] = process.argv.slice(2);
let checked = 0;

function fail(message: string): never {
  throw new Error(message);
}

function api(key: string) {
  const client = createClient<paths>({
    baseUrl: base,
    headers: { Authorization: `Bearer ${key}` },
  });
  client.use({
    onResponse({ response }) {
      const violations = response.headers.get("sl-violations");
      if (violations) fail(`${response.url}: ${violations}`);
      checked++;
      return response;
    },
  });
  return client;
}

// The answer's body, or a failure naming the status and the error body.
function ok<T>(r: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (r.data === undefined) {
    fail(`${what}: ${r.response.status} ${JSON.stringify(r.error)}`);
  }
  return r.data;
}

function header(r: { response: Response }, name: string): string {
  return r.response.headers.get(name) ?? fail(`no ${name} header`);
}

function expect(condition: boolean, what: string): void {
  if (!condition) fail(what);
}

async function main(): Promise<void> {
  const unique = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
  const topic = `contract-${unique}`;
  const admin = api(adminKey);
  const newUser = async (role: components["schemas"]["CreateUserBody"]["roles"][number],
                         expertise: string[] = []) => {
    const r = await admin.POST("/v1/users", {
      body: { displayName: `Contract ${role}`, email: `${unique}-${role}@example.org`,
              roles: [role], expertise },
    });
    const created = ok(r, "create user");
    expect(header(r, "Location") === `/v1/users/${created.user.id}`, "user Location");
    return created;
  };
  const a = await newUser("PARTICIPANT");
  const e = await newUser("EXPERT", [topic]);
  const ed = await newUser("EDITOR");
  const author = api(a.apiKey), expert = api(e.apiKey), editor = api(ed.apiKey);

  const me = ok(await author.GET("/v1/users/me"), "me");
  expect(me.id === a.user.id && me.roles[0] === "PARTICIPANT", "me");
  const users = ok(await admin.GET("/v1/users", { params: { query: { role: "EXPERT" } } }), "users");
  expect(users.users.some((u) => u.id === e.user.id), "the expert is listed");
  ok(await editor.GET("/v1/users/{id}", { params: { path: { id: a.user.id } } }), "one user");

  const created = await author.POST("/v1/briefs", {
    params: { header: { "Idempotency-Key": unique } },
    body: {
      title: "Social protection for platform workers", topic, constituency: "WORKERS",
      policyQuestion: "How can platform workers be covered?",
      sections: {
        summary: "Extend unemployment insurance to platform workers.",
        problem: "Platform workers lack income protection.",
        options: "1. Voluntary schemes\n2. Mandatory coverage",
        recommendations: "- Extend coverage.\n- Collect contributions through platforms.",
        references: "- ILO (2021)\n- OECD (2020)\n- World Bank (2019)",
      },
    },
  });
  let brief: Brief = ok(created, "create brief");
  expect(created.response.status === 201, "201");
  expect(header(created, "Location") === `/v1/briefs/${brief.id}`, "brief Location");
  let etag = header(created, "ETag");
  expect(etag === `"${brief.etag}"`, "ETag is the brief's etag");

  const path = { id: brief.id };
  const edited = await author.PATCH("/v1/briefs/{id}", {
    params: { path, header: { "If-Match": etag } },
    body: { sections: { evidence: "In 2021 surveys, most had no income." } },
  });
  brief = ok(edited, "edit");
  expect(brief.revision === 2 && brief.sections.evidence.startsWith("In 2021"), "revision 2");
  const stale = await author.PATCH("/v1/briefs/{id}", {
    params: { path, header: { "If-Match": etag } }, body: { title: "Stale" },
  });
  expect(stale.response.status === 412 && stale.error?.error.code === "ABORTED", "stale is 412");
  etag = header(edited, "ETag");
  const fresh = await author.GET("/v1/briefs/{id}", {
    params: { path, header: { "If-None-Match": etag } },
  });
  expect(fresh.response.status === 304, "304 on a current ETag");

  const check = ok(await author.GET("/v1/briefs/{id}/check", { params: { path } }), "check");
  expect(check.errors.length === 0 && check.metrics.totalWords > 10, "the check passes");
  const revisions = ok(await author.GET("/v1/briefs/{id}/revisions", { params: { path } }), "revisions");
  expect(revisions.revisions.length === 2 && revisions.revisions[1]?.number === 2, "two revisions");
  const first = ok(await author.GET("/v1/briefs/{id}/revisions/{n}", {
    params: { path: { id: brief.id, n: 1 } } }), "revision 1");
  expect(first.sections.evidence === "", "revision 1 had no evidence");
  const diff = ok(await author.GET("/v1/briefs/{id}/diff", {
    params: { path, query: { from: 1, to: 2 } } }), "diff");
  expect(diff.fields.some((f) => f.field === "evidence" && f.changed), "evidence changed");

  const submitted = await author.POST("/v1/briefs/{id}:submit", { params: { path } });
  expect(ok(submitted, "submit").state === "SUBMITTED", "SUBMITTED");
  expect(header(submitted, "X-BriefDesk-Effects") === "applied", "submission applied");

  const claimed = await expert.POST("/v1/reviews:claim");
  const claim = claimed.data ?? fail(`claim: ${claimed.response.status}, nothing to review`);
  expect(claimed.response.status === 200 && claim.task.briefId === brief.id, "claimed it");
  expect(claim.brief.sections.summary.length > 0 && claim.check.errors.length === 0, "material");
  const task = { taskId: claim.task.id };
  const renewed = ok(await expert.POST("/v1/reviews/{taskId}:renew", {
    params: { path: task }, body: { claimToken: claim.task.claimToken } }), "renew");
  expect(renewed.state === "CLAIMED", "renewed");
  const refused = await author.POST("/v1/briefs/{id}:withdraw", { params: { path } });
  expect(refused.response.status === 409, "no withdrawal in review");
  expect(refused.error?.error.details[0]?.allowedActions.length === 0, "no action allowed");

  const review = ok(await expert.POST("/v1/reviews/{taskId}:complete", {
    params: { path: task },
    body: {
      claimToken: claim.task.claimToken, decision: "APPROVE", summary: "Clear and actionable.",
      scores: { evidence: 4, clarity: 5, actionability: 4, relevance: 5 },
      comments: [{ section: "summary", quote: "unemployment insurance", body: "Say which." }],
    },
  }), "complete");
  expect(review.decision === "APPROVE" && review.comments[0]?.quote === "unemployment insurance",
         "the review");
  const reviews = ok(await author.GET("/v1/briefs/{id}/reviews", { params: { path } }), "reviews");
  expect(reviews.reviews[0]?.scores.clarity === 5, "the author sees the review");
  const mine = ok(await expert.GET("/v1/reviews", { params: { query: { state: "DONE" } } }), "mine");
  expect(mine.tasks.some((t) => t.id === claim.task.id), "the expert's task");
  const queue = ok(await editor.GET("/v1/queue"), "queue");
  expect(queue.queued >= 0 && Array.isArray(queue.topics), "queue stats");

  const published = ok(await editor.POST("/v1/briefs/{id}:publish", { params: { path } }), "publish");
  const slug = published.slug ?? fail("a published brief has a slug");
  expect(published.state === "PUBLISHED", "published at once after the approval");
  const again = await editor.POST("/v1/briefs/{id}:publish", { params: { path } });
  expect(again.response.status === 409 && again.error?.error.code === "FAILED_PRECONDITION",
         "publishing twice is 409");
  const history = ok(await author.GET("/v1/briefs/{id}/history", { params: { path } }), "history");
  expect(history.transitions.map((t) => t.action).includes("publish"), "history");
  const list = ok(await author.GET("/v1/briefs", {
    params: { query: { state: "PUBLISHED", topic, pageSize: 10 } } }), "list");
  expect(list.briefs.length === 1 && list.briefs[0]?.id === brief.id, "filtered list");

  const anonymous = createClient<paths>({ baseUrl: base });
  const page = await anonymous.GET("/published/{slug}", {
    params: { path: { slug } }, parseAs: "text" });
  expect(page.response.status === 200 && ok(page, "page").includes("<h1"), "the page");
  const md = await anonymous.GET("/published/{slug}.md", { params: { path: { slug } }, parseAs: "text" });
  expect(ok(md, "markdown").startsWith("---\n"), "the Markdown");
  const feed = await anonymous.GET("/published/feed.atom", { parseAs: "text" });
  expect(ok(feed, "feed").includes(brief.id), "the feed");
  const index = await anonymous.GET("/published", { params: { query: { topic } }, parseAs: "text" });
  expect(ok(index, "index").includes(slug), "the index");
  const missing = await anonymous.GET("/published/{slug}", {
    params: { path: { slug: "no-such-brief" } }, parseAs: "text" });
  expect(missing.response.status === 404, "404 page");

  const hook = await author.POST("/v1/webhooks", {
    body: { url: hookUrl, events: ["brief.retracted"] } });
  const created_hook = ok(hook, "webhook");
  expect(created_hook.secret.startsWith("whsec_"), "secret shown once");
  const hooks = ok(await author.GET("/v1/webhooks"), "webhooks");
  expect(hooks.webhooks[0]?.id === created_hook.id, "listed");
  const retracted = ok(await editor.POST("/v1/briefs/{id}:retract", {
    params: { path }, body: { reason: "Figures under review." } }), "retract");
  expect(retracted.state === "RETRACTED", "retracted");
  let delivered = false;
  for (let i = 0; i < 100 && !delivered; i++) {
    const attempts = ok(await author.GET("/v1/webhooks/{id}/deliveries", {
      params: { path: { id: created_hook.id } } }), "deliveries");
    delivered = attempts.deliveries.some((d) => d.state === "DELIVERED" && d.statusCode === 200);
    if (!delivered) await new Promise((r) => setTimeout(r, 100));
  }
  expect(delivered, "the webhook was delivered");
  const deleted = await author.DELETE("/v1/webhooks/{id}", {
    params: { path: { id: created_hook.id } } });
  expect(deleted.response.status === 204, "webhook deleted");

  const inbox = ok(await author.GET("/v1/notifications", { params: { query: { unread: true } } }),
                   "inbox");
  const note = inbox.notifications[0] ?? fail("the author was notified");
  const read = ok(await author.POST("/v1/notifications/{id}:read", {
    params: { path: { id: note.id } } }), "mark read");
  expect(read.readTime !== undefined, "read");

  const key = ok(await author.POST("/v1/users/{id}/keys", {
    params: { path: { id: a.user.id } } }), "new key");
  const revoked = await author.DELETE("/v1/users/{id}/keys/{keyId}", {
    params: { path: { id: a.user.id, keyId: key.keyId } } });
  expect(revoked.response.status === 204, "revoked");
  const nobody = await api("bdk_not_a_key").GET("/v1/users/me");
  expect(nobody.response.status === 401 && nobody.error?.error.code === "UNAUTHENTICATED", "401");
  const unknown = await author.GET("/v1/briefs/{id}", { params: { path: { id: "0000" } } });
  expect(unknown.response.status === 404, "404");
  const forbidden = await author.GET("/v1/queue");
  expect(forbidden.response.status === 403, "403");
  const invalid = await author.POST("/v1/briefs", { body: { title: "x", topic: "Not A Slug" } });
  expect(invalid.response.status === 400 && invalid.error?.error.details[0]?.field === "topic",
         "400 names the field");

  const doc = ok(await anonymous.GET("/v1/openapi.json"), "document");
  expect(typeof doc === "object", "the document");
  ok(await anonymous.GET("/healthz"), "healthz");
  expect(ok(await anonymous.GET("/readyz"), "readyz").status === "ready", "ready");
  const metrics = await anonymous.GET("/metrics", { parseAs: "text" });
  expect(ok(metrics, "metrics").includes("briefdesk_http_requests_total"), "metrics");
  console.log(`flow done: ${checked} answers checked`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
