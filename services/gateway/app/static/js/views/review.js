// The review screen (/app/reviews/{taskId}): the brief at the reviewed
// revision, rendered like its published page; what changed since my last
// review of it; its check; comments anchored to passages (selected with the
// mouse, or picked and typed with the keyboard; the quote is the exact
// Markdown the API checks); the rubric, the decision and the summary; the
// lease's time left, renew and release. Everything typed stays in a draft
// (localStorage, per task) until the review is sent.
import { h, append, replace, seg, uid } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink } from '../ui.js';
import { Form, field, radios, submitButton, actionButton, draftStore, confirmDialog } from '../forms.js';
import { diffView } from '../diffview.js';
import { findQuote, quoteOccurs, quotePlainText, nfc } from '../quotes.js';
import {
  SECTIONS, rememberedClaim, timeLeftWords, sectionName, checkReport, publishedPage, decisionTag,
} from './review-common.js';
import { topicName } from '../briefs.js';

const CRITERIA = ['evidence', 'clarity', 'actionability', 'relevance'];
const DECISIONS = ['APPROVE', 'REQUEST_CHANGES', 'REJECT'];
const LEVELS = [1, 2, 3, 4, 5];
const MAX_QUOTE = 2000;
const MAX_BODY = 10000;
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
  const [revision, check, diff] = await Promise.all([
    api.get(`${base}/revisions/${task.revision}`),
    api.get(`${base}/check`, { query: { revision: task.revision } }).catch((err) => ({ failed: err })),
    since ? api.get(`${base}/diff`, { query: { from: since, to: task.revision } }).catch((err) => ({ failed: err })) : null,
  ]);
  return { task, claimToken, revision, check, diff, since, own };
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
  let leaseEnd = task.leaseExpireTime;
  const sections = revision.sections || {};
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
  const save = () => store.save({ ...state, editor: editor.read() });
  const stops = [];

  // --- The lease.
  const leaseText = h('p', { class: 'lease-left' });
  const leaseNotice = h('div');
  const renew = actionButton(t('review.lease.renew'), t('review.lease.renewing'), async () => {
    replace(leaseNotice);
    try {
      const updated = await api.post(`/v1/reviews/${seg(task.id)}:renew`, { claimToken });
      leaseEnd = updated?.leaseExpireTime || leaseEnd;
      if (updated?.claimToken) claimToken = updated.claimToken;
      warned.clear();
      tick();
      app.announce(t('review.lease.renewed', { time: formatDateTime(leaseEnd) }));
    } catch (err) {
      replace(leaseNotice, leaseError(err));
    }
  }, { class: 'secondary' });
  const release = actionButton(t('review.lease.release'), t('review.lease.releasing'), async () => {
    const ok = await confirmDialog({ title: t('review.lease.releaseTitle'), body: t('review.lease.releaseBody'),
      confirmLabel: t('review.lease.releaseConfirm'), danger: true });
    if (!ok) return;
    replace(leaseNotice);
    try {
      await api.post(`/v1/reviews/${seg(task.id)}:release`, { claimToken });
      app.flash(t('review.lease.released'));
      app.navigate('/app/queue');
    } catch (err) {
      replace(leaseNotice, leaseError(err));
    }
  }, { class: 'secondary' });
  const leaseBox = h('section', { class: 'lease panel', 'aria-labelledby': 'review-lease' },
    h('h2', { id: 'review-lease' }, t('review.lease.title')),
    leaseText,
    h('p', { class: 'hint' }, t('review.lease.hint')),
    h('div', { class: 'actions' }, renew, release),
    leaseNotice);
  const warned = new Set();
  const tick = () => {
    const ms = new Date(leaseEnd).getTime() - Date.now();
    replace(leaseText, h('strong', null, timeLeftWords(leaseEnd)), ' ', t('review.lease.until', { time: formatDateTime(leaseEnd) }));
    leaseBox.classList.toggle('lease-ending', ms < 10 * 60000);
    leaseBox.classList.toggle('lease-ended', ms <= 0);
    for (const [limit, key] of [[10, 'review.lease.tenMinutes'], [5, 'review.lease.fiveMinutes'], [1, 'review.lease.oneMinute'], [0, 'review.lease.endedNotice']]) {
      if (ms <= limit * 60000 && !warned.has(limit)) {
        const first = warned.size === 0;
        warned.add(limit);
        // On opening a lease already short, say it once, not each step.
        if (first || limit === 0) app.announce(t(key));
        if (limit === 0) replace(leaseNotice, h('div', { class: 'notice error', role: 'alert' }, h('p', null, t('review.lease.endedNotice'))));
      }
    }
  };
  tick();
  const timer = setInterval(tick, 1000);
  stops.push(() => clearInterval(timer));

  // --- The brief, as its published page will show it.
  const briefSlot = h('div', null, loading());
  const sectionBodies = {};
  const commentsPanel = h('aside', { class: 'review-comments', 'aria-labelledby': 'review-comments' });

  // --- The comment editor: one, moved to where it is opened.
  const editor = commentEditor({
    sections,
    onSave(comment, index) {
      if (index === null || index === undefined) state.comments.push(comment);
      else state.comments[index] = comment;
      drawComments();
      save();
      app.announce(index === null || index === undefined
        ? t('review.comment.added', { number: state.comments.length })
        : t('review.comment.saved', { number: index + 1 }));
      const target = commentList.querySelector(`[data-index="${index ?? state.comments.length - 1}"] .comment-edit`);
      target?.focus();
    },
    onCancel(returnTo) {
      save();
      returnTo?.focus();
    },
    onChange: save,
  });

  // The selection, wherever the expert made it in the brief.
  let selection = null;
  const selectionText = h('p', { class: 'selection-status hint' }, t('review.select.none'));
  const passageButton = h('button', { type: 'button', class: 'secondary' }, t('review.comment.onPassage'));
  const keepSelection = (e) => e.preventDefault(); // clicking keeps the selection
  passageButton.addEventListener('mousedown', keepSelection);
  passageButton.addEventListener('click', () => openFromSelection(null, passageButton));
  const onSelection = () => {
    const found = currentSelection(briefSlot);
    if (found === 'across') {
      selection = null;
      replace(selectionText, t('review.select.across'));
      replace(passageButton, t('review.comment.onPassage'));
    } else if (found) {
      selection = found;
      replace(selectionText, t('review.select.inSection', { section: sectionName(found.section), text: excerpt(found.text, 80) }));
      replace(passageButton, t('review.comment.onSelected'));
    } else if (!document.activeElement?.closest?.('.comment-editor')) {
      selection = null;
      replace(selectionText, t('review.select.none'));
      replace(passageButton, t('review.comment.onPassage'));
    }
  };
  document.addEventListener('selectionchange', onSelection);
  stops.push(() => document.removeEventListener('selectionchange', onSelection));

  function openFromSelection(section, button) {
    const current = currentSelection(briefSlot);
    const sel = current && current !== 'across' ? current : selection;
    const useSel = sel && (!section || sel.section === section) ? sel : null;
    const target = section || useSel?.section || 'summary';
    let quote = '';
    let unmatched = '';
    if (useSel) {
      quote = findQuote(sections[target] || '', useSel.text) || '';
      if (!quote) unmatched = nfc(useSel.text).trim().slice(0, MAX_QUOTE);
    }
    const place = section ? sectionBodies[section]?.extra : editorHome;
    editor.open({ section: target, quote: quote || unmatched, body: '', index: null, unmatched: !!unmatched, returnTo: button }, place);
  }

  const brief = publishedPage(revision, {
    headingLevel: 3,
    showEmpty: true,
    sectionExtra(s, body, empty) {
      const button = h('button', { type: 'button', class: 'secondary comment-on-section' }, t('review.comment.onSection', { section: sectionName(s) }));
      button.addEventListener('mousedown', keepSelection);
      button.addEventListener('click', () => openFromSelection(s, button));
      const extra = h('div', { class: 'section-extra' });
      sectionBodies[s] = { body, extra, empty };
      return [empty ? null : h('div', { class: 'actions' }, button), extra];
    },
  });
  brief.then((article) => {
    replace(briefSlot, article);
    highlightQuotes();
  }).catch((err) => {
    // The preview failed: the text as written is still readable.
    replace(briefSlot, errorBlock(err), plainBrief(revision));
  });

  // --- Comments.
  const commentForm = new Form(h('div'));
  const commentList = h('ol', { class: 'comment-list' });
  const commentCount = h('p', { class: 'comment-count' });
  const editorHome = h('div');
  append(commentsPanel,
    h('h2', { id: 'review-comments' }, t('review.comments.title')),
    h('p', { class: 'hint' }, t('review.comments.hint')),
    selectionText,
    h('div', { class: 'actions' }, passageButton),
    editorHome,
    commentCount,
    commentList);

  function drawComments() {
    commentForm.fields.clear();
    replace(commentCount, state.comments.length ? t('review.comments.count', { count: state.comments.length }) : t('review.comments.none'));
    replace(commentList, state.comments.map((c, i) => {
      const edit = h('button', { type: 'button', id: uid('edit'), class: 'link-button comment-edit', 'aria-label': t('review.comment.editNamed', { number: i + 1 }) }, t('review.comment.edit'));
      const remove = h('button', { type: 'button', class: 'link-button', 'aria-label': t('review.comment.removeNamed', { number: i + 1 }) }, t('review.comment.remove'));
      edit.addEventListener('click', () => editor.open({ ...c, index: i, returnTo: edit }, editorHome));
      remove.addEventListener('click', async () => {
        const ok = await confirmDialog({ title: t('review.comment.removeTitle', { number: i + 1 }), body: excerpt(c.body, 160), confirmLabel: t('review.comment.remove'), danger: true });
        if (!ok) return;
        state.comments.splice(i, 1);
        drawComments();
        save();
        app.announce(t('review.comment.removed', { number: i + 1 }));
        (commentList.querySelector('.comment-edit') || passageButton).focus();
      });
      const error = h('p', { class: 'field-error', id: uid('err'), hidden: true });
      const item = h('li', { class: 'comment-item field', dataset: { field: `comments[${i}]`, index: String(i) } },
        h('h3', { class: 'comment-title' }, t('review.comment.heading', { number: i + 1, section: sectionName(c.section) })),
        error,
        c.quote
          ? h('blockquote', { class: 'comment-quote' }, h('span', { class: 'visually-hidden' }, `${t('review.comment.quoteLabel')} `), c.quote)
          : h('p', { class: 'muted' }, t('review.comment.wholeSection')),
        h('p', { class: 'comment-body' }, c.body),
        h('div', { class: 'comment-actions' }, edit, remove));
      item.control = edit;
      item.error = error;
      commentForm.add(item);
      return item;
    }));
    highlightQuotes();
  }

  function highlightQuotes() {
    for (const s of SECTIONS) {
      const body = sectionBodies[s]?.body;
      if (!body) continue;
      for (const mark of body.querySelectorAll('mark.comment-mark')) mark.replaceWith(...mark.childNodes);
      body.normalize();
      state.comments.forEach((c, i) => {
        if (c.section === s && c.quote) markPassage(body, quotePlainText(c.quote), i + 1) || markPassage(body, c.quote, i + 1);
      });
    }
  }

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
    clearCommentErrors();
    const forForm = [];
    for (const e of errors) {
      const item = e.field ? commentForm.findField(e.field) : null;
      if (item) {
        item.classList.add('has-error');
        item.error.hidden = false;
        replace(item.error, h('span', { class: 'visually-hidden' }, `${t('form.errorPrefix')} `), e.message);
        forForm.push({ field: null, message: e.summary || e.message, item });
      } else {
        forForm.push(e);
      }
    }
    form.showErrors(forForm.map(({ item, ...rest }) => rest));
    // Links to comments in the summary: to their Edit button.
    const links = [...form.summary.querySelectorAll('li')];
    forForm.forEach((e, i) => {
      if (!e.item || !links[i]) return;
      const a = h('a', { href: `#${e.item.control.id || ''}` }, links[i].textContent);
      a.addEventListener('click', (ev) => { ev.preventDefault(); e.item.scrollIntoView({ block: 'center' }); e.item.control.focus(); });
      replace(links[i], a);
    });
  }
  function showApiErrors(err) {
    if (err instanceof ApiError && err.status === 409) {
      showErrors([{ field: null, message: t('review.err.leaseGone') }]);
      return;
    }
    if (err instanceof ApiError && err.details.length) {
      showErrors(err.details.map((d) => {
        const m = /^comments\[(\d+)\](?:\.(\w+))?$/.exec(d.field);
        if (m) {
          const n = Number(m[1]) + 1;
          const c = state.comments[Number(m[1])];
          const message = m[2] === 'quote'
            ? t('review.err.quoteNotFound', { number: n, section: sectionName(c?.section) })
            : t('review.err.comment', { number: n, problem: d.description });
          return { field: `comments[${m[1]}]`, message, summary: message };
        }
        const label = d.field.startsWith('scores.') ? t(`review.rubric.${d.field.slice(7)}`)
          : d.field === 'decision' ? t('review.decision.legend') : d.field === 'summary' ? t('review.summary.label') : d.field;
        return { field: d.field, message: d.description || err.sentence, summary: `${label}: ${d.description || err.sentence}` };
      }));
      return;
    }
    form.showApiError(err);
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
  const contents = h('nav', { class: 'on-page', 'aria-label': t('review.contents') }, h('ul', null,
    [['review-brief', t('review.brief.short')], ['review-comments', t('review.comments.title')],
      ['review-changes', t('review.changes.short')], ['review-check', t('review.check.title')],
      ['review-rubric', t('review.rubric.title')], ['review-decision', t('review.decision.title')]]
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
    leaseBox,
    draftNotice,
    contents,
    h('div', { class: 'review-layout' },
      h('section', { class: 'review-brief', 'aria-labelledby': 'review-brief' },
        h('h2', { id: 'review-brief' }, t('review.brief.title', { number: task.revision })),
        h('p', { class: 'hint' }, t('review.brief.hint')),
        briefSlot),
      commentsPanel),
    changes,
    checkSection,
    formEl);

  drawComments();
  return {
    el,
    ready() {
      if (state.editor && (state.editor.body || state.editor.quote)) {
        brief.catch(() => {}).then(() => editor.open({ ...state.editor, returnTo: passageButton }, editorHome, { focus: false }));
      }
    },
    stop() {
      for (const s of stops) s();
    },
  };
}

function leaseError(err) {
  if (err instanceof ApiError && err.status === 409) {
    return h('div', { class: 'notice error', role: 'alert' }, h('p', null, t('review.lease.gone')),
      h('p', null, h('a', { href: '/app/queue' }, t('review.toQueue'))));
  }
  return errorBlock(err);
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

// The selection in the brief: {section, text}, 'across' when it spans
// sections, or null.
function currentSelection(container) {
  const sel = document.getSelection();
  if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
  const range = sel.getRangeAt(0);
  const sectionOf = (node) => (node?.nodeType === Node.ELEMENT_NODE ? node : node?.parentElement)?.closest?.('[data-section]');
  const a = sectionOf(range.startContainer);
  const b = sectionOf(range.endContainer);
  if (!container.contains(range.commonAncestorContainer) && !(a && container.contains(a))) return null;
  if (!a || !b) return container.contains(range.commonAncestorContainer) ? 'across' : null;
  if (a !== b) return 'across';
  const text = sel.toString();
  return text.trim() ? { section: a.dataset.section, text } : null;
}

function excerpt(text, max) {
  const one = String(text || '').replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

// Marks the rendered text of a quote in a section (white space collapsed),
// text node by text node.
function markPassage(container, plain, number) {
  const wanted = plain.replace(/\s+/g, ' ').trim();
  if (!wanted) return false;
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const chars = [];
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const c = /\s/.test(node.data[i]) ? ' ' : node.data[i];
      if (c === ' ' && (text.endsWith(' ') || text === '')) continue;
      text += c;
      chars.push([node, i]);
    }
  }
  const at = text.indexOf(wanted);
  if (at < 0) return false;
  const pieces = new Map();
  for (let k = at; k < at + wanted.length; k++) {
    const [node, i] = chars[k];
    const p = pieces.get(node) || { from: i, to: i };
    p.from = Math.min(p.from, i);
    p.to = Math.max(p.to, i);
    pieces.set(node, p);
  }
  for (const [node, { from, to }] of pieces) {
    const range = document.createRange();
    range.setStart(node, from);
    range.setEnd(node, to + 1);
    const mark = h('mark', { class: 'comment-mark', title: t('review.comment.markTitle', { number }) });
    range.surroundContents(mark);
  }
  return true;
}

// The text as written, when the preview could not be had.
function plainBrief(revision) {
  return h('div', null, SECTIONS.map((s) => [
    h('h3', null, sectionName(s)),
    h('pre', { class: 'markdown-source', dataset: { section: s } }, revision.sections?.[s] || ''),
  ]));
}

// ---------------------------------------------------------------------------
// The comment editor: a section, the passage quoted (checked against the
// section's text as written, live), and the comment.

function commentEditor({ sections, onSave, onCancel, onChange }) {
  const formEl = h('form', { novalidate: true, class: 'comment-editor panel', 'aria-labelledby': 'comment-editor-title' });
  const form = new Form(formEl);
  const title = h('h3', { id: 'comment-editor-title' }, t('review.comment.newTitle'));
  const section = form.add(field({ name: 'section', label: t('review.comment.section'), type: 'select', value: 'summary',
    options: SECTIONS.map((s) => ({ value: s, label: sectionName(s) })) }));
  const quote = form.add(field({ name: 'quote', label: t('review.comment.quote'), hint: t('review.comment.quoteHint'), type: 'textarea', rows: 3, spellcheck: 'false' }));
  const quoteStatus = h('p', { class: 'quote-status', 'aria-live': 'polite' });
  quote.append(quoteStatus);
  const source = h('pre', { class: 'markdown-source' });
  const sourceBox = h('details', { class: 'source-box' }, h('summary', null, t('review.comment.showSource')), h('p', { class: 'hint' }, t('review.comment.sourceHint')), source);
  const body = form.add(field({ name: 'body', label: t('review.comment.body'), hint: t('review.comment.bodyHint'), type: 'textarea', rows: 5, required: true }));
  const saveButton = submitButton(t('review.comment.add'));
  const cancel = h('button', { type: 'button', class: 'secondary' }, t('common.cancel'));
  append(formEl, title, section, quote, sourceBox, body, h('div', { class: 'actions' }, saveButton, cancel));
  let index = null;
  let returnTo = null;
  let isOpen = false;
  formEl.hidden = true;

  const checkQuote = () => {
    const s = section.control.value;
    replace(source, sections[s] || '');
    const q = quote.control.value;
    if (!q.trim()) {
      replace(quoteStatus, t('review.comment.quoteEmpty'));
      quoteStatus.className = 'quote-status';
    } else if (quoteOccurs(sections[s] || '', q)) {
      replace(quoteStatus, h('span', { class: 'status status-on-time' }, t('review.comment.quoteFound')));
    } else {
      replace(quoteStatus, h('span', { class: 'status status-missing' }, t('review.comment.quoteMissing', { section: sectionName(s) })));
    }
  };
  section.control.addEventListener('change', () => { checkQuote(); onChange(); });
  quote.control.addEventListener('input', () => { checkQuote(); onChange(); });
  body.control.addEventListener('input', onChange);

  const close = () => {
    isOpen = false;
    formEl.hidden = true;
    form.clearErrors();
    quote.control.value = '';
    body.control.value = '';
    index = null;
  };
  cancel.addEventListener('click', () => {
    const back = returnTo;
    close();
    onCancel(back);
  });
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    const s = section.control.value;
    let q = nfc(quote.control.value);
    const text = sections[s] || '';
    const errors = [];
    if (q.trim() && !quoteOccurs(text, q)) {
      // Pasted from the page: find the passage as written.
      const mapped = findQuote(text, q);
      if (mapped) {
        q = mapped;
        quote.control.value = mapped;
        checkQuote();
      } else {
        errors.push({ field: 'quote', message: t('review.comment.err.quote', { section: sectionName(s) }) });
      }
    }
    if ([...q].length > MAX_QUOTE) errors.push({ field: 'quote', message: t('review.comment.err.quoteLong', { max: MAX_QUOTE }) });
    if (!body.control.value.trim()) errors.push({ field: 'body', message: t('review.comment.err.body') });
    else if ([...body.control.value].length > MAX_BODY) errors.push({ field: 'body', message: t('review.comment.err.bodyLong', { max: MAX_BODY }) });
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    const comment = { section: s, quote: q.trim() ? q : '', body: body.control.value };
    const at = index;
    close();
    onSave(comment, at);
  });

  return {
    open({ section: s = 'summary', quote: q = '', body: b = '', index: i = null, unmatched = false, returnTo: r = null }, place, { focus = true } = {}) {
      form.clearErrors();
      index = i;
      returnTo = r;
      isOpen = true;
      section.control.value = SECTIONS.includes(s) ? s : 'summary';
      quote.control.value = q || '';
      body.control.value = b || '';
      replace(title, i === null || i === undefined ? t('review.comment.newTitle') : t('review.comment.editTitle', { number: i + 1 }));
      replace(saveButton, i === null || i === undefined ? t('review.comment.add') : t('review.comment.save'));
      if (place && formEl.parentElement !== place) place.append(formEl);
      formEl.hidden = false;
      checkQuote();
      if (unmatched) {
        form.showErrors([{ field: 'quote', message: t('review.comment.err.selection', { section: sectionName(section.control.value) }) }]);
        sourceBox.open = true;
        quote.control.focus();
        return;
      }
      if (!focus) return;
      if (q || i !== null) body.control.focus();
      else section.control.focus();
      formEl.scrollIntoView({ block: 'nearest' });
    },
    read() {
      return isOpen ? { section: section.control.value, quote: quote.control.value, body: body.control.value, index } : null;
    },
    isDirty() {
      return isOpen && !!(body.control.value.trim() || quote.control.value.trim());
    },
  };
}
