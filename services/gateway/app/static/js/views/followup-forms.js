// Form pieces of the record (organizers) and of the report (participants):
// progress on each agreed action, and outcomes with every field, added and
// removed. Field names are the API's (`outcomes[1].description`), so that
// its field errors land at their fields.
import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { app } from '../app.js';
import { field } from '../forms.js';
import { ACTION_STATUSES, KINDS, SIGNIFICANCES, word, actionName } from './followup-common.js';

const MAX_OUTCOMES = 20;

// One select and one note per agreed action; an action left at "No news"
// is not sent. read() -> [{action, status, note}] in the order sent, and
// binds the API's `actionProgress[k]` names to the fields of that action.
export function progressFields(form, actions, { legend }) {
  const rows = (actions || []).map((a, i) => {
    const number = i + 1;
    const status = field({ name: `progress.${number}.status`, label: t('actionProgress.statusLabel'), type: 'select', value: '',
      options: [{ value: '', label: t('actionProgress.noNews') }, ...ACTION_STATUSES.map((s) => ({ value: s, label: word('action.status', s) }))] });
    const note = field({ name: `progress.${number}.note`, label: t('actionProgress.noteLabel'), type: 'textarea', rows: 2 });
    note.control.setAttribute('maxlength', '2000');
    form.add(status);
    form.add(note);
    return { number, status, note, el: h('fieldset', { class: 'box' }, h('legend', null, actionName(actions, number)), status, note) };
  });
  const el = h('fieldset', { class: 'field progress-fields' },
    h('legend', null, legend),
    rows.length ? h('p', { class: 'hint' }, t('actionProgress.hint')) : h('p', null, t('actionProgress.noActions')),
    rows.map((r) => r.el));
  return {
    el,
    read() {
      for (const name of [...form.fields.keys()]) if (name.startsWith('actionProgress[')) form.remove(name);
      const out = [];
      for (const r of rows) {
        if (!r.status.control.value) continue;
        const k = out.length;
        form.fields.set(`actionProgress[${k}].status`, r.status);
        form.fields.set(`actionProgress[${k}].action`, r.status);
        form.fields.set(`actionProgress[${k}].note`, r.note);
        const entry = { action: r.number, status: r.status.control.value };
        if (r.note.control.value.trim()) entry.note = r.note.control.value.trim();
        out.push(entry);
      }
      return out;
    },
    // A note without a status: say which.
    check() {
      return rows.filter((r) => !r.status.control.value && r.note.control.value.trim())
        .map((r) => ({ field: `progress.${r.number}.status`, message: t('actionProgress.err.status') }));
    },
    draft: () => rows.map((r) => ({ status: r.status.control.value, note: r.note.control.value })),
    restore(d) {
      rows.forEach((r, i) => {
        r.status.control.value = d?.[i]?.status || '';
        r.note.control.value = d?.[i]?.note || '';
      });
    },
  };
}

function emptyOutcome() {
  return { kind: '', description: '', significance: '', contribution: '', source: '', verified: false, verifiedBy: '' };
}

// Outcomes, none to start with: "Add an outcome" adds a box with every
// field, "Remove outcome N" takes one away.
export function outcomeFields(form, { legend, hint }) {
  let list = [];
  let boxes = [];
  const body = h('div');
  const add = h('button', { type: 'button', class: 'secondary' }, t('outcome.add'));
  const el = h('fieldset', { class: 'field outcome-fields' },
    h('legend', null, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    body,
    h('div', { class: 'actions' }, add));

  const read = () => boxes.map((b) => ({
    kind: b.kind.control.value, description: b.description.control.value, significance: b.significance.control.value,
    contribution: b.contribution.control.value, source: b.source.control.value,
    verified: b.verified.checked, verifiedBy: b.verifiedBy.control.value,
  }));

  const draw = (focus) => {
    for (const name of [...form.fields.keys()]) if (name.startsWith('outcomes[')) form.remove(name);
    boxes = list.map((o, i) => outcomeBox(form, o, i, () => {
      list = read();
      list.splice(i, 1);
      draw(Math.min(i, list.length - 1));
      app.announce(t('outcome.removed', { number: i + 1 }));
    }));
    replace(body, boxes.length ? boxes.map((b) => b.el) : h('p', { class: 'muted' }, t('outcome.none')));
    add.disabled = list.length >= MAX_OUTCOMES;
    if (focus !== undefined) (boxes[focus]?.kind.control || add).focus();
  };
  add.addEventListener('click', () => {
    list = read();
    list.push(emptyOutcome());
    draw(list.length - 1);
  });
  draw();

  return {
    el,
    // What is sent: every box, trimmed.
    read: () => read().map((o) => {
      const out = { kind: o.kind, description: o.description.trim(), significance: o.significance };
      if (o.contribution.trim()) out.contribution = o.contribution.trim();
      if (o.source.trim()) out.source = o.source.trim();
      if (o.verified) out.verified = true;
      if (o.verifiedBy.trim()) out.verifiedBy = o.verifiedBy.trim();
      return out;
    }),
    // The fields a box still needs.
    check() {
      const errors = [];
      read().forEach((o, i) => {
        if (!o.kind) errors.push({ field: `outcomes[${i}].kind`, message: t('outcome.err.kind') });
        if (!o.description.trim()) errors.push({ field: `outcomes[${i}].description`, message: t('outcome.err.description') });
        if (!o.significance) errors.push({ field: `outcomes[${i}].significance`, message: t('outcome.err.significance') });
      });
      return errors;
    },
    draft: read,
    restore(d) {
      list = Array.isArray(d) ? d.slice(0, MAX_OUTCOMES).map((o) => ({ ...emptyOutcome(), ...o })) : [];
      draw();
    },
  };
}

function outcomeBox(form, o, i, remove) {
  const n = i + 1;
  const name = (f) => `outcomes[${i}].${f}`;
  const kind = form.add(field({ name: name('kind'), label: t('outcome.kind'), type: 'select', required: true, value: o.kind,
    options: [{ value: '', label: t('outcome.choose') }, ...KINDS.map((k) => ({ value: k, label: word('outcome.kind', k) }))] }));
  const description = form.add(field({ name: name('description'), label: t('outcome.description'), hint: t('outcome.descriptionHint'),
    type: 'textarea', rows: 3, required: true, value: o.description }));
  description.control.setAttribute('maxlength', '2000');
  const significance = form.add(field({ name: name('significance'), label: t('outcome.significance'), type: 'select', required: true,
    value: o.significance,
    options: [{ value: '', label: t('outcome.choose') }, ...SIGNIFICANCES.map((s) => ({ value: s, label: word('outcome.significance', s) }))] }));
  const contribution = form.add(field({ name: name('contribution'), label: t('outcome.contribution'), hint: t('outcome.contributionHint'),
    type: 'textarea', rows: 2, value: o.contribution }));
  contribution.control.setAttribute('maxlength', '2000');
  const source = form.add(field({ name: name('source'), label: t('outcome.source'), hint: t('outcome.sourceHint'), value: o.source }));
  source.control.setAttribute('maxlength', '500');
  const verifiedId = uid('v');
  const verified = h('input', { type: 'checkbox', id: verifiedId, name: name('verified'), checked: !!o.verified });
  const verifiedBy = form.add(field({ name: name('verifiedBy'), label: t('outcome.verifiedByLabel'), hint: t('outcome.verifiedByHint'),
    value: o.verifiedBy }));
  verifiedBy.control.setAttribute('maxlength', '300');
  const el = h('fieldset', { class: 'box outcome-box' },
    h('legend', null, t('outcome.n', { number: n })),
    kind, description, significance, contribution, source,
    h('div', { class: 'choice' }, verified, h('label', { for: verifiedId }, t('outcome.verifiedLabel'))),
    verifiedBy,
    h('button', { type: 'button', class: 'link-button', onclick: remove }, t('outcome.remove', { number: n })));
  return { el, kind, description, significance, contribution, source, verified, verifiedBy };
}
