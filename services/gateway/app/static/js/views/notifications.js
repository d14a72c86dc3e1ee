// Notifications: the inbox, newest first; mark read; new ones arrive live.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, statusTag } from '../ui.js';
import { actionButton } from '../forms.js';

// Who hears of which events, as the notification service addresses them.
const TO_AUTHORS = new Set(['brief.submitted', 'brief.review_started', 'brief.approved', 'brief.changes_requested',
  'brief.rejected', 'brief.published', 'brief.returned', 'brief.retracted', 'brief.reopened', 'followup.due']);
const TO_EDITORS = new Set(['brief.submitted', 'brief.requeued', 'brief.approved', 'brief.rejected', 'brief.published',
  'brief.retracted', 'brief.withdrawn', 'brief.reopened', 'review.queue_stale']);
const TO_EXPERTS = new Set(['brief.approved', 'brief.changes_requested', 'brief.rejected', 'brief.published',
  'brief.retracted', 'brief.withdrawn']);
// Tasks of the expert who holds (or held) the review.
const TO_REVIEWER = new Set(['review.lease_ending', 'review.expired']);
// An author reads what the experts said.
const READ_REVIEWS = new Set(['brief.changes_requested', 'brief.approved', 'brief.rejected']);
// Guidance while drafting and comment threads: an expert's side (asked,
// replied to, resolved) on the Guidance page; an author's on the brief.
const TO_GUIDANCE = new Set(['feedback.requested', 'comment.replied', 'comment.resolved']);
const TO_BRIEF_AUTHORS = new Set(['feedback.answered', 'comment.replied']);

// The courses service's notices after the course carry no brief but their
// course (courseId; the title their text quotes, for older ones).
const COURSE_NOTICES = new Set(['agreement.due', 'course.followup_due', 'followup.missed']);

// The brief's title as the notification's text quotes it (“…”, quotes in
// the title balanced), or '' when it quotes none.
export function quotedTitle(text) {
  const s = String(text || '');
  const start = s.indexOf('\u201c');
  if (start < 0) return '';
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    if (s[i] === '\u201c') depth++;
    else if (s[i] === '\u201d' && --depth === 0) return s.slice(start + 1, i);
  }
  return '';
}

// Where a notification of a brief leads, by who reads it and what it
// tells: the author's editor (or the reviews), the editor's desk, the
// expert's queue or reviews. [href, text key, named text key]
function destination(n) {
  const id = seg(n.briefId);
  const event = n.event || '';
  if (TO_REVIEWER.has(event) && app.hasRole('EXPERT')) return ['/app/queue', 'notifications.link.queue'];
  // A reply reaches an author or the comment's expert: a participant is
  // taken to the brief, an expert (who is not one) to Guidance.
  if (TO_BRIEF_AUTHORS.has(event) && app.hasRole('PARTICIPANT')) return [`/app/briefs/${id}#guidance`, 'notifications.link.brief'];
  if (TO_GUIDANCE.has(event) && app.hasRole('EXPERT')) return ['/app/guidance', 'notifications.link.guidance'];
  if (TO_AUTHORS.has(event) && app.hasRole('PARTICIPANT')) {
    return READ_REVIEWS.has(event) ? [`/app/briefs/${id}/reviews`, 'notifications.link.reviews'] : [`/app/briefs/${id}`, 'notifications.link.brief'];
  }
  if (TO_EDITORS.has(event) && app.hasRole('EDITOR')) return [`/app/publishing/${id}`, 'notifications.link.brief'];
  if (TO_EXPERTS.has(event) && app.hasRole('EXPERT')) return ['/app/reviews', 'notifications.link.myReviews'];
  if (app.hasRole('EDITOR')) return [`/app/publishing/${id}`, 'notifications.link.brief'];
  return [`/app/briefs/${id}`, 'notifications.link.brief'];
}

// The link names the brief, so that several links never share one name.
function briefLinkOf(n) {
  const [href, key] = destination(n);
  const title = quotedTitle(n.body) || n.title || n.event;
  return h('a', { href, 'aria-label': t(`${key}Named`, { title }) }, t(key));
}

// The caller's courses by title (titles more than one course has are left
// out: the link cannot tell which), fetched once per screen.
function courseFinder() {
  let byTitle = null;
  return async (title) => {
    byTitle ??= (async () => {
      const map = new Map();
      let pageToken = '';
      do {
        const data = await api.get('/v1/courses', { query: { pageSize: 100, pageToken }, retries: 3 });
        for (const c of data?.courses || []) map.set(c.title, map.has(c.title) ? null : c.id);
        pageToken = data?.nextPageToken || '';
      } while (pageToken && map.size < 1000);
      return map;
    })().catch(() => new Map());
    return (await byTitle).get(title) || null;
  };
}

// Where a notice after the course leads: the participant's next steps or
// sessions on the course page, the organizers' follow-ups (the missed ones).
function courseDestination(n, id) {
  const base = `/app/courses/${seg(id)}`;
  if (n.event === 'agreement.due') return [`${base}#next-steps`, 'notifications.link.nextSteps'];
  if (n.event === 'followup.missed') return [`${base}/followUps?state=MISSED`, 'notifications.link.missed'];
  if (app.hasRole('ORGANIZER', 'ADMIN') && !app.hasRole('PARTICIPANT')) return [`${base}/followUps`, 'notifications.link.followUps'];
  return [`${base}#follow-ups`, 'notifications.link.mySessions'];
}

function courseLinkOf(n, findCourse) {
  const title = quotedTitle(n.body);
  const p = h('p');
  // Notifications carry their course (courseId); older ones only quote its
  // title.
  const found = n.courseId ? Promise.resolve(n.courseId) : findCourse(title);
  found.then((id) => {
    if (!id) {
      replace(p, h('a', { href: '/app/courses' }, t('notifications.link.courses')));
      return;
    }
    const [href, key] = courseDestination(n, id);
    replace(p, h('a', { href, 'aria-label': t(`${key}Named`, { title }) }, t(key)));
  });
  return p;
}

export default function render({ view, query }) {
  const findCourse = courseFinder();
  const unreadOnly = query.get('show') === 'unread';
  const list = h('ul', { class: 'items', 'aria-labelledby': 'notif-title' });
  const status = h('div');
  const more = h('div', { class: 'actions' });
  const liveState = h('p', { class: 'muted', role: 'status' });
  const filter = h('p', null,
    unreadOnly ? h('a', { href: '/app/notifications' }, t('notifications.showAll'))
      : h('a', { href: '/app/notifications?show=unread' }, t('notifications.showUnread')));
  append(view, h('h1', { id: 'notif-title' }, unreadOnly ? t('notifications.titleUnread') : t('notifications.title')),
    filter, liveState, status, list, more);

  const drawState = (s) => replace(liveState, s === 'live' ? t('notifications.live') : t('notifications.reconnecting'));
  drawState(app.live?.state() || 'connecting');

  const item = (n) => {
    const li = h('li', { class: n.readTime ? null : 'unread-item' });
    const draw = () => {
      li.className = n.readTime ? '' : 'unread-item';
      replace(li,
        h('div', { class: 'item-head' },
          h('h2', { class: 'item-title' }, n.title || n.event),
          n.readTime ? statusTag('neutral', t('notifications.read')) : statusTag('unread', t('notifications.unread'))),
        n.body ? h('p', null, n.body) : null,
        COURSE_NOTICES.has(n.event) ? courseLinkOf(n, findCourse) : n.briefId ? h('p', null, briefLinkOf(n)) : null,
        h('p', { class: 'muted' }, formatDateTime(n.createTime)),
        n.readTime ? null : actionButton(t('notifications.markRead'), t('common.saving'), async () => {
          try {
            const updated = await api.post(`/v1/notifications/${seg(n.id)}:read`, {});
            n.readTime = updated?.readTime || new Date().toISOString();
            app.live?.markedRead();
            draw();
            app.announce(t('notifications.marked'));
            li.querySelector('h2').setAttribute('tabindex', '-1');
            li.querySelector('h2').focus();
          } catch (err) {
            li.append(errorBlock(err));
          }
        }, { class: 'secondary', 'aria-label': t('notifications.markReadNamed', { title: n.title || n.event }) }));
    };
    draw();
    return li;
  };

  let token = '';
  const ids = new Set();
  async function page() {
    replace(more, loading());
    try {
      const data = await api.get('/v1/notifications', { query: { pageSize: 20, pageToken: token, unread: unreadOnly || '' } });
      for (const n of data?.notifications || []) {
        if (ids.has(n.id)) continue;
        ids.add(n.id);
        list.append(item(n));
      }
      token = data?.nextPageToken || '';
      replace(more, token ? h('button', { type: 'button', class: 'secondary', onclick: page }, t('notifications.older')) : null);
      if (!ids.size) replace(status, h('p', null, unreadOnly ? t('notifications.noneUnread') : t('notifications.none')));
    } catch (err) {
      replace(more, errorBlock(err, page));
    }
  }
  page();

  return app.live?.subscribe({
    notification(n) {
      if (ids.has(n.id)) return;
      ids.add(n.id);
      replace(status);
      list.prepend(item(n));
      app.announce(t('notifications.arrived', { title: n.title || n.event }));
    },
    state: drawState,
  });
}
