// Comment threads (GET /v1/briefs/{id}/comments): every comment an expert
// made on a brief, in a review or in guidance, with the replies of the
// brief's authors and of that expert, and whether the authors marked it
// resolved. Shown under each comment: the replies, "Reply" (authors and
// the comment's expert) and "Mark resolved" with a note (authors).
import { h, append, replace, seg, uid } from './dom.js';
import { t, has, formatDateTime } from './i18n.js';
import { api } from './api.js';
import { app } from './app.js';
import { statusTag, errorBlock, table, scrollTable } from './ui.js';
import { Form, field, submitButton, draftStore, keepDraft } from './forms.js';

const MAX_REPLY = 5000;
const MAX_NOTE = 2000;

// Every thread of the brief, by comment id.
export async function loadThreads(briefId) {
  const threads = new Map();
  let pageToken;
  do {
    const page = await api.get(`/v1/briefs/${seg(briefId)}/comments`, { query: { pageSize: 100, pageToken } });
    for (const c of page?.comments || []) threads.set(c.id, c);
    pageToken = page?.nextPageToken;
  } while (pageToken && threads.size < 5000);
  return threads;
}

// Who wrote a reply, as the reader may know it: `side` is 'author' (the
// brief's authors read), 'expert' (the comment's expert reads) or
// 'reader' (anyone else who may see the brief: nothing to do).
function whoWrote(reply, side) {
  if (reply.authorId && reply.authorId === app.user?.id) return t('threads.who.you');
  if (reply.fromExpert) return side === 'expert' ? t('threads.who.you') : t('threads.who.expert');
  if (side === 'expert') return t('threads.who.author');
  return side === 'author' ? t('threads.who.coAuthor') : t('threads.who.anAuthor');
}

// "Resolved" with the authors' note, or "Not resolved yet".
export function resolution(thread) {
  if (!thread.resolved) return h('p', { class: 'thread-state' }, statusTag('pending', t('threads.open')));
  return h('div', { class: 'thread-state' },
    h('p', null, statusTag('on-time', t('threads.resolved')),
      thread.resolveTime ? h('span', { class: 'muted' }, ` ${t('threads.resolvedOn', { time: formatDateTime(thread.resolveTime) })}`) : null),
    thread.resolutionNote
      ? h('p', { class: 'plain-text' }, h('span', { class: 'label' }, `${t('threads.resolutionNote')} `), thread.resolutionNote)
      : null);
}

// The replies, oldest first.
export function repliesList(thread, side, label) {
  const replies = thread.replies || [];
  if (!replies.length) return h('p', { class: 'muted thread-none' }, t('threads.noReplies'));
  return h('ol', { class: 'thread-replies', 'aria-label': t('threads.repliesTo', { label }) },
    replies.map((r) => h('li', { class: r.fromExpert ? 'reply from-expert' : 'reply' },
      h('p', { class: 'reply-head' }, h('strong', null, whoWrote(r, side)), ' ',
        h('span', { class: 'muted' }, formatDateTime(r.createTime))),
      h('p', { class: 'plain-text' }, r.body))));
}

// A thread under its comment: its state, its replies, and what the reader
// may do. `side`: 'author', 'expert' or 'reader'; `label`: the comment as people
// name it ("comment 1"); `showState`: false where the state has a column
// of its own.
export function threadView(thread, { briefId, side, label, showState = true, onChange }) {
  const el = h('div', { class: 'thread' });
  let current = thread;

  const draw = (focusOn) => {
    const base = `/v1/briefs/${seg(briefId)}/comments/${seg(current.id)}`;
    const replyForm = smallForm({
      id: `reply-${current.id}`,
      name: 'body',
      label: t('threads.reply.label', { label }),
      hint: side === 'author' ? t('threads.reply.hintAuthor') : t('threads.reply.hintExpert'),
      required: true,
      max: MAX_REPLY,
      empty: t('threads.reply.empty'),
      tooLong: t('threads.reply.tooLong', { max: MAX_REPLY }),
      submit: t('threads.reply.send'),
      busy: t('threads.reply.sending'),
      async send(text) {
        current = await api.post(`${base}:reply`, { body: text });
      },
      done() {
        onChange?.(current);
        draw('reply');
        app.announce(t('threads.reply.sent'));
      },
    });
    const resolveForm = side === 'author' && !current.resolved ? smallForm({
      id: `resolve-${current.id}`,
      name: 'note',
      label: t('threads.resolve.label', { label }),
      hint: t('threads.resolve.hint'),
      required: false,
      max: MAX_NOTE,
      tooLong: t('threads.resolve.tooLong', { max: MAX_NOTE }),
      submit: t('threads.resolve.save'),
      busy: t('common.saving'),
      async send(text) {
        try {
          current = await api.post(`${base}:resolve`, { note: text });
        } catch (err) {
          // Resolved meanwhile (by a co-author, or in another tab).
          if (err.status !== 409) throw err;
          current = (await loadThreads(briefId)).get(current.id) || { ...current, resolved: true };
        }
      },
      done() {
        onChange?.(current);
        draw('state');
        app.announce(t('threads.resolve.done', { label }));
      },
    }) : null;
    const toggles = side === 'reader' ? [] : [replyForm.toggle(t('threads.reply.open'), t('threads.reply.openNamed', { label }))];
    if (resolveForm) toggles.push(resolveForm.toggle(t('threads.resolve.open'), t('threads.resolve.openNamed', { label })));
    const stateEl = showState ? resolution(current) : null;
    const list = repliesList(current, side, label);
    replace(el,
      list,
      stateEl,
      toggles.length ? h('div', { class: 'thread-actions' }, toggles) : null,
      side === 'reader' ? null : replyForm.el,
      resolveForm?.el);
    if (focusOn === 'reply') {
      const last = list.querySelector('li:last-child') || list;
      last.setAttribute('tabindex', '-1');
      last.focus();
    } else if (focusOn === 'state' && stateEl) {
      stateEl.setAttribute('tabindex', '-1');
      stateEl.focus();
    }
  };
  draw();
  return el;
}

// A one-field form shown by its toggle button (aria-expanded), with a
// draft kept in this browser until it is sent: send(text) calls the API,
// done() follows once the draft is cleared.
function smallForm({ id, name, label, hint, required, max, empty, tooLong, submit, busy, send, done }) {
  const formEl = h('form', { novalidate: true, class: 'thread-form', hidden: true });
  const form = new Form(formEl);
  const input = form.add(field({ name, label, hint, type: 'textarea', rows: 3, required }));
  const button = submitButton(submit);
  const cancel = h('button', { type: 'button', class: 'secondary' }, t('common.cancel'));
  append(formEl, input, h('div', { class: 'actions' }, button, cancel));
  formEl.id = uid('tf');
  const store = sentDraft(draftStore(app.user.id, id), formEl);
  let opener = null;
  const show = (open) => {
    formEl.hidden = !open;
    opener?.setAttribute('aria-expanded', String(open));
  };
  cancel.addEventListener('click', () => {
    show(false);
    opener?.focus();
  });
  form.onSubmit(button, busy, async () => {
    const text = input.control.value;
    if (required && !text.trim()) {
      form.showErrors([{ field: name, message: empty }]);
      return;
    }
    if ([...text].length > max) {
      form.showErrors([{ field: name, message: tooLong }]);
      return;
    }
    await send(text.normalize('NFC'));
    store.sent();
    done();
  });
  const kept = keepDraft(formEl, store, () => ({ text: input.control.value }), (d) => { input.control.value = d?.text || ''; },
    () => { input.control.value = ''; });
  return {
    el: formEl,
    toggle(text, named) {
      opener = h('button', { type: 'button', class: 'secondary', 'aria-expanded': kept ? 'true' : 'false',
        'aria-controls': formEl.id, 'aria-label': named }, text);
      opener.addEventListener('click', () => {
        const open = formEl.hidden;
        show(open);
        if (open) input.control.focus();
      });
      if (kept) formEl.hidden = false;
      return opener;
    },
  };
}

// A draft store (forms.js) for a form whose text is sent: once sent, the
// draft is dropped and a save still pending from the typing before (kept
// 300 ms after the last key) does not bring it back; typing again does.
export function sentDraft(store, formEl) {
  let quiet = false;
  formEl.addEventListener('input', () => { quiet = false; }, true);
  return {
    load: () => store.load(),
    save: (data) => { if (!quiet) store.save(data); },
    clear: () => store.clear(),
    sent() {
      quiet = true;
      store.clear();
    },
  };
}

// A comment as the authors read it, at its passage (`placed`) or in a
// list, with `extra` (its thread) below it.
export function commentCard(c, placed, tag = 'div', extra = null) {
  return h(tag, { class: placed ? 'comment placed' : 'comment', id: c.id },
    h('p', { class: 'comment-head' }, h('strong', null, t('reviewsReceived.commentN', { n: c.n }))),
    c.quote && !placed ? h('p', { class: 'muted' }, t('reviewsReceived.quoteNotFound', { quote: c.quote })) : null,
    h('div', { class: 'plain-text', id: `${c.id}-text` }, c.body),
    extra,
    placed ? h('p', null, h('a', { href: `#${c.id}-at` }, t('reviewsReceived.backToPassage', { n: c.n }))) : null);
}

// A thread could not be had: the comments are still shown.
export function threadsFailed(err) {
  return h('div', null, h('p', { class: 'muted' }, t('threads.failed')), errorBlock(err));
}

// An expert's earlier comments on a brief (a claim's `threads`), as a
// table: the comment, the authors' replies (and a reply), resolved or not
// with the authors' note. Null when there are none.
export function earlierComments(threads, { briefId, headingId }) {
  if (!threads?.length) return null;
  const caption = t('threads.earlier.title');
  const rows = threads.map((th, i) => {
    const label = t('threads.earlier.label', { n: i + 1 });
    const source = th.source === 'FEEDBACK'
      ? t('threads.earlier.feedback', { revision: th.revision })
      : t('threads.earlier.review', { round: th.round || 1, revision: th.revision });
    const section = has(`section.${th.section}`) ? t(`section.${th.section}`) : th.section;
    return h('tr', null,
      h('th', { scope: 'row', class: 'earlier-comment' },
        h('p', null, h('strong', null, t('threads.earlier.heading', { n: i + 1, section })), h('span', { class: 'extended' }, source)),
        th.quote ? h('blockquote', { class: 'comment-quote' }, h('span', { class: 'visually-hidden' }, `${t('review.comment.quoteLabel')} `), th.quote) : null,
        h('p', { class: 'comment-body' }, th.body)),
      h('td', null, threadView(th, { briefId, side: 'expert', label, showState: false })),
      h('td', null, resolution(th)));
  });
  // Not a region of its own: the table's scrolling region bears the name.
  return h('section', { class: 'earlier-comments' },
    h('h2', { id: headingId }, caption),
    h('p', { class: 'hint' }, t('threads.earlier.lead')),
    scrollTable(table({
      caption, captionHidden: true, className: 'earlier-table',
      head: [t('threads.earlier.comment'), t('threads.earlier.replies'), t('threads.earlier.resolved')],
      rows,
    }), caption));
}
