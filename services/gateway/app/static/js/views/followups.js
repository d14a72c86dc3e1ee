// A course's follow-up sessions, for its organizers (/app/courses/{id}/
// followUps, ?state= to filter): by date, each with the participant, who
// holds it, its state in words and colour (a missed one marked), what was
// recorded or reported, and a link to record, move or read it.
import { h, append, replace, seg, uid } from '../dom.js';
import { t, formatDate } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink, scrollTable } from '../ui.js';
import { STATES, followUpStateTag, loadMembers, nameOf, word } from './followup-common.js';

export default async function render({ view, params, query }) {
  const base = `/v1/courses/${seg(params.id)}`;
  const appBase = `/app/courses/${seg(params.id)}`;
  const state = STATES.includes(query.get('state')) ? query.get('state') : '';
  const heading = h('h1', null, t('followUps.title'));
  const slot = h('div', null, loading());
  append(view, backLink(appBase, t('members.backToCourse')), heading,
    h('p', { class: 'lead' }, t('followUps.lead')),
    filterForm(appBase, state),
    slot);
  try {
    const [course, members, list, missed] = await Promise.all([
      api.get(base),
      loadMembers(params.id),
      api.get(`${base}/followUps`, { query: { state } }),
      state ? api.get(`${base}/followUps`, { query: { state: 'MISSED' } }) : null,
    ]);
    heading.textContent = t('followUps.titleOf', { title: course.title });
    document.title = `${heading.textContent} – ${t('frame.product')}`;
    const sessions = list?.followUps || [];
    const missedCount = (state ? missed?.followUps || [] : sessions).filter((f) => f.state === 'MISSED').length;
    replace(slot, drawSessions(sessions, members, appBase, state, missedCount));
  } catch (err) {
    replace(slot, errorBlock(err));
  }
}

function filterForm(appBase, state) {
  const id = uid('f');
  const select = h('select', { id, name: 'state' },
    h('option', { value: '', selected: !state }, t('followUps.filter.all')),
    STATES.map((s) => h('option', { value: s, selected: s === state }, word('followUp.state', s))));
  const formEl = h('form', { class: 'filters inline-filter', role: 'search', 'aria-label': t('followUps.filter.region') },
    h('div', { class: 'field' }, h('label', { for: id }, t('followUps.filter.label')), select),
    h('button', { type: 'submit', class: 'secondary' }, t('followUps.filter.show')));
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    app.navigate(select.value ? `${appBase}/followUps?state=${select.value}` : `${appBase}/followUps`);
  });
  return formEl;
}

function recordedText(f) {
  if (f.state === 'HELD' && f.record) {
    return t('followUps.recordedSummary', { channel: word('followUp.channel', f.record.channel), count: f.record.outcomes?.length || 0 });
  }
  const waiting = (f.reports || []).filter((r) => !r.confirmed).length;
  return waiting ? t('followUps.reportsWaiting', { count: waiting }) : '—';
}

function drawSessions(sessions, members, appBase, state, missedCount) {
  const counts = {};
  for (const f of sessions) counts[f.state] = (counts[f.state] || 0) + 1;
  const legend = [
    h('h2', null, t('followUps.legend')),
    h('ul', { class: 'legend' }, STATES.map((s) => h('li', null, followUpStateTag(s), ' ', t(`followUps.means.${s}`)))),
  ];
  const missedNotice = missedCount && state !== 'MISSED'
    ? h('div', { class: 'notice warning' }, h('p', null, t('followUps.missedNotice', { count: missedCount }), ' ',
      h('a', { href: `${appBase}/followUps?state=MISSED` }, t('followUps.showMissed'))))
    : null;
  if (!sessions.length) {
    return [missedNotice, h('p', null, state ? t(`followUps.noneIn.${state}`) : t('followUps.none')), ...legend];
  }
  const caption = t(state ? `followUps.caption.${state}` : 'followUps.caption', { count: sessions.length });
  const rows = sessions.map((f) => {
    const who = nameOf(members, f.userId);
    const label = f.state === 'HELD' ? t('followUps.open') : t('followUps.recordOrMove');
    return h('tr', { class: f.state === 'MISSED' ? 'row-missed' : null },
      h('td', null, formatDate(f.dueDate), f.rescheduleReason ? h('span', { class: 'extended' }, t('followUps.moved')) : null),
      h('th', { scope: 'row' }, who),
      h('td', null, t('followUps.numberOf', { number: f.number })),
      h('td', null, followUpStateTag(f.state)),
      h('td', null, nameOf(members, f.assigneeId)),
      h('td', null, recordedText(f)),
      h('td', null, h('a', { href: `${appBase}/followUps/${seg(f.id)}`,
        'aria-label': t('followUps.linkNamed', { action: label, number: f.number, name: who }) }, label)));
  });
  const tableEl = h('table', { class: 'sessions-table' },
    h('caption', null, caption),
    h('thead', null, h('tr', null, [t('followUps.date'), t('followUps.participant'), t('followUps.session'), t('followUps.state'),
      t('followUps.assignee'), t('followUps.recorded'), t('followUps.action')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows));
  const summary = h('p', null, STATES.filter((s) => counts[s]).map((s) => t('followUps.count', { state: word('followUp.state', s), count: counts[s] })).join(' · '));
  return [missedNotice, summary, scrollTable(tableEl, caption), ...legend];
}
