// Courses: the caller's courses (every course for an admin); organizers
// create new ones here.
import { h, append, seg } from '../dom.js';
import { t, formatDate, languageName } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { fill, table, scrollTable } from '../ui.js';

export default function render({ view }) {
  const slot = h('div');
  const canCreate = app.hasRole('ORGANIZER', 'ADMIN');
  append(view, h('h1', null, t('courses.title')),
    canCreate ? h('p', null, h('a', { class: 'button primary', href: '/app/courses/new' }, t('courses.create'))) : null,
    slot);
  fill(slot, loadAll, (courses) => {
    if (!courses.length) return h('p', null, canCreate ? t('courses.noneOrganizer') : t('courses.none'));
    return scrollTable(table({
      caption: t('courses.caption'), captionHidden: true,
      head: [t('courses.course'), t('courses.edition'), t('courses.dates'), t('courses.language'), t('courses.modules')],
      rows: courses.map((c) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: `/app/courses/${seg(c.id)}` }, c.title)),
        h('td', null, c.edition || '—'),
        h('td', null, t('course.dates', { start: formatDate(c.startDate), end: formatDate(c.endDate) })),
        h('td', null, languageName(c.language || 'en')),
        h('td', null, String((c.modules || []).length)))),
    }), t('courses.caption'));
  });
}

async function loadAll() {
  const courses = [];
  let pageToken = '';
  do {
    const data = await api.get('/v1/courses', { query: { pageSize: 100, pageToken } });
    courses.push(...(data?.courses || []));
    pageToken = data?.nextPageToken || '';
  } while (pageToken && courses.length < 1000);
  return courses;
}
