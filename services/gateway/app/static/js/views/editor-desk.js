// The editor's desk. /app/publishing: the approved briefs waiting to be
// published (GET /v1/briefs?state=APPROVED) and the published ones.
// /app/publishing/{id}: one brief, previewed as its published page will
// show it, with what an editor may do in its state: publish (then a link to
// /published/{slug}), return to the authors with a note, retract a
// published brief with a reason; each after a confirmation.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api, ApiError, errorSentence } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink, fill } from '../ui.js';
import { Form, field, submitButton, actionButton, confirmDialog, draftStore, keepDraft } from '../forms.js';
import { listAll, briefStateTag, publishedPage, decisionTag, ageInWords } from './review-common.js';
import { topicName } from '../briefs.js';

const MAX_NOTE = 2000;

export default function render(ctx) {
  return ctx.params.id ? renderBrief(ctx) : renderList(ctx);
}

// --- The list.

function renderList({ view }) {
  const approved = h('div', null, loading());
  const published = h('div', null, loading());
  const queue = h('div', null, loading());
  append(view,
    h('h1', null, t('editorDesk.title')),
    h('p', { class: 'lead' }, t('editorDesk.lead')),
    h('section', { 'aria-labelledby': 'desk-approved' },
      h('h2', { id: 'desk-approved' }, t('editorDesk.approvedTitle')), approved),
    h('section', { 'aria-labelledby': 'desk-published' },
      h('h2', { id: 'desk-published' }, t('editorDesk.publishedTitle')), published),
    h('section', { 'aria-labelledby': 'desk-queue' },
      h('h2', { id: 'desk-queue' }, t('editorDesk.queueTitle')), queue));
  return Promise.all([
    fill(approved, () => listAll('/v1/briefs', 'briefs', { state: 'APPROVED' }), (briefs) => briefList(briefs, 'APPROVED')),
    fill(published, () => listAll('/v1/briefs', 'briefs', { state: 'PUBLISHED' }), (briefs) => briefList(briefs, 'PUBLISHED')),
    fill(queue, () => api.get('/v1/queue'), queueFigures),
  ]).then(() => undefined);
}

function briefList(briefs, state) {
  if (!briefs.length) return h('p', null, t(state === 'APPROVED' ? 'editorDesk.noneApproved' : 'editorDesk.nonePublished'));
  // Oldest approval first: it has waited longest. Newest publication first.
  const sorted = briefs.slice().sort((a, b) => String(a.updateTime).localeCompare(String(b.updateTime)));
  if (state === 'PUBLISHED') sorted.reverse();
  return [
    h('p', null, t(state === 'APPROVED' ? 'editorDesk.approvedCount' : 'editorDesk.publishedCount', { count: briefs.length })),
    h('ul', { class: 'items' }, sorted.map((b) => h('li', null,
      h('div', { class: 'item-head' },
        h('h3', { class: 'item-title' }, h('a', { href: `/app/publishing/${seg(b.id)}` }, b.title || t('review.untitled'))),
        briefStateTag(b.state)),
      h('p', { class: 'muted' }, [topicName(b.topic), b.country, b.cohort].filter(Boolean).join(' · ')),
      h('p', null, state === 'APPROVED'
        ? [t('editorDesk.approvedOn', { time: formatDateTime(b.updateTime) }), ' ',
          h('a', { href: `/app/publishing/${seg(b.id)}` }, t('editorDesk.previewLink', { title: b.title || t('review.untitled') }))]
        : [t('editorDesk.publishedOn', { time: formatDateTime(b.publishTime || b.updateTime) }), ' ',
          b.slug ? h('a', { href: publicPath(b.slug) }, t('editorDesk.publicLink', { title: b.title || t('review.untitled') })) : null])))),
  ];
}

function queueFigures(stats) {
  const items = (stats?.topics || []).filter((d) => d.queued).map((d) => h('li', null,
    h('strong', null, topicName(d.topic)), ': ', t('queue.waiting', { count: d.queued }),
    ` ${t('queue.oldest', { age: ageInWords(d.oldestAgeSeconds || 0) })}`));
  return [
    h('p', null, t('editorDesk.queueTotal', { count: stats?.queued || 0 }),
      stats?.queued ? ` ${t('queue.oldest', { age: ageInWords(stats.oldestAgeSeconds || 0) })}` : '',
      ' ', t('editorDesk.activeLeases', { count: stats?.activeLeases || 0 })),
    items.length ? h('ul', null, items) : null,
  ];
}

export function publicPath(slug) {
  return `/published/${encodeURIComponent(slug)}`;
}

// --- One brief.

function renderBrief({ view, params, isCurrent }) {
  const heading = h('h1', null, t('editorDesk.briefTitle'));
  const slot = h('div', null, loading());
  append(view, backLink('/app/publishing', t('editorDesk.back')), heading, slot);
  return (async () => {
    let brief;
    try {
      brief = await api.get(`/v1/briefs/${seg(params.id)}`);
    } catch (err) {
      replace(slot, errorBlock(err));
      return;
    }
    if (!isCurrent()) return;
    replace(heading, brief.title || t('review.untitled'));
    document.title = `${heading.textContent} – ${t('frame.product')}`;
    drawBrief(slot, brief);
  })();
}

function drawBrief(slot, brief) {
  const outcome = h('div', { class: 'desk-outcome' });
  const actions = h('div');
  const preview = h('div', null, loading());
  const reviews = h('div', null, loading());
  replace(slot,
    h('p', null, briefStateTag(brief.state)),
    outcome,
    h('dl', { class: 'details' },
      h('dt', null, t('editorDesk.meta.topic')), h('dd', null, topicName(brief.topic)),
      brief.country ? [h('dt', null, t('editorDesk.meta.country')), h('dd', null, brief.country)] : null,
      brief.cohort ? [h('dt', null, t('editorDesk.meta.cohort')), h('dd', null, brief.cohort)] : null,
      h('dt', null, t('editorDesk.meta.revision')), h('dd', null, String(brief.revision)),
      h('dt', null, t('editorDesk.meta.updated')), h('dd', null, formatDateTime(brief.updateTime)),
      brief.publishTime ? [h('dt', null, t('editorDesk.meta.published')), h('dd', null, formatDateTime(brief.publishTime))] : null,
      brief.slug ? [h('dt', null, t('editorDesk.meta.address')), h('dd', null, h('a', { href: publicPath(brief.slug) }, publicPath(brief.slug)))] : null),
    actions,
    h('section', { 'aria-labelledby': 'desk-preview' },
      h('h2', { id: 'desk-preview' }, t('editorDesk.previewTitle')),
      h('p', { class: 'hint' }, t('editorDesk.previewHint')),
      preview),
    h('section', { 'aria-labelledby': 'desk-reviews' },
      h('h2', { id: 'desk-reviews' }, t('editorDesk.reviewsTitle')),
      reviews));
  drawActions(actions, outcome, brief, slot);
  fill(preview, async () => publishedPage(brief, { titleLevel: 3, headingLevel: 4, authors: await authorNames(brief) }),
    (article) => h('div', { class: 'page-frame' }, article));
  fill(reviews, () => listAll(`/v1/briefs/${seg(brief.id)}/reviews`, 'reviews'), reviewList);
}

// The author first, then co-authors, as the published page names them
// (editors may read users; a name that cannot be read is left out).
async function authorNames(brief) {
  const ids = [brief.authorId, ...(brief.coAuthorIds || [])].filter(Boolean);
  const users = await Promise.all(ids.map((id) => api.get(`/v1/users/${seg(id)}`, { retries: 1 }).catch(() => null)));
  return users.filter(Boolean).map((u) => u.displayName || u.email);
}

function reviewList(reviews) {
  if (!reviews.length) return h('p', null, t('editorDesk.noReviews'));
  return h('ul', { class: 'items' }, reviews.map((r) => h('li', null,
    h('p', null, decisionTag(r.decision), ' ', t('editorDesk.reviewMeta', { round: r.round || 1, revision: r.revision, time: formatDateTime(r.createTime) })),
    h('p', { class: 'comment-body' }, r.summary || ''))));
}

function drawActions(slot, outcome, brief, page) {
  const title = brief.title || t('review.untitled');
  const base = `/v1/briefs/${seg(brief.id)}`;
  const after = async (err, action) => {
    // Refused: say why, in the brief's state as it is now.
    let now = null;
    if (err instanceof ApiError && err.status === 409) {
      now = await api.get(base).catch(() => null);
    }
    const changed = now && now.state !== brief.state;
    const sentence = changed
      ? t('editorDesk.err.stateChanged', { state: t(`review.briefState.${now.state}`) })
      : err instanceof ApiError && err.status === 409 ? t(`editorDesk.err.${action}`) : errorSentence(err);
    // The page then shows the brief as it is now, and what it allows.
    if (changed) drawBrief(page, now);
    const box = changed ? page.querySelector('.desk-outcome') : outcome;
    replace(box, h('div', { class: 'notice error', role: 'alert', tabindex: '-1' }, h('p', null, sentence)));
    box.firstChild.focus();
    return now;
  };
  const done = (updated, message, link) => {
    replace(heading(page), updated.title || title);
    drawBrief(page, updated);
    const box = page.querySelector('.desk-outcome');
    replace(box, h('div', { class: 'notice success', role: 'status', tabindex: '-1' }, h('p', null, message), link ? h('p', null, link) : null));
    box.firstChild.focus();
  };

  if (brief.state === 'APPROVED') {
    const publish = actionButton(t('editorDesk.publish'), t('editorDesk.publishing'), async () => {
      const ok = await confirmDialog({ title: t('editorDesk.publishTitle', { title }), body: t('editorDesk.publishBody'), confirmLabel: t('editorDesk.publish') });
      if (!ok) return;
      try {
        const updated = await api.post(`${base}:publish`, {});
        done(updated, t('editorDesk.published', { title }),
          updated.slug ? h('a', { href: publicPath(updated.slug) }, t('editorDesk.publicLink', { title })) : null);
      } catch (err) {
        await after(err, 'publish');
      }
    }, { class: 'primary' });
    replace(slot,
      h('section', { 'aria-labelledby': 'desk-publish' },
        h('h2', { id: 'desk-publish' }, t('editorDesk.publishSection')),
        h('p', null, t('editorDesk.publishLead')),
        h('div', { class: 'actions' }, publish)),
      noteForm({
        id: 'return', brief, title, name: 'note', heading: t('editorDesk.returnSection'), lead: t('editorDesk.returnLead'),
        label: t('editorDesk.note'), hint: t('editorDesk.noteHint'), button: t('editorDesk.return'), busy: t('editorDesk.returning'),
        missing: t('editorDesk.err.noteMissing'),
        confirm: { title: t('editorDesk.returnTitle', { title }), body: t('editorDesk.returnBody'), confirmLabel: t('editorDesk.return'), danger: true },
        send: (note) => api.post(`${base}:return`, { note }),
        onDone: (updated) => done(updated, t('editorDesk.returned', { title })),
        onError: (err) => after(err, 'return'),
      }));
  } else if (brief.state === 'PUBLISHED') {
    replace(slot,
      h('p', null, h('a', { href: publicPath(brief.slug || '') }, t('editorDesk.publicLink', { title }))),
      noteForm({
        id: 'retract', brief, title, name: 'reason', heading: t('editorDesk.retractSection'), lead: t('editorDesk.retractLead'),
        label: t('editorDesk.reason'), hint: t('editorDesk.reasonHint'), button: t('editorDesk.retract'), busy: t('editorDesk.retracting'),
        missing: t('editorDesk.err.reasonMissing'),
        confirm: { title: t('editorDesk.retractTitle', { title }), body: t('editorDesk.retractBody'), confirmLabel: t('editorDesk.retract'), danger: true },
        send: (reason) => api.post(`${base}:retract`, { reason }),
        onDone: (updated) => done(updated, t('editorDesk.retracted', { title }),
          updated.slug ? h('a', { href: publicPath(updated.slug) }, t('editorDesk.retractedLink')) : null),
        onError: (err) => after(err, 'retract'),
      }));
  } else {
    replace(slot, h('p', null, t('editorDesk.nothingToDo', { state: t(`review.briefState.${brief.state}`) })));
  }
}

function heading(page) {
  return page.closest('.view')?.querySelector('h1') || h('span');
}

// A note or reason (one required text of at most 2000 characters), kept as a
// draft until sent, sent after a confirmation.
function noteForm(o) {
  const formEl = h('form', { novalidate: true });
  const form = new Form(formEl);
  const text = form.add(field({ name: o.name, label: o.label, hint: o.hint, type: 'textarea', rows: 4, required: true }));
  const button = submitButton(o.button, { class: o.confirm.danger ? 'danger' : 'primary' });
  append(formEl, text, h('div', { class: 'actions' }, button));
  const store = draftStore(app.user.id, `${o.id}-${o.brief.id}`);
  keepDraft(formEl, store, () => ({ text: text.control.value }), (d) => { text.control.value = d?.text || ''; });
  form.onSubmit(button, o.busy, async () => {
    const value = text.control.value.trim();
    if (!value) {
      form.showErrors([{ field: o.name, message: o.missing }]);
      return;
    }
    if ([...value].length > MAX_NOTE) {
      form.showErrors([{ field: o.name, message: t('editorDesk.err.tooLong', { max: MAX_NOTE }) }]);
      return;
    }
    form.clearErrors();
    const ok = await confirmDialog(o.confirm);
    if (!ok) return;
    let updated;
    try {
      updated = await o.send(value.normalize('NFC'));
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        form.showApiError(err);
      } else {
        await o.onError(err);
      }
      return;
    }
    store.clear();
    o.onDone(updated);
  });
  return h('section', { 'aria-labelledby': `desk-${o.id}` },
    h('h2', { id: `desk-${o.id}` }, o.heading),
    h('p', null, o.lead),
    formEl);
}
