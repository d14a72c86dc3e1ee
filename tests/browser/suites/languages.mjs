// A brief in its own language (issue 15): a participant of a course taught
// in Spanish starts a brief; the Language field offers the course's
// language first, a malformed tag under "Other…" is an error at its field,
// and they choose Français. The editor says the brief is in French, its
// fields and previews carry lang="fr", and the brief check scores the
// French text by Kandel-Moles and counts its sentences. Switched to Other
// → "ja", the check says at once that Japanese is not scored; saved, the
// brief is in Japanese, after a reload too. axe-core on the new-brief form
// (its error too) and on the editor in both languages.
import assert from 'node:assert/strict';
import {
  admin, expectStatus, getBrief, newCourse, newSignedUpUser, signIn,
} from '../lib/api.mjs';
import { axeCheck } from '../lib/browser.mjs';
import { visit } from '../lib/pages.mjs';
import { unique } from '../lib/env.mjs';
import { journey } from '../lib/journey.mjs';

const { person, step } = journey({ viewport: { width: 1280, height: 900 } });

const u = unique();
const COURSE = `Protección social ${u}`;
const TITLE = 'Protéger les travailleuses domestiques';
const TEXT = {
  summary: [
    '- Deux travailleuses domestiques sur trois n’ont aucune protection sociale.',
    '- Des cotisations subventionnées les font entrer dans l’assurance sociale.',
    '- Le gouvernement doit étendre les régimes contributifs aux bas salaires.',
  ].join('\n'),
  problem: 'Les travailleuses domestiques ne cotisent pas. Une maladie suffit à faire tomber un ménage dans la pauvreté. Les régimes actuels ne couvrent que les salariés déclarés.',
  evidence: 'Dans douze pays, la couverture a augmenté d’un tiers en cinq ans là où les cotisations étaient subventionnées. L’inscription par les associations a réduit les coûts.',
  recommendations: [
    '- Étendre le régime contributif aux travailleuses domestiques.',
    '- Subventionner les cotisations des personnes qui gagnent moins que le salaire minimum.',
    '- Permettre l’inscription par les associations et le paiement mobile.',
  ].join('\n'),
  references: [
    '- OIT (2021). *Rapport mondial sur la protection sociale 2020-2022*. Genève.',
    '- OIT (2019). *Étendre la sécurité sociale aux travailleurs de l’économie informelle*. Genève.',
    '- OIT (2022). *Enquête sur la population active*. Genève.',
  ].join('\n'),
};
const LABEL = {
  summary: /^Key messages/, problem: /^The problem/, evidence: /^Evidence/,
  recommendations: /^Recommendations/, references: /^References/,
};
const NOT_SCORED = 'Readability is not scored for this language (ja): words and sentences are counted.';

const s = {};

const h1 = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();
const saved = (page, revision) =>
  page.getByRole('status').filter({ hasText: new RegExp(`^Saved at .*\\(revision ${revision}\\)\\.$`) }).waitFor();
const languageSelect = (page) => page.getByRole('combobox', { name: 'Language', exact: true });
const tagField = (page) => page.getByRole('textbox', { name: /^Language tag/ });
const checkPanel = (page) => page.getByRole('region', { name: 'Brief check' });

// The figure the check panel gives for `term` (a <dt> of its numbers).
async function figure(page, term) {
  const dt = checkPanel(page).locator('dt', { hasText: term });
  await dt.waitFor();
  return dt.evaluate((el) => el.nextElementSibling?.textContent ?? '');
}

// The `lang` of the editor's text fields and of its previews, by name.
const FIELDS = [/^Title/, /^Policy question/, /^Key messages/, /^The problem/, /^Evidence/,
  /^Policy options/, /^Recommendations/, /^References/];
async function langs(page) {
  const out = {};
  for (const name of FIELDS) out[name.source] = await page.getByRole('textbox', { name }).getAttribute('lang');
  const previews = page.getByRole('region', { name: /^How “.+” will look$/ });
  const count = await previews.count();
  for (let i = 0; i < count; i += 1) {
    const region = previews.nth(i);
    const name = await region.evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby'))?.textContent);
    // The rendered text, inside the region (its label is in the reader's language).
    out[name] = await region.locator('[lang]').first().getAttribute('lang');
  }
  return out;
}

function assertAllLang(found, lang) {
  const wrong = Object.entries(found).filter(([, v]) => v !== lang);
  assert.equal(Object.keys(found).length, 14, `too few fields and previews found: ${JSON.stringify(found)}`);
  assert.deepEqual(wrong, [], `not lang="${lang}": ${JSON.stringify(wrong)}`);
}

step('an organizer\'s course taught in Spanish, with a participant (made with the API)', async () => {
  s.organizer = await newSignedUpUser({ roles: ['ORGANIZER'], displayName: 'Olga Organizer' });
  s.course = await newCourse(s.organizer.key, { title: COURSE, modules: ['Plantear el problema'], language: 'es' });
  assert.equal(s.course.language, 'es', 'the course was not made in Spanish');
  s.participant = await newSignedUpUser({ roles: ['PARTICIPANT'], displayName: 'Awa Ndiaye' });
  expectStatus(await admin.call('POST', `/v1/courses/${s.course.id}/members`, {
    key: s.organizer.key, body: { email: s.participant.email, courseRole: 'PARTICIPANT' },
  }), 201, 'enrolling the participant');
});

step('the new-brief form offers the course\'s language; a malformed tag is an error at its field; Français is chosen', async () => {
  const { page } = await person('participant', { session: await signIn(s.participant.email, s.participant.password) });
  await page.goto(`/app/briefs/new?course=${encodeURIComponent(s.course.id)}`);
  await h1(page, 'Start your brief');
  const select = languageSelect(page);
  assert.equal(await select.inputValue(), 'es', 'the course\'s language is not the default');
  assert.deepEqual(await select.locator('option').allTextContents(), ['English', 'Français', 'Español', 'Other…']);
  assert.equal(await tagField(page).count(), 0, 'the tag field shows before Other is chosen');
  await visit(page, 'brief-new-language');

  await page.getByLabel(/^Title/).fill(TITLE);
  await page.getByLabel(/^Topic/).selectOption({ label: 'Social protection' });
  await select.selectOption({ label: 'Other…' });
  await tagField(page).fill('f');
  await page.getByRole('button', { name: 'Start the brief', exact: true }).click();
  await page.getByRole('alert').getByText('There is a problem').waitFor();
  const tag = tagField(page);
  assert.equal(await tag.getAttribute('aria-invalid'), 'true', 'the tag is not marked invalid');
  const said = await page.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
    await tag.getAttribute('aria-describedby'));
  assert.match(said, /“f” is not a language tag/, 'the tag field is not described by its error');
  await axeCheck(page, 'brief-new-language-error');

  await select.selectOption({ label: 'Français' });
  await tag.waitFor({ state: 'hidden' });
  assert.equal(await page.getByLabel(/^Title/).getAttribute('lang'), 'fr', 'the title is not marked as French');
  await page.getByRole('button', { name: 'Start the brief', exact: true }).click();
  await h1(page, TITLE);
  s.briefId = decodeURIComponent(/\/app\/briefs\/([^/?#]+)$/.exec(new URL(page.url()).pathname)?.[1] ?? '');
  assert.ok(s.briefId, `the editor's address names no brief: ${page.url()}`);
  assert.equal((await getBrief(s.participant.key, s.briefId)).language, 'fr', 'the brief was not made in French');
});

step('the editor says the brief is in French; its fields and previews are lang="fr"; the check scores the French text by Kandel-Moles', async () => {
  const { page } = await person('participant');
  await page.getByText(/^Language: fr – French$/).waitFor();
  assert.equal(await languageSelect(page).inputValue(), 'fr');
  for (const [section, text] of Object.entries(TEXT)) {
    await page.getByRole('textbox', { name: LABEL[section] }).fill(text);
  }
  await checkPanel(page).getByText('Nothing stops you from submitting.').waitFor();
  const score = await figure(page, /^Readability \(Kandel-Moles\)$/);
  assert.match(score, /^-?\d+(\.\d)?$/, `the Kandel-Moles score is not a number: "${score}"`);
  assert.ok(Number(await figure(page, /^Sentences$/)) >= 10, 'the sentences are not counted');
  assert.ok(Number(await figure(page, /^Words in the brief$/)) > 100, 'the words are not counted');
  await checkPanel(page).getByText(/^Kandel-Moles, Flesch's formula fitted to French/).waitFor();
  await page.getByRole('region', { name: 'How “Key messages” will look' })
    .getByRole('listitem').filter({ hasText: 'aucune protection sociale' }).waitFor();
  assertAllLang(await langs(page), 'fr');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await saved(page, 2);
  await visit(page, 'brief-editor-fr');
});

step('switched to Other → "ja", the check says at once that Japanese is not scored; saved, the brief is in Japanese', async () => {
  const { page } = await person('participant');
  await languageSelect(page).selectOption({ label: 'Other…' });
  await page.getByRole('status').filter({ hasText: /^Unsaved changes/ }).waitFor();
  await tagField(page).fill('ja');
  await checkPanel(page).getByText(NOT_SCORED, { exact: true }).waitFor();
  assert.equal(await checkPanel(page).locator('dt', { hasText: /^Readability/ }).count(), 0, 'a readability score is shown for Japanese');
  assert.ok(Number(await figure(page, /^Sentences$/)) >= 10, 'the sentences are not counted in Japanese');
  assertAllLang(await langs(page), 'ja');
  await axeCheck(page, 'brief-editor-other-language');
  // Not saved until saved.
  assert.equal((await getBrief(s.participant.key, s.briefId)).language, 'fr');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await saved(page, 3);
  await page.getByText(/^Language: ja – Japanese$/).waitFor();
  assert.equal((await getBrief(s.participant.key, s.briefId)).language, 'ja', 'the language was not saved');

  await page.reload();
  await h1(page, TITLE);
  await page.getByText(/^Language: ja – Japanese$/).waitFor();
  assert.equal(await languageSelect(page).inputValue(), 'ja');
  await checkPanel(page).getByText(NOT_SCORED, { exact: true }).waitFor();
  assertAllLang(await langs(page), 'ja');
  await visit(page, 'brief-editor-ja');
});
