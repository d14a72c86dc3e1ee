// The progress board: participants × modules, each milestone in words and
// colour, with a legend; scrolls sideways on a phone; CSV download.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api, request } from '../api.js';
import { loading, errorBlock, backLink, scrollTable, saveFile } from '../ui.js';
import { actionButton } from '../forms.js';
import { milestoneTag, STATUSES } from './milestones.js';

export default async function render({ view, params }) {
  const base = `/v1/courses/${seg(params.id)}`;
  const appBase = `/app/courses/${seg(params.id)}`;
  const heading = h('h1', null, t('progress.title'));
  const slot = h('div', null, loading());
  const download = actionButton(t('progress.download'), t('progress.downloading'), async () => {
    try {
      const csv = await request('GET', `${base}/progress`, { accept: 'text/csv' });
      saveFile(csv, 'progress.csv');
    } catch (err) {
      slot.prepend(errorBlock(err));
    }
  }, { class: 'secondary' });
  append(view, backLink(appBase, t('members.backToCourse')), heading,
    h('p', { class: 'lead' }, t('progress.lead')),
    h('div', { class: 'actions' }, download),
    slot);
  try {
    const [course, progress] = await Promise.all([api.get(base), api.get(`${base}/progress`)]);
    heading.textContent = t('progress.titleOf', { title: course.title });
    document.title = `${heading.textContent} – ${t('frame.product')}`;
    replace(slot, drawBoard(course, progress?.rows || [], appBase));
  } catch (err) {
    replace(slot, errorBlock(err));
  }
}

function drawBoard(course, rows, appBase) {
  const modules = course.modules || [];
  if (!modules.length) return h('p', null, t('course.noModules'));
  if (!rows.length) return h('p', null, t('progress.noParticipants'));
  const counts = modules.map(() => ({}));
  const body = rows.map((row) => {
    const byNumber = new Map((row.modules || []).map((m) => [m.number, m]));
    return h('tr', null,
      h('th', { scope: 'row' }, row.displayName || row.userId,
        h('span', { class: 'extended' }, h('a', { href: `${appBase}/members/${seg(row.userId)}/extensions`,
          'aria-label': t('members.extensionsNamed', { name: row.displayName || row.userId }) }, t('members.extensions')))),
      modules.map((m, i) => {
        const ms = byNumber.get(m.number);
        if (!ms) return h('td', null, '—');
        counts[i][ms.status] = (counts[i][ms.status] || 0) + 1;
        return h('td', null, milestoneTag(ms.status),
          ms.extended ? h('span', { class: 'extended' }, t('progress.extendedTo', { time: formatDateTime(ms.dueTime, course.timeZone) })) : null,
          ms.metTime ? h('span', { class: 'extended' }, t('progress.metAt', { time: formatDateTime(ms.metTime, course.timeZone) })) : null);
      }));
  });
  const caption = t('progress.caption', { count: rows.length });
  const tableEl = h('table', { class: 'board' },
    h('caption', null, caption),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('progress.participant')),
      modules.map((m) => h('th', { scope: 'col' }, t('progress.moduleHead', { number: m.number }),
        h('span', { class: 'extended' }, m.title),
        h('span', { class: 'extended' }, t('progress.due', { time: formatDateTime(m.dueTime, course.timeZone) })))))),
    h('tbody', null, body),
    h('tfoot', null, h('tr', null, h('th', { scope: 'row' }, t('progress.totals')),
      counts.map((c) => h('td', null, STATUSES.filter((s) => c[s]).map((s) => h('span', { class: 'extended' }, t('progress.count', { status: t(`milestone.${s}`), count: c[s] }))))))));
  return [
    h('h2', null, t('progress.legend')),
    h('ul', { class: 'legend' }, STATUSES.map((s) => h('li', null, milestoneTag(s), ' ', t(`progress.means.${s}`)))),
    scrollTable(tableEl, caption),
    h('p', { class: 'hint' }, t('progress.scrollHint')),
  ];
}
