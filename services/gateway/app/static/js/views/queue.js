// Reviews, for experts (/app/queue): how many briefs wait in my topics, in
// words; "Claim the next brief" (POST /v1/reviews:claim; 204: none for me);
// the reviews I hold now, to go back to.
import { h, append, replace, seg } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { errorBlock, loading } from '../ui.js';
import { actionButton } from '../forms.js';
import { rememberClaim, heldTasks, leaseLeft, ageInWords } from './review-common.js';
import { topicName } from '../briefs.js';

export default async function render({ view, isCurrent }) {
  const user = app.user;
  const topics = user.expertise || [];
  const counts = h('div', null, loading());
  const held = h('div', null, loading());
  const result = h('div', { class: 'claim-result', role: 'status' });
  const claim = actionButton(t('queue.claim'), t('queue.claiming'), () => claimNext(result), { class: 'primary' });
  append(view,
    h('h1', null, t('queue.title')),
    h('p', { class: 'lead' }, t('queue.lead')),
    h('section', { 'aria-labelledby': 'queue-topics' },
      h('h2', { id: 'queue-topics' }, t('queue.topicsTitle')),
      h('p', null, topics.length
        ? t('queue.yourTopics', { count: topics.length, topics: topics.map(topicName).join(', ') })
        : t('queue.anyTopic')),
      counts),
    h('section', { 'aria-labelledby': 'queue-claim' },
      h('h2', { id: 'queue-claim' }, t('queue.claimTitle')),
      h('p', null, t('queue.claimLead')),
      h('div', { class: 'actions' }, claim),
      result),
    h('section', { 'aria-labelledby': 'queue-held' },
      h('h2', { id: 'queue-held' }, t('queue.heldTitle')),
      held),
    h('p', null, h('a', { href: '/app/reviews' }, t('queue.pastLink'))));
  await Promise.all([drawCounts(counts, topics), drawHeld(held)]);
  if (!isCurrent()) return undefined;
  // Keep the counts fresh while the page is open.
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') drawCounts(counts, topics, { quiet: true });
  }, 60000);
  return () => clearInterval(timer);
}

async function drawCounts(slot, topics, { quiet = false } = {}) {
  // GET /v1/queue answers editors and admins only (403 for an expert).
  if (!app.hasRole('EDITOR', 'ADMIN')) {
    replace(slot, h('p', { class: 'muted' }, t('queue.countsHidden')));
    return;
  }
  let stats;
  try {
    stats = await api.get('/v1/queue', { retries: quiet ? 0 : 3 });
  } catch (err) {
    if (quiet) return;
    // The queue's figures are for editors (GET /v1/queue); an expert
    // without that role can still claim.
    if (err.status === 403) {
      replace(slot, h('p', { class: 'muted' }, t('queue.countsHidden')));
    } else {
      replace(slot, errorBlock(err, () => drawCounts(slot, topics)));
    }
    return;
  }
  const byTopic = new Map((stats?.topics || []).map((d) => [d.topic, d]));
  const rows = topics.length
    ? topics.map((topic) => byTopic.get(topic) || { topic, queued: 0, oldestAgeSeconds: 0 })
    : [...byTopic.values()];
  const total = rows.reduce((n, d) => n + (d.queued || 0), 0);
  const items = rows.map((d) => h('li', null,
    h('strong', null, topicName(d.topic)), ': ',
    t('queue.waiting', { count: d.queued || 0 }),
    d.queued ? ` ${t('queue.oldest', { age: ageInWords(d.oldestAgeSeconds || 0) })}` : ''));
  replace(slot,
    h('p', null, topics.length ? t('queue.totalMine', { count: total }) : t('queue.totalAll', { count: total })),
    items.length ? h('ul', null, items) : null);
}

async function drawHeld(slot) {
  try {
    const tasks = await heldTasks();
    if (!tasks.length) {
      replace(slot, h('p', null, t('queue.noneHeld')));
      return;
    }
    // Titles from the briefs (an expert holding a task may read its brief).
    const titles = await Promise.all(tasks.map((task) => api.get(`/v1/briefs/${seg(task.briefId)}`, { retries: 2 })
      .then((b) => b?.title || '').catch(() => '')));
    replace(slot, h('ul', { class: 'items' }, tasks.map((task, i) => h('li', null,
      h('p', { class: 'item-title' }, h('a', { href: `/app/reviews/${seg(task.id)}` }, titles[i] || t('review.untitled'))),
      h('p', { class: 'muted' }, t('queue.heldItem', { topic: topicName(task.topic), revision: task.revision }), ' · ',
        leaseLeft(task.leaseExpireTime))))));
  } catch (err) {
    replace(slot, errorBlock(err, () => drawHeld(slot)));
  }
}

async function claimNext(result) {
  replace(result);
  let answer;
  try {
    answer = await api.post('/v1/reviews:claim', {}, { response: true });
  } catch (err) {
    replace(result, errorBlock(err));
    return;
  }
  if (answer.status === 204 || !answer.data?.task) {
    replace(result, h('div', { class: 'notice' }, h('p', null, t('queue.nothing'))));
    return;
  }
  const { task, threads } = answer.data;
  rememberClaim(task, threads || []);
  app.flash(t('queue.claimed'));
  app.navigate(`/app/reviews/${seg(task.id)}`);
}
