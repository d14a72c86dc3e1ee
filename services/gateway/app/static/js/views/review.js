// The review screen (/app/reviews/{taskId}): the brief at the reviewed
// revision, rendered like its published page; what changed since my last
// review of it, and my earlier comments with the authors' replies; its
// check; comments anchored to passages (comment-desk.js: selected with the
// mouse, or picked and typed with the keyboard; the quote is the exact
// Markdown the API checks); the rubric, the decision and the summary; the
// lease's time left, renew and release. Everything typed stays in a draft
// (localStorage, per task) until the review is sent.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink } from '../ui.js';
import { Form, field, radios, submitButton, draftStore, confirmDialog } from '../forms.js';
import { diffView } from '../diffview.js';
import { nfc } from '../quotes.js';
import { SECTIONS, rememberedClaim, checkReport, decisionTag } from './review-common.js';
import { commentDesk, showDeskErrors, commentApiErrors } from './comment-desk.js';
import { leasePanel } from './lease-panel.js';
import { earlierComments, loadThreads } from '../threads.js';
import { topicName } from '../briefs.js';

const CRITERIA = ['evidence', 'clarity', 'actionability', 'relevance'];
const DECISIONS = ['APPROVE', 'REQUEST_CHANGES', 'REJECT'];
const LEVELS = [1, 2, 3, 4, 5];
const MAX_SUMMARY = 20000;
const MAX_COMMENTS = 200;

export default async function render({ view, params, isCurrent }) {
  const heading = h('h1', null, t('review.title'));
  const slot = h('div', null, loading());
  append(view, backLink('/app/queue', t('review.back')), heading, slot);
  let data;
  try {
    data = await load(params.taskId);
  } catch (err) {
    replace(slot, errorBlock(err, () => app.navigate(location.pathname, { replace: true })));
    return undefined;
  }
  if (!isCurrent()) return undefined;
  const { task } = data;
  if (!task) {
    replace(slot, h('div', { class: 'notice error', role: 'alert' }, h('p', null, t('review.notFound'))),
      h('p', null, h('a', { href: '/app/queue' }, t('review.toQueue'))));
    return undefined;
  }
  replace(heading, t('review.titleOf', { title: data.revision.title || t('review.untitled') }));
  document.title = `${heading.textContent} – ${t('frame.product')}`;
  if (task.state !== 'CLAIMED' || !data.claimToken) {
    replace(slot, notHeld(task, data));
    return undefined;
  }
  const screen = reviewScreen(data);
  replace(slot, screen.el);
  screen.ready();
  return screen.stop;
}

// The task, its claim token, the revision, its check, and the diff since
// the newest revision of this brief I reviewed before.
async function load(taskId) {
  const tasks = [];
  const reviews = [];
  let pageToken;
  do {
    const page = await api.get('/v1/reviews', { query: { pageSize: 100, pageToken } });
    tasks.push(...(page?.tasks || []));
    reviews.push(...(page?.reviews || []));
    pageToken = page?.nextPageToken;
  } while (pageToken && tasks.length < 2000);
  const task = tasks.find((x) => x.id === taskId);
  if (!task) return { task: null };
  const claimToken = task.claimToken || rememberedClaim(task.id)?.claimToken || '';
  const base = `/v1/briefs/${seg(task.briefId)}`;
  const earlier = reviews.filter((r) => r.briefId === task.briefId && r.revision < task.revision)
    .map((r) => r.revision);
  const since = earlier.length ? Math.max(...earlier) : 0;
  const own = reviews.find((r) => r.taskId === task.id) || null;
  // My earlier comments on the brief, with the authors' replies: the
  // claim's, or (claimed in another tab) the brief's threads that are mine.
  const remembered = rememberedClaim(task.id)?.threads;
  const [revision, check, diff, threads] = await Promise.all([
    api.get(`${base}/revisions/${task.revision}`),
    api.get(`${base}/check`, { query: { revision: task.revision } }).catch((err) => ({ failed: err })),
    since ? api.get(`${base}/diff`, { query: { from: since, to: task.revision } }).catch((err) => ({ failed: err })) : null,
    Array.isArray(remembered) ? remembered
      : loadThreads(task.briefId).then((all) => [...all.values()].filter((th) => th.expertId === app.user.id)).catch(() => []),
  ]);
  return { task, claimToken, revision, check, diff, since, own, threads };
}

function notHeld(task, data) {
  if (task.state === 'DONE') {
    return [
      h('div', { class: 'notice success', role: 'status' }, h('p', null, t('review.alreadySent'),
        data.own ? [' ', decisionTag(data.own.decision)] : null)),
      h('p', null, h('a', { href: '/app/reviews' }, t('review.toMyReviews'))),
    ];
  }
  return [
    h('div', { class: 'notice warning', role: 'alert' }, h('p', null, t('review.notYours'))),
    h('p', null, h('a', { href: '/app/queue' }, t('review.toQueue'))),
  ];
}

// ---------------------------------------------------------------------------

function reviewScreen(data) {
  const { task, revision } = data;
  let claimToken = data.claimToken;
  const store = draftStore(app.user.id, `review-${task.id}`);
  const saved = store.load()?.data || {};
  const state = {
    comments: Array.isArray(saved.comments) ? saved.comments.filter((c) => c && SECTIONS.includes(c.section)) : [],
    summary: saved.summary || '',
    decision: saved.decision || '',
    scores: saved.scores || {},
    editor: saved.editor || null,
  };
  const restored = !!(store.load());
  let desk = null;
  const save = () => store.save({ ...state, editor: desk?.editor.read() || null });

  // --- The lease.
  const lease = leasePanel({
    prefix: 'review.lease',
    id: 'review-lease',
    expireTime: task.leaseExpireTime,
    async renew() {
      const updated = await api.post(`/v1/reviews/${seg(task.id)}:renew`, { claimToken });
      if (updated?.claimToken) claimToken = updated.claimToken;
      return updated;
    },
    release: () => api.post(`/v1/reviews/${seg(task.id)}:release`, { claimToken }),
    back: { href: '/app/queue', text: t('review.toQueue') },
  });

  // --- The brief, as its published page will show it, and the comments
  // on its passages.
  desk = commentDesk({ revision, state, save, ids: { comments: 'review-comments' } });
  const { commentForm, editor } = desk;

  // --- The assessment: rubric, decision, summary.
  const formEl = h('form', { novalidate: true, class: 'wide review-form' });
  const form = new Form(formEl);
  const rubric = CRITERIA.map((c) => form.add(radios({
    name: `scores.${c}`,
    legend: t(`review.rubric.${c}`),
    hint: t(`review.rubric.${c}.hint`),
    value: state.scores[c] ? String(state.scores[c]) : undefined,
    options: LEVELS.map((n) => ({ value: String(n), label: t('review.rubric.level', { score: n, meaning: t(`review.rubric.${c}.${n}`) }) })),
  })));
  const decision = form.add(radios({
    name: 'decision',
    legend: t('review.decision.legend'),
    hint: t('review.decision.hint'),
    value: state.decision || undefined,
    options: DECISIONS.map((d) => ({ value: d, label: t(`review.decision.${d}.label`) })),
  }));
  const summary = form.add(field({ name: 'summary', label: t('review.summary.label'), hint: t('review.summary.hint'), type: 'textarea', rows: 8, required: true, value: state.summary }));
  const send = submitButton(t('review.send'));
  append(formEl,
    h('h2', { id: 'review-rubric' }, t('review.rubric.title')),
    h('p', { class: 'hint' }, t('review.rubric.lead')),
    rubric,
    h('h2', { id: 'review-decision' }, t('review.decision.title')),
    decision, summary,
    h('p', { class: 'hint' }, t('review.sendHint')),
    h('div', { class: 'actions' }, send));
  const readForm = () => {
    state.summary = summary.control.value;
    state.decision = decision.value() || '';
    state.scores = Object.fromEntries(CRITERIA.map((c, i) => [c, Number(rubric[i].value()) || 0]).filter(([, v]) => v));
  };
  formEl.addEventListener('input', () => { readForm(); save(); });
  formEl.addEventListener('change', () => { readForm(); save(); });

  form.onSubmit(send, t('review.sending'), async () => {
    readForm();
    const errors = checkReview(state, editor);
    if (errors.length) {
      showErrors(errors);
      return;
    }
    form.clearErrors();
    clearCommentErrors();
    const ok = await confirmDialog({
      title: t('review.confirmTitle'),
      body: t('review.confirmBody', { decision: t(`review.decision.${state.decision}`), count: state.comments.length }),
      confirmLabel: t('review.send'),
    });
    if (!ok) return;
    const body = {
      claimToken,
      decision: state.decision,
      summary: nfc(state.summary),
      scores: Object.fromEntries(CRITERIA.map((c) => [c, state.scores[c]])),
      comments: state.comments.map((c) => ({ section: c.section, quote: nfc(c.quote || ''), body: nfc(c.body) })),
    };
    try {
      const sent = await api.post(`/v1/reviews/${seg(task.id)}:complete`, body);
      store.clear();
      app.flash(t('review.sent', { decision: t(`review.decision.${sent?.decision || state.decision}`) }));
      app.navigate('/app/reviews');
    } catch (err) {
      showApiErrors(err);
    }
  });

  // Errors go to their field: the form's own, or a comment in the list.
  function clearCommentErrors() {
    commentForm.clearErrors();
  }
  function showErrors(errors) {
    showDeskErrors(form, commentForm, errors);
  }
  function showApiErrors(err) {
    if (err instanceof ApiError && err.status === 409) {
      showErrors([{ field: null, message: t('review.err.leaseGone') }]);
      return;
    }
    const errors = commentApiErrors(err, state.comments, (d) => {
      const label = d.field.startsWith('scores.') ? t(`review.rubric.${d.field.slice(7)}`)
        : d.field === 'decision' ? t('review.decision.legend') : d.field === 'summary' ? t('review.summary.label') : d.field;
      return { field: d.field, message: d.description || err.sentence, summary: `${label}: ${d.description || err.sentence}` };
    });
    if (errors) showErrors(errors);
    else form.showApiError(err);
  }

  // --- The page.
  const checkSection = h('section', { 'aria-labelledby': 'review-check' },
    h('h2', { id: 'review-check' }, t('review.check.title')),
    data.check?.failed ? errorBlock(data.check.failed) : checkReport(data.check));
  const changes = h('section', { 'aria-labelledby': 'review-changes' },
    h('h2', { id: 'review-changes' }, data.since
      ? t('review.changes.title', { from: data.since, to: task.revision })
      : t('review.changes.titleFirst')),
    !data.since ? h('p', null, t('review.changes.first'))
      : data.diff?.failed ? errorBlock(data.diff.failed)
        : diffView(data.diff, { fromLabel: t('review.changes.revision', { number: data.since }), toLabel: t('review.changes.revision', { number: task.revision }) }));
  const earlier = earlierComments(data.threads, { briefId: task.briefId, headingId: 'review-earlier' });
  const contents = h('nav', { class: 'on-page', 'aria-label': t('review.contents') }, h('ul', null,
    [['review-brief', t('review.brief.short')], ['review-comments', t('review.comments.title')],
      ['review-changes', t('review.changes.short')], earlier ? ['review-earlier', t('threads.earlier.title')] : null,
      ['review-check', t('review.check.title')],
      ['review-rubric', t('review.rubric.title')], ['review-decision', t('review.decision.title')]].filter(Boolean)
      .map(([id, label]) => h('li', null, h('a', { href: `#${id}` }, label)))));
  const draftNotice = restored ? h('div', { class: 'notice', role: 'status' },
    h('p', null, t('review.draftRestored')),
    h('button', { type: 'button', class: 'secondary', onclick: async () => {
      const ok = await confirmDialog({ title: t('review.discardTitle'), body: t('review.discardBody'), confirmLabel: t('draft.discard'), danger: true });
      if (!ok) return;
      store.clear();
      app.navigate(location.pathname, { replace: true });
    } }, t('draft.discard'))) : null;

  const el = h('div', { class: 'review-screen' },
    h('dl', { class: 'details' },
      h('dt', null, t('review.meta.topic')), h('dd', null, topicName(task.topic || revision.topic)),
      h('dt', null, t('review.meta.revision')), h('dd', null, t('review.meta.revisionValue', { number: task.revision, time: formatDateTime(revision.createTime) })),
      h('dt', null, t('review.meta.round')), h('dd', null, String(task.round || 1))),
    lease.el,
    draftNotice,
    contents,
    h('div', { class: 'review-layout' },
      h('section', { class: 'review-brief', 'aria-labelledby': 'review-brief' },
        h('h2', { id: 'review-brief' }, t('review.brief.title', { number: task.revision })),
        h('p', { class: 'hint' }, t('review.brief.hint')),
        desk.briefSlot),
      desk.commentsPanel),
    changes,
    earlier,
    checkSection,
    formEl);

  return {
    el,
    ready: desk.ready,
    stop() {
      lease.stop();
      desk.stop();
    },
  };
}

function checkReview(state, editor) {
  const errors = [];
  CRITERIA.forEach((c) => {
    if (!state.scores[c]) errors.push({ field: `scores.${c}`, message: t('review.err.score', { criterion: t(`review.rubric.${c}`) }) });
  });
  if (!state.decision) errors.push({ field: 'decision', message: t('review.err.decision') });
  if (!state.summary.trim()) errors.push({ field: 'summary', message: t('review.err.summary') });
  else if ([...state.summary].length > MAX_SUMMARY) errors.push({ field: 'summary', message: t('review.err.summaryLong', { max: MAX_SUMMARY }) });
  if (state.comments.length > MAX_COMMENTS) errors.push({ field: null, message: t('review.err.tooMany', { max: MAX_COMMENTS }) });
  if (editor.isDirty()) errors.push({ field: null, message: t('review.err.editorOpen') });
  return errors;
}
