// What a suite is told by its launcher (tests/app_browser_test.cc), or by
// hand (README.md): read once, and a missing variable stops the suite
// before any test with the names it needs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const required = ['BASE_URL', 'ADMIN_KEY', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'];
const missing = required.filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(
    `missing environment: ${missing.join(', ')}; the launcher sets them ` +
      '(tests/app_browser_test.cc), or see tests/browser/README.md');
  process.exit(2);
}

export const env = Object.freeze({
  BASE_URL: process.env.BASE_URL.replace(/\/+$/, ''),
  ADMIN_KEY: process.env.ADMIN_KEY,
  ADMIN_EMAIL: process.env.ADMIN_EMAIL,
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD,
  // The test SMTP server's Maildir; the mail helpers fail clearly without it.
  MAILDIR: process.env.MAILDIR || '',
  ARTIFACTS:
    process.env.ARTIFACTS ||
    fs.mkdtempSync(path.join(os.tmpdir(), 'briefdesk-browser-')),
  // Where the README's screenshots go (docs/screenshots), when set; a
  // relative path is taken from the repository's root.
  SCREENSHOTS: process.env.BRIEFDESK_SCREENSHOTS
    ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..',
      process.env.BRIEFDESK_SCREENSHOTS)
    : '',
});
fs.mkdirSync(env.ARTIFACTS, { recursive: true });

let counter = 0;
// A fresh suffix for e-mails and titles, unique across suites and runs.
export function unique() {
  counter += 1;
  return `${process.pid.toString(36)}${Date.now().toString(36)}${counter}`;
}

// Polls `probe` until it returns something truthy; fails after `timeout`
// ms with `what` (a sentence saying what never happened) and the last
// value or error seen. For state outside the page (e-mail, the API);
// inside a page, Playwright's own waits are used.
export async function waitUntil(what, probe, { timeout = 15000, every = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`${what}: not within ${timeout} ms (last seen: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
