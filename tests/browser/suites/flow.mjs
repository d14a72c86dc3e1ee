// The whole path of a brief in the browser, against the real stack and its
// real e-mail (issue 13): an organizer enrols a new participant by e-mail;
// the participant opens the invitation from the e-mail, chooses a password,
// writes the brief module by module while the preview and the brief check
// follow the text, and submits; an expert signs in through the form in a
// browser of their own, claims the brief, comments on a passage selected
// with the mouse and requests changes; the participant reads the comment at
// its passage, revises, compares two revisions and submits again; the
// expert approves; an editor publishes, and the participant's unread count
// goes up without a reload. axe-core on every page on the way; a
// screenshot of each in ARTIFACTS, and of the main ones (1280×800) in
// BRIEFDESK_SCREENSHOTS when set (docs/screenshots).
import assert from 'node:assert/strict';
import {
  admin, expectStatus, newCourse, newSignedUpUser, signIn,
} from '../lib/api.mjs';
import { axeCheck, docScreenshot } from '../lib/browser.mjs';
import { selectWithMouse, visit } from '../lib/pages.mjs';
import { signInThroughForm } from '../lib/app.mjs';
import { unique, waitUntil } from '../lib/env.mjs';
import { journey } from '../lib/journey.mjs';
import * as mail from '../lib/mail.mjs';

const { person, step } = journey({ viewport: { width: 1280, height: 800 } });

// --- What the people write.
const u = unique();
const COURSE = 'Evidence-based policy making for decent work';
const TITLE = 'Bringing informal workers into social protection';
const PASSAGE = 'coverage of informal workers rose by a third within five years';
const REVISED = 'coverage of informal workers rose by 34 per cent within five years in Costa Rica and Uruguay (ILO 2021)';
const COMMENT = 'Which countries? Name them, cite the study and say how coverage was measured.';
const KEYBOARD_PASSAGE = 'who earn less than the minimum wage';
const KEYBOARD_COMMENT = 'Say what the subsidy would cost, and who pays for it.';
const TEXT = {
  summary: [
    '- Two in three workers earn their living in the informal economy and have **no social protection** when they fall ill, lose their income or grow old.',
    '- Subsidised contributions and simple registration bring informal workers into social insurance.',
    '- The Government should extend contributory schemes to low earners, with subsidies, and register workers through their associations.',
  ].join('\n'),
  problem: 'Informal workers pay no contributions and receive no benefits. One illness can push a household into poverty, and the schemes that exist reach only workers with a formal employer.',
  evidence: `Studies of twelve countries show that where contributions were subsidised, ${PASSAGE}. Registration through workers' associations and mobile payments cut the cost of joining.`,
  options: '1. Keep the present schemes and rely on social assistance.\n2. Extend contributory schemes with subsidies for low earners.\n3. Create a separate scheme for informal workers.',
  recommendations: [
    '- Extend the contributory scheme to own-account and domestic workers.',
    '- Subsidise the contributions of workers who earn less than the minimum wage.',
    "- Establish registration through workers' associations and mobile payments.",
  ].join('\n'),
  references: [
    '- ILO (2021). *World Social Protection Report 2020–22*. Geneva: International Labour Office.',
    '- ILO (2019). *Extending social security to workers in the informal economy*. Geneva.',
    '- Durán-Valverde, F. et al. (2013). *Innovations in extending social insurance coverage to independent workers*. ESS Paper 42.',
  ].join('\n'),
};
const MODULES = [
  { title: 'Framing the policy question', sections: ['summary', 'problem'] },
  { title: 'Finding and weighing the evidence', sections: ['evidence', 'options'] },
  { title: 'From evidence to recommendations', sections: ['recommendations', 'references'] },
];
const LABEL = {
  summary: /^Key messages/, problem: /^The problem/, evidence: /^Evidence/,
  options: /^Policy options/, recommendations: /^Recommendations/, references: /^References/,
};

// --- What the steps share.
const s = {};

const h1 = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();
const menu = (page, name) =>
  page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name, exact: true });
// The menu's Notifications link, when it says `count` unread.
const unreadLink = (page, count) => page.getByRole('navigation', { name: 'Main menu' })
  .getByRole('link', { name: count ? `Notifications ${count} unread` : 'Notifications', exact: true });
const dialog = (page, name) => page.getByRole('dialog', { name });

// The save status, once it says the brief is saved as `revision`.
const saved = (page, revision) =>
  page.getByRole('status').filter({ hasText: new RegExp(`^Saved at .*\\(revision ${revision}\\)\\.$`) }).waitFor();

// Presses Tab until `target` has the focus, as a keyboard user gets there;
// every control on the way must show that it has the focus.
async function tabTo(page, target, { max = 80 } = {}) {
  const handle = await target.elementHandle();
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate((el) => {
      const a = document.activeElement;
      const css = getComputedStyle(a);
      const ring = (css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) > 0) ||
        (css.boxShadow && css.boxShadow !== 'none');
      return { reached: a === el, ring, what: `${a.tagName} ${(a.textContent || a.getAttribute('aria-label') || '').trim().slice(0, 60)}` };
    }, handle);
    assert.ok(at.ring, `no visible focus on ${at.what} (${page.url()})`);
    if (at.reached) return;
  }
  throw new Error(`${max} presses of Tab never reached ${target}`);
}

// The participant's unread notifications, as the API counts them.
async function unread() {
  const res = expectStatus(await s.participantApi.call('GET', '/v1/notifications?unread=true&pageSize=100',
    { csrf: false }), 200, 'unread notifications');
  return res.json.notifications ?? [];
}

// The rubric and decision of the review screen, then Send, confirmed.
async function sendReview(page, { decision, scores, summary }) {
  for (const [criterion, score] of Object.entries(scores)) {
    await page.getByRole('group', { name: criterion, exact: true })
      .getByRole('radio', { name: new RegExp(`^${score} `) }).check();
  }
  await page.getByRole('group', { name: 'Decision', exact: true })
    .getByRole('radio', { name: new RegExp(`^${decision}`) }).check();
  await page.getByLabel(/^Summary for the author/).fill(summary);
  await page.getByRole('button', { name: 'Send the review', exact: true }).click();
  await dialog(page, 'Send your review?').getByRole('button', { name: 'Send the review', exact: true }).click();
  await h1(page, /reviews/i);
  await page.getByText(`Your review has been sent. Decision: ${decision}.`).waitFor();
}

step('an organizer (made with the API) creates a course and enrols a new participant by e-mail', async () => {
  s.organizer = await newSignedUpUser({ roles: ['ORGANIZER'], displayName: 'Olga Organizer' });
  s.course = await newCourse(s.organizer.key, { title: COURSE, modules: MODULES });
  s.participant = { email: `amina.diallo+${u}@example.org`, displayName: 'Amina Diallo', password: `Amina-${u}-decent-work` };
  expectStatus(await admin.call('POST', `/v1/courses/${s.course.id}/members`, {
    key: s.organizer.key,
    body: { email: s.participant.email, courseRole: 'PARTICIPANT', displayName: s.participant.displayName },
  }), 201, 'enrolling the participant');
  s.expert = await newSignedUpUser({ roles: ['EXPERT'], displayName: 'Esteban Expert', expertise: ['social-protection'] });
  s.editor = await newSignedUpUser({ roles: ['EDITOR'], displayName: 'Edith Editor' });
});

step('the participant opens the invitation from the e-mail, chooses a password and is signed in', async () => {
  const msg = await mail.waitFor(s.participant.email, `Invitation to ${COURSE}`);
  const link = msg.link(/\/app\/invitation#/);
  const { page } = await person('participant');
  await page.goto(link);
  await h1(page, 'Welcome to BriefDesk');
  await visit(page, 'invitation');
  await page.getByLabel(/^New password/).fill(s.participant.password);
  await page.getByLabel(/^Type the new password again/).fill(s.participant.password);
  await page.getByRole('button', { name: 'Set my password and sign in', exact: true }).click();
  await h1(page, `Hello, ${s.participant.displayName}`);
  await page.getByRole('heading', { name: COURSE }).waitFor();
  await visit(page, 'home-participant-new');
  s.participantApi = await signIn(s.participant.email, s.participant.password);
});

step('the participant opens their course and starts their brief', async () => {
  const { page } = await person('participant');
  const course = page.getByRole('region', { name: COURSE });
  await course.getByRole('link', { name: 'Start your brief', exact: true }).click();
  await h1(page, 'Start your brief');
  await visit(page, 'brief-new');
  await page.getByLabel(/^Title/).fill(TITLE);
  await page.getByLabel(/^Policy question/).fill('How can social protection reach workers in the informal economy?');
  await page.getByLabel(/^Topic/).selectOption({ label: 'Social protection' });
  await page.getByLabel(/^Country or region/).fill('West Africa');
  await page.getByRole('radio', { name: 'Government', exact: true }).check();
  await page.getByRole('button', { name: 'Start the brief', exact: true }).click();
  await h1(page, TITLE);
  s.briefId = decodeURIComponent(/\/app\/briefs\/([^/?#]+)$/.exec(new URL(page.url()).pathname)?.[1] ?? '');
  assert.ok(s.briefId, `the editor's address names no brief: ${page.url()}`);
  await page.getByRole('region', { name: 'Brief check' })
    .getByText(/^4 problems must be fixed before you can submit\./).waitFor();
  await visit(page, 'brief-editor-empty');
});

step('module by module, the participant writes; the preview and the brief check follow the text; each module is saved', async () => {
  const { page } = await person('participant');
  const check = page.getByRole('region', { name: 'Brief check' });
  // The check's first sentence (suggestions follow it).
  const summary = (text) => check.getByText(new RegExp(`^${text.replace(/[.]/g, '\\.')}`)).waitFor();
  let revision = 1;
  let left = 4;  // the required sections not written yet
  for (const module of MODULES) {
    for (const section of module.sections) {
      await page.getByRole('textbox', { name: LABEL[section] }).fill(TEXT[section]);
      if (['summary', 'problem', 'evidence', 'recommendations'].includes(section)) {
        left -= 1;
        await summary(left === 0 ? 'Nothing stops you from submitting.'
          : `${left} problem${left === 1 ? '' : 's'} must be fixed before you can submit.`);
      }
    }
    // Unsaved until saved; then a new revision.
    await page.getByRole('status').filter({ hasText: /^Unsaved changes/ }).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    revision += 1;
    await saved(page, revision);
  }
  s.submitted = revision;
  // The preview renders the Markdown as the published page will.
  const preview = page.getByRole('region', { name: 'How “Key messages” will look' });
  await preview.getByRole('listitem').filter({ hasText: 'no social protection' }).waitFor();
  await preview.locator('strong', { hasText: 'no social protection' }).waitFor();
  await page.getByRole('region', { name: 'How “References” will look' })
    .locator('em', { hasText: 'World Social Protection Report 2020–22' }).waitFor();
  await check.getByText('Recommendations', { exact: true }).waitFor();
  await visit(page, 'brief-editor');
  // The README's picture: a section, its preview and the check beside.
  await page.getByRole('textbox', { name: LABEL.summary }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -150));
  await docScreenshot(page, 'brief-editor');
  // What the API holds is what was typed.
  const brief = expectStatus(await s.participantApi.call('GET', `/v1/briefs/${s.briefId}`, { csrf: false }), 200).json;
  assert.equal(brief.revision, revision);
  for (const [section, text] of Object.entries(TEXT)) assert.equal(brief.sections[section], text, section);
});

step('the participant submits the brief', async () => {
  const { page } = await person('participant');
  await page.getByRole('button', { name: 'Submit for review', exact: true }).click();
  const confirm = dialog(page, 'Submit your brief for review?');
  await confirm.getByText(`An expert will review revision ${s.submitted}.`, { exact: false }).waitFor();
  await axeCheck(page, 'brief-submit-confirm');
  await confirm.getByRole('button', { name: 'Submit for review', exact: true }).click();
  await page.getByText('Your brief has been submitted for review.', { exact: false }).waitFor();
  await page.getByText('Submitted', { exact: true }).first().waitFor();
  await visit(page, 'brief-submitted');
});

step('an expert signs in through the form in a browser of their own', async () => {
  const { page } = await person('expert');
  await page.goto('/app/');
  await h1(page, 'Sign in to BriefDesk');
  await visit(page, 'sign-in');
  await docScreenshot(page, 'sign-in');
  await signInThroughForm(page, s.expert.email, s.expert.password);
  await h1(page, `Hello, ${s.expert.displayName}`);
  await visit(page, 'home-expert');
});

step('the expert claims the brief from the queue', async () => {
  const { page } = await person('expert');
  await menu(page, 'Reviews').click();
  await h1(page, 'Reviews');
  await page.getByText('You are not reviewing any brief at the moment.').waitFor();
  await visit(page, 'queue');
  await page.getByRole('button', { name: 'Claim the next brief', exact: true }).click();
  await h1(page, `Review: ${TITLE}`);
  await page.getByText('The brief is yours to review.', { exact: false }).waitFor();
  await page.getByRole('region', { name: `The brief (revision ${s.submitted})` })
    .getByText(PASSAGE, { exact: false }).waitFor();
  await visit(page, 'review-round-1');
});

step('the expert selects a passage with the mouse and comments on it', async () => {
  const { page } = await person('expert');
  const brief = page.getByRole('region', { name: `The brief (revision ${s.submitted})` });
  await selectWithMouse(page, brief.getByText(PASSAGE, { exact: false }), PASSAGE);
  await page.getByText(`Selected in Evidence: “${PASSAGE}”`).waitFor();
  await page.getByRole('button', { name: 'Comment on the selected passage', exact: true }).click();
  const quote = page.getByLabel(/^Passage you comment on/);
  await quote.waitFor();
  assert.equal(await quote.inputValue(), PASSAGE, 'the quote is not the selected passage');
  await page.getByText('Found in the section as the author wrote it').waitFor();
  await page.getByRole('textbox', { name: /^Your comment \(required\)/ }).fill(COMMENT);
  await page.getByRole('button', { name: 'Add the comment', exact: true }).click();
  const comments = page.getByRole('complementary', { name: 'Your comments' });
  await comments.getByRole('heading', { name: 'Comment 1, on Evidence' }).waitFor();
  await comments.getByText(COMMENT).waitFor();
  // The passage is marked where it stands in the brief.
  const mark = brief.locator('mark', { hasText: PASSAGE });
  await mark.waitFor();
  assert.equal((await mark.textContent()).trim(), PASSAGE);
  await visit(page, 'review-commented');
  await mark.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await docScreenshot(page, 'review-screen');
});

step('the expert scores the brief and requests changes', async () => {
  const { page } = await person('expert');
  await sendReview(page, {
    decision: 'Request changes',
    scores: { Evidence: 3, Clarity: 4, Actionability: 4, Relevance: 5 },
    summary: 'A clear and relevant brief. The evidence needs its sources: say which countries and which study.',
  });
  await visit(page, 'my-reviews');
});

step('the participant\'s e-mail about the review leads to the brief in the app', async () => {
  const msg = await mail.waitFor(s.participant.email, new RegExp(`^Changes requested: ${TITLE}`));
  const link = msg.link(/\/briefs\//);
  assert.match(new URL(link).pathname, /^\/app\/briefs\//,
    `the e-mail "${msg.subject}" links to ${new URL(link).pathname}, not to the brief in the app`);
  const { page } = await person('participant');
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: new RegExp(TITLE) }).waitFor();
});

step('the participant reads the review, with the comment at the passage it quotes', async () => {
  const { page } = await person('participant');
  await page.goto(`/app/briefs/${encodeURIComponent(s.briefId)}`);
  await h1(page, TITLE);
  await page.getByText('Changes requested', { exact: true }).first().waitFor();
  await page.getByRole('navigation', { name: 'This brief' })
    .getByRole('link', { name: 'Reviews received', exact: true }).click();
  await h1(page, `Reviews of: ${TITLE}`);
  await page.getByRole('heading', { name: `Round 1: the review of revision ${s.submitted}` }).waitFor();
  await page.getByText('Changes requested', { exact: true }).first().waitFor();
  const mark = page.locator('mark', { hasText: PASSAGE });
  await mark.waitFor();
  // The mark is described by its comment, which follows the passage.
  const described = await mark.evaluate((el) => {
    const id = el.getAttribute('aria-describedby');
    return id ? document.getElementById(id)?.textContent ?? '' : '';
  });
  assert.ok(described.includes(COMMENT), `the marked passage is not described by the comment: "${described}"`);
  await page.getByText(COMMENT).waitFor();
  await page.getByRole('link', { name: 'Back to the passage of comment 1', exact: true }).waitFor();
  await visit(page, 'reviews-received');
});

step('the participant revises the brief and compares two revisions', async () => {
  const { page } = await person('participant');
  await page.getByRole('navigation', { name: 'This brief' })
    .getByRole('link', { name: 'The brief', exact: true }).click();
  await h1(page, TITLE);
  const evidence = page.getByRole('textbox', { name: LABEL.evidence });
  await evidence.fill(TEXT.evidence.replace(PASSAGE, REVISED));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  s.revised = s.submitted + 1;
  await saved(page, s.revised);
  await visit(page, 'brief-editor-revised');
  await page.getByRole('navigation', { name: 'This brief' })
    .getByRole('link', { name: 'Revision history', exact: true }).click();
  await h1(page, `Revision history: ${TITLE}`);
  await page.getByLabel('Earlier revision', { exact: true }).selectOption(String(s.submitted));
  await page.getByLabel('Later revision', { exact: true }).selectOption(String(s.revised));
  await page.getByRole('button', { name: 'Show the changes', exact: true }).click();
  await page.getByText(`Changes from revision ${s.submitted} to revision ${s.revised}`, { exact: false }).waitFor();
  const table = page.getByRole('table', { name: /^Changes in Evidence/ });
  await table.locator('del', { hasText: 'a third' }).waitFor();
  await table.locator('ins', { hasText: '34 per cent' }).waitFor();
  assert.equal(await page.getByRole('table', { name: /^Changes in / }).count(), 1,
    'only Evidence changed, but the diff shows more');
  await visit(page, 'revisions-diff');
});

step('the participant submits the brief again', async () => {
  const { page } = await person('participant');
  await page.getByRole('navigation', { name: 'This brief' })
    .getByRole('link', { name: 'The brief', exact: true }).click();
  await h1(page, TITLE);
  await page.getByRole('button', { name: 'Submit for review', exact: true }).click();
  await dialog(page, 'Submit your brief for review?')
    .getByRole('button', { name: 'Submit for review', exact: true }).click();
  await page.getByText('Your brief has been submitted for review.', { exact: false }).waitFor();
});

step('the expert claims it again, sees what changed since their review, comments with the keyboard alone, and approves', async () => {
  const { page } = await person('expert');
  await menu(page, 'Reviews').click();
  await h1(page, 'Reviews');
  await page.getByRole('button', { name: 'Claim the next brief', exact: true }).click();
  await h1(page, `Review: ${TITLE}`);
  await page.getByRole('heading', { name: `What changed since you reviewed revision ${s.submitted}` }).waitFor();
  await page.getByRole('table', { name: /^Changes in Evidence/ }).locator('ins', { hasText: '34 per cent' }).waitFor();
  await visit(page, 'review-round-2');
  // A comment with the keyboard alone: the section's button, the passage
  // typed (the app checks it against the text as written), the comment.
  const brief = page.getByRole('region', { name: `The brief (revision ${s.revised})` });
  await page.getByRole('heading', { level: 1 }).focus();
  await tabTo(page, page.getByRole('button', { name: 'Comment on Recommendations', exact: true }));
  await page.keyboard.press('Enter');
  await tabTo(page, page.getByRole('textbox', { name: /^Passage you comment on/ }));
  await page.keyboard.type(KEYBOARD_PASSAGE);
  await page.getByText('Found in the section as the author wrote it').waitFor();
  await tabTo(page, page.getByRole('textbox', { name: /^Your comment \(required\)/ }));
  await page.keyboard.type(KEYBOARD_COMMENT);
  await tabTo(page, page.getByRole('button', { name: 'Add the comment', exact: true }));
  await page.keyboard.press('Enter');
  const comments = page.getByRole('complementary', { name: 'Your comments' });
  await comments.getByRole('heading', { name: 'Comment 1, on Recommendations' }).waitFor();
  await brief.locator('mark', { hasText: KEYBOARD_PASSAGE }).waitFor();
  await sendReview(page, {
    decision: 'Approve',
    scores: { Evidence: 5, Clarity: 4, Actionability: 4, Relevance: 5 },
    summary: 'The sources are there now. Ready to publish.',
  });
});

step('the editor\'s notification of the approval leads to the brief on the editor\'s desk', async () => {
  const { page } = await person('editor', { session: await signIn(s.editor.email, s.editor.password) });
  await page.goto('/app/notifications');
  await h1(page, 'Notifications');
  const approved = page.getByRole('main').getByRole('listitem').filter({ hasText: 'Brief approved' });
  await approved.getByText(`“${TITLE}” was approved in expert review and can be published.`).waitFor();
  // The link names the brief (not the notification), so that links differ.
  await approved.getByRole('link', { name: `Open the brief: ${TITLE}`, exact: true }).click();
  await h1(page, TITLE);
  assert.match(new URL(page.url()).pathname, /^\/app\/publishing\//,
    `the editor was taken to ${new URL(page.url()).pathname}, the author's screen (“← Your briefs”, no Publish)`);
  await page.getByRole('button', { name: 'Publish the brief', exact: true }).waitFor({ timeout: 2000 });
});

step('an editor publishes the brief; the participant\'s unread count goes up at once, without a reload', async () => {
  // The participant reads their notifications; the count settles first.
  const { page: mine } = await person('participant');
  await waitUntil('the approval among the participant\'s unread notifications', async () =>
    (await unread()).some((n) => n.briefId === s.briefId && n.event === 'brief.approved'));
  const before = (await unread()).length;
  await unreadLink(mine, before).click();
  await h1(mine, 'Notifications');
  await mine.getByText('New notifications appear here as they arrive.').waitFor();
  await visit(mine, 'notifications-before');
  await mine.evaluate(() => { window.__sameDocument = true; });
  const items = await mine.getByRole('main').getByRole('listitem').count();

  const { page } = await person('editor', { session: await signIn(s.editor.email, s.editor.password) });
  await page.goto('/app/');
  await menu(page, 'Publishing').click();
  await h1(page, 'Publishing');
  await page.getByText('1 brief is waiting, the longest-waiting first.').waitFor();
  await visit(page, 'editor-desk-list');
  await page.getByRole('link', { name: TITLE, exact: true }).click();
  await h1(page, TITLE);
  await page.getByRole('region', { name: 'Preview of the published page' })
    .getByText('34 per cent', { exact: false }).waitFor();
  await page.getByRole('region', { name: 'Expert reviews' }).getByText('Ready to publish.').waitFor();
  await visit(page, 'editor-desk');
  await docScreenshot(page, 'editor-desk');
  await page.getByRole('button', { name: 'Publish the brief', exact: true }).click();
  await dialog(page, `Publish “${TITLE}”?`).getByRole('button', { name: 'Publish the brief', exact: true }).click();
  await page.getByText(`“${TITLE}” has been published.`).waitFor();
  await page.getByRole('link', { name: `See the published page of “${TITLE}”` }).first().waitFor();
  await visit(page, 'editor-desk-published');

  // Live: the count and the list change in the page already open.
  await unreadLink(mine, before + 1).waitFor({ timeout: 15000 });
  await waitUntil('a new item in the notification list', async () =>
    (await mine.getByRole('main').getByRole('listitem').count()) > items);
  assert.equal(await mine.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
  const published = (await unread()).find((n) => n.briefId === s.briefId && n.event === 'brief.published');
  assert.ok(published, 'the API has no unread brief.published notification for the participant');
  await mine.getByRole('main').getByRole('listitem').first().getByText(published.title, { exact: false }).waitFor();
  await visit(mine, 'notifications-after');
});

step('the participant\'s home and account; the organizer\'s progress board', async () => {
  const { page } = await person('participant');
  await menu(page, 'Home').click();
  await h1(page, `Hello, ${s.participant.displayName}`);
  const course = page.getByRole('region', { name: COURSE });
  await course.getByRole('link', { name: 'Open your brief', exact: true }).waitFor();
  await course.getByText('Done on time').first().waitFor();
  await visit(page, 'home-participant');
  await docScreenshot(page, 'home-participant');
  await menu(page, 'Your account').click();
  await h1(page, 'Your account');
  await page.getByRole('table').first().waitFor();
  await visit(page, 'account');
  await docScreenshot(page, 'account');

  const { page: board } = await person('organizer', { session: await signIn(s.organizer.email, s.organizer.password) });
  await board.goto(`/app/courses/${encodeURIComponent(s.course.id)}/progress`);
  await h1(board, `Progress board: ${COURSE}`);
  const row = board.getByRole('row').filter({ has: board.getByRole('rowheader', { name: new RegExp(`^${s.participant.displayName}`) }) });
  await row.waitFor();
  assert.equal(await row.getByText('Done on time').count(), 3, 'every module of the participant is done on time');
  await visit(board, 'progress');
  await docScreenshot(board, 'progress-board');
});
