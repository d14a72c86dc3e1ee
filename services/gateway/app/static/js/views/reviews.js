// Reviews received (/app/briefs/{id}/reviews): each expert review's
// decision, rubric scores and summary, and its comments shown at the
// passages they quote in the revision it reviewed (marked, reachable by
// keyboard), each with its thread: the replies, a reply and, for the
// authors, "Mark resolved"; comments whose passage is not found are listed
// under their section.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime, has } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorBlock, backLink, statusTag, table, scrollTable } from '../ui.js';
import { loadBrief, briefLink, briefNav, isAuthor, SECTIONS } from '../briefs.js';
import { briefReader } from '../brief-view.js';
import { placeComments } from '../passages.js';
import { loadThreads, threadView, commentCard, threadsFailed } from '../threads.js';

const CRITERIA = ['evidence', 'clarity', 'actionability', 'relevance'];
const DECISION_KIND = { APPROVE: 'on-time', REQUEST_CHANGES: 'late', REJECT: 'missing' };

export default async function render({ view, params, query }) {
  const heading = h('h1', null, t('reviewsReceived.title'));
  const slot = h('div', null, loading());
  append(view, backLink(briefLink(params.id), t('reviewsReceived.back')), heading, slot);
  let brief;
  let reviews;
  try {
    [{ brief }, reviews] = await Promise.all([loadBrief(params.id), loadReviews(params.id)]);
  } catch (err) {
    replace(slot, errorBlock(err));
    return;
  }
  heading.textContent = t('reviewsReceived.titleOf', { title: brief.title || t('brief.untitled') });
  document.title = `${heading.textContent} – ${t('frame.product')}`;
  if (!reviews.length) {
    replace(slot, briefNav(brief.id, 'reviews'), h('p', null, t('reviewsReceived.none')));
    return;
  }
  // Newest first; the one asked for, else the newest, shown in full.
  reviews.sort((a, b) => (b.round - a.round) || String(b.createTime).localeCompare(String(a.createTime)));
  const chosen = reviews.find((r) => r.id === query.get('review')) || reviews[0];
  const detail = h('div', null, loading());
  replace(slot,
    briefNav(brief.id, 'reviews'),
    h('h2', null, t('reviewsReceived.listTitle')),
    reviewList(brief, reviews, chosen),
    detail);
  replace(detail, await reviewDetail(brief, chosen));
}

async function loadReviews(id) {
  const all = [];
  let token = '';
  do {
    const page = await api.get(`/v1/briefs/${seg(id)}/reviews`, { query: { pageSize: 100, pageToken: token } });
    all.push(...(page?.reviews || []));
    token = page?.nextPageToken || '';
  } while (token && all.length < 500);
  return all;
}

export function decisionTag(decision) {
  const key = `reviewsReceived.decision.${decision}`;
  return statusTag(DECISION_KIND[decision] || 'neutral', has(key) ? t(key) : t('reviewsReceived.decision.UNKNOWN'));
}

function reviewList(brief, reviews, chosen) {
  return h('ul', { class: 'items' }, reviews.map((r) => h('li', null,
    h('div', { class: 'item-head' },
      h('p', { class: 'item-title' }, r === chosen
        ? h('span', null, t('reviewsReceived.itemTitle', { round: r.round, revision: r.revision }), h('span', { class: 'muted' }, ` ${t('reviewsReceived.shownBelow')}`))
        : h('a', { href: `${briefLink(brief.id, '/reviews')}?review=${encodeURIComponent(r.id)}` },
          t('reviewsReceived.itemTitle', { round: r.round, revision: r.revision }))),
      decisionTag(r.decision)),
    h('p', { class: 'muted' }, t('reviewsReceived.itemMeta', {
      time: formatDateTime(r.createTime), count: (r.comments || []).length,
    })))));
}

function scoreText(n) {
  const v = Number(n || 0);
  if (v < 1 || v > 5) return t('reviewsReceived.notScored');
  return t('reviewsReceived.scoreValue', { score: v, meaning: t(`reviewsReceived.scale.${v}`) });
}

async function reviewDetail(brief, review) {
  const comments = review.comments || [];
  const wrap = h('section', { class: 'review-detail', 'aria-labelledby': 'review-title' });
  append(wrap,
    h('h2', { id: 'review-title' }, t('reviewsReceived.detailTitle', { round: review.round, revision: review.revision })),
    h('p', null, h('span', { class: 'label' }, `${t('reviewsReceived.decisionLabel')} `), decisionTag(review.decision)),
    h('p', { class: 'muted' }, t('reviewsReceived.when', { time: formatDateTime(review.createTime) })),
    has(`reviewsReceived.means.${review.decision}`) ? h('p', null, t(`reviewsReceived.means.${review.decision}`)) : null,
    h('h3', null, t('reviewsReceived.summaryTitle')),
    review.summary ? h('div', { class: 'plain-text review-summary' }, review.summary) : h('p', { class: 'muted' }, t('reviewsReceived.noSummary')),
    h('h3', null, t('reviewsReceived.scoresTitle')),
    scrollTable(table({
      caption: t('reviewsReceived.scoresTitle'), captionHidden: true,
      head: [t('reviewsReceived.criterion'), t('reviewsReceived.score'), t('reviewsReceived.criterionMeans')],
      rows: CRITERIA.map((c) => h('tr', null,
        h('th', { scope: 'row' }, t(`reviewsReceived.criteria.${c}`)),
        h('td', null, scoreText(review.scores?.[c])),
        h('td', null, t(`reviewsReceived.criteriaMeans.${c}`)))),
    }), t('reviewsReceived.scoresTitle')));
  if (brief.revision > review.revision) {
    wrap.append(h('p', null, h('a', { href: `${briefLink(brief.id, '/revisions')}?from=${review.revision}&to=${brief.revision}#compare` },
      t('reviewsReceived.changesSince', { revision: review.revision }))));
  }
  wrap.append(h('h3', null, t('reviewsReceived.commentsTitle', { count: comments.length })));
  if (!comments.length) {
    wrap.append(h('p', null, t('reviewsReceived.noComments')));
    return wrap;
  }
  wrap.append(h('p', null, t('reviewsReceived.commentsLead', { revision: review.revision })));
  let rev;
  let threads = new Map();
  let threadError = null;
  try {
    [rev, threads] = await Promise.all([
      api.get(`/v1/briefs/${seg(brief.id)}/revisions/${review.revision}`),
      loadThreads(brief.id).catch((err) => {
        threadError = err;
        return new Map();
      }),
    ]);
  } catch (err) {
    wrap.append(errorBlock(err));
    return wrap;
  }
  if (threadError) wrap.append(threadsFailed(threadError));
  const side = isAuthor(brief) ? 'author' : 'reader';
  const numbered = comments.map((c, i) => ({ ...c, commentId: c.id, n: i + 1, id: `comment-${review.id}-${i + 1}`.replace(/[^A-Za-z0-9_-]/g, '_') }));
  const box = (c, placed, tag) => {
    const thread = threads.get(c.commentId);
    return commentCard(c, placed, tag, thread
      ? threadView(thread, { briefId: brief.id, side, label: t('threads.commentLabel', { n: c.n }) })
      : null);
  };
  const { element } = await briefReader(rev, {
    level: 3, idPrefix: 'reviewed',
    after: (section, body) => placeComments(body, numbered.filter((c) => c.section === section), box,
      t('reviewsReceived.sectionComments')),
  });
  const stray = numbered.filter((c) => !SECTIONS.includes(c.section));
  wrap.append(h('div', { class: 'reviewed-revision' }, element,
    stray.length ? h('section', null, h('h3', null, t('reviewsReceived.otherComments')), h('ul', { class: 'comment-list' }, stray.map((c) => box(c, false, 'li')))) : null));
  return wrap;
}
