// What the suites do on every page: check it (axe-core, a screenshot), try
// it at a phone's width, and select text the way a person does.
import assert from 'node:assert/strict';
import { axeCheck, screenshot } from './browser.mjs';

// A page as it stands: axe-core, then a full-page screenshot in ARTIFACTS.
export async function visit(page, name) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await axeCheck(page, name);
  await screenshot(page, name);
}

// At phone width: nothing wider than the screen, axe-core clean; then
// back to the desktop size.
export async function atPhoneWidth(page, name) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  try {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 1, `${name}: the page is ${wide}px wider than a phone's screen`);
    await visit(page, `${name}-phone`);
  } finally {
    await page.setViewportSize(before);
  }
}

// Selects `text` inside `container` with the mouse, as a person drags over
// it: pressed before its first character, released after its last.
export async function selectWithMouse(page, container, text) {
  await container.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const at = await container.evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.data.indexOf(wanted);
      if (i < 0) continue;
      const box = (from, to) => {
        const r = document.createRange();
        r.setStart(n, from);
        r.setEnd(n, to);
        return r.getBoundingClientRect();
      };
      const first = box(i, i + 1);
      const last = box(i + wanted.length - 1, i + wanted.length);
      return {
        x1: first.left + 1, y1: first.top + first.height / 2,
        x2: last.right - 1, y2: last.top + last.height / 2,
      };
    }
    return null;
  }, text);
  assert.ok(at, `"${text}" is not in one piece of text on ${page.url()}`);
  await page.mouse.move(at.x1, at.y1);
  await page.mouse.down();
  await page.mouse.move(at.x2, at.y2, { steps: 8 });
  await page.mouse.up();
  const selected = await page.evaluate(() => String(document.getSelection()));
  assert.equal(selected, text, 'the mouse selected something else');
}
