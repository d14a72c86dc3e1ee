// What the screens after the course share (next-steps.js, my-followups.js,
// followups.js, followup-session.js): follow-up states, channels, action
// statuses and outcomes in words; an agreement, a record and a report shown
// for reading; the course's members by id.
import { h, seg } from '../dom.js';
import { t, has, formatDate, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { statusTag } from '../ui.js';

export const STATES = ['SCHEDULED', 'HELD', 'MISSED'];
export const CHANNELS = ['EMAIL', 'PHONE', 'VIDEO', 'IN_PERSON'];
export const ACTION_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'DONE', 'DROPPED'];
export const KINDS = ['POLICY_ADOPTED', 'POLICY_AMENDED', 'BRIEF_CITED', 'PRESENTED_TO_TRIPARTITE_BODY',
  'USED_IN_SOCIAL_DIALOGUE', 'MEDIA_MENTION', 'PRACTICE_CHANGED', 'OTHER'];
export const SIGNIFICANCES = ['LOW', 'MEDIUM', 'HIGH'];

// An enum value in words; the value itself when the catalogue has none.
export function word(group, value) {
  const key = `${group}.${value}`;
  return has(key) ? t(key) : String(value || '—');
}

const STATE_KIND = { SCHEDULED: 'upcoming', HELD: 'on-time', MISSED: 'missing' };

// A session's state in words (and a symbol); colour repeats it.
export function followUpStateTag(state) {
  return statusTag(STATE_KIND[state] || 'neutral', word('followUp.state', state));
}

// The course's members, every page: Map userId -> member.
export async function loadMembers(courseId) {
  const members = new Map();
  let pageToken = '';
  do {
    const data = await api.get(`/v1/courses/${seg(courseId)}/members`, { query: { pageSize: 100, pageToken } });
    for (const m of data?.members || []) members.set(m.userId, m);
    pageToken = data?.nextPageToken || '';
  } while (pageToken && members.size < 5000);
  return members;
}

export function nameOf(members, userId) {
  const m = members?.get(userId);
  return m?.displayName || m?.email || t('followUp.someone');
}

// The agreement as the participant saved it: its actions, audience and
// support needed, and which version.
export function agreementView(agreement) {
  if (!agreement?.version) return h('p', null, t('agreement.notFilled'));
  const actions = agreement.actions || [];
  return h('div', { class: 'agreement-view' },
    h('ol', { class: 'agreed-actions' }, actions.map((a) => h('li', null,
      h('p', { class: 'plain-text action-what' }, a.what),
      a.withWhom || a.byDate ? h('p', { class: 'muted' },
        [a.withWhom ? t('agreement.withWhomIs', { who: a.withWhom }) : null,
          a.byDate ? t('agreement.byDateIs', { date: formatDate(a.byDate) }) : null].filter(Boolean).join(' · ')) : null))),
    h('dl', { class: 'details' },
      h('dt', null, t('agreement.view.audience')), h('dd', { class: 'plain-text' }, agreement.audience || '—'),
      h('dt', null, t('agreement.view.supportNeeded')), h('dd', { class: 'plain-text' }, agreement.supportNeeded || '—')),
    h('p', { class: 'muted' }, t('agreement.versionOf', { version: agreement.version, time: formatDateTime(agreement.updateTime) })));
}

// "Action 2: Draft a decree" for progress on an agreed action.
export function actionName(actions, number) {
  const what = actions?.[number - 1]?.what;
  return what ? t('agreement.actionNamed', { number, what }) : t('agreement.actionN', { number });
}

function progressList(progress, actions) {
  if (!progress?.length) return null;
  return h('ul', { class: 'progress-list' }, progress.map((p) => h('li', null,
    h('span', { class: 'label' }, `${actionName(actions, p.action)}: `),
    h('strong', null, word('action.status', p.status)),
    p.note ? h('span', { class: 'plain-text extended' }, p.note) : null)));
}

// Outcomes with every field: what changed, its kind and significance, what
// the training contributed, the source, and who verified it.
export function outcomesList(outcomes) {
  if (!outcomes?.length) return null;
  return h('ul', { class: 'outcome-list' }, outcomes.map((o) => h('li', { class: 'outcome' },
    h('p', { class: 'outcome-head' }, h('strong', null, word('outcome.kind', o.kind)), ' · ',
      t('outcome.significanceIs', { level: word('outcome.significance', o.significance) })),
    h('p', { class: 'plain-text' }, o.description || ''),
    h('dl', { class: 'details' },
      o.contribution ? [h('dt', null, t('outcome.contribution')), h('dd', { class: 'plain-text' }, o.contribution)] : null,
      o.source ? [h('dt', null, t('outcome.source')), h('dd', null, o.source)] : null,
      h('dt', null, t('outcome.verified')),
      h('dd', null, o.verified ? (o.verifiedBy ? t('outcome.verifiedBy', { who: o.verifiedBy }) : t('outcome.yes')) : t('outcome.no'))))));
}

// What an organizer recorded of a session held.
export function recordView(record, actions, members, timeZone, { headingLevel = 'h4' } = {}) {
  if (!record) return null;
  const progress = progressList(record.actionProgress, actions);
  const outcomes = outcomesList(record.outcomes);
  return h('div', { class: 'record-view' },
    h('dl', { class: 'details' },
      h('dt', null, t('record.channel')), h('dd', null, word('followUp.channel', record.channel)),
      h('dt', null, t('record.heldTime')), h('dd', null, formatDateTime(record.heldTime, timeZone)),
      h('dt', null, t('record.recordedBy')),
      h('dd', null, t('record.recordedByAt', { name: members ? nameOf(members, record.recordedBy) : t('record.anOrganizer'),
        time: formatDateTime(record.recordTime, timeZone) }))),
    h(headingLevel, null, t('record.progressTitle')),
    progress || h('p', null, t('record.noProgress')),
    h(headingLevel, null, t('record.outcomesTitle', { count: record.outcomes?.length || 0 })),
    outcomes || h('p', null, t('record.noOutcomes')),
    record.notes ? [h(headingLevel, null, t('record.notesTitle')), h('p', { class: 'plain-text' }, record.notes)] : null);
}

export function reportStateTag(report) {
  return report.confirmed ? statusTag('on-time', t('report.confirmed')) : statusTag('pending', t('report.unconfirmed'));
}

// A participant's report between sessions.
export function reportView(report, actions, timeZone, { headingLevel = 'h4' } = {}) {
  return h('div', { class: 'report-view' },
    h('div', { class: 'item-head' },
      h(headingLevel, { class: 'report-title' }, t('report.sentAt', { time: formatDateTime(report.createTime, timeZone) })),
      reportStateTag(report)),
    progressList(report.actionProgress, actions),
    outcomesList(report.outcomes),
    report.note ? h('p', { class: 'plain-text' }, report.note) : null);
}

// Every report of the participant not confirmed yet, from their sessions.
export function unconfirmedReports(sessions) {
  return sessions.flatMap((f) => (f.reports || []).filter((r) => !r.confirmed));
}

// A session's date, with the reason when it was moved.
export function sessionDate(f) {
  return [formatDate(f.dueDate), f.rescheduleReason ? h('span', { class: 'extended' }, t('followUp.movedBecause', { reason: f.rescheduleReason })) : null];
}
