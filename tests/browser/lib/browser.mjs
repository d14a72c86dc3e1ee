// Debian's Chromium through playwright-core: one browser per suite, a fresh
// context (cookies, storage) per test, and every page watched for console
// errors, uncaught exceptions, CSP violations (Chromium reports them as
// console errors) and dialogs; axe-core on demand.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { after, test } from 'node:test';
import { chromium } from 'playwright-core';
import { env } from './env.mjs';

const require = createRequire(import.meta.url);
const axeSource = require('axe-core').source;

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// As tests/browser_test.cc runs it: no sandbox (CI is root), nothing that
// reaches outside the machine. Playwright adds --headless and a fresh
// temporary profile (--user-data-dir) of its own.
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-dev-shm-usage',
];

let browser;
// The suite's browser, launched on first use, closed when the suite ends.
export async function launch() {
  if (!browser) {
    assert.ok(fs.existsSync(CHROMIUM),
      `${CHROMIUM} is missing: scripts/test.sh installs Debian's chromium`);
    browser = chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30000 });
  }
  return browser;
}
after(async () => {
  if (browser) await (await browser).close();
});

// What went wrong in a test's pages, reported when it ends (or earlier by
// expectClean and axeCheck).
const problemsOf = new WeakMap();  // context -> [string]
const allowedOf = new WeakMap();  // page -> [RegExp]

// An answer of the API that the app handles itself (a 401 before sign-in,
// a refused form) is logged by Chromium as "Failed to load resource"; a
// failed asset under /app/ or elsewhere is not excused.
function excused(page, msg) {
  const text = msg.text();
  const url = msg.location()?.url ?? '';
  if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text) &&
      new URL(url, env.BASE_URL).pathname.startsWith('/v1/')) {
    return true;
  }
  return (allowedOf.get(page) ?? []).some((re) => re.test(text));
}

function watch(context, page) {
  const problems = problemsOf.get(context);
  const where = () => page.url();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !excused(page, msg)) {
      const source = msg.location()?.url;
      const from = source && source !== where() ? ` (${source})` : '';
      problems.push(`console error on ${where()}${from}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`uncaught exception on ${where()}: ${e.stack || e}`));
  page.on('dialog', async (d) => {
    problems.push(`a ${d.type()} dialog opened on ${where()}: ${JSON.stringify(d.message())}`);
    await d.dismiss().catch(() => {});
  });
}

// Console errors matching `re` are expected on this page (e.g. one the test
// provokes on purpose).
export function allowConsole(page, re) {
  allowedOf.set(page, [...(allowedOf.get(page) ?? []), re]);
}

// A new page in the context, watched.
export async function newPage(context) {
  return context.newPage();  // the context's 'page' listener watches it
}

// Fails now if anything went wrong on the context's pages so far.
export function expectClean(pageOrContext) {
  const context = pageOrContext.context ? pageOrContext.context() : pageOrContext;
  const problems = problemsOf.get(context) ?? [];
  assert.ok(problems.length === 0, `the browser reported:\n  ${problems.join('\n  ')}`);
}

// A new browser context as the suites use one (a person's browser: its
// own cookies and storage), its pages watched like browserTest's and a
// Playwright trace recording; saveFailure(context, slug) keeps what it
// shows, closeContext ends it.
export async function openContext({ viewport, locale = 'en-GB' } = {}) {
  const b = await launch();
  const context = await b.newContext({
    baseURL: env.BASE_URL,
    viewport: viewport ?? { width: 1280, height: 900 },
    locale,
  });
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  problemsOf.set(context, []);
  context.on('page', (p) => watch(context, p));
  await context.tracing.start({ screenshots: true, snapshots: true });
  return context;
}

// Ends a context (its trace not kept).
export async function closeContext(context) {
  await context.tracing.stop().catch(() => {});
  await context.close().catch(() => {});
}

// browserTest(name, async ({context, page}) => …, {timeout}): a node:test
// test with its own browser context and a first page. It fails on anything
// the pages reported; on failure a screenshot of each open page and a
// Playwright trace (npx playwright-core show-trace FILE) go to ARTIFACTS.
// `todo` (a sentence naming a known product defect) reports a failure as
// TODO rather than failing the suite.
export function browserTest(name, fn, { timeout = 90000, viewport, todo } = {}) {
  test(name, { timeout, todo }, async () => {
    const context = await openContext({ viewport });
    const slug = slugOf(name);
    try {
      const page = await context.newPage();
      await fn({ context, page });
      expectClean(context);
      await context.tracing.stop();
    } catch (e) {
      const saved = await saveFailure(context, slug);
      if (saved.length > 0) console.log(`# "${name}" failed; saved: ${saved.join(', ')}`);
      throw e;
    } finally {
      await context.close();
    }
  });
}

export function slugOf(name) {
  return name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

// A screenshot of each open page of the context and its trace, in
// ARTIFACTS, named after `slug`; the files written.
export async function saveFailure(context, slug) {
  const saved = [];
  const pages = context.pages();
  for (let i = 0; i < pages.length; i += 1) {
    if (pages[i].url() === 'about:blank') continue;
    const file = path.join(env.ARTIFACTS, `${slug}-failed${pages.length > 1 ? `-${i + 1}` : ''}.png`);
    try {
      await pages[i].screenshot({ path: file, fullPage: true, timeout: 5000 });
      saved.push(file);
    } catch {
      // a crashed page has no picture; the trace still tells
    }
  }
  const trace = path.join(env.ARTIFACTS, `${slug}-trace.zip`);
  try {
    await context.tracing.stop({ path: trace });
    saved.push(trace);
  } catch {
    // tracing already stopped
  }
  return saved;
}

// A full-page screenshot ARTIFACTS/<name>.png; its path.
export async function screenshot(page, name) {
  const file = path.join(env.ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// What the viewport shows now, as the README shows a page: ARTIFACTS/
// docs/<name>.png and, when BRIEFDESK_SCREENSHOTS names a folder,
// <name>.png there too. Take it in a context whose viewport is the
// picture's size (1280×800 for docs/screenshots).
export async function docScreenshot(page, name) {
  const dir = path.join(env.ARTIFACTS, 'docs');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  if (env.SCREENSHOTS) {
    fs.mkdirSync(env.SCREENSHOTS, { recursive: true });
    fs.copyFileSync(file, path.join(env.SCREENSHOTS, `${name}.png`));
  }
  return file;
}

// Runs axe-core on the page as it is now and fails on any serious or
// critical violation, listing each with the elements concerned. The script
// is evaluated through the DevTools protocol, which the page's CSP does not
// govern, so the page's CSP stays as strict as it is for people (a context
// with bypassCSP would hide the CSP bugs the console check catches).
// The full results go to ARTIFACTS/axe-<name>.json.
export async function axeCheck(page, name) {
  expectClean(page);
  await page.evaluate((src) => {
    if (!window.axe) (0, eval)(src);
  }, axeSource);
  const results = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ['violations'] }));
  fs.writeFileSync(path.join(env.ARTIFACTS, `axe-${name}.json`),
    JSON.stringify(results.violations, null, 2));
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const lines = bad.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) =>
      `      ${n.target.join(' ')}: ${n.html.slice(0, 160)}\n        ${(n.failureSummary ?? '').replace(/\n/g, '\n        ')}`);
    const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : '';
    return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}${more}`;
  });
  assert.equal(bad.length, 0,
    `axe-core on "${name}" (${page.url()}): ${bad.length} serious or critical violations:\n${lines.join('\n')}`);
  return results.violations;
}
