// Feedback while drafting, on the brief's page: "Ask for feedback" (which
// sections, a question, on the revision last saved) for its authors while
// the brief takes edits; the requests made, newest first, their state in
// words, "Cancel" for those waiting; for answered ones the expert's note
// and comments at the passages they quote in the revision asked about,
// each with its thread (replies, a reply, "Mark resolved").
import { h, append, replace, seg, uid } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock } from '../ui.js';
import { Form, field, submitButton, actionButton, draftStore, keepDraft, confirmDialog } from '../forms.js';
import { SECTIONS, fieldLabel, isAuthor } from '../briefs.js';
import { renderSections } from '../brief-view.js';
import { placeComments } from '../passages.js';
import { loadThreads, threadView, commentCard, threadsFailed, sentDraft } from '../threads.js';
import { feedbackStateTag, sectionsAsked, questionBlock } from './guidance-common.js';

const MAX_QUESTION = 2000;
const LIVE_EVENTS = new Set(['feedback.answered', 'comment.replied']);

// canAsk: the brief takes edits (the editor); revision(): the revision
// last saved; unsaved(): whether the editor holds text not saved yet.
// {el, refresh(), stop()}
export function guidanceSection(brief, { canAsk = false, revision = () => brief.revision, unsaved = () => false } = {}) {
  const author = isAuthor(brief);
  const list = h('div', null, loading());
  const el = h('section', { class: 'guidance-area', id: 'guidance', 'aria-labelledby': 'guidance-title' },
    h('h2', { id: 'guidance-title' }, t('feedback.title')),
    author ? h('p', null, t('feedback.lead')) : null);
  let ask = null;
  if (author && canAsk && brief.courseId) {
    ask = askForm(brief, revision, unsaved, () => drawList(list, brief));
    el.append(ask.el);
  } else if (author && canAsk) {
    el.append(h('p', { class: 'notice' }, t('feedback.noCourse')));
  } else if (author) {
    el.append(h('p', { class: 'muted' }, t('feedback.notDraft')));
  }
  append(el, h('h3', { id: 'feedback-requests' }, author ? t('feedback.requestsTitle') : t('feedback.requestsTitleOthers')), list);
  drawList(list, brief);
  const unsubscribe = app.live?.subscribe({
    notification(n) {
      if (n.briefId === brief.id && LIVE_EVENTS.has(n.event)) drawList(list, brief);
    },
  });
  return {
    el,
    refresh: () => ask?.refresh(),
    stop: () => unsubscribe?.(),
  };
}

function askForm(brief, revision, unsaved, asked) {
  const formEl = h('form', { novalidate: true, class: 'ask-form', 'aria-labelledby': 'feedback-ask' });
  const form = new Form(formEl);
  const boxes = SECTIONS.map((s) => {
    const id = uid('fs');
    const input = h('input', { type: 'checkbox', id, name: 'sections', value: s });
    return { s, input, el: h('div', { class: 'choice' }, input, h('label', { for: id }, fieldLabel(s))) };
  });
  const hintId = uid('hint');
  const error = h('p', { class: 'field-error', id: uid('err'), hidden: true });
  const sections = h('fieldset', { class: 'field checkboxes', dataset: { field: 'sections' }, 'aria-describedby': hintId },
    h('legend', null, t('feedback.sections')),
    h('p', { class: 'hint', id: hintId }, t('feedback.sectionsHint')),
    error,
    h('div', { class: 'choices-inline' }, boxes.map((b) => b.el)));
  sections.control = boxes[0].input;
  sections.error = error;
  form.add(sections);
  const question = form.add(field({ name: 'question', label: t('feedback.question'), hint: t('feedback.questionHint'),
    type: 'textarea', rows: 4, required: true }));
  const onRevision = h('p', { class: 'hint ask-revision' });
  const button = submitButton(t('feedback.ask'));
  const done = h('div', { role: 'status' });
  append(formEl,
    h('h3', { id: 'feedback-ask' }, t('feedback.askTitle')),
    sections, question, onRevision,
    h('div', { class: 'actions' }, button),
    done);
  const refresh = () => {
    const text = `${t('feedback.onRevision', { revision: revision() })}${unsaved() ? ` ${t('feedback.unsaved')}` : ''}`;
    if (onRevision.textContent !== text) onRevision.textContent = text;
  };
  refresh();
  const store = sentDraft(draftStore(app.user.id, `feedback-ask-${brief.id}`), formEl);
  const read = () => ({ question: question.control.value, sections: boxes.filter((b) => b.input.checked).map((b) => b.s) });
  const write = (d) => {
    question.control.value = d?.question || '';
    for (const b of boxes) b.input.checked = (d?.sections || []).includes(b.s);
  };
  keepDraft(formEl, store, read, write, () => write(null));
  form.onSubmit(button, t('feedback.asking'), async () => {
    replace(done);
    const { question: text, sections: chosen } = read();
    if (!text.trim()) {
      form.showErrors([{ field: 'question', message: t('feedback.err.question') }]);
      return;
    }
    if ([...text].length > MAX_QUESTION) {
      form.showErrors([{ field: 'question', message: t('feedback.err.questionLong', { max: MAX_QUESTION }) }]);
      return;
    }
    const at = revision();
    await api.post(`/v1/briefs/${seg(brief.id)}:requestFeedback`, { revision: at, sections: chosen, question: text.normalize('NFC') });
    form.clearErrors();
    store.sent();
    write(null);
    formEl.querySelector('.notice')?.remove();
    replace(done, h('div', { class: 'notice success' }, h('p', null, t('feedback.asked', { revision: at }))));
    asked();
  });
  return { el: formEl, refresh };
}

async function drawList(slot, brief) {
  let requests;
  let threads = new Map();
  let threadError = null;
  try {
    requests = [];
    let pageToken;
    do {
      const page = await api.get(`/v1/briefs/${seg(brief.id)}/feedback`, { query: { pageSize: 100, pageToken } });
      requests.push(...(page?.requests || []));
      pageToken = page?.nextPageToken;
    } while (pageToken && requests.length < 500);
    if (requests.some((r) => r.state === 'ANSWERED' && r.comments?.length)) {
      threads = await loadThreads(brief.id).catch((err) => {
        threadError = err;
        return new Map();
      });
    }
  } catch (err) {
    replace(slot, errorBlock(err, () => drawList(slot, brief)));
    return;
  }
  if (!requests.length) {
    replace(slot, h('p', null, t('feedback.none')));
    return;
  }
  const items = requests.map((r) => requestItem(r, brief, threads, () => drawList(slot, brief)));
  replace(slot, threadError ? threadsFailed(threadError) : null, h('ul', { class: 'items feedback-list' }, items.map((i) => i.el)));
  await Promise.all(items.map((i) => i.ready));
}

function requestItem(r, brief, threads, changed) {
  const notice = h('div');
  const waiting = r.state === 'OPEN' || r.state === 'CLAIMED';
  const asked = formatDateTime(r.createTime);
  const cancel = waiting && isAuthor(brief) ? actionButton(t('feedback.cancel'), t('feedback.cancelling'), async () => {
    const ok = await confirmDialog({ title: t('feedback.cancelTitle'), body: t('feedback.cancelBody'),
      confirmLabel: t('feedback.cancelConfirm'), danger: true });
    if (!ok) return;
    try {
      await api.post(`/v1/feedback/${seg(r.id)}:cancel`, {});
      app.announce(t('feedback.cancelled'));
      changed();
    } catch (err) {
      replace(notice, errorBlock(err));
    }
  }, { class: 'secondary', 'aria-label': t('feedback.cancelNamed', { time: asked }) }) : null;
  const answer = h('div');
  const el = h('li', { class: 'feedback-item' },
    h('div', { class: 'item-head' },
      h('p', { class: 'item-title' }, t('feedback.itemTitle', { time: asked, revision: r.revision })),
      feedbackStateTag(r.state)),
    h('p', null, h('span', { class: 'label' }, `${t('feedback.sectionsLabel')} `), sectionsAsked(r.sections)),
    questionBlock(r.question),
    cancel ? h('div', { class: 'actions' }, cancel) : null,
    notice,
    answer);
  const ready = r.state === 'ANSWERED' ? drawAnswer(answer, r, brief, threads) : Promise.resolve();
  return { el, ready };
}

async function drawAnswer(slot, r, brief, threads) {
  const comments = (r.comments || []).map((c, i) => ({
    ...c, commentId: c.id, n: i + 1, id: `feedback-${r.id}-${i + 1}`.replace(/[^A-Za-z0-9_-]/g, '_'),
  }));
  const who = r.expertId && r.expertId === r.mentorId ? t('feedback.fromMentor') : t('feedback.fromExpert');
  append(slot,
    h('h4', null, who),
    r.answerTime ? h('p', { class: 'muted' }, t('feedback.answeredOn', { time: formatDateTime(r.answerTime) })) : null,
    h('div', { class: 'plain-text feedback-note' }, r.note || ''));
  if (!comments.length) {
    slot.append(h('p', { class: 'muted' }, t('feedback.noComments')));
    return;
  }
  const side = isAuthor(brief) ? 'author' : 'reader';
  const box = (c, placed, tag) => {
    const thread = threads.get(c.commentId);
    return commentCard(c, placed, tag, thread
      ? threadView(thread, { briefId: brief.id, side, label: t('threads.commentLabel', { n: c.n }) })
      : null);
  };
  const passages = h('div', { class: 'reviewed-revision' }, loading());
  append(slot,
    h('p', null, t('feedback.commentsLead', { count: comments.length, revision: r.revision })),
    passages);
  // Only the sections commented on, as they read in the revision asked about.
  let rendered;
  let rev;
  try {
    rev = await api.get(`/v1/briefs/${seg(brief.id)}/revisions/${r.revision}`);
    rendered = await renderSections(rev.sections);
  } catch (err) {
    replace(passages, errorBlock(err), h('ul', { class: 'comment-list' }, comments.map((c) => box(c, false, 'li'))));
    return;
  }
  const shown = SECTIONS.filter((s) => comments.some((c) => c.section === s));
  const stray = comments.filter((c) => !SECTIONS.includes(c.section));
  replace(passages,
    shown.map((s) => h('section', { class: 'read-section' },
      h('h5', null, fieldLabel(s)),
      rendered[s],
      placeComments(rendered[s], comments.filter((c) => c.section === s), box, t('reviewsReceived.sectionComments'), 'h6'))),
    stray.length ? h('ul', { class: 'comment-list' }, stray.map((c) => box(c, false, 'li'))) : null);
}
