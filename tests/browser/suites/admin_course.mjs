// The newcomer's path (issue 13): the run command's URL, sign in as the
// bootstrap admin through the form, create a course with two modules, find
// it in the course list. axe-core on every page on the way, and a
// screenshot of each in ARTIFACTS.
import assert from 'node:assert/strict';
import { admin, expectStatus } from '../lib/api.mjs';
import { browserTest } from '../lib/browser.mjs';
import { visit } from '../lib/pages.mjs';
import { env, unique } from '../lib/env.mjs';

// A date `days` from now, as YYYY-MM-DD.
const day = (days) => new Date(Date.now() + days * 86400e3).toISOString().slice(0, 10);

// Fills a date or date-and-time field whatever its input type.
async function fillDate(field, date) {
  const type = await field.getAttribute('type');
  await field.fill(type === 'datetime-local' ? `${date}T17:00` : date);
}

// A link of the site's main menu.
const menu = (page, name) =>
  page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name, exact: true });

browserTest('a newcomer signs in as the admin and creates a course with two modules', async ({ page }) => {
  const title = `Evidence for decent work ${unique()}`;
  await page.goto('/');
  await page.waitForURL(/\/app\//);
  await visit(page, 'sign-in');

  await page.getByLabel(/^e-?mail/i).fill(env.ADMIN_EMAIL);
  await page.getByLabel(/^password/i).fill(env.ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
  await visit(page, 'home');

  await menu(page, 'Courses').click();
  await visit(page, 'courses');
  await page.getByRole('link', { name: 'Create a course', exact: true }).click();
  await visit(page, 'course-new');

  await page.getByLabel(/^title/i).fill(title);
  await page.getByLabel(/^edition/i).fill('International 2027');
  await page.getByLabel(/^time zone/i).fill('Europe/Rome');
  await fillDate(page.getByLabel(/^start date/i), day(30));
  await fillDate(page.getByLabel(/^end date/i), day(72));
  for (const [i, name] of ['Framing the policy question', 'Finding the evidence'].entries()) {
    await page.getByRole('button', { name: 'Add a module', exact: true }).click();
    const module = page.getByRole('group', { name: `Module ${i + 1}`, exact: true });
    await module.getByLabel(/^module title/i).fill(name);
    await fillDate(module.getByLabel(/^due/i), day(37 + 7 * i));
  }
  await page.getByRole('button', { name: 'Create the course', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await visit(page, 'course');

  await menu(page, 'Courses').click();
  await page.getByRole('link', { name: title, exact: true }).waitFor();

  // What the browser made is what the API holds.
  const list = expectStatus(await admin.call('GET', '/v1/courses?pageSize=100'), 200).json.courses;
  const made = list.find((c) => c.title === title);
  assert.ok(made, `the course is not in GET /v1/courses: ${JSON.stringify(list.map((c) => c.title))}`);
  assert.deepEqual(made.modules.map((m) => m.title),
    ['Framing the policy question', 'Finding the evidence']);
  assert.equal(made.timeZone, 'Europe/Rome');
  assert.equal(made.startDate, day(30));
  assert.equal(made.endDate, day(72));
  // Due at 17:00 on the day typed, in the course's zone.
  const inRome = (instant) => new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit',
  }).format(new Date(instant));
  assert.deepEqual(made.modules.map((m) => inRome(m.dueTime)),
    [`${day(37)} 17:00`, `${day(44)} 17:00`]);
});
