// Home: what each person does here, by role; participants see their
// courses, modules, due dates and milestones.
import { h, append, seg } from '../dom.js';
import { t, formatDateTime, formatDate } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { fill, table, scrollTable } from '../ui.js';
import { milestoneTag, sectionNames } from './milestones.js';

export default async function render({ view }) {
  const user = app.user;
  append(view, h('h1', null, t('home.title', { name: user.displayName || user.email })));
  const tasks = h('ul', { class: 'cards' });
  const card = (title, text, href, linkText) => h('li', { class: 'card' },
    h('h2', { class: 'card-title' }, title), h('p', null, text), h('p', null, h('a', { href }, linkText)));
  if (app.hasRole('ORGANIZER', 'ADMIN')) {
    tasks.append(card(t('home.organizer.title'), t('home.organizer.text'), '/app/courses', t('home.organizer.link')));
  }
  if (app.hasRole('EXPERT')) {
    tasks.append(card(t('queue.home.title'), t('queue.home.text'), '/app/queue', t('queue.home.link')));
    tasks.append(card(t('guidance.home.title'), t('guidance.home.text'), '/app/guidance', t('guidance.home.link')));
    tasks.append(card(t('home.expert.title'), t('home.expert.text'), '/app/courses', t('home.expert.link')));
  }
  if (app.hasRole('EDITOR')) {
    tasks.append(card(t('home.editor.title'), t('editorDesk.home.text'), '/app/publishing', t('editorDesk.home.link')));
  }
  tasks.append(card(t('home.inbox.title'), t('home.inbox.text'), '/app/notifications', t('home.inbox.link')));
  tasks.append(card(t('home.account.title'), t('home.account.text'), '/app/account', t('home.account.link')));

  if (app.hasRole('PARTICIPANT')) {
    const slot = h('div');
    append(view, h('h2', null, t('home.myCourses')), slot, h('h2', null, t('home.more')), tasks);
    await fill(slot, () => loadMyCourses(user), drawCourses);
  } else {
    append(view, h('p', { class: 'lead' }, t('home.lead')), tasks);
  }
}

async function loadMyCourses(user) {
  const data = await api.get('/v1/courses', { query: { pageSize: 100 } });
  const courses = data?.courses || [];
  return Promise.all(courses.map(async (course) => {
    try {
      const progress = await api.get(`/v1/courses/${seg(course.id)}/progress`, { retries: 3 });
      const row = (progress?.rows || []).find((r) => r.userId === user.id);
      return { course, row };
    } catch {
      return { course, row: null };
    }
  }));
}

function drawCourses(items) {
  if (!items.length) return h('p', null, t('home.noCourses'));
  return items.map(({ course, row }) => {
    const byNumber = new Map((row?.modules || []).map((m) => [m.number, m]));
    const rows = (course.modules || []).map((m) => {
      const milestone = byNumber.get(m.number);
      const due = milestone?.dueTime || m.dueTime;
      return h('tr', null,
        h('td', null, String(m.number)),
        h('th', { scope: 'row' }, m.title),
        h('td', null, sectionNames(m.sections) || '—'),
        h('td', null, formatDateTime(due, course.timeZone),
          milestone?.extended ? h('span', { class: 'extended' }, t('milestone.extended')) : null),
        h('td', null, milestone ? milestoneTag(milestone.status) : '—'));
    });
    return h('section', { class: 'course', 'aria-labelledby': `course-${course.id}` },
      h('h3', { id: `course-${course.id}` }, h('a', { href: `/app/courses/${seg(course.id)}` }, course.title)),
      h('p', { class: 'muted' }, t('course.dates', { start: formatDate(course.startDate), end: formatDate(course.endDate) }),
        course.edition ? ` · ${course.edition}` : ''),
      h('ul', { class: 'inline-links' },
        h('li', null, row?.briefId
          ? h('a', { href: `/app/briefs/${seg(row.briefId)}` }, t('brief.course.open'))
          : h('a', { href: `/app/briefs/new?course=${seg(course.id)}` }, t('brief.course.start'))),
        h('li', null, h('a', { href: `/app/courses/${seg(course.id)}/plan` }, t('brief.course.plan'))),
        h('li', null, h('a', { href: `/app/courses/${seg(course.id)}#next-steps`,
          'aria-label': t('agreement.linkNamed', { title: course.title }) }, t('agreement.title')))),
      rows.length
        ? scrollTable(table({ caption: t('home.modulesOf', { title: course.title }), captionHidden: true,
          head: [t('module.number'), t('module.title'), t('module.sections'), t('module.due'), t('module.status')], rows }),
        t('home.modulesOf', { title: course.title }))
        : h('p', null, t('course.noModules')));
  });
}
