// Quotes of comments, as the review API checks them: a comment's `quote`
// must occur verbatim in its section's Markdown of the reviewed revision
// (after Unicode NFC, as the API stores text). People select rendered text,
// which lacks the Markdown's marks (**, _, `, [..](..), list markers,
// line breaks), so a selection is mapped back to the exact source passage.

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

export function nfc(text) {
  return String(text ?? '').normalize('NFC');
}

// Does `quote` occur in `markdown` as the API checks it?
export function quoteOccurs(markdown, quote) {
  return nfc(markdown).includes(nfc(quote));
}

// The source with its marks left out and white space collapsed, and for
// each character kept the index of the source character it came from.
function plainWithMap(source) {
  const skip = new Uint8Array(source.length);
  const mark = (from, to) => { for (let i = from; i < to; i++) skip[i] = 1; };
  // Link destinations and titles: ](http://… "title")
  for (const m of source.matchAll(/\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+("[^"]*"|'[^']*'))?\)/g)) mark(m.index, m.index + m[0].length);
  // Line starts: headings, quotes, list markers (nested: "> - 1. ").
  for (const m of source.matchAll(/^[ \t]*(?:(?:#{1,6}|>|[-*+]|\d{1,9}[.)])(?:[ \t]+|$))+/gm)) mark(m.index, m.index + m[0].length);
  // Autolinks keep their text, not their brackets.
  for (const m of source.matchAll(/<((?:https?|mailto):[^>\s]*)>/g)) {
    skip[m.index] = 1;
    skip[m.index + m[0].length - 1] = 1;
  }
  markEmphasis(source, skip);
  let plain = '';
  const map = [];
  for (let i = 0; i < source.length; i++) {
    if (skip[i]) continue;
    const c = source[i];
    if (c === '\\' && i + 1 < source.length && /[!-/:-@[-`{-~]/.test(source[i + 1])) continue;
    if (/\s/.test(c)) {
      if (plain.endsWith(' ') || plain === '') continue;
      plain += ' ';
      map.push(i);
      continue;
    }
    plain += c;
    map.push(i);
  }
  return { plain, map };
}

// Emphasis, strike-through and code marks that Markdown takes out:
// runs of * _ ~ ` at word boundaries, each with its partner ("**" …
// "**"), and the brackets of links. Marks inside words or without a
// partner ("window.__pwned", "2 * 3") are text, and stay.
function markEmphasis(source, skip) {
  for (const m of source.matchAll(/\[(?=[^\]]*\]\()/g)) skip[m.index] = 1;
  const open = [];
  for (const m of source.matchAll(/(\*+|_+|~+|`+)/g)) {
    const run = m[0];
    const at = m.index;
    const end = at + run.length;
    if (skip[at]) continue;
    if (at > 0 && source[at - 1] === '\\') continue; // escaped
    const prev = at > 0 ? source[at - 1] : ' ';
    const next = end < source.length ? source[end] : ' ';
    const code = run[0] === '`';
    const under = run[0] === '_';
    const canClose = !SPACE.test(prev) && (!under || !WORD.test(next));
    const canOpen = !SPACE.test(next) && (!under || !WORD.test(prev));
    const partner = canClose || code ? open.findLastIndex((o) => o.run === run) : -1;
    if (partner >= 0) {
      const o = open[partner];
      for (let i = o.at; i < o.at + run.length; i++) skip[i] = 1;
      for (let i = at; i < end; i++) skip[i] = 1;
      open.length = partner;
      continue;
    }
    if (canOpen || code) open.push({ run, at });
  }
}

function normalizeSelection(text) {
  return nfc(text).replace(/\s+/g, ' ').trim();
}

// Emphasis and code marks come in pairs of runs ("**" … "**").
function balanced(text) {
  for (const run of [/\*+/g, /_+/g, /~+/g, /`+/g]) {
    if ((text.match(run) || []).length % 2) return false;
  }
  return (text.split('[').length === text.split(']').length);
}

// A selection of rendered text -> the passage of `markdown` it shows, or
// null when it cannot be found. When the text occurs as it is, it is the
// quote; otherwise it is looked for with the Markdown's marks left out,
// and the source between its first and last character is the quote
// (widened over marks around it when that balances them).
export function findQuote(markdown, selected) {
  const source = nfc(markdown);
  const exact = nfc(selected).trim();
  if (!exact) return null;
  if (source.includes(exact)) return exact;
  const wanted = normalizeSelection(selected);
  if (!wanted) return null;
  const { plain, map } = plainWithMap(source);
  const at = plain.indexOf(wanted);
  if (at < 0) return null;
  const start = map[at];
  const end = map[at + wanted.length - 1] + 1;
  let quote = source.slice(start, end);
  if (!balanced(quote)) {
    let s = start;
    let e = end;
    while (s > 0 && '*_~`['.includes(source[s - 1])) s--;
    while (e < source.length && '*_~`]'.includes(source[e])) e++;
    const wider = source.slice(s, e);
    if (balanced(wider)) quote = wider;
  }
  return quote;
}

// The rendered text of a quote (Markdown's marks left out, literal
// characters kept), to find it on the page. Shown to people, a quote is
// its source as written.
export function quotePlainText(quote) {
  return plainWithMap(nfc(quote)).plain.trim();
}
