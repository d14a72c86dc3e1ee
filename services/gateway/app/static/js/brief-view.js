// A brief (or one revision of it) shown read-only as readers will see it:
// title, policy question, and each section rendered by the server's
// Markdown renderer, sanitized here.
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { SECTIONS, fieldLabel } from './briefs.js';
import { preview } from './passages.js';
import { sanitizeHtml } from './sanitize.js';
import { errorBlock } from './ui.js';

// {sectionName: element} filled with the rendered HTML of each section
// (or "not written yet"); throws the API's error.
export async function renderSections(sections) {
  const wanted = {};
  for (const s of SECTIONS) wanted[s] = sections?.[s] || '';
  const html = await preview(wanted, { retries: 3 });
  const out = {};
  for (const s of SECTIONS) {
    const text = (sections?.[s] || '').trim();
    out[s] = h('div', { class: 'rendered' });
    if (!text) out[s].append(h('p', { class: 'muted' }, t('brief.sectionNotWritten')));
    else out[s].append(sanitizeHtml(html?.[s] || ''));
  }
  return out;
}

// The whole brief as a series of sections with h2 (or `level`) headings;
// `after(section, body)` may add things below a section's text.
export async function briefReader(fields, { level = 2, idPrefix = 'read', after } = {}) {
  const wrap = h('div', { class: 'brief-reader' });
  let rendered;
  try {
    rendered = await renderSections(fields.sections);
  } catch (err) {
    replace(wrap, errorBlock(err));
    return { element: wrap, bodies: {} };
  }
  const tag = `h${level}`;
  // What the authors wrote is in the brief's language (the labels in the reader's).
  const lang = fields.language || null;
  for (const s of SECTIONS) if (lang && (fields.sections?.[s] || '').trim()) rendered[s].lang = lang;
  replace(wrap,
    h('dl', { class: 'details' },
      h('dt', null, fieldLabel('title')), h('dd', { lang: fields.title ? lang : null }, fields.title || '—'),
      h('dt', null, fieldLabel('policyQuestion')), h('dd', { lang: fields.policyQuestion ? lang : null }, fields.policyQuestion || '—')),
    SECTIONS.map((s) => h('section', { class: 'read-section', 'aria-labelledby': `${idPrefix}-${s}` },
      h(tag, { id: `${idPrefix}-${s}` }, fieldLabel(s)),
      rendered[s],
      after ? after(s, rendered[s]) : null)));
  return { element: wrap, bodies: rendered };
}
