// A participant's follow-up sessions on their course page: each with its
// date and state in words, what the organizer recorded of it, and the
// reports sent; "Report progress" on the next session not held yet
// (progress on each agreed action, outcomes, a note), kept as a draft
// until sent.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock } from '../ui.js';
import { Form, field, submitButton, draftStore, keepDraft } from '../forms.js';
import { followUpStateTag, recordView, reportView, sessionDate } from './followup-common.js';
import { progressFields, outcomeFields } from './followup-forms.js';
import { sentDraft } from '../threads.js';

// {el, show(agreement)}: drawn once the agreement is known (its actions
// name the progress), and again after each save.
export function myFollowUps(course) {
  const slot = h('div', null, loading());
  const el = h('section', { id: 'follow-ups', class: 'after-course', 'aria-labelledby': 'follow-ups-title' },
    h('h2', { id: 'follow-ups-title', tabindex: '-1' }, t('myFollowUps.title')),
    slot);
  let agreement = null;
  const draw = async (notice) => {
    let sessions;
    try {
      const data = await api.get(`/v1/courses/${seg(course.id)}/followUps`);
      sessions = data?.followUps || [];
    } catch (err) {
      replace(slot, errorBlock(err, () => draw()));
      return;
    }
    replace(slot, notice || null, drawSessions(course, sessions, agreement, draw));
  };
  return {
    el,
    show(a) {
      agreement = a;
      draw();
    },
  };
}

function drawSessions(course, sessions, agreement, redraw) {
  if (!sessions.length) return h('p', null, t('myFollowUps.none'));
  const actions = agreement?.actions || [];
  const next = sessions.find((f) => f.state !== 'HELD');
  return [
    h('p', null, t('myFollowUps.lead', { count: sessions.length })),
    h('ol', { class: 'items sessions' }, sessions.map((f) => h('li', { class: f.state === 'MISSED' ? 'session-missed' : null },
      h('div', { class: 'item-head' },
        h('h3', { class: 'item-title' }, t('myFollowUps.sessionTitle', { number: f.number, date: formatDate(f.dueDate) })),
        followUpStateTag(f.state)),
      f.rescheduleReason ? h('p', { class: 'muted' }, sessionDate(f)[1]) : null,
      f.state === 'HELD' ? recordView(f.record, actions, null, course.timeZone) : null,
      (f.reports || []).length
        ? h('div', { class: 'reports' }, h('h4', null, t('myFollowUps.reportsTitle')),
          h('ul', { class: 'items' }, f.reports.map((r) => h('li', null, reportView(r, actions, course.timeZone, { headingLevel: 'h5' })))))
        : null,
      f === next ? reportForm(course, f, actions, redraw) : null))),
  ];
}

function reportForm(course, f, actions, redraw) {
  const titleId = `report-${f.id}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const formEl = h('form', { novalidate: true, class: 'report-form', 'aria-labelledby': titleId });
  const form = new Form(formEl);
  const progress = progressFields(form, actions, { legend: t('report.progressLegend') });
  const outcomes = outcomeFields(form, { legend: t('report.outcomesLegend'), hint: t('report.outcomesHint') });
  const note = form.add(field({ name: 'note', label: t('report.note'), hint: t('report.noteHint'), type: 'textarea', rows: 4 }));
  note.control.setAttribute('maxlength', '5000');
  const button = submitButton(t('report.send'));
  append(formEl,
    h('h4', { id: titleId }, t('report.title', { number: f.number, date: formatDate(f.dueDate) })),
    h('p', null, t('report.lead')),
    progress.el, outcomes.el, note,
    h('div', { class: 'actions' }, button));
  const store = sentDraft(draftStore(app.user.id, `report-${f.id}`), formEl);
  const read = () => ({ progress: progress.draft(), outcomes: outcomes.draft(), note: note.control.value });
  keepDraft(formEl, store, read, (d) => {
    progress.restore(d.progress);
    outcomes.restore(d.outcomes);
    note.control.value = d.note || '';
  }, () => {
    progress.restore(null);
    outcomes.restore(null);
    note.control.value = '';
  });
  form.onSubmit(button, t('report.sending'), async () => {
    const errors = [...progress.check(), ...outcomes.check()];
    const actionProgress = progress.read();
    const outcomeList = outcomes.read();
    const text = note.control.value.trim();
    if (!errors.length && !actionProgress.length && !outcomeList.length && !text) {
      errors.push({ field: 'note', message: t('report.err.empty') });
    }
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    await api.post(`/v1/followUps/${seg(f.id)}/reports`, { actionProgress, outcomes: outcomeList, note: text });
    store.sent();
    app.announce(t('report.sent'));
    const done = h('div', { class: 'notice success', role: 'status', tabindex: '-1' }, h('p', null, t('report.sentNotice', { number: f.number })));
    await redraw(done);
    if (done.isConnected) done.focus();
  });
  return formEl;
}
