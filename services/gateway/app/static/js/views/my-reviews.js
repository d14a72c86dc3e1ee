// My reviews (/app/reviews): the tasks I hold or held (GET /v1/reviews),
// newest first, with the review I sent for each: decision, rubric scores,
// summary and comments, with the authors' replies to each (and a reply).
// A task I hold now links back to its review screen.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorBlock, backLink } from '../ui.js';
import { field } from '../forms.js';
import { taskStateTag, decisionTag, sectionName, leaseLeft } from './review-common.js';
import { topicName } from '../briefs.js';
import { loadThreads, threadView, threadsFailed } from '../threads.js';

const STATES = ['', 'CLAIMED', 'DONE', 'CANCELLED', 'QUEUED'];
const CRITERIA = ['evidence', 'clarity', 'actionability', 'relevance'];

export default function render({ view, query }) {
  const chosen = STATES.includes(query.get('state') || '') ? (query.get('state') || '') : '';
  const filter = field({ name: 'state', label: t('myReviews.filter'), type: 'select', value: chosen,
    options: STATES.map((s) => ({ value: s, label: s ? t(`myReviews.taskState.${s}`) : t('myReviews.filterAll') })) });
  filter.control.addEventListener('change', () => {
    const v = filter.control.value;
    history.replaceState(null, '', v ? `/app/reviews?state=${encodeURIComponent(v)}` : '/app/reviews');
    load(list, v);
  });
  const list = h('div', null, loading());
  append(view,
    backLink('/app/queue', t('myReviews.back')),
    h('h1', null, t('myReviews.title')),
    h('p', { class: 'lead' }, t('myReviews.lead')),
    h('div', { class: 'filters' }, filter),
    list);
  return load(list, chosen);
}

const titles = new Map();
async function briefTitle(id) {
  if (!titles.has(id)) {
    titles.set(id, api.get(`/v1/briefs/${seg(id)}`, { retries: 2 }).then((b) => b?.title || '').catch(() => ''));
  }
  return titles.get(id);
}

// The list is newest last across pages: every page is read, then shown
// newest first.
async function load(slot, state) {
  replace(slot, loading());
  const tasks = [];
  const reviews = new Map();
  try {
    let pageToken;
    do {
      const page = await api.get('/v1/reviews', { query: { state, pageSize: 100, pageToken } });
      tasks.push(...(page?.tasks || []));
      for (const r of page?.reviews || []) reviews.set(r.taskId, r);
      pageToken = page?.nextPageToken;
    } while (pageToken && tasks.length < 2000);
  } catch (err) {
    replace(slot, errorBlock(err, () => load(slot, state)));
    return;
  }
  tasks.reverse();
  const names = await Promise.all(tasks.map((task) => briefTitle(task.briefId)));
  replace(slot, tasks.length
    ? [h('p', null, t('myReviews.count', { count: tasks.length })),
      h('ul', { class: 'items reviews' }, tasks.map((task, i) => item(task, reviews.get(task.id), names[i])))]
    : h('p', null, state ? t('myReviews.noneInState') : t('myReviews.none')));
}

function item(task, review, title) {
  const name = title || t('myReviews.briefUntitled');
  const held = task.state === 'CLAIMED' && (task.claimToken || task.leaseExpireTime);
  return h('li', { class: 'review-item' },
    h('div', { class: 'item-head' },
      h('h2', { class: 'item-title' }, held ? h('a', { href: `/app/reviews/${seg(task.id)}` }, name) : name),
      h('span', null, taskStateTag(task.state), review ? [' ', decisionTag(review.decision)] : null)),
    h('p', { class: 'muted' }, t('myReviews.meta', { topic: topicName(task.topic), revision: task.revision, round: task.round || 1 }),
      review ? ` · ${t('myReviews.sentOn', { time: formatDateTime(review.createTime) })}` : ''),
    held ? h('p', null, leaseLeft(task.leaseExpireTime), ' ', h('a', { href: `/app/reviews/${seg(task.id)}` }, t('myReviews.continue'))) : null,
    review ? details(review) : null);
}

function details(review) {
  const scores = review.scores || {};
  const comments = review.comments || [];
  const items = comments.map((c, i) => h('li', { class: 'comment-item' },
    h('p', { class: 'comment-title' }, h('strong', null, sectionName(c.section))),
    c.quote ? h('blockquote', { class: 'comment-quote' }, h('span', { class: 'visually-hidden' }, `${t('review.comment.quoteLabel')} `), c.quote) : null,
    h('p', { class: 'comment-body' }, c.body),
    h('div', { class: 'thread-slot', dataset: { n: String(i + 1) } })));
  const el = h('details', { class: 'review-details' },
    h('summary', null, t('myReviews.show')),
    h('h3', null, t('myReviews.scores')),
    h('dl', { class: 'details' }, CRITERIA.map((c) => [
      h('dt', null, t(`review.rubric.${c}`)),
      h('dd', null, scores[c] ? t('myReviews.score', { score: scores[c], meaning: t(`review.rubric.${c}.${scores[c]}`) }) : '—')])),
    h('h3', null, t('myReviews.summary')),
    h('p', { class: 'comment-body' }, review.summary || ''),
    h('h3', null, t('myReviews.comments', { count: comments.length })),
    comments.length ? h('ol', { class: 'comment-list' }, items) : h('p', null, t('myReviews.noComments')));
  // The authors' replies to each comment, and a reply, once shown.
  let loaded = false;
  el.addEventListener('toggle', async () => {
    if (!el.open || loaded || !comments.some((c) => c.id)) return;
    loaded = true;
    let threads;
    try {
      threads = await loadThreads(review.briefId);
    } catch (err) {
      el.querySelector('ol.comment-list')?.before(threadsFailed(err));
      return;
    }
    comments.forEach((c, i) => {
      const thread = threads.get(c.id);
      if (thread) replace(items[i].lastChild, threadView(thread, { briefId: review.briefId, side: 'expert', label: t('threads.commentLabel', { n: i + 1 }) }));
    });
  });
  return el;
}
