// A participant's extensions in a course: the list, and a form to give
// more time for a module, with the reason.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink, table, scrollTable } from '../ui.js';
import { Form, field, submitButton, draftStore, keepDraft } from '../forms.js';
import { toInstant, fromInstant } from '../zones.js';

export default async function render({ view, params }) {
  const base = `/v1/courses/${seg(params.id)}`;
  const memberBase = `${base}/members/${seg(params.userId)}`;
  const appBase = `/app/courses/${seg(params.id)}`;
  const heading = h('h1', null, t('extensions.title'));
  const list = h('div', null, loading());
  const formSlot = h('div');
  append(view, backLink(`${appBase}/progress`, t('extensions.back')), heading, list, formSlot);
  let course;
  let member;
  try {
    [course, member] = await Promise.all([api.get(base), findMember(base, params.userId)]);
  } catch (err) {
    replace(list, errorBlock(err));
    return;
  }
  const name = member?.displayName || params.userId;
  heading.textContent = t('extensions.titleOf', { name });
  document.title = `${heading.textContent} – ${t('frame.product')}`;
  const refresh = async () => {
    replace(list, loading());
    try {
      const data = await api.get(`${memberBase}/extensions`);
      replace(list, drawList(data?.extensions || [], course));
    } catch (err) {
      replace(list, errorBlock(err, refresh));
    }
  };
  refresh();
  replace(formSlot, grantForm(course, memberBase, name, params.userId, refresh));
}

async function findMember(base, userId) {
  try {
    const progress = await api.get(`${base}/progress`, { retries: 3 });
    const row = (progress?.rows || []).find((r) => r.userId === userId);
    return row ? { displayName: row.displayName } : null;
  } catch {
    return null;
  }
}

function drawList(extensions, course) {
  if (!extensions.length) return h('p', null, t('extensions.none'));
  const title = (n) => (course.modules || []).find((m) => m.number === n)?.title || '';
  return scrollTable(table({
    caption: t('extensions.caption'),
    head: [t('extensions.module'), t('extensions.newDue'), t('extensions.reason'), t('extensions.granted')],
    rows: extensions.map((e) => h('tr', null,
      h('th', { scope: 'row' }, t('progress.moduleHead', { number: e.module }), h('span', { class: 'extended' }, title(e.module))),
      h('td', null, formatDateTime(e.dueTime, course.timeZone)),
      h('td', null, e.reason || '—'),
      h('td', null, formatDateTime(e.createTime)))),
  }), t('extensions.caption'));
}

function grantForm(course, memberBase, name, userId, refresh) {
  const modules = course.modules || [];
  if (!modules.length) return h('p', null, t('course.noModules'));
  const formEl = h('form', { novalidate: true });
  const form = new Form(formEl);
  const module = form.add(field({ name: 'module', label: t('extensions.module'), type: 'select', value: String(modules[0].number),
    options: modules.map((m) => ({ value: String(m.number), label: `${t('progress.moduleHead', { number: m.number })}: ${m.title}` })) }));
  // An extension gives more time: a week after the module's due time to
  // start with.
  const proposed = (m) => fromInstant(new Date(Date.parse(m?.dueTime) + 7 * 86400e3).toISOString(), course.timeZone);
  const due = proposed(modules[0]);
  const date = form.add(field({ name: 'dueTime', label: t('extensions.newDue'), hint: t('extensions.zoneHint', { zone: course.timeZone }), type: 'datetime-local', required: true, value: `${due.date}T${due.time}` }));
  const reason = form.add(field({ name: 'reason', label: t('extensions.reason'), hint: t('extensions.reasonHint'), type: 'textarea', required: true, rows: 3 }));
  const button = submitButton(t('extensions.grant'));
  const done = h('div', { role: 'status' });
  append(formEl, module, date, reason, h('div', { class: 'actions' }, button), done);
  module.control.addEventListener('change', () => {
    const m = modules.find((x) => String(x.number) === module.control.value);
    const d = proposed(m);
    if (!date.control.value || date.control.dataset.auto !== 'no') date.control.value = `${d.date}T${d.time}`;
  });
  date.control.addEventListener('input', () => { date.control.dataset.auto = 'no'; });
  const store = draftStore(app.user.id, `extension-${course.id}-${userId}`);
  const read = () => ({ module: module.control.value, due: date.control.value, reason: reason.control.value });
  const write = (d) => {
    module.control.value = d.module;
    date.control.value = d.due;
    reason.control.value = d.reason;
  };
  keepDraft(formEl, store, read, write, () => formEl.reset());

  form.onSubmit(button, t('extensions.granting'), async () => {
    replace(done);
    const v = read();
    const errors = [];
    const when = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(v.due || '');
    if (!when) errors.push({ field: 'dueTime', message: t('extensions.err.date') });
    if (!v.reason.trim()) errors.push({ field: 'reason', message: t('extensions.err.reason') });
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    await api.post(`${memberBase}/extensions`, { module: Number(v.module), dueTime: toInstant(when[1], when[2], course.timeZone), reason: v.reason.trim() });
    store.clear();
    form.clearErrors();
    reason.control.value = '';
    replace(done, h('p', { class: 'notice success' }, t('extensions.granted.done', { name, number: v.module })));
    refresh();
  });
  return h('section', { 'aria-labelledby': 'grant-title' }, h('h2', { id: 'grant-title' }, t('extensions.grantTitle')),
    h('p', null, t('extensions.grantLead', { name })), formEl);
}
