// After the course in the browser (issue 14), driven by the stack's clock
// (lib/clock.mjs): a course in Rome whose one module falls due in two
// hours; before then the participant's course page says when their next
// steps open; the module falls due and the participant fills in the
// agreement in the app (an action without its "what" is an error at its
// field; actions added and removed); the organizer opens the Follow-ups
// page and sees six sessions; on the first session's day the organizer
// records it with the progress on each agreed action and an outcome with
// every field; the participant reports on the next session; the organizer
// sees the report waiting, and the analytics page shows the figures (a few
// checked against what happened and against the API), each chart an image
// named by its figures with a table of them, the CSV downloaded, and the
// figures across courses filtered by year; the next session offers the
// report to confirm, and the last one is moved to another organizer.
// The participant's next steps are also changed elsewhere meanwhile (both
// shown, the saved one taken). axe-core on every new page state; the new
// pages at phone width too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after } from 'node:test';
import {
  admin, expectStatus, newSignedUpUser, signIn,
} from '../lib/api.mjs';
import { useSession } from '../lib/app.mjs';
import { axeCheck } from '../lib/browser.mjs';
import { atPhoneWidth, visit } from '../lib/pages.mjs';
import { browserClock, setClockOffset, setClockTo } from '../lib/clock.mjs';
import { unique, waitUntil } from '../lib/env.mjs';
import { journey } from '../lib/journey.mjs';

const { person, step } = journey({ viewport: { width: 1280, height: 900 } });

const ZONE = 'Europe/Rome';
const COURSE = `Social dialogue for decent work ${unique()}`;
const ACTION_1 = 'Present the brief to the national labour advisory council';
const WITH_1 = 'Ministry of Labour';
const ACTION_2 = 'Draft a decree on wage councils with the workers\' organizations';
const AUDIENCE = 'The labour advisory council and the parliament\'s labour committee';
const ELSEWHERE = 'The employers\' federation';
const SUPPORT = 'Figures on coverage from the labour force survey';
const OUTCOME = 'The decree on wage councils cites the brief in its preamble';
const REPORTED = 'Presented the brief to the tripartite council on 3 May';

const s = {};

// YYYY-MM-DD in `zone` at `ms`; a day `n` days after `day`; the instant of
// `hour`:00 on `day` in `zone`.
const dayIn = (zone, ms) => new Intl.DateTimeFormat('en-CA', {
  timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit',
}).format(new Date(ms));
const addDays = (day, n) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
function instantOf(day, hour, zone) {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d, hour);
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(wall)).map((x) => [x.type, x.value]));
  const seen = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
  return wall - (seen - wall);
}

// An answer without its empty strings: the gateway prints every field,
// empty ones too ("note": "").
const bare = (v) => JSON.parse(JSON.stringify(v, (k, x) => (x === '' ? undefined : x)));

const h1 = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();
const menu = (page, name) =>
  page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name, exact: true });
const region = (page, name) => page.getByRole('region', { name, exact: true });
// A labelled figure of the analytics page: the <dd> after its <dt>.
const figure = (page, label) => page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) })
  .locator('xpath=following-sibling::dd[1]');

// The events of a person's inbox.
async function eventsOf(user) {
  const res = expectStatus(await admin.call('GET', '/v1/notifications?pageSize=100', { key: user.key }), 200, 'the inbox');
  return (res.json.notifications || []).map((n) => n.event);
}

// Before a move of weeks, each person's page is left (its notification
// stream would end with its session); after it, each signs in again
// (through the API) in the browser they have: sessions last 14 days at
// most by the stack's clock.
async function park(who) {
  await (await person(who)).page.goto('about:blank');
}

async function signInAgain(who, user) {
  const p = await person(who);
  await useSession(p.context, await signIn(user.email, user.password));
  await browserClock(p.context);
  return p;
}

after(async () => {
  await setClockOffset(0).catch(() => {});
});

step('a course in Rome whose one module falls due in two hours (made with the API)', async () => {
  await setClockOffset(0);
  s.organizer = await newSignedUpUser({ roles: ['ORGANIZER'], displayName: 'Olga Organizer' });
  s.other = await newSignedUpUser({ roles: ['ORGANIZER'], displayName: 'Omar Organizer' });
  s.participant = await newSignedUpUser({ roles: ['PARTICIPANT'], displayName: 'Amina Diallo' });
  const today = dayIn(ZONE, Date.now());
  s.endDate = addDays(today, 1);
  s.due = new Date(Date.now() + 2 * 3600e3);
  s.course = expectStatus(await admin.call('POST', '/v1/courses', {
    key: s.organizer.key,
    body: {
      title: COURSE, edition: 'International 2027', language: 'en', timeZone: ZONE,
      startDate: addDays(today, -10), endDate: s.endDate,
      modules: [{ title: 'Framing the problem', dueTime: s.due.toISOString(), sections: ['problem'] }],
    },
  }), 201, 'creating the course').json;
  for (const [who, body] of [
    [s.participant, { courseRole: 'PARTICIPANT', constituency: 'WORKERS', country: 'GH', organization: 'Ghana TUC' }],
    [s.other, { courseRole: 'ORGANIZER' }],
  ]) {
    expectStatus(await admin.call('POST', `/v1/courses/${s.course.id}/members`, {
      key: s.organizer.key, body: { email: who.email, ...body },
    }), 201, `enrolling ${who.displayName}`);
  }
});

step('before the module is due, the participant\'s course page says when the next steps open', async () => {
  const { page } = await person('participant', { session: await signIn(s.participant.email, s.participant.password) });
  await page.goto(`/app/courses/${encodeURIComponent(s.course.id)}`);
  await h1(page, COURSE);
  const steps = region(page, 'Your next steps');
  await steps.getByText(/^Your agreement on next steps opens on .+, when the course's last module is due\./).waitFor();
  assert.equal(await steps.getByRole('button', { name: 'Save my next steps' }).count(), 0, 'the form is offered before it opens');
  await region(page, 'Your follow-up sessions').getByText(/^Your follow-up sessions are planned when you first save/).waitFor();
  await visit(page, 'course-next-steps-closed');
  // Saving now is refused by the API, as the page says.
  const early = await admin.call('PATCH', `/v1/courses/${s.course.id}/members/me/agreement`, {
    key: s.participant.key, headers: { 'If-Match': '"a0"' }, body: { actions: [{ what: 'x' }] },
  });
  expectStatus(early, 409, 'an agreement before the module is due');
});

step('the module falls due; the participant fills in the agreement in the app', async () => {
  await setClockOffset(3 * 3600);
  const { page, context } = await person('participant');
  await browserClock(context);
  await page.reload();
  await h1(page, COURSE);
  const steps = region(page, 'Your next steps');
  await steps.getByText('Not saved yet.').waitFor();
  const action = (n) => steps.getByRole('group', { name: `Action ${n}`, exact: true });
  await action(1).getByRole('textbox', { name: /^What you will do/ }).fill(ACTION_1);
  await action(1).getByRole('textbox', { name: /^With whom/ }).fill(WITH_1);
  await action(1).getByLabel('By when').fill('2027-03-31');
  await visit(page, 'agreement-form');
  // A second action, then a third removed again.
  await steps.getByRole('button', { name: 'Add an action', exact: true }).click();
  await action(2).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-required')), 'true',
    'focus is not in the new action\'s first field');
  await steps.getByRole('button', { name: 'Add an action', exact: true }).click();
  await steps.getByRole('button', { name: 'Remove action 3', exact: true }).click();
  assert.equal(await action(3).count(), 0, 'action 3 was not removed');
  // Action 2 without its "what": said at its field and in the summary.
  await steps.getByRole('button', { name: 'Save my next steps', exact: true }).click();
  await steps.getByRole('alert').getByText('There is a problem').waitFor();
  const what2 = action(2).getByRole('textbox', { name: /^What you will do/ });
  assert.equal(await what2.getAttribute('aria-invalid'), 'true', 'action 2 is not marked invalid');
  await axeCheck(page, 'agreement-error');
  await what2.fill(ACTION_2);
  await steps.getByRole('textbox', { name: /^Who you will take your brief to/ }).fill(AUDIENCE);
  await steps.getByRole('textbox', { name: /^The support you need/ }).fill(SUPPORT);
  await steps.getByRole('button', { name: 'Save my next steps', exact: true }).click();
  await steps.getByText(/^Last saved .* \(version 1\)\.$/).waitFor();
  // The sessions are planned: six, the first one 61 days after the end.
  const sessions = region(page, 'Your follow-up sessions');
  await sessions.getByText('6 sessions are planned with the organizers in the year after the course.').waitFor();
  assert.equal(await sessions.getByText('Scheduled', { exact: true }).count(), 6);
  await sessions.getByRole('heading', { name: /^Report progress before follow-up 1 / }).waitFor();
  await visit(page, 'agreement-saved');
  await atPhoneWidth(page, 'agreement-saved');
  // Changed elsewhere meanwhile (another tab, through the API): both are
  // shown; the participant takes the saved one, then saves their own.
  expectStatus(await admin.call('PATCH', `/v1/courses/${s.course.id}/members/me/agreement`, {
    key: s.participant.key, headers: { 'If-Match': '"a1"' }, body: { audience: ELSEWHERE },
  }), 200, 'saving version 2 elsewhere');
  const audience = steps.getByRole('textbox', { name: /^Who you will take your brief to/ });
  await audience.fill(`${AUDIENCE}, and the press`);
  await steps.getByRole('button', { name: 'Save my next steps', exact: true }).click();
  const conflict = steps.getByRole('region', { name: 'Your next steps were changed elsewhere' });
  await conflict.getByText(ELSEWHERE).waitFor();
  await conflict.getByText(`${AUDIENCE}, and the press`).waitFor();
  await steps.getByText(/^Last saved .* \(version 2\)\.$/).waitFor();
  await axeCheck(page, 'agreement-conflict');
  await conflict.getByRole('button', { name: 'Take the saved next steps', exact: true }).click();
  assert.equal(await audience.inputValue(), ELSEWHERE);
  await audience.fill(AUDIENCE);
  await steps.getByRole('button', { name: 'Save my next steps', exact: true }).click();
  await steps.getByText(/^Last saved .* \(version 3\)\.$/).waitFor();
  const saved = expectStatus(await admin.call('GET', `/v1/courses/${s.course.id}/members/me/agreement`,
    { key: s.participant.key }), 200, 'the agreement').json;
  assert.equal(saved.version, 3);
  assert.deepEqual(bare(saved.actions), [{ what: ACTION_1, withWhom: WITH_1, byDate: '2027-03-31' }, { what: ACTION_2 }]);
  assert.equal(saved.audience, AUDIENCE);
  assert.equal(saved.supportNeeded, SUPPORT);
}, { timeout: 60000 });

step('the organizer opens Follow-ups and sees six sessions with the participant', async () => {
  const { page } = await person('organizer', { session: await signIn(s.organizer.email, s.organizer.password) });
  await page.goto(`/app/courses/${encodeURIComponent(s.course.id)}`);
  await h1(page, COURSE);
  await page.getByRole('link', { name: 'Follow-up sessions', exact: true }).click();
  await h1(page, `Follow-up sessions: ${COURSE}`);
  const table = page.getByRole('table', { name: '6 sessions, by date' });
  await table.waitFor();
  const rows = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: s.participant.displayName }) });
  assert.equal(await rows.count(), 6, 'six sessions with the participant');
  assert.equal(await table.getByText('Scheduled', { exact: true }).count(), 6);
  await visit(page, 'followups');
  await atPhoneWidth(page, 'followups');
  // Filtered by state: none missed.
  await page.getByLabel('Show sessions').selectOption({ label: 'Missed' });
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByText('No session was missed.').waitFor();
  assert.match(page.url(), /\?state=MISSED$/);
  await axeCheck(page, 'followups-missed');
  s.sessions = expectStatus(await admin.call('GET', `/v1/courses/${s.course.id}/followUps`, { key: s.organizer.key }),
    200, 'the sessions').json.followUps;
  assert.deepEqual(s.sessions.map((f) => f.dueDate), [1, 2, 3, 4, 5, 6].map((k) => addDays(s.endDate, 61 * k)));
}, { timeout: 60000 });

step('on the first session\'s day the organizer records it, with an outcome', async () => {
  await park('participant');
  await park('organizer');
  await setClockTo(instantOf(s.sessions[0].dueDate, 12, ZONE));
  // The reminders of the session, two days before its day, come late.
  for (const who of [s.organizer, s.participant]) {
    await waitUntil(`${who.displayName} is reminded of the first session`,
      async () => (await eventsOf(who)).includes('course.followup_due'));
  }
  const { page } = await signInAgain('organizer', s.organizer);
  await page.goto(`/app/courses/${encodeURIComponent(s.course.id)}/followUps`);
  await h1(page, `Follow-up sessions: ${COURSE}`);
  await page.getByRole('link', { name: `Record or move: follow-up 1 with ${s.participant.displayName}`, exact: true }).click();
  await h1(page, `Follow-up 1 with ${s.participant.displayName}`);
  const agreed = region(page, `Next steps agreed by ${s.participant.displayName}`);
  await agreed.getByText(ACTION_1).waitFor();
  await agreed.getByText(AUDIENCE).waitFor();
  await visit(page, 'followup-record');
  await atPhoneWidth(page, 'followup-record');
  const form = region(page, 'Record the session');
  await form.getByRole('radio', { name: 'By phone', exact: true }).check();
  const progress = (n, what) => form.getByRole('group', { name: `Action ${n}: ${what}`, exact: true });
  await progress(1, ACTION_1).getByLabel('How it stands').selectOption({ label: 'Done' });
  await progress(2, ACTION_2).getByLabel('How it stands').selectOption({ label: 'In progress' });
  await progress(2, ACTION_2).getByLabel('Note (optional)').fill('The draft is with the ministry.');
  // An outcome left empty: each required field says so.
  await form.getByRole('button', { name: 'Add an outcome', exact: true }).click();
  await form.getByRole('button', { name: 'Record the session', exact: true }).click();
  await form.getByRole('alert').getByText('Choose what kind of change this is.').first().waitFor();
  await axeCheck(page, 'followup-record-error');
  const outcome = form.getByRole('group', { name: 'Outcome 1', exact: true });
  await outcome.getByLabel(/^What kind of change/).selectOption({ label: 'The brief cited in a document' });
  await outcome.getByRole('textbox', { name: /^What changed/ }).fill(OUTCOME);
  await outcome.getByLabel(/^How significant it is/).selectOption({ label: 'High' });
  await outcome.getByRole('textbox', { name: /^What the training or the brief contributed/ }).fill('The brief\'s figures on coverage');
  await outcome.getByRole('textbox', { name: /^Source/ }).fill('Decree 12/2027');
  await outcome.getByRole('checkbox', { name: 'Someone other than the participant confirmed it' }).check();
  await outcome.getByRole('textbox', { name: /^Who confirmed it/ }).fill('The council\'s secretary');
  await form.getByRole('textbox', { name: /^Notes/ }).fill('A good call.');
  await form.getByRole('button', { name: 'Record the session', exact: true }).click();
  await page.getByText(`Follow-up 1 with ${s.participant.displayName} is recorded.`).waitFor();
  const recorded = region(page, 'What was recorded');
  await recorded.getByText('By phone', { exact: true }).waitFor();
  await recorded.getByText(OUTCOME).waitFor();
  await recorded.getByText('Yes, by The council\'s secretary').waitFor();
  assert.equal(await region(page, 'Record the session').count(), 0, 'a held session can be recorded again');
  await visit(page, 'followup-recorded');
  await atPhoneWidth(page, 'followup-recorded');
  const f = expectStatus(await admin.call('GET', `/v1/followUps/${s.sessions[0].id}`, { key: s.organizer.key }), 200).json;
  assert.equal(f.state, 'HELD');
  assert.equal(f.record.channel, 'PHONE');
  assert.deepEqual(bare(f.record.actionProgress), [{ action: 1, status: 'DONE' },
    { action: 2, status: 'IN_PROGRESS', note: 'The draft is with the ministry.' }]);
  assert.deepEqual(bare(f.record.outcomes), [{
    kind: 'BRIEF_CITED', description: OUTCOME, significance: 'HIGH', contribution: 'The brief\'s figures on coverage',
    source: 'Decree 12/2027', verified: true, verifiedBy: 'The council\'s secretary',
  }]);
  assert.equal(f.record.notes, 'A good call.');
}, { timeout: 60000 });

step('the participant reports progress on the next session', async () => {
  const { page } = await signInAgain('participant', s.participant);
  // The reminder (no brief: its course is found by its title) leads to
  // the sessions on the course page.
  await page.goto('/app/notifications');
  await h1(page, 'Notifications');
  const reminder = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Follow-up due', exact: true }) });
  await reminder.getByRole('link', { name: `See your follow-up sessions in ${COURSE}`, exact: true }).click();
  await h1(page, COURSE);
  assert.match(page.url(), /#follow-ups$/);
  await page.getByRole('heading', { level: 2, name: 'Your follow-up sessions' }).and(page.locator(':focus')).waitFor();
  const sessions = region(page, 'Your follow-up sessions');
  const first = sessions.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Follow-up 1: / }) });
  await first.getByText('Held', { exact: true }).waitFor();
  await first.getByText(OUTCOME).waitFor();
  const form = page.getByRole('form', { name: /^Report progress before follow-up 2 / });
  await form.getByRole('group', { name: `Action 2: ${ACTION_2}` }).getByLabel('How it stands').selectOption({ label: 'Done' });
  await form.getByRole('button', { name: 'Add an outcome', exact: true }).click();
  const outcome = form.getByRole('group', { name: 'Outcome 1', exact: true });
  await outcome.getByLabel(/^What kind of change/).selectOption({ label: 'Presented to a tripartite body' });
  await outcome.getByRole('textbox', { name: /^What changed/ }).fill(REPORTED);
  await outcome.getByLabel(/^How significant it is/).selectOption({ label: 'Medium' });
  await form.getByRole('textbox', { name: /^Anything else/ }).fill('The council asked for a follow-up note.');
  await axeCheck(page, 'report-form');
  await form.getByRole('button', { name: 'Send my report', exact: true }).click();
  await sessions.getByText('Your report has been sent to the organizers. They will confirm it at follow-up 2.').waitFor();
  const second = sessions.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Follow-up 2: / }) }).first();
  await second.getByText(REPORTED).waitFor();
  await second.getByText('Not confirmed yet', { exact: true }).waitFor();
  await visit(page, 'report-sent');
  await atPhoneWidth(page, 'report-sent');
  const mine = expectStatus(await admin.call('GET', `/v1/courses/${s.course.id}/followUps`, { key: s.participant.key }),
    200).json.followUps;
  assert.equal(mine[1].reports?.length, 1, 'the report is not with session 2');
  assert.deepEqual(bare(mine[1].reports[0].actionProgress), [{ action: 2, status: 'DONE' }]);
}, { timeout: 60000 });

step('the organizer sees the report waiting; the analytics page shows the figures', async () => {
  const { page } = await person('organizer');
  await page.goto('/app/notifications');
  await h1(page, 'Notifications');
  const reminder = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Follow-up session due', exact: true }) });
  await reminder.getByRole('link', { name: `Go to the follow-up sessions of ${COURSE}`, exact: true }).click();
  await h1(page, `Follow-up sessions: ${COURSE}`);
  const row2 = page.getByRole('row').filter({ hasText: 'Follow-up 2' });
  await row2.getByText('1 report to confirm').waitFor();
  const row1 = page.getByRole('row').filter({ hasText: 'Follow-up 1' });
  await row1.getByText('Held', { exact: true }).waitFor();
  await row1.getByText('By phone, 1 outcome').waitFor();
  // The course's figures, from the course page.
  await page.goto(`/app/courses/${encodeURIComponent(s.course.id)}`);
  await page.getByRole('link', { name: 'Figures of the course (analytics)', exact: true }).click();
  await h1(page, `Figures: ${COURSE}`);
  const api = expectStatus(await admin.call('GET', `/v1/courses/${s.course.id}/analytics`, { key: s.organizer.key }), 200).json;
  const expected = {
    Participants: '1', 'Participants with next steps agreed': '1 of 1', 'Sessions held': '1',
    'Sessions held by their day and the grace period': '1', 'Sessions missed': '0', 'Outcomes recorded': '1',
    'Outcomes confirmed by someone else': '1', 'Follow-up sessions whose day has passed': String(api.followUpsDue ?? 0),
    'Briefs submitted': '0',
  };
  for (const [label, value] of Object.entries(expected)) {
    assert.equal((await figure(page, label).textContent()).trim(), value, label);
  }
  // Every chart is one image named by its figures, with a table of them.
  const kinds = page.getByRole('img', { name: /^Outcomes by kind\. The brief cited in a document: 1\.$/ });
  await kinds.waitFor();
  await page.getByRole('img', { name: /^Outcomes by the participant's constituency\. Workers' organization: 1\.$/ }).waitFor();
  await page.getByRole('img', { name: /^Outcomes by the participant's country\. Ghana \(GH\): 1\.$/ }).waitFor();
  const m = api.modules?.[0];
  if (m) {
    await page.getByRole('img', {
      name: `Milestones by module. Module 1: On time ${m.onTime ?? 0}, Missing ${m.missing ?? 0}, Upcoming ${m.upcoming ?? 0}.`,
      exact: true,
    }).waitFor();
  }
  const charts = page.getByRole('figure');
  const count = await charts.count();
  assert.ok(count >= 5, `${count} charts`);
  for (let i = 0; i < count; i += 1) {
    const chart = charts.nth(i);
    const title = (await chart.locator('figcaption').textContent()).trim();
    const img = chart.getByRole('img');
    if (await img.count()) {
      assert.match(await img.getAttribute('aria-label'), new RegExp(`^${title.replace(/[()]/g, '\\$&')}\\. `), `${title}: not named by its figures`);
      await chart.getByText(`${title}: the figures as a table`).click();
      await chart.getByRole('table', { name: title }).waitFor();
    }
  }
  await visit(page, 'analytics-course');
  await atPhoneWidth(page, 'analytics-course');
  // The CSV, as the API gives it.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the figures (CSV)', exact: true }).click(),
  ]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.match(csv, /metric,key,value/);
  assert.match(csv, /followUpsHeld,,1\r?\n/);
  assert.match(csv, /outcomesByKind,BRIEF_CITED,1\r?\n/);
  // Across the organizer's courses, by the year the courses end.
  await menu(page, 'Analytics').click();
  await h1(page, 'Figures of your courses');
  const year = s.endDate.slice(0, 4);
  await page.getByLabel('From year').fill(year);
  await page.getByLabel('To year').fill(year);
  await page.getByRole('button', { name: 'Show the figures', exact: true }).click();
  await page.waitForURL(new RegExp(`/app/analytics\\?fromYear=${year}&toYear=${year}$`));
  await figure(page, 'Courses').filter({ hasText: /^1$/ }).waitFor();
  assert.equal((await figure(page, 'Outcomes recorded').textContent()).trim(), '1');
  await visit(page, 'analytics-across');
  await page.getByLabel('From year').fill(String(Number(year) + 1));
  await page.getByLabel('To year').fill('');
  await page.getByRole('button', { name: 'Show the figures', exact: true }).click();
  await page.waitForURL(new RegExp(`/app/analytics\\?fromYear=${Number(year) + 1}$`));
  await figure(page, 'Courses').filter({ hasText: /^0$/ }).waitFor();
  await axeCheck(page, 'analytics-across-none');
}, { timeout: 60000 });

step('the organizer finds the report to confirm on the next session, and moves the last one', async () => {
  const { page } = await person('organizer');
  await page.goto(`/app/courses/${encodeURIComponent(s.course.id)}/followUps/${encodeURIComponent(s.sessions[1].id)}`);
  await h1(page, `Follow-up 2 with ${s.participant.displayName}`);
  const form = region(page, 'Record the session');
  await form.getByRole('group', { name: `Reports from ${s.participant.displayName} to confirm` })
    .getByRole('checkbox', { name: /^Confirm the report sent / }).waitFor();
  await form.getByText(REPORTED).waitFor();
  await visit(page, 'followup-report-to-confirm');
  // The last session, to a later day with another organizer.
  await page.goto(`/app/courses/${encodeURIComponent(s.course.id)}/followUps/${encodeURIComponent(s.sessions[5].id)}`);
  await h1(page, `Follow-up 6 with ${s.participant.displayName}`);
  const move = region(page, 'Move the session');
  const later = addDays(s.sessions[5].dueDate, 7);
  await move.getByLabel(/^New date/).fill(later);
  await move.getByRole('button', { name: 'Move the session', exact: true }).click();
  await move.getByRole('alert').getByText('Say why the session is moved.').first().waitFor();
  await move.getByRole('textbox', { name: /^Why it is moved/ }).fill('The participant is away that week.');
  await move.getByLabel('Organizer who holds it').selectOption({ label: s.other.displayName });
  await move.getByRole('button', { name: 'Move the session', exact: true }).click();
  await page.getByText(new RegExp(`^The session is now on .+, held by ${s.other.displayName}\\.$`)).waitFor();
  await page.getByText('The participant is away that week.').waitFor();
  await visit(page, 'followup-moved');
  const moved = expectStatus(await admin.call('GET', `/v1/followUps/${s.sessions[5].id}`, { key: s.organizer.key }), 200).json;
  assert.equal(moved.dueDate, later);
  assert.equal(moved.assigneeId, s.other.id);
  assert.equal(moved.state, 'SCHEDULED');
}, { timeout: 60000 });
