// Side-by-side view of the per-field unified diffs of
// GET /v1/briefs/{id}/diff (title, policyQuestion and the six sections, each
// `changed`, `unified` with three lines of context, `addedLines`,
// `removedLines`). Removed and added lines are marked in words and with a
// symbol (− and +), colour only repeats them.
//
//   import { diffView } from './diffview.js';
//   view.append(diffView(diff, { fromLabel: 'Revision 2', toLabel: 'Revision 3' }));
//
// Shared by the expert's review screen and the participant's revision
// history. Strings are under "diffView." in the catalogue.
import { h } from './dom.js';
import { t } from './i18n.js';

const SECTIONS = ['summary', 'problem', 'evidence', 'options', 'recommendations', 'references'];

// A field's name for people: "Title", "Policy question", "Key messages", …
export function fieldLabel(field) {
  if (field === 'title') return t('diffView.field.title');
  if (field === 'policyQuestion') return t('diffView.field.policyQuestion');
  if (SECTIONS.includes(field)) return t(`section.${field}`);
  return field;
}

// "@@ -1,3 +1,4 @@\n one\n-two\n+2\n…" -> [{oldStart, newStart, lines: [{type, text}]}]
// where type is ' ' (context), '-' (removed) or '+' (added).
export function parseUnified(text) {
  const hunks = [];
  let hunk = null;
  const lines = String(text || '').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const head = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (head) {
      hunk = { oldStart: Number(head[1]), newStart: Number(head[3]), lines: [] };
      hunks.push(hunk);
      continue;
    }
    if (line.startsWith('---') && !hunk) continue;
    if (line.startsWith('+++') && !hunk) continue;
    if (line.startsWith('\\')) continue; // "\ No newline at end of file"
    if (!hunk) {
      hunk = { oldStart: 1, newStart: 1, lines: [] };
      hunks.push(hunk);
    }
    const type = line[0] === '-' || line[0] === '+' ? line[0] : ' ';
    hunk.lines.push({ type, text: line[0] === ' ' || type !== ' ' ? line.slice(1) : line });
  }
  return hunks;
}

// Hunks -> rows of the side-by-side table: {old: {number, text, type}|null,
// new: {…}|null}, with {gap: true} between hunks. A run of removed lines
// and the run of added lines after it are paired row by row.
export function sideBySide(hunks) {
  const rows = [];
  hunks.forEach((hunk, index) => {
    if (index > 0 || hunk.oldStart > 1 || hunk.newStart > 1) rows.push({ gap: true });
    let oldNo = hunk.oldStart;
    let newNo = hunk.newStart;
    let removed = [];
    let added = [];
    const flush = () => {
      const n = Math.max(removed.length, added.length);
      for (let i = 0; i < n; i++) {
        if (removed[i] && added[i]) markChange(removed[i], added[i]);
        rows.push({ old: removed[i] || null, new: added[i] || null });
      }
      removed = [];
      added = [];
    };
    for (const line of hunk.lines) {
      if (line.type === '-') {
        if (added.length) flush();
        removed.push({ number: oldNo++, text: line.text, type: 'removed' });
      } else if (line.type === '+') {
        added.push({ number: newNo++, text: line.text, type: 'added' });
      } else {
        flush();
        rows.push({ old: { number: oldNo++, text: line.text, type: 'same' }, new: { number: newNo++, text: line.text, type: 'same' } });
      }
    }
    flush();
  });
  return rows;
}

// A removed line paired with an added one: the words they share at the
// start and the end, so that only the words between are marked.
function markChange(before, after) {
  const x = before.text.split(/(\s+)/);
  const y = after.text.split(/(\s+)/);
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  if (head + tail === 0) return;
  const cut = (parts) => [parts.slice(0, head).join(''), parts.slice(head, parts.length - tail).join(''), parts.slice(parts.length - tail).join('')];
  before.parts = cut(x);
  after.parts = cut(y);
}

// "2 lines added, 1 line removed"
export function changeSummary(fieldDiff) {
  const parts = [];
  if (fieldDiff.addedLines) parts.push(t('diffView.added', { count: fieldDiff.addedLines }));
  if (fieldDiff.removedLines) parts.push(t('diffView.removed', { count: fieldDiff.removedLines }));
  return parts.join(t('diffView.and')) || t('diffView.noChange');
}

function cell(side) {
  if (!side) return [h('td', { class: 'diff-num' }), h('td', { class: 'diff-text diff-empty' })];
  const marker = side.type === 'removed'
    ? [h('span', { class: 'diff-sign', 'aria-hidden': 'true' }, '−'), h('span', { class: 'visually-hidden' }, `${t('diffView.removedLine')} `)]
    : side.type === 'added'
      ? [h('span', { class: 'diff-sign', 'aria-hidden': 'true' }, '+'), h('span', { class: 'visually-hidden' }, `${t('diffView.addedLine')} `)]
      : null;
  const text = side.text === '' ? h('span', { class: 'diff-blank' }, t('diffView.blankLine'))
    : side.parts ? [side.parts[0], side.parts[1] ? h('span', { class: 'diff-word' }, side.parts[1]) : null, side.parts[2]]
      : side.text;
  const Tag = side.type === 'removed' ? 'del' : side.type === 'added' ? 'ins' : 'span';
  return [
    h('td', { class: 'diff-num' }, String(side.number)),
    h('td', { class: ['diff-text', `diff-${side.type}`] }, marker, h(Tag, { class: side.parts ? 'diff-partial' : null }, text)),
  ];
}

// One field's changes as a table: the earlier text on the left, the later
// on the right, line numbers beside each.
export function fieldDiffTable(fieldDiff, { fromLabel, toLabel, caption } = {}) {
  const rows = sideBySide(parseUnified(fieldDiff.unified)).map((row) => (row.gap
    ? h('tr', { class: 'diff-gap' }, h('td', { colspan: '4' }, t('diffView.unchangedLines')))
    : h('tr', null, cell(row.old), cell(row.new))));
  return h('div', { class: 'diff-scroll' },
    h('table', { class: 'diff' },
      h('caption', { class: 'visually-hidden' }, caption || fieldLabel(fieldDiff.field)),
      h('colgroup', null, h('col', { class: 'diff-col-num' }), h('col'), h('col', { class: 'diff-col-num' }), h('col')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'diff-num' }, h('span', { class: 'visually-hidden' }, t('diffView.lineIn', { label: fromLabel || t('diffView.before') })), '#'),
        h('th', { scope: 'col' }, fromLabel || t('diffView.before')),
        h('th', { scope: 'col', class: 'diff-num' }, h('span', { class: 'visually-hidden' }, t('diffView.lineIn', { label: toLabel || t('diffView.after') })), '#'),
        h('th', { scope: 'col' }, toLabel || t('diffView.after')))),
      h('tbody', null, rows)));
}

// Every changed field of a diff, each under its own heading (`headingLevel`,
// h3 by default), after a line that says what changed overall.
export function diffView(diff, { fromLabel, toLabel, headingLevel = 3 } = {}) {
  const fields = (diff?.fields || []).filter((f) => f.changed);
  const tag = `h${Math.min(6, Math.max(2, headingLevel))}`;
  if (!fields.length) return h('div', { class: 'diff-view' }, h('p', null, t('diffView.nothingChanged')));
  return h('div', { class: 'diff-view' },
    h('p', null, t('diffView.changedFields', { count: fields.length, fields: fields.map((f) => fieldLabel(f.field)).join(', ') })),
    h('p', { class: 'hint' }, t('diffView.legend')),
    fields.map((f) => h('section', { class: 'diff-field' },
      h(tag, null, fieldLabel(f.field), ' ', h('span', { class: 'diff-counts' }, `(${changeSummary(f)})`)),
      fieldDiffTable(f, { fromLabel, toLabel, caption: t('diffView.caption', { field: fieldLabel(f.field), summary: changeSummary(f) }) }))));
}
