// Answering a request for guidance (/app/guidance/{id}): the question and
// the sections asked about; the brief at the request's revision rendered
// like its published page, with comments anchored to passages selected
// with the mouse or picked and typed with the keyboard (comment-desk.js);
// my earlier comments on the brief with the authors' replies and what they
// resolved; a note; the lease's time left, renew and release; send. What
// is written stays in a draft (per request) until it is sent.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink } from '../ui.js';
import { Form, field, submitButton, draftStore, confirmDialog } from '../forms.js';
import { nfc } from '../quotes.js';
import { SECTIONS } from './review-common.js';
import { commentDesk, showDeskErrors, commentApiErrors } from './comment-desk.js';
import { leasePanel } from './lease-panel.js';
import { earlierComments, loadThreads } from '../threads.js';
import { sectionsAsked, questionBlock, rememberedFeedbackClaim, forgetFeedbackClaim } from './guidance-common.js';

const MAX_NOTE = 20000;
const MAX_COMMENTS = 100;

export default async function render({ view, params, isCurrent }) {
  const heading = h('h1', null, t('guidance.answer.title'));
  const slot = h('div', null, loading());
  append(view, backLink('/app/guidance', t('guidance.back')), heading, slot);
  let data;
  try {
    data = await load(params.id);
  } catch (err) {
    replace(slot, errorBlock(err, () => app.navigate(location.pathname, { replace: true })));
    return undefined;
  }
  if (!isCurrent()) return undefined;
  const { request, brief } = data;
  if (brief?.title) {
    replace(heading, t('guidance.answer.titleOf', { title: brief.title }));
    document.title = `${heading.textContent} – ${t('frame.product')}`;
  }
  const me = app.user.id;
  if (request.state !== 'CLAIMED' || request.claimedBy !== me || !request.claimToken) {
    replace(slot, notHeld(request, me));
    return undefined;
  }
  if (!brief) {
    // Held, but the brief cannot be shown here (claimed in another tab).
    const lease = leaseOf(request);
    replace(slot, lease.el, h('div', { class: 'notice warning', role: 'alert' }, h('p', null, t('guidance.answer.noBrief'))));
    return lease.stop;
  }
  const screen = answerScreen(data);
  replace(slot, screen.el);
  screen.ready();
  return screen.stop;
}

// The request (with its claim token when I hold it); the brief at its
// revision and my earlier threads, from the claim kept in this tab or,
// when I may read the brief already, from the API.
async function load(id) {
  const request = await api.get(`/v1/feedback/${seg(id)}`);
  const kept = rememberedFeedbackClaim(id);
  if (kept?.brief) return { request, brief: kept.brief, threads: kept.threads || [] };
  if (request.state !== 'CLAIMED') return { request, brief: null, threads: [] };
  const base = `/v1/briefs/${seg(request.briefId)}`;
  const [brief, threads] = await Promise.all([
    api.get(`${base}/revisions/${request.revision}`, { retries: 1 }).catch(() => null),
    loadThreads(request.briefId).then((all) => [...all.values()].filter((th) => th.expertId === app.user.id)).catch(() => []),
  ]);
  return { request, brief, threads };
}

function notHeld(request, me) {
  forgetFeedbackClaim(request.id);
  if (request.state === 'ANSWERED' && request.expertId === me) {
    return [
      h('div', { class: 'notice success', role: 'status' }, h('p', null, t('guidance.answer.alreadySent'))),
      h('p', null, h('a', { href: '/app/guidance' }, t('guidance.toGuidance'))),
    ];
  }
  return [
    h('div', { class: 'notice warning', role: 'alert' }, h('p', null,
      request.state === 'CANCELLED' ? t('guidance.answer.cancelled') : t('guidance.answer.notYours'))),
    h('p', null, h('a', { href: '/app/guidance' }, t('guidance.toGuidance'))),
  ];
}

function leaseOf(request, onToken) {
  let claimToken = request.claimToken;
  return leasePanel({
    prefix: 'guidance.lease',
    id: 'guidance-lease',
    expireTime: request.leaseExpireTime,
    async renew() {
      const updated = await api.post(`/v1/feedback/${seg(request.id)}:renew`, { claimToken });
      if (updated?.claimToken) {
        claimToken = updated.claimToken;
        onToken?.(claimToken);
      }
      return updated;
    },
    async release() {
      await api.post(`/v1/feedback/${seg(request.id)}:release`, { claimToken });
      forgetFeedbackClaim(request.id);
    },
    back: { href: '/app/guidance', text: t('guidance.toGuidance') },
  });
}

function answerScreen({ request, brief, threads }) {
  let claimToken = request.claimToken;
  const revision = brief;
  const store = draftStore(app.user.id, `feedback-${request.id}`);
  const saved = store.load()?.data || {};
  const state = {
    comments: Array.isArray(saved.comments) ? saved.comments.filter((c) => c && SECTIONS.includes(c.section)) : [],
    note: saved.note || '',
    editor: saved.editor || null,
  };
  const restored = !!store.load();
  let desk = null;
  const save = () => store.save({ ...state, editor: desk?.editor.read() || null });
  const lease = leaseOf(request, (token) => { claimToken = token; });
  desk = commentDesk({ revision, state, save, ids: { comments: 'guidance-comments' }, asked: request.sections || [] });
  const { commentForm, editor } = desk;

  // --- The note and sending.
  const formEl = h('form', { novalidate: true, class: 'wide review-form' });
  const form = new Form(formEl);
  const note = form.add(field({ name: 'note', label: t('guidance.answer.note'), hint: t('guidance.answer.noteHint'),
    type: 'textarea', rows: 8, required: true, value: state.note }));
  const send = submitButton(t('guidance.answer.send'));
  append(formEl,
    h('h2', { id: 'guidance-note' }, t('guidance.answer.noteTitle')),
    note,
    h('p', { class: 'hint' }, t('guidance.answer.sendHint')),
    h('div', { class: 'actions' }, send));
  formEl.addEventListener('input', () => {
    state.note = note.control.value;
    save();
  });
  const showErrors = (errors) => showDeskErrors(form, commentForm, errors);
  form.onSubmit(send, t('guidance.answer.sending'), async () => {
    state.note = note.control.value;
    const errors = [];
    if (!state.note.trim()) errors.push({ field: 'note', message: t('guidance.answer.err.note') });
    else if ([...state.note].length > MAX_NOTE) errors.push({ field: 'note', message: t('guidance.answer.err.noteLong', { max: MAX_NOTE }) });
    if (state.comments.length > MAX_COMMENTS) errors.push({ field: null, message: t('review.err.tooMany', { max: MAX_COMMENTS }) });
    if (editor.isDirty()) errors.push({ field: null, message: t('review.err.editorOpen') });
    if (errors.length) {
      showErrors(errors);
      return;
    }
    form.clearErrors();
    commentForm.clearErrors();
    const ok = await confirmDialog({
      title: t('guidance.answer.confirmTitle'),
      body: t('guidance.answer.confirmBody', { count: state.comments.length }),
      confirmLabel: t('guidance.answer.send'),
    });
    if (!ok) return;
    try {
      await api.post(`/v1/feedback/${seg(request.id)}:answer`, {
        claimToken,
        note: nfc(state.note),
        comments: state.comments.map((c) => ({ section: c.section, quote: nfc(c.quote || ''), body: nfc(c.body) })),
      });
      store.clear();
      forgetFeedbackClaim(request.id);
      app.flash(t('guidance.answer.sent'));
      app.navigate('/app/guidance');
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        showErrors([{ field: null, message: t('guidance.answer.err.leaseGone') }]);
        return;
      }
      const mapped = commentApiErrors(err, state.comments, (d) => ({
        field: d.field, message: d.description || err.sentence,
        summary: `${d.field === 'note' ? t('guidance.answer.note') : d.field}: ${d.description || err.sentence}`,
      }));
      if (mapped) showErrors(mapped);
      else form.showApiError(err);
    }
  });

  // --- The page.
  const earlier = earlierComments(threads, { briefId: request.briefId, headingId: 'guidance-earlier' });
  const contents = h('nav', { class: 'on-page', 'aria-label': t('review.contents') }, h('ul', null,
    [['guidance-question', t('guidance.answer.questionTitle')], ['guidance-brief', t('review.brief.short')],
      ['guidance-comments', t('review.comments.title')], earlier ? ['guidance-earlier', t('threads.earlier.title')] : null,
      ['guidance-note', t('guidance.answer.noteTitle')]].filter(Boolean)
      .map(([id, label]) => h('li', null, h('a', { href: `#${id}` }, label)))));
  const draftNotice = restored ? h('div', { class: 'notice', role: 'status' },
    h('p', null, t('guidance.answer.draftRestored')),
    h('button', { type: 'button', class: 'secondary', onclick: async () => {
      const ok = await confirmDialog({ title: t('review.discardTitle'), body: t('guidance.answer.discardBody'), confirmLabel: t('draft.discard'), danger: true });
      if (!ok) return;
      store.clear();
      app.navigate(location.pathname, { replace: true });
    } }, t('draft.discard'))) : null;
  const el = h('div', { class: 'review-screen' },
    h('section', { class: 'asked', 'aria-labelledby': 'guidance-question' },
      h('h2', { id: 'guidance-question' }, t('guidance.answer.questionTitle')),
      h('dl', { class: 'details' },
        h('dt', null, t('guidance.answer.revision')),
        // The claim's brief carries no time of the revision (it is the
        // brief's, with the revision's text).
        h('dd', null, t('review.changes.revision', { number: request.revision })),
        h('dt', null, t('guidance.answer.sections')), h('dd', null, sectionsAsked(request.sections)),
        h('dt', null, t('guidance.answer.asked')), h('dd', null, formatDateTime(request.createTime)),
        request.mentorId === app.user.id ? [h('dt', null, t('guidance.answer.mentor')), h('dd', null, t('guidance.answer.youMentor'))] : null),
      questionBlock(request.question)),
    lease.el,
    draftNotice,
    contents,
    h('div', { class: 'review-layout' },
      h('section', { class: 'review-brief', 'aria-labelledby': 'guidance-brief' },
        h('h2', { id: 'guidance-brief' }, t('review.brief.title', { number: request.revision })),
        h('p', { class: 'hint' }, t('review.brief.hint')),
        desk.briefSlot),
      desk.commentsPanel),
    earlier,
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
