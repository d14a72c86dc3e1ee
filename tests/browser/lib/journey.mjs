// A story several people act out in their own browsers, told in steps:
// each step is a node:test test of its own (its name, result and duration
// reported), run in order. Once a step fails the later ones are skipped,
// since they would fail for the same reason, and every person's pages and
// trace are saved to ARTIFACTS, named after the failed step.
//
//   const { person, step } = journey();
//   step('the participant signs in', async () => {
//     const { page } = await person('participant');
//     …
//   });
import { after, test } from 'node:test';
import { closeContext, expectClean, openContext, saveFailure, slugOf } from './browser.mjs';
import { useSession } from './app.mjs';

export function journey({ viewport } = {}) {
  const people = new Map();  // who -> {context, page}
  let failed = null;

  // A person's browser (a context of its own) and its first page, opened
  // on first use; with `session` (api.Session), signed in with it.
  async function person(who, { session } = {}) {
    if (!people.has(who)) {
      const context = await openContext({ viewport });
      if (session) await useSession(context, session);
      const page = await context.newPage();
      people.set(who, { context, page });
    }
    return people.get(who);
  }

  // One step: fails on its error, on anything a page reported meanwhile,
  // or after `timeout` ms. With `todo` (a sentence naming a known product
  // defect) its failure is reported as TODO and the story goes on.
  function step(name, fn, { timeout = 30000, todo } = {}) {
    test(name, { timeout: timeout + 15000, todo }, async (t) => {
      if (failed) {
        t.skip(`an earlier step failed: "${failed}"`);
        return;
      }
      let timer;
      const limit = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the step did not end within ${timeout} ms`)), timeout);
      });
      try {
        await Promise.race([fn(t), limit]);
        for (const { context } of people.values()) expectClean(context);
      } catch (e) {
        if (todo) throw e;
        failed = name;
        const saved = [];
        for (const [who, { context }] of people) {
          saved.push(...await saveFailure(context, `${slugOf(name)}-${slugOf(who)}`));
        }
        if (saved.length > 0) console.log(`# "${name}" failed; saved: ${saved.join(', ')}`);
        throw e;
      } finally {
        clearTimeout(timer);
      }
    });
  }

  after(async () => {
    for (const { context } of people.values()) await closeContext(context);
  });

  return {
    person, step,
    // Whether every step so far passed.
    ok: () => !failed,
  };
}
