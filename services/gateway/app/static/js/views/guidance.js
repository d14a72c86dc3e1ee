// Guidance, for experts (/app/guidance): how many requests for feedback
// on drafts I may answer now (GET /v1/feedback `open`); "Take the next
// request" (POST /v1/feedback:claim; 204: none); the requests I am
// answering, to go back to; the answers I sent, each with its comments'
// threads: the authors' replies, whether they resolved it, and a reply.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { errorBlock, loading } from '../ui.js';
import { actionButton } from '../forms.js';
import { leaseLeft, sectionName } from './review-common.js';
import {
  feedbackStateTag, sectionsAsked, questionBlock, rememberFeedbackClaim, rememberedFeedbackClaim,
} from './guidance-common.js';
import { loadThreads, threadView, threadsFailed } from '../threads.js';

const LIVE_EVENTS = new Set(['feedback.requested', 'comment.replied', 'comment.resolved']);

export default async function render({ view, isCurrent }) {
  const waiting = h('div', null, loading());
  const held = h('div', null, loading());
  const answered = h('div', null, loading());
  const result = h('div', { class: 'claim-result', role: 'status' });
  const claim = actionButton(t('guidance.claim'), t('guidance.claiming'), () => claimNext(result), { class: 'primary' });
  append(view,
    h('h1', null, t('guidance.title')),
    h('p', { class: 'lead' }, t('guidance.lead')),
    h('section', { 'aria-labelledby': 'guidance-waiting' },
      h('h2', { id: 'guidance-waiting' }, t('guidance.waitingTitle')),
      waiting,
      h('div', { class: 'actions' }, claim),
      result),
    h('section', { 'aria-labelledby': 'guidance-held' },
      h('h2', { id: 'guidance-held' }, t('guidance.heldTitle')),
      held),
    h('section', { 'aria-labelledby': 'guidance-answered' },
      h('h2', { id: 'guidance-answered' }, t('guidance.answeredTitle')),
      answered));
  const draw = async ({ quiet = false } = {}) => {
    let requests;
    let open;
    try {
      ({ open, requests } = await loadMine(quiet));
    } catch (err) {
      if (quiet) return;
      for (const slot of [waiting, held, answered]) replace(slot, errorBlock(err, () => draw()));
      return;
    }
    replace(waiting, h('p', { class: 'open-count' }, t('guidance.open', { count: open })));
    const me = app.user.id;
    const mine = requests.filter((r) => r.state === 'CLAIMED' && r.claimedBy === me && r.claimToken);
    const done = requests.filter((r) => r.state === 'ANSWERED' && r.expertId === me);
    const titles = await briefTitles(requests);
    if (!isCurrent()) return;
    replace(held, mine.length
      ? h('ul', { class: 'items' }, mine.map((r) => heldItem(r, titles.get(r.briefId))))
      : h('p', null, t('guidance.noneHeld')));
    replace(answered, done.length
      ? h('ul', { class: 'items' }, done.map((r) => answeredItem(r, titles.get(r.briefId))))
      : h('p', null, t('guidance.noneAnswered')));
  };
  await draw();
  if (!isCurrent()) return undefined;
  // The count stays fresh while the page is open.
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') refreshCount(waiting);
  }, 60000);
  const unsubscribe = app.live?.subscribe({
    notification(n) {
      if (LIVE_EVENTS.has(n.event)) refreshCount(waiting);
    },
  });
  return () => {
    clearInterval(timer);
    unsubscribe?.();
  };
}

// The requests I hold or answered, newest first, every page; and how
// many I may claim now.
async function loadMine(quiet) {
  const requests = [];
  let open = 0;
  let pageToken;
  do {
    const page = await api.get('/v1/feedback', { query: { pageSize: 100, pageToken }, retries: quiet ? 0 : 3 });
    if (!pageToken) open = page?.open || 0;
    requests.push(...(page?.requests || []));
    pageToken = page?.nextPageToken;
  } while (pageToken && requests.length < 1000);
  return { open, requests };
}

async function refreshCount(slot) {
  try {
    const data = await api.get('/v1/feedback', { query: { pageSize: 1 }, retries: 0 });
    replace(slot, h('p', { class: 'open-count' }, t('guidance.open', { count: data?.open || 0 })));
  } catch {
    // The count shown stays; the next refresh tries again.
  }
}

// The briefs' titles: from the claim kept in this tab, else the brief
// (an expert reads it once they have commented on it).
async function briefTitles(requests) {
  const titles = new Map();
  await Promise.all([...new Set(requests.map((r) => r.briefId))].map(async (id) => {
    const kept = requests.map((r) => rememberedFeedbackClaim(r.id)).find((c) => c?.brief?.id === id);
    if (kept?.brief?.title) {
      titles.set(id, kept.brief.title);
      return;
    }
    const brief = await api.get(`/v1/briefs/${seg(id)}`, { retries: 1 }).catch(() => null);
    if (brief?.title) titles.set(id, brief.title);
  }));
  return titles;
}

function heldItem(r, title) {
  const href = `/app/guidance/${seg(r.id)}`;
  return h('li', null,
    h('p', { class: 'item-title' }, h('a', { href }, title || t('guidance.briefInCourse'))),
    h('p', { class: 'muted' }, t('guidance.itemMeta', { revision: r.revision, sections: sectionsAsked(r.sections) }), ' · ',
      leaseLeft(r.leaseExpireTime)));
}

function answeredItem(r, title) {
  const body = h('div', null, loading());
  const details = h('details', { class: 'answer-details' },
    h('summary', null, t('guidance.showAnswer')), body);
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (!details.open || loaded) return;
    loaded = true;
    drawAnswer(body, r);
  });
  return h('li', { class: 'review-item' },
    h('div', { class: 'item-head' },
      h('h3', { class: 'item-title' }, title || t('guidance.briefUnseen')),
      feedbackStateTag(r.state, { mine: true })),
    h('p', { class: 'muted' }, t('guidance.itemMeta', { revision: r.revision, sections: sectionsAsked(r.sections) }),
      r.answerTime ? ` · ${t('guidance.answeredOn', { time: formatDateTime(r.answerTime) })}` : ''),
    questionBlock(r.question),
    details);
}

async function drawAnswer(slot, r) {
  const comments = r.comments || [];
  let threads = new Map();
  let failed = null;
  if (comments.length) {
    try {
      threads = await loadThreads(r.briefId);
    } catch (err) {
      failed = err;
    }
  }
  replace(slot,
    h('h4', null, t('guidance.yourNote')),
    h('p', { class: 'plain-text' }, r.note || ''),
    h('h4', null, t('guidance.yourComments', { count: comments.length })),
    failed ? threadsFailed(failed) : null,
    comments.length
      ? h('ol', { class: 'comment-list' }, comments.map((c, i) => {
        const thread = threads.get(c.id);
        const label = t('threads.commentLabel', { n: i + 1 });
        return h('li', { class: 'comment-item' },
          h('p', { class: 'comment-title' }, h('strong', null, t('review.comment.heading', { number: i + 1, section: sectionName(c.section) }))),
          c.quote ? h('blockquote', { class: 'comment-quote' }, h('span', { class: 'visually-hidden' }, `${t('review.comment.quoteLabel')} `), c.quote) : null,
          h('p', { class: 'comment-body' }, c.body),
          thread ? threadView(thread, { briefId: r.briefId, side: 'expert', label }) : null);
      }))
      : h('p', null, t('guidance.noComments')));
}

async function claimNext(result) {
  replace(result);
  let answer;
  try {
    answer = await api.post('/v1/feedback:claim', {}, { response: true });
  } catch (err) {
    replace(result, errorBlock(err));
    return;
  }
  if (answer.status === 204 || !answer.data?.request) {
    replace(result, h('div', { class: 'notice' }, h('p', null, t('guidance.nothing'))));
    return;
  }
  rememberFeedbackClaim(answer.data);
  app.flash(t('guidance.claimed'));
  app.navigate(`/app/guidance/${seg(answer.data.request.id)}`);
}
