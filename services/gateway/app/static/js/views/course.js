// One course: its details and modules, and what its organizers do with it.
import { h, append, seg } from '../dom.js';
import { t, formatDate, formatDateTime, languageName } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { fill, table, scrollTable, backLink } from '../ui.js';
import { sectionNames } from './milestones.js';

export default async function render({ view, params }) {
  const heading = h('h1', null, t('course.title'));
  const slot = h('div');
  append(view, backLink('/app/courses', t('courses.title')), heading, slot);
  await fill(slot, () => api.get(`/v1/courses/${seg(params.id)}`), (course) => {
    heading.textContent = course.title;
    document.title = `${course.title} – ${t('frame.product')}`;
    const base = `/app/courses/${seg(course.id)}`;
    const organizer = app.hasRole('ORGANIZER', 'ADMIN');
    const expert = app.hasRole('EXPERT');
    const links = [];
    if (organizer) {
      links.push(h('li', null, h('a', { href: `${base}/edit` }, t('course.edit'))));
      links.push(h('li', null, h('a', { href: `${base}/members` }, t('course.members'))));
      links.push(h('li', null, h('a', { href: `${base}/import` }, t('course.import'))));
      links.push(h('li', null, h('a', { href: `${base}/progress` }, t('course.progress'))));
    } else if (expert) {
      links.push(h('li', null, h('a', { href: `${base}/members` }, t('course.members'))));
    }
    const modules = course.modules || [];
    return [
      course.edition ? h('p', { class: 'lead' }, course.edition) : null,
      links.length ? h('nav', { 'aria-label': t('course.actions') }, h('ul', { class: 'course-links' }, links)) : null,
      h('h2', null, t('course.about')),
      h('dl', { class: 'details' },
        h('dt', null, t('courses.dates')), h('dd', null, t('course.dates', { start: formatDate(course.startDate), end: formatDate(course.endDate) })),
        h('dt', null, t('courses.language')), h('dd', null, languageName(course.language || 'en')),
        h('dt', null, t('course.timeZone')), h('dd', null, course.timeZone),
        h('dt', null, t('course.reviewsPerRound')), h('dd', null, String(course.reviewsPerRound || 1)),
        h('dt', null, t('course.followUps')), h('dd', null, followUpText(course.followUp))),
      h('h2', null, t('course.modulesTitle')),
      modules.length
        ? scrollTable(table({ caption: t('course.modulesTitle'), captionHidden: true,
          head: [t('module.number'), t('module.title'), t('module.sections'), t('module.due')],
          rows: modules.map((m) => h('tr', null, h('td', null, String(m.number)), h('th', { scope: 'row' }, m.title),
            h('td', null, sectionNames(m.sections) || '—'), h('td', null, formatDateTime(m.dueTime, course.timeZone)))) }),
        t('course.modulesTitle'))
        : h('p', null, t('course.noModules')),
    ];
  });
}

function followUpText(plan) {
  const count = plan?.count ?? 6;
  if (!count) return t('course.noFollowUps');
  return t('course.followUpPlan', { count, days: plan?.intervalDays ?? 61 });
}
