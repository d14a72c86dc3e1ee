// Guidance while drafting and comment threads in the browser (issue 14):
// an organizer's course with a participant and two experts; the organizer
// makes one expert the participant's mentor on the members page; the
// participant writes a brief in the course and asks for feedback on its
// problem section (a question left out is an error at its field; a request
// made before is cancelled); the
// mentor sees the request waiting on the Guidance page, takes it, comments
// on a passage selected with the mouse, writes a note and answers; the
// participant reads the comment at its passage, replies and marks it
// resolved with a note; the mentor reads the reply and answers it; the
// participant submits the brief, and the mentor, reviewing it, finds their
// earlier comment with the reply and the resolution beside the diff.
// axe-core on every new page state; the brief's page and the Guidance page
// at phone width too.
import assert from 'node:assert/strict';
import {
  admin, expectStatus, newCourse, newSignedUpUser, signIn, newBrief,
} from '../lib/api.mjs';
import { axeCheck } from '../lib/browser.mjs';
import { atPhoneWidth, selectWithMouse, visit } from '../lib/pages.mjs';
import { unique, waitUntil } from '../lib/env.mjs';
import { journey } from '../lib/journey.mjs';

const { person, step } = journey({ viewport: { width: 1280, height: 900 } });

const u = unique();
const COURSE = `Social protection for domestic workers ${u}`;
const TITLE = 'Income protection for domestic workers';
const TOPIC = 'social-protection';
const PASSAGE = 'lack income protection when they fall ill';
const PROBLEM = `Domestic workers ${PASSAGE} or lose their employer, and most of them earn less than the minimum wage.`;
const QUESTION = 'Is the problem clear to someone outside the field?';
const EARLY_QUESTION = 'Are the key messages too long?';
const COMMENT = 'Which workers, and how many? Give the number and its source.';
const NOTE = 'The problem is clear; say who is covered and by how much, and the brief will carry.';
const REPLY = 'About 40 000 workers, from the 2022 labour force survey; added.';
const RESOLUTION = 'Number and source added to the problem.';
const MENTOR_REPLY = 'Good: cite the survey in the references too.';
const SECTIONS = {
  summary: [
    '- Two in three domestic workers have **no social protection** when they fall ill or lose their job.',
    '- Subsidised contributions and simple registration bring them into social insurance.',
    '- The Government should extend contributory schemes to domestic workers, with subsidies.',
  ].join('\n'),
  evidence: 'Studies of twelve countries show that where contributions were subsidised, coverage of domestic workers rose by a third within five years.',
  options: '1. Keep the present schemes.\n2. Extend contributory schemes with subsidies.\n3. Create a separate scheme.',
  recommendations: [
    '- Extend the contributory scheme to domestic workers.',
    '- Subsidise the contributions of workers who earn less than the minimum wage.',
    '- Establish registration through workers\' associations and mobile payments.',
  ].join('\n'),
  references: [
    '- ILO (2021). *World Social Protection Report 2020–22*. Geneva.',
    '- ILO (2019). *Extending social security to workers in the informal economy*. Geneva.',
    '- ILO (2022). *Labour force survey*. Geneva.',
  ].join('\n'),
};

const s = {};

const h1 = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();
const menu = (page, name) =>
  page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name, exact: true });
const dialog = (page, name) => page.getByRole('dialog', { name });
const saved = (page, revision) =>
  page.getByRole('status').filter({ hasText: new RegExp(`^Saved at .*\\(revision ${revision}\\)\\.$`) }).waitFor();

step('an organizer\'s course with a participant and two experts (made with the API)', async () => {
  s.organizer = await newSignedUpUser({ roles: ['ORGANIZER'], displayName: 'Olu Organizer' });
  s.course = await newCourse(s.organizer.key, { title: COURSE, modules: ['Framing the problem'] });
  s.participant = await newSignedUpUser({ roles: ['PARTICIPANT'], displayName: 'Pat Participant' });
  s.mentor = await newSignedUpUser({ roles: ['EXPERT'], displayName: 'Mira Mentor', expertise: [TOPIC] });
  s.other = await newSignedUpUser({ roles: ['EXPERT'], displayName: 'Otto Other', expertise: ['wages'] });
  for (const [who, role] of [[s.participant, 'PARTICIPANT'], [s.mentor, 'EXPERT'], [s.other, 'EXPERT']]) {
    expectStatus(await admin.call('POST', `/v1/courses/${s.course.id}/members`, {
      key: s.organizer.key, body: { email: who.email, courseRole: role },
    }), 201, `enrolling ${who.displayName}`);
  }
});

step('the organizer makes one expert the participant\'s mentor on the members page', async () => {
  const { page } = await person('organizer', { session: await signIn(s.organizer.email, s.organizer.password) });
  await page.goto(`/app/courses/${encodeURIComponent(s.course.id)}/members`);
  await h1(page, `Members of ${COURSE}`);
  const mentor = page.getByLabel(`Mentor for ${s.participant.displayName}`, { exact: true });
  assert.equal(await mentor.inputValue(), '', 'the participant already has a mentor');
  await visit(page, 'members-mentor');
  await mentor.selectOption({ label: s.mentor.displayName });
  await page.getByRole('button', { name: `Save the mentor for ${s.participant.displayName}`, exact: true }).click();
  await page.getByRole('status').getByText(`${s.mentor.displayName} is now the mentor of ${s.participant.displayName}`, { exact: false }).waitFor();
  await axeCheck(page, 'members-mentor-saved');
  const members = expectStatus(await admin.call('GET', `/v1/courses/${s.course.id}/members?pageSize=100`,
    { key: s.organizer.key }), 200, 'the members').json.members;
  assert.equal(members.find((m) => m.userId === s.participant.id)?.mentorId, s.mentor.id, 'the mentor was not saved');
  // After a reload the choice is there.
  await page.reload();
  await h1(page, `Members of ${COURSE}`);
  assert.equal(await page.getByLabel(`Mentor for ${s.participant.displayName}`, { exact: true }).inputValue(), s.mentor.id);
});

step('the participant writes the brief in the course and asks for feedback on its problem section', async () => {
  s.brief = await newBrief(s.participant.key, { title: TITLE, topic: TOPIC, courseId: s.course.id, sections: SECTIONS });
  const { page } = await person('participant', { session: await signIn(s.participant.email, s.participant.password) });
  await page.goto(`/app/briefs/${encodeURIComponent(s.brief.id)}`);
  await h1(page, TITLE);
  await page.getByRole('textbox', { name: /^The problem/ }).fill(PROBLEM);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await saved(page, 2);
  const area = page.getByRole('region', { name: 'Feedback from experts' });
  await area.getByText('No feedback has been asked for on this brief yet.').waitFor();
  await area.getByText('The experts will read revision 2, as you last saved it.').waitFor();
  await visit(page, 'brief-feedback-empty');
  // Without a question: the error is said at the field and in the summary.
  await area.getByRole('checkbox', { name: 'The problem', exact: true }).check();
  await area.getByRole('button', { name: 'Ask for feedback', exact: true }).click();
  await area.getByRole('alert').getByText('There is a problem').waitFor();
  const question = area.getByRole('textbox', { name: /^Your question/ });
  assert.equal(await question.getAttribute('aria-invalid'), 'true', 'the question is not marked invalid');
  const describedBy = await question.getAttribute('aria-describedby');
  const said = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
  assert.match(said, /Write your question\./, 'the question is not described by its error');
  await axeCheck(page, 'brief-feedback-error');
  // A request on the whole brief, cancelled while it waits.
  await area.getByRole('checkbox', { name: 'The problem', exact: true }).uncheck();
  await question.fill(EARLY_QUESTION);
  await area.getByRole('button', { name: 'Ask for feedback', exact: true }).click();
  const early = area.getByRole('listitem').filter({ hasText: EARLY_QUESTION });
  await early.getByText('About: the whole brief', { exact: true }).waitFor();
  await early.getByRole('button', { name: /^Cancel this request, asked / }).click();
  await dialog(page, 'Cancel this request for feedback?').getByRole('button', { name: 'Cancel the request', exact: true }).click();
  await early.getByText('Cancelled', { exact: true }).waitFor();
  assert.equal(await early.getByRole('button', { name: /^Cancel this request/ }).count(), 0, 'a cancelled request can be cancelled');
  // The request the mentor answers.
  await area.getByRole('checkbox', { name: 'The problem', exact: true }).check();
  await question.fill(QUESTION);
  await area.getByRole('button', { name: 'Ask for feedback', exact: true }).click();
  await area.getByText('Your request has been sent to the experts of your course, on revision 2.', { exact: false }).waitFor();
  const item = area.getByRole('listitem').filter({ hasText: QUESTION });
  await item.getByText('Waiting for an expert', { exact: true }).waitFor();
  await item.getByText('About: The problem', { exact: true }).waitFor();
  await item.getByRole('button', { name: /^Cancel this request, asked / }).waitFor();
  await visit(page, 'brief-feedback-asked');
  await atPhoneWidth(page, 'brief-feedback-asked');
  const asked = expectStatus(await admin.call('GET', `/v1/briefs/${s.brief.id}/feedback`, { key: s.participant.key }), 200).json.requests;
  assert.deepEqual(asked.map((r) => [r.revision, r.sections ?? [], r.state, r.question]),
    [[2, ['problem'], 'OPEN', QUESTION], [2, [], 'CANCELLED', EARLY_QUESTION]]);
  // The other expert is not offered it: the mentor is asked first.
  const other = expectStatus(await admin.call('GET', '/v1/feedback', { key: s.other.key }), 200).json;
  assert.equal(other.open ?? 0, 0, 'an expert who is not the mentor may take the request');
});

step('the mentor sees one request waiting on the Guidance page and takes it', async () => {
  const { page } = await person('mentor', { session: await signIn(s.mentor.email, s.mentor.password) });
  await page.goto('/app/');
  await menu(page, 'Guidance').click();
  await h1(page, 'Guidance');
  await page.getByText('1 request is waiting for you to answer.', { exact: true }).waitFor();
  await page.getByText('You are not answering any request at the moment.').waitFor();
  await visit(page, 'guidance');
  await atPhoneWidth(page, 'guidance');
  await page.getByRole('button', { name: 'Take the next request', exact: true }).click();
  await h1(page, `Guidance: ${TITLE}`);
  await page.getByText('The request is yours to answer.', { exact: false }).waitFor();
  const asked = page.getByRole('region', { name: 'What the author asks' });
  await asked.getByText(QUESTION).waitFor();
  await asked.getByText('The problem', { exact: true }).waitFor();
  await asked.getByText('You are the participant\'s mentor.').waitFor();
  const lease = page.getByRole('region', { name: 'Your time for this request' });
  await lease.getByText(/minutes left/).first().waitFor();
  await lease.getByRole('button', { name: 'Keep this request longer', exact: true }).click();
  await page.locator('#announcer').getByText(/^You now have until /).waitFor();
  const brief = page.getByRole('region', { name: 'The brief (revision 2)' });
  await brief.getByText(PASSAGE, { exact: false }).waitFor();
  // The section asked about says so, the others do not.
  assert.equal(await brief.getByText('The author asks about this section').count(), 1);
  await visit(page, 'guidance-answer');
});

step('the mentor comments on a passage selected with the mouse, writes a note and answers', async () => {
  const { page } = await person('mentor');
  const brief = page.getByRole('region', { name: 'The brief (revision 2)' });
  await selectWithMouse(page, brief.getByText(PASSAGE, { exact: false }), PASSAGE);
  await page.getByText(`Selected in The problem: “${PASSAGE}”`).waitFor();
  await page.getByRole('button', { name: 'Comment on the selected passage', exact: true }).click();
  const quote = page.getByLabel(/^Passage you comment on/);
  await quote.waitFor();
  assert.equal(await quote.inputValue(), PASSAGE, 'the quote is not the selected passage');
  await page.getByText('Found in the section as the author wrote it').waitFor();
  await page.getByRole('textbox', { name: /^Your comment \(required\)/ }).fill(COMMENT);
  await page.getByRole('button', { name: 'Add the comment', exact: true }).click();
  const comments = page.getByRole('complementary', { name: 'Your comments' });
  await comments.getByRole('heading', { name: 'Comment 1, on The problem' }).waitFor();
  await brief.locator('mark', { hasText: PASSAGE }).waitFor();
  await visit(page, 'guidance-commented');
  // Sending without the note: said at the field.
  await page.getByRole('button', { name: 'Send your answer', exact: true }).click();
  await page.getByRole('alert').getByText('Write your advice to the authors.').first().waitFor();
  await page.getByRole('textbox', { name: /^Your advice to the authors/ }).fill(NOTE);
  await page.getByRole('button', { name: 'Send your answer', exact: true }).click();
  const confirm = dialog(page, 'Send your answer?');
  await confirm.getByText('Your advice and your comment go to the authors.').waitFor();
  await axeCheck(page, 'guidance-confirm');
  await confirm.getByRole('button', { name: 'Send your answer', exact: true }).click();
  await h1(page, 'Guidance');
  await page.getByText('Your answer has been sent to the authors.').waitFor();
  const answers = page.getByRole('region', { name: 'Your answers' });
  await answers.getByRole('heading', { name: TITLE }).waitFor();
  await answers.getByText('You answered it', { exact: true }).waitFor();
  await page.getByText('No request is waiting for you to answer.').waitFor();
  await visit(page, 'guidance-answered');
});

step('the participant reads the answer with the comment at its passage, replies and marks it resolved', async () => {
  const { page } = await person('participant');
  await page.goto(`/app/briefs/${encodeURIComponent(s.brief.id)}`);
  await h1(page, TITLE);
  const area = page.getByRole('region', { name: 'Feedback from experts' });
  const item = area.getByRole('listitem').filter({ hasText: QUESTION });
  await item.getByText('Answered', { exact: true }).waitFor();
  await item.getByRole('heading', { name: 'The answer of your mentor' }).waitFor();
  await item.getByText(NOTE).waitFor();
  // The passage is marked, and described by the comment that follows it.
  const mark = item.locator('mark', { hasText: PASSAGE });
  await mark.waitFor();
  const described = await mark.evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') || '')?.textContent ?? '');
  assert.equal(described, COMMENT, 'the marked passage is not described by its comment');
  await item.getByText('Not resolved yet').waitFor();
  await visit(page, 'brief-feedback-answered');

  await item.getByRole('button', { name: 'Reply to comment 1', exact: true }).click();
  await item.getByRole('textbox', { name: /^Your reply to comment 1/ }).fill(REPLY);
  await axeCheck(page, 'brief-feedback-replying');
  await item.getByRole('button', { name: 'Send the reply', exact: true }).click();
  const replies = item.getByRole('list', { name: 'Replies to comment 1' });
  await replies.getByRole('listitem').filter({ hasText: REPLY }).getByText('You', { exact: true }).waitFor();

  await item.getByRole('button', { name: 'Mark resolved: comment 1', exact: true }).click();
  await item.getByRole('textbox', { name: /^What you did about comment 1/ }).fill(RESOLUTION);
  await item.getByRole('button', { name: 'Save as resolved', exact: true }).click();
  await item.getByText('Resolved', { exact: true }).waitFor();
  await item.getByText(RESOLUTION).waitFor();
  assert.equal(await item.getByRole('button', { name: 'Mark resolved: comment 1' }).count(), 0, 'a resolved comment can be resolved again');
  await visit(page, 'brief-feedback-resolved');
  await atPhoneWidth(page, 'brief-feedback-resolved');
  // What the API holds.
  const threads = expectStatus(await admin.call('GET', `/v1/briefs/${s.brief.id}/comments`, { key: s.participant.key }), 200).json.comments;
  assert.equal(threads.length, 1);
  assert.equal(threads[0].resolved, true);
  assert.equal(threads[0].resolutionNote, RESOLUTION);
  assert.deepEqual(threads[0].replies.map((r) => r.body), [REPLY]);
});

step('the mentor reads the reply and the resolution on the Guidance page, and answers the reply', async () => {
  const { page } = await person('mentor');
  await page.goto('/app/guidance');
  await h1(page, 'Guidance');
  const answer = page.getByRole('region', { name: 'Your answers' }).getByRole('listitem').filter({ hasText: QUESTION }).first();
  await answer.getByText('Show your answer and the replies to it').click();
  await answer.getByText(NOTE).waitFor();
  const replies = answer.getByRole('list', { name: 'Replies to comment 1' });
  await replies.getByRole('listitem').filter({ hasText: REPLY }).getByText('The author', { exact: true }).waitFor();
  await answer.getByText('Resolved', { exact: true }).waitFor();
  await answer.getByText(RESOLUTION).waitFor();
  await visit(page, 'guidance-replies');
  await answer.getByRole('button', { name: 'Reply to comment 1', exact: true }).click();
  await answer.getByRole('textbox', { name: /^Your reply to comment 1/ }).fill(MENTOR_REPLY);
  await answer.getByRole('button', { name: 'Send the reply', exact: true }).click();
  await replies.getByRole('listitem').filter({ hasText: MENTOR_REPLY }).getByText('You', { exact: true }).waitFor();
  await axeCheck(page, 'guidance-replied');
});

step('the participant submits the brief', async () => {
  const { page } = await person('participant');
  await page.goto(`/app/briefs/${encodeURIComponent(s.brief.id)}`);
  await h1(page, TITLE);
  // The mentor's answer to the reply is there.
  await page.getByRole('region', { name: 'Feedback from experts' }).getByRole('list', { name: 'Replies to comment 1' })
    .getByRole('listitem').filter({ hasText: MENTOR_REPLY }).getByText('The expert', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Submit for review', exact: true }).click();
  await dialog(page, 'Submit your brief for review?').getByRole('button', { name: 'Submit for review', exact: true }).click();
  await page.getByText('Your brief has been submitted for review.', { exact: false }).waitFor();
  // Read-only now: the feedback stays, without the form.
  const area = page.getByRole('region', { name: 'Feedback from experts' });
  await area.getByText('You can ask for feedback while the brief is a draft or changes are requested.').waitFor();
  await area.locator('mark', { hasText: PASSAGE }).waitFor();
  await visit(page, 'brief-submitted-feedback');
});

step('the mentor claims the review and finds their earlier comment with the reply and "resolved"', async () => {
  const { page } = await person('mentor');
  await menu(page, 'Reviews').click();
  await h1(page, 'Reviews');
  // The submission reaches the review queue through events: claim until
  // the brief is there.
  await waitUntil('the brief in the review queue', async () => {
    await page.getByRole('button', { name: 'Claim the next brief', exact: true }).click();
    const outcome = await Promise.race([
      page.getByRole('heading', { level: 1, name: `Review: ${TITLE}` }).waitFor().then(() => 'claimed', () => null),
      page.getByText('There is no brief for you to review at the moment.', { exact: false }).waitFor().then(() => 'none', () => null),
    ]);
    return outcome === 'claimed';
  }, { timeout: 20000, every: 500 });
  await page.getByRole('heading', { name: 'Your earlier comments', exact: true }).waitFor();
  const earlier = page.getByRole('region', { name: 'Your earlier comments' });
  const row = earlier.getByRole('row').filter({ hasText: COMMENT });
  await row.getByText(PASSAGE).waitFor();
  await row.getByText('Guidance on revision 2').waitFor();
  await row.getByRole('listitem').filter({ hasText: REPLY }).getByText('The author', { exact: true }).waitFor();
  await row.getByRole('listitem').filter({ hasText: MENTOR_REPLY }).waitFor();
  await row.getByText('Resolved', { exact: true }).waitFor();
  await row.getByText(RESOLUTION).waitFor();
  // A reply sent is no draft kept.
  assert.equal(await row.getByText('We kept the changes you had not saved yet', { exact: false }).count(), 0,
    'the reply sent from the Guidance page came back as an unsaved draft');
  await visit(page, 'review-earlier-comments');
});
