// One follow-up session, for the course's organizers (/app/courses/{id}/
// followUps/{followUpId}): the participant's agreement; the reports they
// sent; for a session not held, the record form (channel, when, progress
// on each agreed action, outcomes with every field, notes, the reports it
// confirms) and "Move the session" (a new date, the reason, possibly
// another organizer); for a session held, what was recorded.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDate, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink } from '../ui.js';
import { Form, field, radios, submitButton, draftStore, keepDraft } from '../forms.js';
import { toInstant, fromInstant } from '../zones.js';
import {
  CHANNELS, followUpStateTag, loadMembers, nameOf, word, agreementView, recordView, reportView, unconfirmedReports,
} from './followup-common.js';
import { progressFields, outcomeFields } from './followup-forms.js';
import { sentDraft } from '../threads.js';

export default async function render({ view, params }) {
  const base = `/v1/courses/${seg(params.id)}`;
  const appBase = `/app/courses/${seg(params.id)}`;
  const here = `${appBase}/followUps/${seg(params.followUpId)}`;
  const heading = h('h1', null, t('session.title'));
  const slot = h('div', null, loading());
  append(view, backLink(`${appBase}/followUps`, t('session.back')), heading, slot);
  let course;
  let members;
  let f;
  let agreement;
  let sessions;
  try {
    [course, members, f] = await Promise.all([api.get(base), loadMembers(params.id), api.get(`/v1/followUps/${seg(params.followUpId)}`)]);
    [agreement, sessions] = await Promise.all([
      api.get(`${base}/members/${seg(f.userId)}/agreement`),
      api.get(`${base}/followUps`, { query: { userId: f.userId } }).then((d) => d?.followUps || []),
    ]);
  } catch (err) {
    replace(slot, errorBlock(err));
    return;
  }
  const name = nameOf(members, f.userId);
  heading.textContent = t('session.titleOf', { number: f.number, name });
  document.title = `${heading.textContent} – ${t('frame.product')}`;
  const actions = agreement?.actions || [];
  const reload = (message) => {
    app.flash(message);
    app.navigate(here, { replace: true });
  };
  const reports = f.reports || [];
  replace(slot,
    h('dl', { class: 'details' },
      h('dt', null, t('session.date')), h('dd', null, formatDate(f.dueDate)),
      h('dt', null, t('session.state')), h('dd', null, followUpStateTag(f.state)),
      h('dt', null, t('session.assignee')), h('dd', null, nameOf(members, f.assigneeId)),
      f.rescheduleReason ? [h('dt', null, t('session.movedReason')), h('dd', { class: 'plain-text' }, f.rescheduleReason)] : null),
    f.state === 'MISSED' ? h('div', { class: 'notice warning' }, h('p', null, t('session.missedNotice'))) : null,
    h('section', { 'aria-labelledby': 'session-agreement' },
      h('h2', { id: 'session-agreement' }, t('session.agreementOf', { name })),
      agreementView(agreement)),
    f.state === 'HELD'
      ? h('section', { 'aria-labelledby': 'session-record' },
        h('h2', { id: 'session-record' }, t('session.recordedTitle')),
        recordView(f.record, actions, members, course.timeZone, { headingLevel: 'h3' }))
      : null,
    h('section', { 'aria-labelledby': 'session-reports' },
      h('h2', { id: 'session-reports' }, t('session.reportsTitle', { name })),
      reports.length
        ? h('ul', { class: 'items' }, reports.map((r) => h('li', null, reportView(r, actions, course.timeZone, { headingLevel: 'h3' }))))
        : h('p', null, t('session.noReports'))),
    f.state === 'HELD' ? null : recordForm(course, f, name, actions, unconfirmedReports(sessions), reload),
    f.state === 'HELD' ? null : moveForm(course, f, members, reload));
}

function recordForm(course, f, name, actions, toConfirm, reload) {
  const formEl = h('form', { novalidate: true, class: 'record-form', 'aria-labelledby': 'record-title' });
  const form = new Form(formEl);
  const channel = form.add(radios({ name: 'channel', legend: t('record.channelLegend'),
    options: CHANNELS.map((c) => ({ value: c, label: word('followUp.channel', c) })) }));
  const now = fromInstant(new Date().toISOString(), course.timeZone);
  const held = form.add(field({ name: 'heldTime', label: t('record.heldTime'), hint: t('record.heldHint', { zone: course.timeZone }),
    type: 'datetime-local', required: true, value: `${now.date}T${now.time}` }));
  const progress = progressFields(form, actions, { legend: t('record.progressLegend', { name }) });
  const outcomes = outcomeFields(form, { legend: t('record.outcomesLegend'), hint: t('record.outcomesHint') });
  const notes = form.add(field({ name: 'notes', label: t('record.notes'), type: 'textarea', rows: 4 }));
  notes.control.setAttribute('maxlength', '5000');
  const boxes = toConfirm.map((r) => {
    const id = `confirm-${r.id}`.replace(/[^A-Za-z0-9_-]/g, '_');
    const input = h('input', { type: 'checkbox', id, name: 'confirmedReportIds', value: r.id });
    return { r, input, el: h('div', { class: 'confirm-report' },
      h('div', { class: 'choice' }, input, h('label', { for: id }, t('record.confirmReport', { time: formatDateTime(r.createTime, course.timeZone) }))),
      reportView(r, actions, course.timeZone, { headingLevel: 'h3' })) };
  });
  const confirmSet = boxes.length
    ? h('fieldset', { class: 'field', dataset: { field: 'confirmedReportIds' } },
      h('legend', null, t('record.confirmLegend', { name })),
      h('p', { class: 'hint' }, t('record.confirmHint')),
      boxes.map((b) => b.el))
    : null;
  const button = submitButton(t('record.save'));
  append(formEl, channel, held, progress.el, outcomes.el, notes, confirmSet, h('div', { class: 'actions' }, button));

  const store = sentDraft(draftStore(app.user.id, `record-${f.id}`), formEl);
  const read = () => ({ channel: channel.value() || '', held: held.control.value, progress: progress.draft(),
    outcomes: outcomes.draft(), notes: notes.control.value, confirmed: boxes.filter((b) => b.input.checked).map((b) => b.r.id) });
  keepDraft(formEl, store, read, (d) => {
    formEl.querySelectorAll('input[name="channel"]').forEach((i) => { i.checked = i.value === d.channel; });
    held.control.value = d.held || held.control.value;
    progress.restore(d.progress);
    outcomes.restore(d.outcomes);
    notes.control.value = d.notes || '';
    for (const b of boxes) b.input.checked = (d.confirmed || []).includes(b.r.id);
  }, () => reload(null));

  form.onSubmit(button, t('record.saving'), async () => {
    const errors = [];
    const when = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(held.control.value || '');
    const heldTime = when ? toInstant(when[1], when[2], course.timeZone) : null;
    if (!channel.value()) errors.push({ field: 'channel', message: t('record.err.channel') });
    if (!heldTime) errors.push({ field: 'heldTime', message: t('record.err.heldTime') });
    else if (Date.parse(heldTime) > Date.now() + 5 * 60e3) errors.push({ field: 'heldTime', message: t('record.err.future') });
    errors.push(...progress.check(), ...outcomes.check());
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    await api.post(`/v1/followUps/${seg(f.id)}:record`, {
      channel: channel.value(), heldTime, actionProgress: progress.read(), outcomes: outcomes.read(),
      notes: notes.control.value.trim(), confirmedReportIds: boxes.filter((b) => b.input.checked).map((b) => b.r.id),
    });
    store.sent();
    reload(t('record.done', { number: f.number, name }));
  });
  return h('section', { 'aria-labelledby': 'record-title' },
    h('h2', { id: 'record-title' }, t('record.title')),
    h('p', null, t('record.lead')),
    formEl);
}

function moveForm(course, f, members, reload) {
  const formEl = h('form', { novalidate: true, class: 'move-form' });
  const form = new Form(formEl);
  const today = fromInstant(new Date().toISOString(), course.timeZone).date;
  const date = form.add(field({ name: 'dueDate', label: t('move.date'), hint: t('move.dateHint', { zone: course.timeZone }),
    type: 'date', required: true, min: today, value: f.dueDate >= today ? f.dueDate : today }));
  const reason = form.add(field({ name: 'reason', label: t('move.reason'), hint: t('move.reasonHint'), type: 'textarea', rows: 2, required: true }));
  reason.control.setAttribute('maxlength', '500');
  const organizers = [...members.values()].filter((m) => m.courseRole === 'ORGANIZER');
  if (f.assigneeId && !organizers.some((m) => m.userId === f.assigneeId)) organizers.push({ userId: f.assigneeId });
  const assignee = form.add(field({ name: 'assigneeId', label: t('move.assignee'), type: 'select', value: f.assigneeId,
    options: organizers.map((m) => ({ value: m.userId, label: nameOf(members, m.userId) })) }));
  const button = submitButton(t('move.save'), { class: 'secondary' });
  append(formEl, date, reason, assignee, h('div', { class: 'actions' }, button));
  form.onSubmit(button, t('common.saving'), async () => {
    const errors = [];
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date.control.value)) errors.push({ field: 'dueDate', message: t('move.err.date') });
    else if (date.control.value < today) errors.push({ field: 'dueDate', message: t('move.err.past') });
    if (!reason.control.value.trim()) errors.push({ field: 'reason', message: t('move.err.reason') });
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    const body = { dueDate: date.control.value, reason: reason.control.value.trim() };
    if (assignee.control.value && assignee.control.value !== f.assigneeId) body.assigneeId = assignee.control.value;
    const moved = await api.post(`/v1/followUps/${seg(f.id)}:reschedule`, body);
    reload(t('move.done', { date: formatDate(moved?.dueDate || body.dueDate), name: nameOf(members, moved?.assigneeId || f.assigneeId) }));
  });
  return h('section', { 'aria-labelledby': 'move-title' },
    h('h2', { id: 'move-title' }, t('move.title')),
    h('p', null, f.state === 'MISSED' ? t('move.leadMissed') : t('move.lead')),
    formEl);
}
