// Your briefs (/app/briefs): each brief you write, its course, its state
// in words and when it was last saved; a way to start one in each course
// where you have none yet, and to your learning plans.
import { h, append, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { fill, table, scrollTable } from '../ui.js';
import { stateTag, briefLink, isAuthor } from '../briefs.js';

export default async function render({ view }) {
  const slot = h('div');
  append(view, h('h1', null, t('brief.list.title')), h('p', { class: 'lead' }, t('brief.list.lead')), slot);
  await fill(slot, load, draw);
}

async function pages(query, max) {
  const out = [];
  let token = '';
  do {
    const page = await api.get('/v1/briefs', { query: { ...query, pageSize: 100, pageToken: token } });
    out.push(...(page?.briefs || []));
    token = page?.nextPageToken || '';
  } while (token && out.length < max);
  return out;
}

// The caller's own briefs, and those they co-author (the API filters by
// author only: co-authored ones are picked out of what the caller may see).
async function load() {
  const me = app.user.id;
  const [own, visible] = await Promise.all([
    pages({ authorId: me }, 500),
    pages({}, 1000).catch(() => []),
  ]);
  const byId = new Map(own.map((b) => [b.id, b]));
  for (const b of visible) if (!byId.has(b.id) && isAuthor(b)) byId.set(b.id, b);
  const briefs = [...byId.values()];
  let courses = [];
  try {
    courses = (await api.get('/v1/courses', { query: { pageSize: 100 } }))?.courses || [];
  } catch {
    courses = [];
  }
  return { briefs, courses };
}

function draw({ briefs, courses }) {
  const courseById = new Map(courses.map((c) => [c.id, c]));
  const withBrief = new Set(briefs.filter((b) => b.state !== 'WITHDRAWN').map((b) => b.courseId).filter(Boolean));
  const participant = app.hasRole('PARTICIPANT');
  const out = [];
  if (!briefs.length) {
    out.push(h('p', null, t('brief.list.none')));
  } else {
    const sorted = [...briefs].sort((a, b) => String(b.updateTime).localeCompare(String(a.updateTime)));
    out.push(scrollTable(table({
      caption: t('brief.list.caption'), captionHidden: true,
      head: [t('brief.list.colTitle'), t('brief.list.colCourse'), t('brief.list.colState'), t('brief.list.colSaved')],
      rows: sorted.map((b) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: briefLink(b.id) }, b.title || t('brief.untitled'))),
        h('td', null, courseById.get(b.courseId)?.title || (b.courseId ? t('brief.list.otherCourse') : t('brief.list.noCourse'))),
        h('td', null, stateTag(b.state)),
        h('td', null, t('brief.list.savedValue', { time: formatDateTime(b.updateTime), revision: b.revision })))),
    }), t('brief.list.caption')));
  }
  if (participant && courses.length) {
    out.push(h('h2', null, t('brief.list.coursesTitle')));
    out.push(h('ul', { class: 'items' }, courses.map((c) => h('li', null,
      h('h3', { class: 'item-title' }, c.title),
      h('ul', { class: 'inline-links' },
        withBrief.has(c.id) ? null
          : h('li', null, h('a', { href: `/app/briefs/new?course=${seg(c.id)}` }, t('brief.list.startIn', { course: c.title }))),
        h('li', null, h('a', { href: `/app/courses/${seg(c.id)}/plan` }, t('brief.list.planOf', { course: c.title }))))))));
  } else if (participant) {
    out.push(h('p', null, h('a', { href: '/app/briefs/new' }, t('brief.list.start'))));
  }
  return out;
}
