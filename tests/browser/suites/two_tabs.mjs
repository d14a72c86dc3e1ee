// Nothing typed is lost (issue 13): two tabs on one brief, where the
// second, editing stale text, is told the brief changed elsewhere, sees
// what changed, and keeps its text to save after choosing; text typed and
// not saved survives a reload; a save answered 503, or sent while the
// connection is down, shows the retrying state and saves when it can; a
// save that fails for good says so, and the text stays, across a reload.
import assert from 'node:assert/strict';
import { before } from 'node:test';
import { getBrief, newBrief, newSignedUpUser, signIn } from '../lib/api.mjs';
import { allowConsole, axeCheck, browserTest, screenshot } from '../lib/browser.mjs';
import { useSession } from '../lib/app.mjs';
import { unique } from '../lib/env.mjs';

let author;
before(async () => {
  author = await newSignedUpUser({ displayName: 'Tomás Two-Tabs' });
});

const SECTIONS = {
  summary: 'Minimum wages protect the lowest paid when they are set with the social partners.',
  problem: 'One worker in five earns less than the minimum wage.',
  evidence: 'Surveys of 40 countries show compliance rises with inspection.',
};
const LABEL = {
  summary: /^Key messages/, problem: /^The problem/, evidence: /^Evidence/,
};

// A new brief of the author's (revision 1), opened in the editor in
// `page`, signed in as the author; the brief.
async function openBrief(context, page, fields = {}) {
  const brief = await newBrief(author.key, {
    title: `Minimum wages that work ${unique()}`, topic: 'wages', sections: SECTIONS, ...fields,
  });
  await useSession(context, await signIn(author.email, author.password));
  await openEditor(page, brief);
  return brief;
}

async function openEditor(page, brief) {
  await page.goto(`/app/briefs/${encodeURIComponent(brief.id)}`);
  await page.getByRole('heading', { level: 1, name: brief.title }).waitFor();
  await field(page, 'summary').waitFor();
}

// The save status, once it says the brief is saved as `revision`.
const saved = (page, revision) => page.getByRole('status')
  .filter({ hasText: new RegExp(`^Saved at .*\\(revision ${revision}\\)\\.$`) }).waitFor();
const save = (page) => page.getByRole('button', { name: 'Save', exact: true }).click();
const field = (page, section) => page.getByRole('textbox', { name: LABEL[section] });

browserTest('two tabs on one brief: the stale tab is told, sees what changed, and saves its own text after choosing', async ({ context, page: a }) => {
  const brief = await openBrief(context, a);
  const b = await context.newPage();
  await openEditor(b, brief);
  await saved(a, 1);
  await saved(b, 1);

  // Tab A changes the key messages and the problem, and saves.
  const theirs = 'Minimum wages set with employers and workers raise the pay of the lowest paid without costing jobs.';
  const theirProblem = 'One worker in four earns less than the minimum wage, most of them women.';
  await field(a, 'summary').fill(theirs);
  await field(a, 'problem').fill(theirProblem);
  await save(a);
  await saved(a, 2);

  // Tab B, still on revision 1, changes the key messages too, and saves.
  const mine = 'A minimum wage only protects workers when it is enforced: inspection matters as much as the level.';
  await field(b, 'summary').fill(mine);
  await save(b);
  const conflict = b.getByRole('region', { name: 'The brief was changed elsewhere' });
  await conflict.waitFor();
  await conflict.getByText(/^Someone saved the brief while you were writing .*revision 2, at .*Nothing has been overwritten\.$/).waitFor();
  await b.getByRole('status').filter({ hasText: 'Not saved: the brief was changed elsewhere.' }).waitFor();
  // What changed: the key messages both changed, side by side; the
  // problem, changed only there, simply takes the saved text.
  const summary = conflict.getByRole('group', { name: 'Key messages', exact: true });
  await summary.getByText('You and the other person both changed this part.').waitFor();
  const compare = summary.getByRole('region', { name: 'Key messages: your text and the text saved elsewhere' });
  await compare.getByRole('columnheader', { name: 'Your text' }).waitFor();
  await compare.getByRole('columnheader', { name: 'Saved elsewhere (revision 2)' }).waitFor();
  await compare.getByText(mine).waitFor();
  await compare.getByText(theirs).waitFor();
  assert.equal(await conflict.getByRole('group').count(), 1, 'a part this tab never touched is asked about');
  await conflict.getByText(/^Parts you had not changed take the text saved elsewhere: The problem/).waitFor();
  assert.equal(await field(b, 'problem').inputValue(), theirProblem, 'the problem does not show the saved text');
  // Nothing typed in B is lost: still in its field, and chosen by default.
  assert.equal(await field(b, 'summary').inputValue(), mine, 'the stale tab lost its text');
  assert.ok(await summary.getByRole('radio', { name: 'Keep my text' }).isChecked(),
    'the text typed here is not the default choice');
  assert.equal((await getBrief(author.key, brief.id)).sections.summary, theirs,
    'the stale save overwrote the brief');
  await axeCheck(b, 'two-tabs-conflict');
  await screenshot(b, 'two-tabs-conflict');

  // Save after choosing mine for the key messages.
  await conflict.getByRole('button', { name: 'Save with these choices', exact: true }).click();
  await saved(b, 3);
  await conflict.waitFor({ state: 'detached' });
  assert.equal(await field(b, 'problem').inputValue(), theirProblem, 'the problem did not take the newer text');
  const now = await getBrief(author.key, brief.id);
  assert.equal(now.revision, 3);
  assert.equal(now.sections.summary, mine);
  assert.equal(now.sections.problem, theirProblem);
  await axeCheck(b, 'two-tabs-resolved');
});

browserTest('two tabs on one brief: changes to different parts both end up saved, the stale tab asked at most about the other\'s part', async ({ context, page: a }) => {
  const brief = await openBrief(context, a);
  const b = await context.newPage();
  await openEditor(b, brief);
  const problem = 'One worker in four earns less than the minimum wage.';
  const evidence = 'Surveys of 40 countries show compliance rises with labour inspection and with publicity of the rates.';
  await field(a, 'problem').fill(problem);
  await save(a);
  await saved(a, 2);
  await field(b, 'evidence').fill(evidence);
  await save(b);
  // Nothing conflicts: the app puts B's change on top of revision 2 by
  // itself and saves at once (its "rebased" notice), asking nothing.
  await b.getByText('The brief was saved elsewhere (revision 2), but not in the parts you changed: your changes are added to that revision.').waitFor();
  await saved(b, 3);
  // The notice stays once that save is made: the person reads it then.
  assert.ok(await b.getByText('The brief was saved elsewhere (revision 2), but not in the parts you changed: your changes are added to that revision.').isVisible(),
    'the notice of the changes added on top went away with the save');
  assert.equal(await b.getByRole('region', { name: 'The brief was changed elsewhere' }).count(), 0,
    'the stale tab is asked about parts it never touched');
  assert.equal(await field(b, 'problem').inputValue(), problem, 'tab B does not show what tab A saved');
  const now = await getBrief(author.key, brief.id);
  assert.equal(now.sections.problem, problem, 'tab A\'s change was lost');
  assert.equal(now.sections.evidence, evidence, 'tab B\'s change was lost');
  await axeCheck(b, 'two-tabs-merged');
});

browserTest('text typed and not saved survives a reload, and can be saved then', async ({ context, page }) => {
  const brief = await openBrief(context, page);
  const typed = 'Labour inspectorates with twice the staff found three times the underpayment (ILO 2020).';
  await field(page, 'evidence').fill(typed);
  await page.getByRole('status').filter({ hasText: /^Unsaved changes/ }).waitFor();
  await page.reload();
  await page.getByText('We put back the changes you had not saved yet. Save them to make a new revision.').waitFor();
  assert.equal(await field(page, 'evidence').inputValue(), typed, 'the text typed was lost in the reload');
  await axeCheck(page, 'draft-restored');
  await save(page);
  await saved(page, 2);
  assert.equal((await getBrief(author.key, brief.id)).sections.evidence, typed);
  // Saved: nothing is put back on the next visit.
  await page.reload();
  await saved(page, 2);
  assert.equal(await page.getByText('We put back the changes you had not saved yet.', { exact: false }).count(), 0,
    'a saved text is offered back as unsaved');
});

browserTest('a save answered 503 shows the retrying state, keeps the text, and saves on "Try again now"', async ({ context, page }) => {
  allowConsole(page, /the server responded with a status of 503/);
  const brief = await openBrief(context, page);
  let refused = 0;
  await page.route(`**/v1/briefs/${brief.id}`, (route) => {
    if (route.request().method() === 'PATCH' && refused === 0) {
      refused += 1;
      return route.fulfill({
        status: 503, headers: { 'Retry-After': '30' }, contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'the briefs service is restarting' } }),
      });
    }
    return route.continue();
  });
  const typed = 'Minimum wages reach the informal economy when they are published and known.';
  await field(page, 'summary').fill(typed);
  await save(page);
  const banner = page.getByRole('status').filter({ hasText: 'Connection problem.' });
  await banner.getByText(/BriefDesk is busy or restarting\. Trying again in \d+ seconds…/).waitFor();
  await page.getByRole('status').filter({ hasText: 'Saving…' }).waitFor();
  assert.equal(refused, 1);
  assert.equal(await field(page, 'summary').inputValue(), typed);
  await axeCheck(page, 'save-retrying');
  await screenshot(page, 'save-retrying');
  await banner.getByRole('button', { name: 'Try again now', exact: true }).click();
  await saved(page, 2);
  await banner.waitFor({ state: 'hidden' });
  assert.equal((await getBrief(author.key, brief.id)).sections.summary, typed);
});

browserTest('a save while the connection is down says so, and saves once it is back', async ({ context, page }) => {
  allowConsole(page, /net::ERR_INTERNET_DISCONNECTED/);
  const brief = await openBrief(context, page);
  const typed = 'Publish the minimum wage rates in every language spoken at work.';
  await field(page, 'problem').fill(typed);
  await context.setOffline(true);
  await save(page);
  const banner = page.getByRole('status').filter({ hasText: 'Connection problem.' });
  await banner.getByText(/BriefDesk cannot be reached: your connection may be down\./).waitFor();
  assert.equal(await field(page, 'problem').inputValue(), typed);
  await context.setOffline(false);
  await banner.getByRole('button', { name: 'Try again now', exact: true }).click();
  await saved(page, 2);
  assert.equal((await getBrief(author.key, brief.id)).sections.problem, typed);
});

browserTest('a save that fails for good says so at once; the text stays, across a reload, and saves later', async ({ context, page }) => {
  allowConsole(page, /the server responded with a status of 500/);
  const brief = await openBrief(context, page);
  await page.route(`**/v1/briefs/${brief.id}`, (route) => (route.request().method() === 'PATCH'
    ? route.fulfill({
      status: 500, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'INTERNAL', message: 'boom' } }),
    })
    : route.continue()));
  const typed = 'Index the minimum wage to prices, and review it with the social partners every year.';
  await field(page, 'summary').fill(typed);
  await save(page);
  await page.getByRole('status').filter({ hasText: 'Not saved. Your text is kept in this browser: try again.' }).waitFor();
  await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
  assert.equal(await field(page, 'summary').inputValue(), typed);
  await axeCheck(page, 'save-failed');
  await screenshot(page, 'save-failed');
  await page.unroute(`**/v1/briefs/${brief.id}`);
  await page.reload();
  await page.getByText('We put back the changes you had not saved yet.', { exact: false }).waitFor();
  assert.equal(await field(page, 'summary').inputValue(), typed, 'the text of the failed save was lost in the reload');
  await save(page);
  await saved(page, 2);
  assert.equal((await getBrief(author.key, brief.id)).sections.summary, typed);
});

browserTest('two tabs, each with unsaved text, both closed: the text of each comes back', async ({ context, page: a }) => {
  const brief = await openBrief(context, a);
  const b = await context.newPage();
  await openEditor(b, brief);
  const inA = 'Typed in the first tab: one worker in four earns less than the minimum wage.';
  const inB = 'Typed in the second tab: compliance rises with labour inspection.';
  await field(a, 'problem').fill(inA);
  await a.getByRole('status').filter({ hasText: /^Unsaved changes/ }).waitFor();
  await field(b, 'evidence').fill(inB);
  await b.getByRole('status').filter({ hasText: /^Unsaved changes/ }).waitFor();
  // The person closes the tabs (the browser, say), then opens the brief.
  await b.close({ runBeforeUnload: true });
  await a.close({ runBeforeUnload: true });
  const again = await context.newPage();
  await openEditor(again, brief);
  await again.getByText('We put back the changes you had not saved yet.', { exact: false }).waitFor();
  const kept = { problem: await field(again, 'problem').inputValue(), evidence: await field(again, 'evidence').inputValue() };
  assert.deepEqual(kept, { problem: inA, evidence: inB },
    'the unsaved text of one of the two tabs is lost');
  await axeCheck(again, 'two-tabs-drafts-restored');
  // Both saved at once; nothing is put back on the next visit.
  await save(again);
  await saved(again, 2);
  const now = await getBrief(author.key, brief.id);
  assert.equal(now.sections.problem, inA);
  assert.equal(now.sections.evidence, inB);
  await again.reload();
  await saved(again, 2);
  assert.equal(await again.getByText('We put back the changes you had not saved yet.', { exact: false }).count(), 0,
    'a saved text is offered back as unsaved');
});
