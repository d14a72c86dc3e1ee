// Data rights in the browser (issue 14): a participant signs in and
// downloads their data from their account page (the file read back: their
// id, name and e-mail address; no password, no key); the admin opens
// People, pages to the participant with "Show more people", opens "Erase…"
// (what erasure does said plainly; the Erase button disabled until the
// participant's e-mail address is typed; Escape cancels, nothing erased),
// erases them, and the row shows them erased with the date; the
// participant's session ended with it (a reload leads to the sign-in page,
// and the password no longer signs in). axe-core on the account page, the
// People page, its open confirmation and the page after the erasure; both
// pages at phone width.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  admin, expectStatus, newSignedUpUser, newUser, postSession,
} from '../lib/api.mjs';
import { signInThroughForm } from '../lib/app.mjs';
import { axeCheck, screenshot } from '../lib/browser.mjs';
import { atPhoneWidth, visit } from '../lib/pages.mjs';
import { env, unique } from '../lib/env.mjs';
import { journey } from '../lib/journey.mjs';

const { person, step } = journey({ viewport: { width: 1280, height: 900 } });

const NAME = 'Nadia Rahman';
// More people than the People page shows at once (25 a page).
const OTHERS = 26;
const EXPORT_FILE = 'briefdesk-export.json';

const s = {};

const h1 = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();
const menu = (page, name) =>
  page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name, exact: true });
const people = (page) => page.getByRole('table', { name: 'People with an account' });
const rowOf = (page, text) => people(page).getByRole('row').filter({ hasText: text });
const isFocused = (locator) => locator.evaluate((el) => el === document.activeElement);

step('a participant who can sign in, and more people than a page holds (made with the API)', async () => {
  s.participant = await newSignedUpUser({
    roles: ['PARTICIPANT'], displayName: NAME, email: `nadia-${unique()}@example.org`,
  });
  for (let made = 0; made < OTHERS; made += 6) {
    await Promise.all(Array.from({ length: Math.min(6, OTHERS - made) }, () => newUser()));
  }
}, { timeout: 60000 });

step('the participant signs in and downloads their data from their account page', async () => {
  const { page } = await person('participant');
  await signInThroughForm(page, s.participant.email, s.participant.password);
  await h1(page, /^Hello/);
  await menu(page, 'Your account').click();
  await h1(page, 'Your account');
  const section = page.getByRole('region', { name: 'Your data', exact: true });
  await section.getByText(/everything BriefDesk holds about you/).waitFor();
  await visit(page, 'account');
  await atPhoneWidth(page, 'account');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByRole('button', { name: 'Download my data', exact: true }).click(),
  ]);
  assert.equal(download.suggestedFilename(), EXPORT_FILE);
  const text = fs.readFileSync(await download.path(), 'utf8');
  const data = JSON.parse(text);
  assert.equal(data.account?.user?.id, s.participant.id, 'account.user.id');
  assert.equal(data.account.user.email, s.participant.email, 'account.user.email');
  assert.equal(data.account.user.displayName, NAME, 'account.user.displayName');
  assert.ok(data.exportTime, 'the export has no exportTime');
  assert.ok(text.includes(s.participant.email) && text.includes(NAME));
  // Never a password or a key itself.
  assert.ok(!text.includes(s.participant.password), 'the password is in the export');
  assert.ok(!text.includes(s.participant.key), 'the API key is in the export');
  assert.doesNotMatch(text, /\$argon2/, 'a password hash is in the export');
  await section.getByText(`Your data has been saved as ${EXPORT_FILE}.`).waitFor();
  await axeCheck(page, 'account-downloaded');
});

step('the admin opens People and finds the participant a page at a time', async () => {
  const { page } = await person('admin');
  await signInThroughForm(page, env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
  await h1(page, /^Hello/);
  await menu(page, 'People').click();
  await h1(page, 'People');
  const rows = people(page).getByRole('rowheader');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 25, 'the first page holds 25 people');
  await visit(page, 'people');
  await atPhoneWidth(page, 'people');
  const more = page.getByRole('button', { name: 'Show more people', exact: true });
  for (let shown = await rows.count(); await more.count(); shown = await rows.count()) {
    await more.click();
    await rows.nth(shown).waitFor();
    assert.ok(await isFocused(rows.nth(shown)), 'the first person shown by "Show more people" has the focus');
  }
  assert.ok(await rows.count() >= OTHERS + 2, `${await rows.count()} people listed`);
  const row = rowOf(page, s.participant.email);
  await row.getByRole('rowheader', { name: NAME, exact: true }).waitFor();
  await row.getByText('Participant', { exact: true }).waitFor();
  // The admin cannot erase themselves here.
  const own = rowOf(page, env.ADMIN_EMAIL);
  await own.getByText('This is you', { exact: true }).waitFor();
  assert.equal(await own.getByRole('button').count(), 0, 'the admin\'s own row offers a button');
});

step('Erase stays disabled until the participant\'s e-mail address is typed; Escape cancels', async () => {
  const { page } = await person('admin');
  const opener = rowOf(page, s.participant.email).getByRole('button', { name: `Erase ${NAME}…`, exact: true });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: `Erase ${NAME}?`, exact: true });
  await dialog.waitFor();
  for (const words of ['“Erased person”', 'password, sessions, API keys, inbox, webhooks and e-mail preferences are deleted',
    'stay in the course record', '“Anonymous author”', 'This cannot be undone.']) {
    await dialog.getByText(words).first().waitFor();
  }
  const typed = dialog.getByLabel(/^To confirm, type their e-mail address/);
  const erase = dialog.getByRole('button', { name: 'Erase', exact: true });
  assert.ok(await isFocused(typed), 'the address field has the focus');
  assert.ok(await erase.isDisabled(), 'Erase is enabled before anything is typed');
  await typed.fill(s.participant.email.slice(0, -1));
  assert.ok(await erase.isDisabled(), 'Erase is enabled with part of the address');
  await typed.fill(env.ADMIN_EMAIL);
  assert.ok(await erase.isDisabled(), 'Erase is enabled with another address');
  await axeCheck(page, 'people-erase-confirmation');
  await screenshot(page, 'people-erase-confirmation');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.ok(await isFocused(opener), 'the focus is back on the Erase button');
  const still = expectStatus(await admin.call('GET', `/v1/users/${encodeURIComponent(s.participant.id)}`), 200).json;
  assert.ok(!still.eraseTime, 'cancelled, yet erased');
  assert.equal(still.email, s.participant.email);
});

step('the admin erases the participant: the row shows them erased, with the date', async () => {
  const { page } = await person('admin');
  await rowOf(page, s.participant.email).getByRole('button', { name: `Erase ${NAME}…`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Erase ${NAME}?`, exact: true });
  const erase = dialog.getByRole('button', { name: 'Erase', exact: true });
  await dialog.getByLabel(/^To confirm, type their e-mail address/).fill(` ${s.participant.email.toUpperCase()} `);
  assert.ok(await erase.isEnabled(), 'Erase is still disabled with the address typed');
  await erase.click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('status').getByText(`${NAME} has been erased.`, { exact: true }).waitFor();
  // The row, in its place, with the focus on it.
  const header = page.locator(':focus');
  assert.equal((await header.textContent()).trim(), 'Erased person');
  const row = header.locator('xpath=ancestor::tr[1]');
  // As dates are shown (en-GB): "Erased on 8 Dec 2026, 14:05".
  await row.getByText(/^Erased on \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/).waitFor();
  assert.equal(await row.getByRole('button').count(), 0, 'an erased person can be erased again');
  assert.equal(await people(page).getByText(s.participant.email).count(), 0, 'the address is still listed');
  const now = expectStatus(await admin.call('GET', `/v1/users/${encodeURIComponent(s.participant.id)}`), 200).json;
  assert.ok(now.eraseTime, 'the directory has no eraseTime');
  assert.equal(now.displayName, 'Erased person');
  assert.ok(!now.email, `the address is kept: ${now.email}`);
  await visit(page, 'people-erased');
});

step('the participant\'s session ended with the erasure: a reload leads to the sign-in page', async () => {
  const { page } = await person('participant');
  await page.reload();
  await page.waitForURL(/\/app\/signin/);
  await h1(page, 'Sign in to BriefDesk');
  const again = await postSession(s.participant.email, s.participant.password);
  assert.equal(again.status, 401, `the erased person signed in again: ${again}`);
});
