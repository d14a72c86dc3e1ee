// One course: its details and modules, and what its organizers do with it;
// a participant's next steps and follow-up sessions after it.
import { h, append, seg } from '../dom.js';
import { t, formatDate, formatDateTime, languageName } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { fill, table, scrollTable, backLink } from '../ui.js';
import { sectionNames, milestoneTag } from './milestones.js';
import { nextSteps } from './next-steps.js';

export default async function render({ view, params, hash, isCurrent }) {
  const heading = h('h1', null, t('course.title'));
  const slot = h('div');
  append(view, backLink('/app/courses', t('courses.title')), heading, slot);
  let after = null;
  await fill(slot, () => loadCourse(params.id), ({ course, row }) => {
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
      links.push(h('li', null, h('a', { href: `${base}/followUps` }, t('course.followUpsLink'))));
      links.push(h('li', null, h('a', { href: `${base}/analytics` }, t('course.analytics'))));
    } else if (expert) {
      links.push(h('li', null, h('a', { href: `${base}/members` }, t('course.members'))));
    }
    if (row) {
      links.push(h('li', null, row.briefId
        ? h('a', { href: `/app/briefs/${seg(row.briefId)}` }, t('brief.course.open'))
        : h('a', { href: `/app/briefs/new?course=${seg(course.id)}` }, t('brief.course.start'))));
      links.push(h('li', null, h('a', { href: `${base}/plan` }, t('brief.course.plan'))));
      links.push(h('li', null, h('a', { href: '#next-steps' }, t('agreement.title'))));
      after = nextSteps(course);
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
          head: [t('module.number'), t('module.title'), t('module.sections'), t('module.due'), row ? t('module.status') : null].filter(Boolean),
          rows: modules.map((m) => {
            const mine = row?.modules?.find((x) => x.number === m.number);
            return h('tr', null, h('td', null, String(m.number)), h('th', { scope: 'row' }, m.title),
              h('td', null, sectionNames(m.sections) || '—'),
              h('td', null, formatDateTime(mine?.dueTime || m.dueTime, course.timeZone),
                mine?.extended ? h('span', { class: 'extended' }, t('milestone.extended')) : null),
              row ? h('td', null, mine ? milestoneTag(mine.status) : '—') : null);
          }) }),
        t('course.modulesTitle'))
        : h('p', null, t('course.noModules')),
      after ? after.el : null,
    ];
  });
  // A link to a section of the page (a reminder's): there once it is drawn.
  if (after && hash) {
    await after.ready;
    const target = isCurrent() && document.getElementById(hash);
    target?.querySelector('h2')?.focus();
  }
}

function followUpText(plan) {
  const count = plan?.count ?? 6;
  if (!count) return t('course.noFollowUps');
  return t('course.followUpPlan', { count, days: plan?.intervalDays ?? 61 });
}

// The course, and the caller's own milestones when they take part in it.
async function loadCourse(id) {
  const course = await api.get(`/v1/courses/${seg(id)}`);
  let row = null;
  if (app.hasRole('PARTICIPANT')) {
    try {
      const progress = await api.get(`/v1/courses/${seg(id)}/progress`, { retries: 3 });
      row = (progress?.rows || []).find((r) => r.userId === app.user.id) || null;
    } catch {
      row = null;
    }
  }
  return { course, row };
}
