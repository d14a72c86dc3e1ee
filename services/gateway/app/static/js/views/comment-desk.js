// Comments anchored to passages of a brief, as an expert writes them on
// the review screen and on the guidance answer screen: the brief rendered
// like its published page with a comment button per section; a passage
// selected with the mouse (or picked and typed with the keyboard) becomes
// the exact Markdown quote the API checks; the list of comments with
// change and remove; their passages marked in the brief.
import { h, append, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { ApiError } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, statusTag } from '../ui.js';
import { Form, confirmDialog } from '../forms.js';
import { findQuote, quotePlainText, nfc } from '../quotes.js';
import { SECTIONS, sectionName, publishedPage } from './review-common.js';
import { commentEditor, MAX_QUOTE } from './comment-editor.js';

// `state.comments` ([{section, quote, body}]) and `state.editor` (a comment
// being written) are read and changed here; `save()` keeps them. `ids`:
// {comments} the id of the comments panel's heading.
// `asked`: the sections the author asks about (guidance), marked so.
export function commentDesk({ revision, state, save, ids = { comments: 'review-comments' }, asked = [] }) {
  const sections = revision.sections || {};
  const stops = [];
  const briefSlot = h('div', null, loading());
  const sectionBodies = {};
  const commentsPanel = h('aside', { class: 'review-comments', 'aria-labelledby': ids.comments });

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
      return [asked.includes(s) ? h('p', { class: 'asked-here' }, statusTag('unread', t('guidance.answer.askedHere'))) : null,
        empty ? null : h('div', { class: 'actions' }, button), extra];
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
    h('h2', { id: ids.comments }, t('review.comments.title')),
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

  drawComments();
  return {
    briefSlot,
    commentsPanel,
    commentForm,
    editor,
    passageButton,
    brief,
    // A comment being written when the page was left comes back.
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

// Errors go to their field: the form's own, or a comment in the list
// (`commentForm`); the summary of `form` links to both.
export function showDeskErrors(form, commentForm, errors) {
  commentForm.clearErrors();
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

// An API error about comments (`comments[2].quote`) as errors at the
// comments; the others through `other(detail)`. Null when the error names
// no field.
export function commentApiErrors(err, comments, other) {
  if (!(err instanceof ApiError) || !err.details.length) return null;
  return err.details.map((d) => {
    const m = /^comments\[(\d+)\](?:\.(\w+))?$/.exec(d.field);
    if (m) {
      const n = Number(m[1]) + 1;
      const c = comments[Number(m[1])];
      const message = m[2] === 'quote'
        ? t('review.err.quoteNotFound', { number: n, section: sectionName(c?.section) })
        : t('review.err.comment', { number: n, problem: d.description });
      return { field: `comments[${m[1]}]`, message, summary: message };
    }
    return other(d);
  });
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

export function excerpt(text, max) {
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
