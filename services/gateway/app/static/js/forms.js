// Form building blocks: labelled fields with hints and errors, the error
// summary, busy buttons that cannot submit twice, drafts kept in
// localStorage, and a confirmation dialog.
import { h, replace, uid } from './dom.js';
import { t } from './i18n.js';
import { ApiError } from './api.js';

// A labelled control. `name` is the API's field name, so that the API's
// field errors land here. Returns the wrapper; `.control` is the input.
export function field({ name, label, hint, type = 'text', required = false, value, options, rows,
  autocomplete, inputmode, min, max, step, list, accept, multiple, spellcheck, control: given }) {
  const id = uid('f');
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  let control = given;
  if (!control && type === 'select') {
    control = h('select', { id, name },
      options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)));
  } else if (!control && type === 'textarea') {
    control = h('textarea', { id, name, rows: rows || 5, spellcheck }, value ?? '');
  } else if (!control) {
    control = h('input', { id, name, type, value: value ?? '', autocomplete, inputmode, min, max, step, list, accept, multiple, spellcheck });
  } else {
    control.id = id;
  }
  if (required) control.setAttribute('aria-required', 'true');
  if (hintId) control.setAttribute('aria-describedby', hintId);
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const wrapper = h('div', { class: 'field', dataset: { field: name } },
    h('label', { for: id }, label, required ? h('span', { class: 'required' }, ` ${t('form.required')}`) : null),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    error, control);
  wrapper.control = control;
  wrapper.error = error;
  wrapper.hintId = hintId;
  return wrapper;
}

// A group of radio buttons in a fieldset with a legend.
export function radios({ name, legend, options, value, hint }) {
  const hintId = hint ? uid('hint') : null;
  const error = h('p', { class: 'field-error', id: uid('err'), hidden: true });
  const inputs = [];
  const set = h('fieldset', { class: 'field radios', dataset: { field: name }, 'aria-describedby': hintId },
    h('legend', null, legend),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    error,
    options.map((o) => {
      const id = uid('r');
      const input = h('input', { type: 'radio', id, name, value: o.value, checked: o.value === value });
      inputs.push(input);
      return h('div', { class: 'choice' }, input, h('label', { for: id }, o.label));
    }));
  set.control = inputs[0];
  set.error = error;
  set.value = () => inputs.find((i) => i.checked)?.value;
  return set;
}

function showFieldError(wrapper, message) {
  wrapper.classList.add('has-error');
  wrapper.error.hidden = false;
  replace(wrapper.error, h('span', { class: 'visually-hidden' }, `${t('form.errorPrefix')} `), message);
  const control = wrapper.control;
  control.setAttribute('aria-invalid', 'true');
  const described = [wrapper.error.id, wrapper.hintId].filter(Boolean).join(' ');
  if (control.type !== 'radio') control.setAttribute('aria-describedby', described);
}

function clearFieldError(wrapper) {
  wrapper.classList.remove('has-error');
  wrapper.error.hidden = true;
  wrapper.control.removeAttribute('aria-invalid');
  if (wrapper.control.type !== 'radio') {
    if (wrapper.hintId) wrapper.control.setAttribute('aria-describedby', wrapper.hintId);
    else wrapper.control.removeAttribute('aria-describedby');
  }
}

// A field's name for the error summary: its label (or legend), after the
// legend of the group it is in ("Module 2, Due").
function fieldName(w) {
  const own = w.querySelector(':scope > label, :scope > legend');
  const text = own ? [...own.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim() : '';
  const group = w.parentElement?.closest('fieldset.box')?.querySelector(':scope > legend')?.textContent.trim();
  return [group, text].filter(Boolean).join(', ');
}

// The error summary at the top of a form, linking to each field.
export class Form {
  constructor(formEl) {
    this.el = formEl;
    this.fields = new Map();
    this.summary = h('div', { class: 'error-summary', tabindex: '-1', hidden: true });
    this.el.prepend(this.summary);
    this.submitting = false;
  }

  add(wrapper) {
    this.fields.set(wrapper.dataset.field, wrapper);
    return wrapper;
  }

  remove(name) {
    this.fields.delete(name);
  }

  clearErrors() {
    this.summary.hidden = true;
    replace(this.summary);
    for (const w of this.fields.values()) clearFieldError(w);
  }

  // The API names fields as `modules[2].dueTime`, `email.reviews`; a field
  // of the form takes the errors of its name and of names under it.
  findField(apiField) {
    if (this.fields.has(apiField)) return this.fields.get(apiField);
    let best = null;
    for (const [name, w] of this.fields) {
      if (apiField.startsWith(`${name}.`) || apiField.startsWith(`${name}[`)) {
        if (!best || name.length > best[0].length) best = [name, w];
      }
    }
    return best ? best[1] : null;
  }

  // errors: [{field, message}]; a field of null is for the whole form.
  showErrors(errors) {
    this.clearErrors();
    const items = [];
    for (const { field: name, message, summary } of errors) {
      const w = name ? this.findField(name) : null;
      if (w) {
        showFieldError(w, message);
        items.push(h('li', null, h('a', { href: `#${w.control.id}`, onclick: (e) => {
          e.preventDefault();
          w.control.focus();
        } }, summary || message)));
      } else {
        items.push(h('li', null, summary || message));
      }
    }
    replace(this.summary,
      h('h2', { class: 'error-summary-title' }, t('form.problem')),
      h('ul', null, items));
    this.summary.hidden = false;
    this.summary.setAttribute('role', 'alert');
    this.summary.focus();
  }

  // An API error: field errors at their fields, else its sentence. The
  // service's descriptions do not say which field ("must fall between the
  // start and end dates"), so the summary names it.
  showApiError(err) {
    if (err instanceof ApiError && err.details.length) {
      this.showErrors(err.details.map((d) => {
        const w = this.findField(d.field);
        const message = d.description || err.sentence;
        return { field: d.field, message, summary: w ? `${fieldName(w)}: ${message}` : message };
      }));
    } else {
      this.showErrors([{ field: null, message: err instanceof ApiError ? err.sentence : t('error.unexpected') }]);
      if (!(err instanceof ApiError)) console.error(err);
    }
  }

  // Runs `action` on submit, with the button busy; a second submit while
  // it runs does nothing.
  onSubmit(button, busyLabel, action) {
    this.el.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (this.submitting) return;
      this.submitting = true;
      const restore = setBusy(button, busyLabel);
      try {
        await action();
      } catch (err) {
        this.showApiError(err);
      } finally {
        this.submitting = false;
        restore();
      }
    });
  }
}

// Marks a button busy; returns the function that restores it.
export function setBusy(button, busyLabel) {
  const label = button.textContent;
  button.setAttribute('aria-disabled', 'true');
  button.classList.add('busy');
  button.dataset.busy = 'true';
  if (busyLabel) button.textContent = busyLabel;
  return () => {
    button.removeAttribute('aria-disabled');
    button.classList.remove('busy');
    delete button.dataset.busy;
    if (busyLabel) button.textContent = label;
  };
}

// A button whose click runs `action` once at a time, busy meanwhile.
export function actionButton(label, busyLabel, action, attrs = {}) {
  const button = h('button', { type: 'button', ...attrs }, label);
  button.addEventListener('click', async () => {
    if (button.dataset.busy) return;
    const restore = setBusy(button, busyLabel);
    try {
      await action(button);
    } finally {
      if (button.isConnected) restore();
    }
  });
  return button;
}

export function submitButton(label, attrs = {}) {
  return h('button', { type: 'submit', class: 'primary', ...attrs }, label);
}

// --- Drafts: what is typed in a form of more than a line stays in
// localStorage (per person and form) until it is saved.
const DRAFT_PREFIX = 'briefdesk.draft.';
const TAB_KEY = 'briefdesk.tab';
let memoryTabId = '';

function storeOfKey(key) {
  return {
    key,
    load() {
      try {
        const raw = localStorage.getItem(key);
        return raw ? JSON.parse(raw) : null;
      } catch {
        return null;
      }
    },
    save(data) {
      try {
        localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), data }));
      } catch {
        // Storage full or disabled: the form still works.
      }
    },
    clear() {
      try {
        localStorage.removeItem(key);
      } catch {
        // Storage disabled: nothing was kept.
      }
    },
  };
}

export function draftStore(userId, formId) {
  return storeOfKey(`${DRAFT_PREFIX}${userId}.${formId}`);
}

// This tab's id, kept across its reloads (sessionStorage is per tab).
export function tabId() {
  const make = () => Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
  try {
    let id = sessionStorage.getItem(TAB_KEY);
    if (!id) {
      id = make();
      sessionStorage.setItem(TAB_KEY, id);
    }
    return id;
  } catch {
    memoryTabId = memoryTabId || make();
    return memoryTabId;
  }
}

// A draft of this tab only: two tabs on one form never overwrite each
// other's unsaved text.
export function tabDraftStore(userId, formId) {
  return draftStore(userId, `${formId}.tab-${tabId()}`);
}

// Every draft kept of a form, by any tab (and the single draft of
// before there were tabs' drafts), most recent first:
// [{store, savedAt, data}].
export function keptDrafts(userId, formId) {
  const base = `${DRAFT_PREFIX}${userId}.${formId}`;
  const out = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key !== base && !key?.startsWith(`${base}.tab-`)) continue;
      const store = storeOfKey(key);
      const kept = store.load();
      if (kept && kept.data) out.push({ store, savedAt: Number(kept.savedAt) || 0, data: kept.data });
      else store.clear();
    }
  } catch {
    // Storage disabled: nothing kept.
  }
  return out.sort((a, b) => b.savedAt - a.savedAt);
}

// Keeps `read()` in the draft store on every change; if a draft exists,
// `write(data)` restores it and a notice offers to discard it.
export function keepDraft(formEl, store, read, write, onDiscard) {
  let timer = null;
  const save = () => {
    clearTimeout(timer);
    timer = setTimeout(() => store.save(read()), 300);
  };
  formEl.addEventListener('input', save);
  formEl.addEventListener('change', save);
  const draft = store.load();
  if (!draft) return null;
  write(draft.data);
  const notice = h('div', { class: 'notice', role: 'status' },
    h('p', null, t('draft.restored')),
    h('button', { type: 'button', class: 'secondary', onclick: () => {
      store.clear();
      notice.remove();
      onDiscard?.();
    } }, t('draft.discard')));
  formEl.prepend(notice);
  return notice;
}

// A modal confirmation (the native <dialog>: focus stays inside, Escape
// cancels). Resolves true when confirmed. `body` is a sentence or nodes.
// With `typed` ({label, hint, expected}) the confirm button stays disabled
// until `expected` is typed into a labelled field (letter case and spaces
// around it aside), so that a slip cannot start what cannot be undone.
export function confirmDialog({ title, body, confirmLabel, danger = false, typed }) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const titleId = uid('dlg');
    const bodyId = body ? uid('dlg') : null;
    const cancel = h('button', { type: 'button', class: 'secondary', value: 'cancel' }, t('common.cancel'));
    const ok = h('button', { type: 'button', class: danger ? 'danger' : 'primary', value: 'ok' }, confirmLabel);
    const check = typed ? typedCheck(typed, ok, () => finish(true)) : null;
    const dialog = h('dialog', { 'aria-labelledby': titleId, 'aria-describedby': bodyId },
      h('h2', { id: titleId }, title),
      typeof body === 'string' ? h('p', { id: bodyId }, body) : body ? h('div', { id: bodyId }, body) : null,
      check,
      h('div', { class: 'actions' }, ok, cancel));
    const finish = (result) => {
      if (result && ok.disabled) return;
      dialog.close();
      dialog.remove();
      // Back where the person was; a confirmed action moves focus itself.
      if (!result && opener?.isConnected) opener.focus();
      resolve(result);
    };
    ok.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    (check ? check.control : cancel).focus();
  });
}

// The field of a typed confirmation: `ok` enabled only while it holds
// `expected`; Enter confirms then.
function typedCheck({ label, hint, expected }, ok, confirm) {
  const norm = (v) => String(v || '').trim().toLowerCase();
  const wrapper = field({ name: 'confirmation', label, hint, autocomplete: 'off', spellcheck: 'false' });
  const input = wrapper.control;
  ok.disabled = true;
  input.addEventListener('input', () => {
    ok.disabled = !norm(expected) || norm(input.value) !== norm(expected);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    if (!ok.disabled) confirm();
  });
  return wrapper;
}
