// Small pieces screens share.
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { errorSentence } from './api.js';

export function loading() {
  return h('p', { class: 'loading muted', role: 'status' }, t('common.loading'));
}

// An error where the content would be: the sentence, and a way to try
// again when one is given.
export function errorBlock(err, retry) {
  if (!(err && err.status !== undefined)) console.error(err);
  return h('div', { class: 'notice error', role: 'alert' },
    h('p', null, errorSentence(err)),
    retry ? h('button', { type: 'button', class: 'secondary', onclick: retry }, t('common.tryAgain')) : null);
}

// Fills `slot` from `load()`: loading text, then `draw(data)`, or the
// error with "Try again".
export async function fill(slot, load, draw) {
  replace(slot, loading());
  try {
    const data = await load();
    replace(slot, draw(data));
  } catch (err) {
    replace(slot, errorBlock(err, () => fill(slot, load, draw)));
  }
}

// A status in words, with colour as a second signal.
export function statusTag(kind, text) {
  return h('span', { class: ['status', `status-${kind}`] }, text);
}

export function backLink(href, text) {
  return h('p', { class: 'back' }, h('a', { href }, `← ${text}`));
}

export function table({ caption, head, rows, className, captionHidden = false }) {
  return h('table', { class: className },
    caption ? h('caption', { class: captionHidden ? 'visually-hidden' : null }, caption) : null,
    h('thead', null, h('tr', null, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows));
}

// A table that scrolls sideways on a phone; focusable so the keyboard can
// scroll it, named by its caption.
export function scrollTable(tableEl, label) {
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label }, tableEl);
}

// Saves `text` as a file named `name` through a hidden <a download>; the
// object URL is revoked once the browser has taken it.
export function saveFile(text, name, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
