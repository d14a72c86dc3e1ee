// Sections rendered as the published page shows them (POST
// /v1/briefs:preview; the HTML goes into the page only through
// sanitize.js), and a comment's quoted passage found and marked in that
// rendered text, with the comment placed right after it.
import { h } from './dom.js';
import { t } from './i18n.js';
import { api } from './api.js';

// {summary: markdown, …} -> {summary: html, …} as the published page
// shows it.
export function preview(sections, opts) {
  return api.post('/v1/briefs:preview', sections, { retries: 1, ...opts });
}

// --- Quoted passages: a comment's quote found in rendered text.

// The plain text of `root` and, for each character, the text node and
// offset it came from. Runs of white space count as one space, so that a
// quote spanning a line break in the Markdown is still found.
function textIndex(root) {
  // Comments already placed in the text are not part of it.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement?.closest('.comment, .comment-ref') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let text = '';
  const where = [];
  let lastSpace = true;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = node.data;
    for (let i = 0; i < data.length; i++) {
      const ch = data[i];
      if (/\s/.test(ch)) {
        if (lastSpace) continue;
        text += ' ';
        lastSpace = true;
      } else {
        text += ch;
        lastSpace = false;
      }
      where.push([node, i]);
    }
    // Block boundaries separate words as white space does.
    if (!lastSpace && node.parentElement && isBlockEnd(node)) {
      text += ' ';
      where.push([node, data.length]);
      lastSpace = true;
    }
  }
  return { text, where };
}

function isBlockEnd(node) {
  let n = node;
  while (n && !n.nextSibling) {
    n = n.parentNode;
    if (n && /^(P|LI|H[3-6]|PRE|BLOCKQUOTE|TD|TH|TR)$/.test(n.nodeName)) return true;
  }
  return false;
}

function normalize(s) {
  return s.replace(/\s+/g, ' ').trim();
}

// The quote as readers see it: Markdown's marks taken out.
function withoutMarkdown(s) {
  return s
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|\s)[*_](\S)/g, '$1$2')
    .replace(/(\S)[*_](?=\s|$|[.,;:!?])/g, '$1')
    .replace(/^\s*(#{1,6}|[-*+]|\d+[.)]|>)\s+/gm, '');
}

// Wraps the first occurrence of `quote` in `root` (after any already
// marked) in <mark> elements, one per text node it spans; returns them,
// or null when it is not there.
export function markQuote(root, quote, makeMark) {
  const candidates = [normalize(quote), normalize(withoutMarkdown(quote))].filter(Boolean);
  const { text, where } = textIndex(root);
  for (const wanted of candidates) {
    let start = text.indexOf(wanted);
    if (start < 0) start = text.toLowerCase().indexOf(wanted.toLowerCase());
    if (start < 0) continue;
    return wrapRange(where, start, start + wanted.length, makeMark);
  }
  return null;
}

function wrapRange(where, start, end, makeMark) {
  // Group the characters' positions by text node, in order.
  const pieces = [];
  for (let i = start; i < end; i++) {
    const [node, offset] = where[i];
    const last = pieces[pieces.length - 1];
    if (last && last.node === node) last.end = offset + 1;
    else pieces.push({ node, start: offset, end: offset + 1 });
  }
  const marks = [];
  for (const p of pieces) {
    if (p.start >= p.node.data.length) continue;
    const end = Math.min(p.end, p.node.data.length);
    const range = document.createRange();
    range.setStart(p.node, p.start);
    range.setEnd(p.node, end);
    const mark = makeMark(marks.length);
    range.surroundContents(mark);
    marks.push(mark);
  }
  return marks.length ? marks : null;
}

// Marks each comment's quote in a section's rendered text (`body`) and
// puts the comment (`box(c, true)`) right after the block that holds it;
// those whose passage is not found are listed after the section
// (`box(c, false, 'li')`). Each comment has `id` (a DOM id; its text's
// element is `${id}-text`, which describes the marked passage) and `n`.
export function placeComments(body, comments, box, unplacedTitle, headingTag = 'h4') {
  const unplaced = [];
  for (const c of comments) {
    const marks = c.quote ? markQuote(body, c.quote, (i) => {
      const mark = h('mark', { class: 'comment-mark' });
      if (i === 0) {
        mark.setAttribute('tabindex', '0');
        mark.setAttribute('aria-describedby', `${c.id}-text`);
        mark.id = `${c.id}-at`;
      }
      return mark;
    }) : null;
    if (!marks) {
      unplaced.push(c);
      continue;
    }
    const last = marks[marks.length - 1];
    last.after(h('sup', { class: 'comment-ref' }, h('a', { href: `#${c.id}`, 'aria-label': t('reviewsReceived.toComment', { n: c.n }) }, String(c.n))));
    // After the top-level block (paragraph, list, table) holding the end of
    // the passage, before any comment placed there earlier.
    let block = last;
    while (block.parentNode && block.parentNode !== body) block = block.parentNode;
    let anchor = block;
    while (anchor.nextSibling && anchor.nextSibling.classList?.contains('comment')) anchor = anchor.nextSibling;
    anchor.after(box(c, true));
  }
  if (!unplaced.length) return null;
  return h('div', { class: 'unplaced' },
    h(headingTag, null, unplacedTitle),
    h('ul', { class: 'comment-list' }, unplaced.map((c) => box(c, false, 'li'))));
}
