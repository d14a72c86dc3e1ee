// The comment editor of the review and guidance screens: a section, the
// passage quoted (checked against the section's text as written, live;
// a passage pasted from the page is found as written), and the comment.
import { h, append, replace } from '../dom.js';
import { t } from '../i18n.js';
import { Form, field, submitButton } from '../forms.js';
import { findQuote, quoteOccurs, nfc } from '../quotes.js';
import { SECTIONS, sectionName } from './review-common.js';

export const MAX_QUOTE = 2000;
export const MAX_BODY = 10000;

export function commentEditor({ sections, onSave, onCancel, onChange }) {
  const formEl = h('form', { novalidate: true, class: 'comment-editor panel', 'aria-labelledby': 'comment-editor-title' });
  const form = new Form(formEl);
  const title = h('h3', { id: 'comment-editor-title' }, t('review.comment.newTitle'));
  const section = form.add(field({ name: 'section', label: t('review.comment.section'), type: 'select', value: 'summary',
    options: SECTIONS.map((s) => ({ value: s, label: sectionName(s) })) }));
  const quote = form.add(field({ name: 'quote', label: t('review.comment.quote'), hint: t('review.comment.quoteHint'), type: 'textarea', rows: 3, spellcheck: 'false' }));
  const quoteStatus = h('p', { class: 'quote-status', 'aria-live': 'polite' });
  quote.append(quoteStatus);
  const source = h('pre', { class: 'markdown-source' });
  const sourceBox = h('details', { class: 'source-box' }, h('summary', null, t('review.comment.showSource')), h('p', { class: 'hint' }, t('review.comment.sourceHint')), source);
  const body = form.add(field({ name: 'body', label: t('review.comment.body'), hint: t('review.comment.bodyHint'), type: 'textarea', rows: 5, required: true }));
  const saveButton = submitButton(t('review.comment.add'));
  const cancel = h('button', { type: 'button', class: 'secondary' }, t('common.cancel'));
  append(formEl, title, section, quote, sourceBox, body, h('div', { class: 'actions' }, saveButton, cancel));
  let index = null;
  let returnTo = null;
  let isOpen = false;
  formEl.hidden = true;

  const checkQuote = () => {
    const s = section.control.value;
    replace(source, sections[s] || '');
    const q = quote.control.value;
    if (!q.trim()) {
      replace(quoteStatus, t('review.comment.quoteEmpty'));
      quoteStatus.className = 'quote-status';
    } else if (quoteOccurs(sections[s] || '', q)) {
      replace(quoteStatus, h('span', { class: 'status status-on-time' }, t('review.comment.quoteFound')));
    } else {
      replace(quoteStatus, h('span', { class: 'status status-missing' }, t('review.comment.quoteMissing', { section: sectionName(s) })));
    }
  };
  section.control.addEventListener('change', () => { checkQuote(); onChange(); });
  quote.control.addEventListener('input', () => { checkQuote(); onChange(); });
  body.control.addEventListener('input', onChange);

  const close = () => {
    isOpen = false;
    formEl.hidden = true;
    form.clearErrors();
    quote.control.value = '';
    body.control.value = '';
    index = null;
  };
  cancel.addEventListener('click', () => {
    const back = returnTo;
    close();
    onCancel(back);
  });
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    const s = section.control.value;
    let q = nfc(quote.control.value);
    const text = sections[s] || '';
    const errors = [];
    if (q.trim() && !quoteOccurs(text, q)) {
      // Pasted from the page: find the passage as written.
      const mapped = findQuote(text, q);
      if (mapped) {
        q = mapped;
        quote.control.value = mapped;
        checkQuote();
      } else {
        errors.push({ field: 'quote', message: t('review.comment.err.quote', { section: sectionName(s) }) });
      }
    }
    if ([...q].length > MAX_QUOTE) errors.push({ field: 'quote', message: t('review.comment.err.quoteLong', { max: MAX_QUOTE }) });
    if (!body.control.value.trim()) errors.push({ field: 'body', message: t('review.comment.err.body') });
    else if ([...body.control.value].length > MAX_BODY) errors.push({ field: 'body', message: t('review.comment.err.bodyLong', { max: MAX_BODY }) });
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    const comment = { section: s, quote: q.trim() ? q : '', body: body.control.value };
    const at = index;
    close();
    onSave(comment, at);
  });

  return {
    open({ section: s = 'summary', quote: q = '', body: b = '', index: i = null, unmatched = false, returnTo: r = null }, place, { focus = true } = {}) {
      form.clearErrors();
      index = i;
      returnTo = r;
      isOpen = true;
      section.control.value = SECTIONS.includes(s) ? s : 'summary';
      quote.control.value = q || '';
      body.control.value = b || '';
      replace(title, i === null || i === undefined ? t('review.comment.newTitle') : t('review.comment.editTitle', { number: i + 1 }));
      replace(saveButton, i === null || i === undefined ? t('review.comment.add') : t('review.comment.save'));
      if (place && formEl.parentElement !== place) place.append(formEl);
      formEl.hidden = false;
      checkQuote();
      if (unmatched) {
        form.showErrors([{ field: 'quote', message: t('review.comment.err.selection', { section: sectionName(section.control.value) }) }]);
        sourceBox.open = true;
        quote.control.focus();
        return;
      }
      if (!focus) return;
      if (q || i !== null) body.control.focus();
      else section.control.focus();
      formEl.scrollIntoView({ block: 'nearest' });
    },
    read() {
      return isOpen ? { section: section.control.value, quote: quote.control.value, body: body.control.value, index } : null;
    },
    isDirty() {
      return isOpen && !!(body.control.value.trim() || quote.control.value.trim());
    },
  };
}
