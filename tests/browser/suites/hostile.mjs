// Hostile text never runs as script (issue 13): a brief's title, policy
// question and sections, an expert's comments, quotes and summary, and the
// display names of the participant, the expert and the editor, each
// carrying the classic payloads, shown on every screen that shows them —
// the brief editor and its preview, the revision diff, the reviews
// received, the review screen, the editor's desk and its confirmation,
// the notifications (one arriving live), home, account, the progress
// board and the published page. On each: window.__pwned stays undefined,
// no element the payloads would make exists, no dialog opens and no CSP
// violation is reported (the harness fails on a console error or dialog;
// a securitypolicyviolation listener counts them too).
import assert from 'node:assert/strict';
import {
  admin, call, expectStatus, getBrief, newBrief, newCourse, newSignedUpUser, signIn,
} from '../lib/api.mjs';
import { axeCheck, screenshot } from '../lib/browser.mjs';
import { env, unique, waitUntil } from '../lib/env.mjs';
import { journey } from '../lib/journey.mjs';

const { person, step } = journey();

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=2</script>',
  '[x](javascript:window.__pwned=3)',
  '"><svg onload=window.__pwned=4>',
];
const HOSTILE = PAYLOADS.join(' ');
const u = unique();
const TOPIC = `hostile-${u}`.slice(0, 64);
const TITLE = `Brief ${HOSTILE}`;
const QUOTE = `Wages rose ${PAYLOADS[0]}`;
const SECTIONS = {
  summary: `- Key ${HOSTILE}\n- <img src=x onerror="window.__pwned=5">`,
  problem: `${PAYLOADS[1]}\n\n[click me](javascript:window.__pwned=6)\n\n<a href="javascript:window.__pwned=7">link</a>`,
  evidence: `${QUOTE} in the survey. ${PAYLOADS[3]} <iframe src="javascript:window.__pwned=8"></iframe>`,
  options: `<details open ontoggle="window.__pwned=9">x</details> <style>*{display:none}</style>`,
  recommendations: `- Extend ${HOSTILE}\n- Establish <a href=javascript:window.__pwned=10>x</a>`,
  references: `- [ref](javascript:window.__pwned=11)\n- ![img](javascript:window.__pwned=12)\n- <svg><script>window.__pwned=13</script></svg>`,
};
const s = {};

// In every page of every context: payloads that run, and CSP violations,
// leave a mark for expectInert to find.
async function personOf(who, options) {
  const p = await person(who, options);
  if (!p.watched) {
    p.watched = true;
    await p.context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
  }
  return p;
}

// Elements the payloads would make, were they taken for markup.
const MADE = [
  'img[src="x"]', 'svg', 'iframe', 'object', 'embed', 'details[ontoggle]', 'body style',
  'script:not([src])', '[onerror]', '[onload]', '[ontoggle]',
  'a[href^="javascript:" i]', 'a[href^="data:" i]',
].join(', ');

// Nothing ran on the page, and `shown` (hostile text) is shown as text.
async function expectInert(page, where, shown = []) {
  for (const text of shown) {
    await page.getByText(text, { exact: false }).first().waitFor()
      .catch((e) => { throw new Error(`${where}: "${text}" is not shown as text: ${e.message}`); });
  }
  const found = await page.evaluate((selector) => ({
    pwned: window.__pwned,
    csp: window.__csp ?? [],
    made: [...document.querySelectorAll(selector)].map((el) => el.outerHTML.slice(0, 120)),
  }), MADE);
  assert.equal(found.pwned, undefined, `${where}: a payload ran (window.__pwned = ${found.pwned})`);
  assert.deepEqual(found.csp, [], `${where}: CSP violations`);
  assert.deepEqual(found.made, [], `${where}: hostile markup became elements`);
  await axeCheck(page, where);
  await screenshot(page, where);
}

const h1 = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();

step('setup: hostile names, a course, a brief with hostile text everywhere, submitted and reviewed with hostile comments', async () => {
  const [participant, expert, editor] = await Promise.all([
    newSignedUpUser({ displayName: `Eve ${HOSTILE}` }),
    newSignedUpUser({ roles: ['EXPERT'], displayName: `Mallory ${HOSTILE}`, expertise: [TOPIC] }),
    newSignedUpUser({ roles: ['EDITOR'], displayName: `Trudy ${HOSTILE}` }),
  ]);
  Object.assign(s, { participant, expert, editor });
  s.course = await newCourse(env.ADMIN_KEY, {
    title: `Course ${HOSTILE}`, modules: [{ title: `Module ${HOSTILE}`, sections: ['summary', 'problem'] }],
  });
  expectStatus(await admin.call('POST', `/v1/courses/${s.course.id}/members`,
    { body: { email: participant.email, courseRole: 'PARTICIPANT' } }), 201, 'enrolling the participant');
  s.brief = await newBrief(participant.key, {
    title: TITLE, topic: TOPIC, policyQuestion: `Why ${HOSTILE}?`, country: `Land ${PAYLOADS[0]}`,
    courseId: s.course.id, sections: SECTIONS,
  });
  expectStatus(await call('POST', `/v1/briefs/${s.brief.id}:submit`, { key: participant.key, body: {} }), 200, 'submitting');
  const claim = expectStatus(await call('POST', '/v1/reviews:claim', { key: expert.key, body: {} }), 200, 'claiming');
  s.comments = [
    { section: 'evidence', quote: QUOTE, body: `Comment ${HOSTILE}` },
    { section: 'evidence', quote: 'in the survey', body: `Second ${HOSTILE}` },
  ];
  expectStatus(await call('POST', `/v1/reviews/${claim.json.task.id}:complete`, {
    key: expert.key,
    body: {
      claimToken: claim.json.task.claimToken, decision: 'REQUEST_CHANGES', summary: `Summary ${HOSTILE}`,
      scores: { evidence: 2, clarity: 2, actionability: 2, relevance: 2 }, comments: s.comments,
    },
  }), 200, 'requesting changes');
});

step('the participant: home, account, the editor with its preview and check, the reviews received', async () => {
  const { page } = await personOf('participant', { session: await signIn(s.participant.email, s.participant.password) });
  await page.goto('/app/');
  await h1(page, `Hello, Eve ${HOSTILE}`);
  await expectInert(page, 'hostile-home', [`Course ${HOSTILE}`, `Module ${HOSTILE}`]);
  await page.goto('/app/account');
  await h1(page, 'Your account');
  await expectInert(page, 'hostile-account', [`Eve ${HOSTILE}`]);
  await page.goto('/app/briefs');
  await expectInert(page, 'hostile-my-briefs', [TITLE]);

  await page.goto(`/app/briefs/${encodeURIComponent(s.brief.id)}`);
  await h1(page, TITLE);
  assert.equal(await page.getByRole('textbox', { name: /^Title/ }).inputValue(), TITLE);
  assert.equal(await page.getByRole('textbox', { name: /^Evidence/ }).inputValue(), SECTIONS.evidence);
  // The previews render (the text around the payloads is there), the check ran.
  await page.getByRole('region', { name: 'How “Evidence” will look' }).getByText('in the survey', { exact: false }).waitFor();
  await page.getByRole('region', { name: 'How “Key messages” will look' }).getByRole('listitem').filter({ hasText: /^Key / }).waitFor();
  await page.getByRole('region', { name: 'Brief check' }).getByRole('heading', { name: 'The numbers' }).waitFor();
  await expectInert(page, 'hostile-editor');
  // Typing more hostile text: the live preview stays inert.
  await page.getByRole('textbox', { name: /^Policy options/ }).fill(`${SECTIONS.options}\n\n${HOSTILE} typed`);
  await page.getByRole('region', { name: 'How “Policy options” will look' }).getByText('typed', { exact: false }).waitFor();
  await expectInert(page, 'hostile-editor-typed');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^Saved at .*\(revision 2\)\.$/ }).waitFor();

  await page.getByRole('navigation', { name: 'This brief' }).getByRole('link', { name: 'Reviews received', exact: true }).click();
  await h1(page, `Reviews of: ${TITLE}`);
  await page.getByText(`Comment ${HOSTILE}`).waitFor();
  // The comment whose passage is not in the rendered text is listed with
  // its quote; the other is at its passage.
  await page.locator('mark', { hasText: 'in the survey' }).waitFor();
  await expectInert(page, 'hostile-reviews-received',
    [`Summary ${HOSTILE}`, `Second ${HOSTILE}`, 'Wages rose <img src=x onerror=']);

  await page.goto(`/app/briefs/${encodeURIComponent(s.brief.id)}/revisions?from=1&to=2`);
  await page.getByRole('table', { name: /^Changes in Policy options/ }).waitFor();
  await expectInert(page, 'hostile-revisions-diff', [`${HOSTILE} typed`]);
});

step('the expert: the review screen of round 2 (the brief, what changed, the check), a hostile comment added', async () => {
  expectStatus(await call('POST', `/v1/briefs/${s.brief.id}:submit`, { key: s.participant.key, body: {} }), 200, 'resubmitting');
  const { page } = await personOf('expert', { session: await signIn(s.expert.email, s.expert.password) });
  await page.goto('/app/queue');
  await h1(page, 'Reviews');
  await page.getByRole('button', { name: 'Claim the next brief', exact: true }).click();
  await h1(page, `Review: ${TITLE}`);
  await page.getByRole('heading', { name: 'What changed since you reviewed revision 1' }).waitFor();
  await page.getByRole('region', { name: 'The brief (revision 2)' }).getByText('in the survey', { exact: false }).waitFor();
  await expectInert(page, 'hostile-review-screen', [`Mallory ${HOSTILE}`, `${HOSTILE} typed`]);
  // A comment on a section, with hostile text in the quote and the body.
  await page.getByRole('button', { name: 'Comment on Evidence', exact: true }).click();
  await page.getByRole('textbox', { name: /^Passage you comment on/ }).fill(QUOTE);
  await page.getByText('Found in the section as the author wrote it').waitFor();
  await page.getByRole('textbox', { name: /^Your comment \(required\)/ }).fill(`Round two ${HOSTILE}`);
  await page.getByRole('button', { name: 'Add the comment', exact: true }).click();
  const comments = page.getByRole('complementary', { name: 'Your comments' });
  await comments.getByText(`Round two ${HOSTILE}`).waitFor();
  // The quote is listed as its text reads (Markdown's marks left out).
  await comments.getByText('Wages rose <img src=x onerror=', { exact: false }).waitFor();
  await expectInert(page, 'hostile-review-commented');
  // Sent through the API with the claim the page holds.
  const held = expectStatus(await call('GET', '/v1/reviews?state=CLAIMED', { key: s.expert.key }), 200).json.tasks ?? [];
  const task = held.find((t) => t.briefId === s.brief.id);
  assert.ok(task?.claimToken, `no claim on the brief in ${JSON.stringify(held)}`);
  expectStatus(await call('POST', `/v1/reviews/${task.id}:complete`, {
    key: s.expert.key,
    body: {
      claimToken: task.claimToken, decision: 'APPROVE', summary: `Approved ${HOSTILE}`,
      scores: { evidence: 4, clarity: 4, actionability: 4, relevance: 4 },
      comments: [{ section: 'evidence', quote: QUOTE, body: `Round two ${HOSTILE}` }],
    },
  }), 200, 'approving');
  await page.goto('/app/reviews');
  await expectInert(page, 'hostile-my-reviews', [TITLE]);
});

step('the editor publishes through the desk while the participant\'s notifications are open; both stay inert', async () => {
  const { page: mine } = await personOf('participant');
  await mine.goto('/app/notifications');
  await h1(mine, 'Notifications');
  await mine.getByText('New notifications appear here as they arrive.').waitFor();
  await expectInert(mine, 'hostile-notifications');
  const before = await mine.getByRole('main').getByRole('listitem').count();

  const { page } = await personOf('editor', { session: await signIn(s.editor.email, s.editor.password) });
  await page.goto('/app/publishing');
  await h1(page, 'Publishing');
  await page.getByRole('link', { name: TITLE, exact: true }).waitFor();
  await expectInert(page, 'hostile-desk-list', [`Trudy ${HOSTILE}`]);
  await page.getByRole('link', { name: TITLE, exact: true }).click();
  await h1(page, TITLE);
  await page.getByRole('region', { name: 'Preview of the published page' }).getByText('in the survey', { exact: false }).waitFor();
  await expectInert(page, 'hostile-desk', [`Approved ${HOSTILE}`, `Summary ${HOSTILE}`, `Why ${HOSTILE}?`]);
  await page.getByRole('button', { name: 'Publish the brief', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: `Publish “${TITLE}”?` });
  await confirm.waitFor();
  await expectInert(page, 'hostile-desk-confirm');
  await confirm.getByRole('button', { name: 'Publish the brief', exact: true }).click();
  await page.getByText(`“${TITLE}” has been published.`).waitFor();
  await expectInert(page, 'hostile-desk-published');

  // The publication arrives live in the participant's open list.
  await waitUntil('a notification arriving live', async () =>
    (await mine.getByRole('main').getByRole('listitem').count()) > before);
  await expectInert(mine, 'hostile-notifications-live');
  const published = await getBrief(s.participant.key, s.brief.id);
  assert.equal(published.state, 'PUBLISHED');
  s.slug = published.slug;
});

step('the participant reads the published brief; the organizer\'s progress board and members', async () => {
  const { page } = await personOf('participant');
  await page.goto(`/app/briefs/${encodeURIComponent(s.brief.id)}`);
  await h1(page, TITLE);
  await page.getByText('in the survey', { exact: false }).first().waitFor();
  await expectInert(page, 'hostile-brief-published');
  if (s.slug) {
    // The published page declares a data: icon: no /favicon.ico, no 404.
    await page.goto(`/published/${encodeURIComponent(s.slug)}`);
    await page.getByText('in the survey', { exact: false }).first().waitFor();
    const found = await page.evaluate((selector) => ({
      pwned: window.__pwned, csp: window.__csp ?? [],
      made: [...document.querySelectorAll(selector)].map((el) => el.outerHTML.slice(0, 120)),
    }), MADE);
    assert.equal(found.pwned, undefined, 'the published page ran a payload');
    assert.deepEqual(found.made, [], 'the published page made hostile markup into elements');
    assert.deepEqual(found.csp, [], 'CSP violations on the published page');
  }
  const { page: board } = await personOf('admin', { session: await signIn(env.ADMIN_EMAIL, env.ADMIN_PASSWORD) });
  await board.goto(`/app/courses/${encodeURIComponent(s.course.id)}/progress`);
  await h1(board, `Progress board: Course ${HOSTILE}`);
  await expectInert(board, 'hostile-progress', [`Eve ${HOSTILE}`, `Module ${HOSTILE}`]);
  await board.goto(`/app/courses/${encodeURIComponent(s.course.id)}/members`);
  await expectInert(board, 'hostile-members', [`Eve ${HOSTILE}`]);
});
