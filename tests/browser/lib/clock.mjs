// The stack's clock, moved as tests/harness/stack.h's SetClockOffset moves
// it: every process of the stack reads BRIEFDESK_CLOCK_OFFSET_FILE (whole
// seconds to add to the system clock, re-read when the file changes, at
// most every 20 ms), written atomically like clock::WriteOffsetFile does
// (a temporary file renamed over it).
//
// Where the file is: BRIEFDESK_CLOCK_OFFSET_FILE, which the launcher
// (tests/app_browser_test.cc) gives every suite (Stack::ClockFile).
//
// Browsers keep their own clock: `browserClock(context)` sets a context's
// to the stack's time (Playwright's clock, which then runs on in real time),
// so that what the app works out from "now" (whether the agreement is
// open, a default time) agrees with the services.
import fs from 'node:fs';

let offsetSeconds = 0;

export function clockFile() {
  const file = process.env.BRIEFDESK_CLOCK_OFFSET_FILE;
  if (!file) {
    throw new Error('BRIEFDESK_CLOCK_OFFSET_FILE is not set: the suites are started by tests/app_browser_test.cc, ' +
      'which gives them the file the stack\'s processes read');
  }
  return file;
}

// Moves every process's clock `seconds` ahead of the real time (0: back to
// it); resolves once they have all read it.
export async function setClockOffset(seconds) {
  const file = clockFile();
  const whole = Math.trunc(seconds);
  fs.writeFileSync(`${file}.tmp`, `${whole}\n`);
  fs.renameSync(`${file}.tmp`, file);
  offsetSeconds = whole;
  await new Promise((resolve) => setTimeout(resolve, 100));
}

// The stack's clock to `at` (a Date or milliseconds) now.
export function setClockTo(at) {
  return setClockOffset(Math.ceil((Number(at) - Date.now()) / 1000));
}

// The offset last set (seconds).
export function clockOffset() {
  return offsetSeconds;
}

// The stack's time now, in milliseconds.
export function stackNow() {
  return Date.now() + offsetSeconds * 1000;
}

// Sets the browser context's clock to the stack's time (its pages, open
// and future).
export async function browserClock(context) {
  await context.clock.setSystemTime(stackNow());
}
