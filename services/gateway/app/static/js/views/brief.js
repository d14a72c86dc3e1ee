// The brief editor (/app/briefs/{id}): title, policy question and one
// field per section, each with a preview rendered by the server as the
// published page will show it; the brief check beside it as the text
// changes; saving as a new revision with If-Match, and when the brief
// changed elsewhere, the choice per section of which text to keep. What is
// typed stays in this browser until a save succeeds. Submit and withdraw.
// Feedback from the course's experts while drafting (brief-guidance.js).
// People who may read the brief but not edit it see it rendered.
import { h, append, replace, seg, uid } from '../dom.js';
import { t, formatDateTime, currentLanguage } from '../i18n.js';
import { api, request } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink, statusTag } from '../ui.js';
import { Form, field, tabDraftStore, keptDrafts, confirmDialog, actionButton, setBusy } from '../forms.js';
import {
  SECTIONS, REQUIRED_SECTIONS, FIELDS, EDITABLE, stateTag, stateMeaning, isAuthor, fieldLabel,
  fieldOfFinding, findingSentence, loadBrief, briefLink, briefNav, readabilityRow, readabilityHint,
} from '../briefs.js';
import { EditorLanguage, languageLine } from '../languages.js';
import { preview } from '../passages.js';
import { sanitizeHtml } from '../sanitize.js';
import { briefReader } from '../brief-view.js';
import { guidanceSection } from './brief-guidance.js';

const PREVIEW_MS = 400;
const CHECK_MS = 700;

export default async function render({ view, params, hash, isCurrent }) {
  const heading = h('h1', null, t('brief.title'));
  const slot = h('div', null, loading());
  const participant = app.hasRole('PARTICIPANT');
  append(view, participant ? backLink('/app/briefs', t('brief.backToList')) : backLink('/app/', t('nav.home')), heading, slot);
  let loaded;
  try {
    loaded = await loadBrief(params.id);
  } catch (err) {
    replace(slot, errorBlock(err));
    return undefined;
  }
  if (!isCurrent()) return undefined;
  const { brief } = loaded;
  heading.textContent = brief.title || t('brief.untitled');
  document.title = `${heading.textContent} – ${t('frame.product')}`;
  if (isAuthor(brief) && EDITABLE.has(brief.state)) {
    const editor = new Editor(loaded, heading);
    replace(slot, editor.element);
    editor.start();
    if (hash === 'guidance') editor.guidance.el.scrollIntoView();
    return () => editor.destroy();
  }
  const news = h('div');
  const reader = await readOnly(loaded);
  if (!isCurrent()) return undefined;
  const guidance = guidanceSection(brief);
  replace(slot, news, reader, guidance.el);
  if (hash === 'guidance') guidance.el.scrollIntoView();
  const unwatch = watchBrief(brief.id, news);
  return () => {
    unwatch?.();
    guidance.stop();
  };
}

// --- What every view of the brief shows on top: state, revision, links.
function header(brief) {
  // What the state means, told to its authors.
  const meaning = isAuthor(brief) ? stateMeaning(brief.state) : '';
  return [
    h('div', { class: 'brief-state' },
      h('p', null, h('span', { class: 'label' }, `${t('brief.stateLabel')} `), stateTag(brief.state),
        ' ', h('span', { class: 'muted revision-text' }, t('brief.revisionN', { revision: brief.revision }))),
      languageLine(brief.language),
      meaning ? h('p', { class: 'muted' }, meaning,
        brief.state === 'CHANGES_REQUESTED' || brief.state === 'REJECTED'
          ? [' ', h('a', { href: briefLink(brief.id, '/reviews') }, t('brief.readReviews'))] : null) : null),
    briefNav(brief.id, 'brief'),
  ];
}

function fieldsOf(b) {
  const s = b.sections || {};
  const out = { title: b.title || '', policyQuestion: b.policyQuestion || '' };
  for (const k of SECTIONS) out[k] = s[k] || '';
  return out;
}

const norm = (v) => String(v ?? '').replace(/\r\n?/g, '\n').normalize('NFC');
const same = (a, b) => norm(a) === norm(b);

function timeText(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const today = new Date();
  if (d.toDateString() === today.toDateString()) {
    return new Intl.DateTimeFormat(navigator.language || 'en', { timeStyle: 'short' }).format(d);
  }
  return formatDateTime(iso);
}

// --- Read-only: the brief as it will read, and the actions its state
// allows its authors.
async function readOnly({ brief }) {
  const wrap = h('div');
  const notice = h('div');
  append(wrap, header(brief), notice);
  if (isAuthor(brief)) {
    const why = brief.state === 'WITHDRAWN' ? t('brief.readOnly.withdrawn') : t('brief.readOnly.locked');
    notice.append(h('div', { class: 'notice' }, h('p', null, why)));
    const kept = keptText(brief);
    if (kept) notice.append(kept);
    const actions = h('div', { class: 'actions' });
    if (brief.state === 'SUBMITTED') actions.append(withdrawButton(brief, notice));
    if (brief.state === 'WITHDRAWN') {
      actions.append(actionButton(t('brief.reopen'), t('brief.reopening'), async () => {
        try {
          await api.post(`/v1/briefs/${seg(brief.id)}:reopen`, {});
          app.flash(t('brief.reopened'));
          app.navigate(briefLink(brief.id), { replace: true });
        } catch (err) {
          replace(notice, errorBlock(err));
        }
      }, { class: 'secondary' }));
    }
    if (actions.childNodes.length) wrap.append(actions);
  }
  if (brief.state === 'PUBLISHED' && brief.slug) {
    wrap.append(h('p', null, h('a', { href: `/published/${seg(brief.slug)}` }, t('brief.seePublished'))));
  }
  const { element } = await briefReader(brief, { level: 2, idPrefix: 'brief' });
  wrap.append(element);
  return wrap;
}

// While the brief is open, news of it (a review done, a state changed by
// someone else) arrives as a notice with a way to see the brief as it is
// now; what is typed is kept first.
function watchBrief(id, slot, beforeReload) {
  return app.live?.subscribe({
    notification(n) {
      if (n.briefId !== id) return;
      const again = h('button', { type: 'button', class: 'secondary', onclick: () => {
        beforeReload?.();
        app.navigate(briefLink(id), { replace: true });
      } }, t('brief.news.reload'));
      slot.append(h('div', { class: 'notice', role: 'status' },
        h('p', null, t('brief.news.text', { title: n.title || n.event })), again));
    },
  });
}

// Text typed here and never saved, while the brief takes no edits: shown
// so that it can be copied; it stays kept until the brief can be edited.
function keptText(brief) {
  const { offered } = unsavedDrafts(brief);
  if (!offered.length) return null;
  const texts = offered.flatMap((d) => d.changed.map((f) => ({ f, text: d.mine[f] })));
  return h('div', { class: 'notice warning' },
    h('p', null, t('brief.keptWhileLocked')),
    h('details', null, h('summary', null, t('brief.keptShow', { count: texts.length })),
      texts.map(({ f, text }) => h('div', null, h('h3', null, fieldLabel(f)), h('div', { class: 'plain-text' }, text || t('brief.conflict.emptyText'))))));
}

// The drafts of every tab (one per tab: two tabs never overwrite each
// other's text) that differ from the brief as saved, most recent first,
// each with the parts it changed; drafts with nothing unsaved are removed.
function unsavedDrafts(brief) {
  const current = fieldsOf(brief);
  const offered = [];
  for (const d of keptDrafts(app.user.id, `brief-${brief.id}`)) {
    const mine = d.data.mine;
    const base = { ...current, ...(d.data.base || {}) };
    const changed = mine ? FIELDS.filter((f) => mine[f] !== undefined && !same(mine[f], base[f]) && !same(mine[f], current[f])) : [];
    if (!changed.length) {
      d.store.clear();
      continue;
    }
    offered.push({ ...d, mine, base, changed });
  }
  return { current, offered };
}

function withdrawButton(brief, notice) {
  return actionButton(t('brief.withdraw'), t('brief.withdrawing'), async () => {
    const ok = await confirmDialog({
      title: t('brief.withdrawTitle'), body: t('brief.withdrawBody'), confirmLabel: t('brief.withdrawConfirm'), danger: true,
    });
    if (!ok) return;
    try {
      await api.post(`/v1/briefs/${seg(brief.id)}:withdraw`, {});
      app.flash(t('brief.withdrawn'));
      app.navigate(briefLink(brief.id), { replace: true });
    } catch (err) {
      replace(notice, errorBlock(err));
      notice.querySelector('[role="alert"]')?.setAttribute('tabindex', '-1');
      notice.querySelector('[role="alert"]')?.focus();
    }
  }, { class: 'danger' });
}

// --- The editor.
class Editor {
  constructor({ brief, etag }, heading) {
    this.brief = brief;
    this.etag = etag;
    this.heading = heading;
    this.base = fieldsOf(brief);
    // This tab's draft; other tabs keep theirs.
    this.store = tabDraftStore(app.user.id, `brief-${brief.id}`);
    this.restored = [];
    this.saving = false;
    this.status = null;
    this.lastCheck = null;
    this.previewSeq = {};
    this.checkSeq = 0;
    this.timers = {};
    this.aborts = new Set();
    this.build();
  }

  // ---- Building the page.
  build() {
    const b = this.brief;
    this.notices = h('div', { class: 'notices' });
    this.conflictSlot = h('div');
    this.formEl = h('form', { novalidate: true, class: 'wide brief-form' });
    this.form = new Form(this.formEl);
    this.inputs = {};
    this.findingLists = {};
    this.previews = {};

    const title = this.form.add(field({ name: 'title', label: fieldLabel('title'), hint: t('brief.hint.title'), required: true, value: b.title }));
    title.control.setAttribute('maxlength', '300');
    const question = this.form.add(field({ name: 'policyQuestion', label: fieldLabel('policyQuestion'), hint: t('brief.hint.policyQuestion'), value: b.policyQuestion }));
    this.inputs.title = title.control;
    this.inputs.policyQuestion = question.control;
    // The language, saved with the next save; the check follows it at once.
    this.language = new EditorLanguage(this.form, b, () => this.requestCheck());
    this.findingLists.title = h('ul', { class: 'findings', hidden: true });

    const sectionBlocks = SECTIONS.map((s) => this.sectionBlock(s));
    this.statusEl = h('p', { class: 'save-status', role: 'status' });
    this.saveButton = h('button', { type: 'submit', class: 'primary' }, t('brief.save'));
    this.checkPanel = h('section', { class: 'check-panel', 'aria-labelledby': 'check-title' },
      h('h2', { id: 'check-title' }, t('brief.check.title')),
      h('p', { class: 'muted' }, t('brief.check.lead')),
      this.checkBody = h('div', null, loading()));

    append(this.formEl,
      this.conflictSlot,
      h('h2', null, t('brief.about')),
      title, this.findingLists.title, this.language.element, question,
      h('h2', null, t('brief.sectionsTitle')),
      h('p', { class: 'hint' }, t('brief.sectionsLead')),
      this.markdownHelp(),
      sectionBlocks,
      h('div', { class: 'savebar' }, this.statusEl,
        h('div', { class: 'savebar-actions' }, this.saveButton,
          h('span', { class: 'muted shortcut' }, t('brief.shortcut')))));

    this.submitArea = this.submitSection();
    // Feedback from the course's experts on the revision last saved.
    this.guidance = guidanceSection(b, {
      canAsk: true, revision: () => this.brief.revision, unsaved: () => this.dirtyFields().length > 0,
    });
    this.element = h('div', { class: 'brief-editor' },
      header(b), this.notices,
      h('div', { class: 'editor-layout' },
        h('div', { class: 'editor-main' }, this.formEl),
        h('div', { class: 'editor-side' }, this.checkPanel)),
      this.guidance.el,
      this.submitArea);
    this.language.writtenIn([...Object.values(this.inputs), ...Object.values(this.previews).map((p) => p.body)],
      this.element.querySelector('.brief-language'));

    this.formEl.addEventListener('submit', (e) => {
      e.preventDefault();
      this.save();
    });
    this.formEl.addEventListener('input', (e) => this.changed(e.target));
  }

  sectionBlock(s) {
    const required = REQUIRED_SECTIONS.has(s);
    const w = this.form.add(field({
      name: `sections.${s}`, label: fieldLabel(s), hint: t(`brief.hint.${s}`), type: 'textarea', rows: 9,
      required, value: this.brief.sections?.[s] || '',
    }));
    if (!required) w.querySelector('label').append(h('span', { class: 'required' }, ` ${t('brief.optional')}`));
    w.control.dataset.section = s;
    this.inputs[s] = w.control;
    const findings = h('ul', { class: 'findings', hidden: true });
    this.findingLists[s] = findings;
    const previewId = uid('pv');
    const body = h('div', { class: 'rendered' });
    this.previews[s] = { body, state: h('p', { class: 'preview-state muted' }) };
    return h('div', { class: 'section-block', dataset: { section: s } },
      h('div', { class: 'section-edit' }, w, findings),
      h('div', { class: 'section-preview', role: 'region', 'aria-labelledby': previewId },
        h('p', { class: 'preview-label', id: previewId }, t('brief.previewOf', { section: fieldLabel(s) })),
        this.previews[s].state, body));
  }

  markdownHelp() {
    const row = (code, means) => h('tr', null, h('td', null, h('code', null, code)), h('td', null, means));
    return h('details', { class: 'markdown-help' },
      h('summary', null, t('brief.md.title')),
      h('p', null, t('brief.md.lead')),
      h('table', null,
        h('caption', { class: 'visually-hidden' }, t('brief.md.title')),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('brief.md.type')), h('th', { scope: 'col' }, t('brief.md.get')))),
        h('tbody', null,
          ['bold', 'italic', 'list', 'numbered', 'heading', 'link', 'quote'].map((k) => row(t(`brief.md.ex.${k}`), t(`brief.md.${k}`))))),
      h('p', null, t('brief.md.paragraphs')));
  }

  submitSection() {
    const area = h('section', { class: 'submit-area', 'aria-labelledby': 'submit-title' });
    this.submitNotice = h('div');
    const submit = actionButton(t('brief.submit'), t('brief.submitting'), () => this.submit(), { class: 'primary' });
    const withdraw = withdrawButton(this.brief, this.submitNotice);
    append(area,
      h('h2', { id: 'submit-title' }, t('brief.submitTitle')),
      h('p', null, this.brief.state === 'CHANGES_REQUESTED' ? t('brief.submitLeadAgain') : t('brief.submitLead')),
      this.submitNotice,
      h('div', { class: 'actions' }, submit),
      h('h3', null, t('brief.withdrawHeading')),
      h('p', null, t('brief.withdrawLead')),
      h('div', { class: 'actions' }, withdraw));
    return area;
  }

  // ---- Starting: a kept draft, previews, the check, keyboard.
  start() {
    this.restoreDraft();
    this.refreshStatus();
    this.requestPreview(SECTIONS);
    this.requestCheck();
    this.onKey = (e) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        this.save();
      }
    };
    this.onHide = () => this.keepDraftNow();
    document.addEventListener('keydown', this.onKey);
    window.addEventListener('pagehide', this.onHide);
    document.addEventListener('visibilitychange', this.onHide);
    this.unsubscribe = watchBrief(this.brief.id, this.notices, () => this.keepDraftNow());
  }

  destroy() {
    this.keepDraftNow();
    document.removeEventListener('keydown', this.onKey);
    window.removeEventListener('pagehide', this.onHide);
    document.removeEventListener('visibilitychange', this.onHide);
    for (const timer of Object.values(this.timers)) clearTimeout(timer);
    for (const a of this.aborts) a.abort();
    this.unsubscribe?.();
    this.guidance.stop();
  }

  read() {
    const out = {};
    for (const f of FIELDS) out[f] = this.inputs[f].value;
    return out;
  }

  write(fields) {
    for (const f of FIELDS) if (fields[f] !== undefined) this.inputs[f].value = fields[f];
  }

  dirtyFields() {
    const mine = this.read();
    const dirty = FIELDS.filter((f) => !same(mine[f], this.base[f]));
    return this.language.dirty() ? [...dirty, 'language'] : dirty;
  }

  // ---- Drafts: the unsaved text, per person, brief and tab, with the
  // version it was written on.
  keepDraftNow() {
    clearTimeout(this.timers.draft);
    if (this.dirtyFields().length) {
      this.store.save({ etag: this.etag, revision: this.brief.revision, base: this.base, mine: this.read() });
    } else {
      this.store.clear();
    }
  }

  // Every tab's kept draft that differs from the saved brief comes back:
  // the parts each changed, the most recent draft's text where several
  // changed one part (the others' shown beside, to copy).
  restoreDraft() {
    const { current, offered } = unsavedDrafts(this.brief);
    if (!offered.length) return;
    const result = { ...current };
    const base = { ...current };
    const taken = new Set();
    const others = [];
    for (const d of offered) {
      for (const f of d.changed) {
        if (!taken.has(f)) {
          taken.add(f);
          result[f] = d.mine[f];
          base[f] = d.base[f];
        } else if (!same(result[f], d.mine[f])) {
          others.push({ f, text: d.mine[f], savedAt: d.savedAt });
        }
      }
    }
    this.restored = offered;
    this.write(result);
    if (FIELDS.every((f) => same(base[f], current[f]))) {
      this.draftNotice(others);
      return;
    }
    // Written on an older version: the brief was saved elsewhere since.
    this.base = base;
    this.showConflict(this.brief, this.etag, { fromDraft: true, others });
  }

  // Drops every draft put back here, and this tab's.
  clearDrafts() {
    for (const d of this.restored) d.store.clear();
    this.restored = [];
    this.store.clear();
  }

  // "We put back the changes you had not saved", with a way to drop them;
  // text of other tabs for parts already put back is shown to copy.
  draftNotice(others = []) {
    const notice = h('div', { class: 'notice', role: 'status' },
      h('p', null, t('brief.draftRestored')),
      others.length ? h('details', null, h('summary', null, t('brief.draftOthers', { count: others.length })),
        others.map(({ f, text, savedAt }) => h('div', null,
          h('h3', null, t('brief.draftOtherOf', { field: fieldLabel(f), time: timeText(new Date(savedAt).toISOString()) })),
          h('div', { class: 'plain-text' }, text || t('brief.conflict.emptyText'))))) : null,
      h('button', { type: 'button', class: 'secondary', onclick: () => {
        this.write(this.base);
        this.clearDrafts();
        notice.remove();
        this.refreshStatus();
        this.requestPreview(SECTIONS);
        this.requestCheck();
        this.inputs.title.focus();
        app.announce(t('brief.draftDiscarded'));
      } }, t('brief.draftDiscard')));
    this.notices.append(notice);
  }

  // ---- Changes as the person types.
  changed(target) {
    this.refreshStatus();
    clearTimeout(this.timers.draft);
    this.timers.draft = setTimeout(() => this.keepDraftNow(), 300);
    const s = target?.dataset?.section;
    if (s) {
      this.pendingPreview = this.pendingPreview || new Set();
      this.pendingPreview.add(s);
      clearTimeout(this.timers.preview);
      this.timers.preview = setTimeout(() => {
        const list = [...this.pendingPreview];
        this.pendingPreview.clear();
        this.requestPreview(list);
      }, PREVIEW_MS);
    }
    if (target === this.inputs.title || s) {
      clearTimeout(this.timers.check);
      this.timers.check = setTimeout(() => this.requestCheck(), CHECK_MS);
    }
  }

  async requestPreview(list) {
    if (!list.length) return;
    const body = {};
    const seq = {};
    for (const s of list) {
      body[s] = this.inputs[s].value;
      this.previewSeq[s] = (this.previewSeq[s] || 0) + 1;
      seq[s] = this.previewSeq[s];
    }
    const abort = new AbortController();
    this.aborts.add(abort);
    try {
      const html = await preview(body, { signal: abort.signal });
      for (const s of list) {
        if (seq[s] !== this.previewSeq[s]) continue; // a newer one is coming
        const p = this.previews[s];
        replace(p.state);
        if (!body[s].trim()) replace(p.body, h('p', { class: 'muted', lang: currentLanguage() }, t('brief.previewEmpty')));
        else replace(p.body, sanitizeHtml(html?.[s] || ''));
      }
    } catch (err) {
      if (err.name === 'AbortError') return;
      for (const s of list) {
        if (seq[s] === this.previewSeq[s]) replace(this.previews[s].state, t('brief.previewFailed'));
      }
    } finally {
      this.aborts.delete(abort);
    }
  }

  async requestCheck() {
    const seq = ++this.checkSeq;
    const mine = this.read();
    const sections = {};
    for (const s of SECTIONS) sections[s] = mine[s];
    const abort = new AbortController();
    this.aborts.add(abort);
    try {
      const report = await api.post(`/v1/briefs/${seg(this.brief.id)}:check`, { title: mine.title, sections, language: this.language.tag() },
        { signal: abort.signal, retries: 1 });
      if (seq !== this.checkSeq) return;
      this.lastCheck = report;
      this.drawCheck(report);
    } catch (err) {
      if (err.name === 'AbortError' || seq !== this.checkSeq) return;
      this.lastCheck = null;
      replace(this.checkBody, h('p', { class: 'muted' }, t('brief.check.failed')));
    } finally {
      this.aborts.delete(abort);
    }
  }

  drawCheck(report) {
    const errors = report?.errors || [];
    const warnings = report?.warnings || [];
    const m = report?.metrics || {};
    for (const list of Object.values(this.findingLists)) {
      replace(list);
      list.hidden = true;
    }
    const item = (f, kind) => {
      const name = fieldOfFinding(f.field);
      const sentence = findingSentence(f, kind, m);
      const tag = kind === 'error' ? statusTag('error', t('brief.check.mustFix')) : statusTag('late', t('brief.check.suggestion'));
      const list = name ? this.findingLists[name] : null;
      if (list) {
        list.append(h('li', { class: `finding finding-${kind}` }, tag, ' ', sentence));
        list.hidden = false;
      }
      const target = name ? this.inputs[name] : null;
      return h('li', { class: `finding finding-${kind}` }, tag, ' ',
        target ? [h('a', { href: `#${target.id}`, onclick: (e) => {
          e.preventDefault();
          target.focus();
        } }, fieldLabel(name)), ': '] : null,
        sentence);
    };
    const summary = errors.length
      ? t('brief.check.errors', { count: errors.length })
      : t('brief.check.noErrors');
    replace(this.checkBody,
      h('p', { class: errors.length ? 'check-summary has-errors' : 'check-summary' }, summary,
        warnings.length ? ` ${t('brief.check.warnings', { count: warnings.length })}` : ''),
      errors.length ? h('ul', { class: 'findings' }, errors.map((f) => item(f, 'error'))) : null,
      warnings.length ? h('ul', { class: 'findings' }, warnings.map((f) => item(f, 'warning'))) : null,
      h('h3', null, t('brief.check.numbers')),
      h('dl', { class: 'metrics' },
        h('dt', null, t('brief.metric.summaryWords')), h('dd', null, String(m.summaryWords || 0)),
        h('dt', null, t('brief.metric.totalWords')), h('dd', null, String(m.totalWords || 0)),
        h('dt', null, t('brief.metric.sentences')), h('dd', null, String(m.sentences || 0)),
        h('dt', null, t('brief.metric.recommendations')), h('dd', null, String(m.recommendations || 0)),
        h('dt', null, t('brief.metric.actionable')), h('dd', null, String(m.recommendationsOpeningWithAction || 0)),
        h('dt', null, t('brief.metric.references')), h('dd', null, String(m.references || 0)),
        readabilityRow(m)),
      readabilityHint(m));
  }

  // ---- Saving.
  refreshStatus(state) {
    this.guidance?.refresh();
    let text;
    if (state === 'saving') text = t('brief.status.saving');
    else if (state === 'failed') text = t('brief.status.failed');
    else if (state === 'conflict') text = t('brief.status.conflict');
    else if (this.dirtyFields().length) text = t('brief.status.unsaved');
    else text = t('brief.status.saved', { time: timeText(this.brief.updateTime), revision: this.brief.revision });
    const kind = state || (this.dirtyFields().length ? 'unsaved' : 'saved');
    if (this.status === text) return;
    this.status = text;
    this.statusEl.className = `save-status save-${kind}`;
    replace(this.statusEl, text);
  }

  body(dirty) {
    const mine = this.read();
    const out = {};
    for (const f of dirty) {
      if (f === 'title' || f === 'policyQuestion') out[f] = mine[f];
      else if (f === 'language') out.language = this.language.tag();
      else (out.sections = out.sections || {})[f] = mine[f];
    }
    return out;
  }

  afterSave(brief, etag) {
    this.brief = brief;
    this.etag = etag || (brief.etag ? `"${brief.etag}"` : this.etag);
    // What was sent is now saved; anything typed meanwhile stays unsaved.
    this.base = fieldsOf(brief);
    this.language.saved(brief.language);
    this.heading.textContent = brief.title || t('brief.untitled');
    document.title = `${this.heading.textContent} – ${t('frame.product')}`;
    this.keepDraftNow();
    this.status = null;
    this.refreshStatus();
    const rev = this.element.querySelector('.revision-text');
    if (rev) rev.textContent = t('brief.revisionN', { revision: brief.revision });
  }

  // Resolves true when everything typed is saved. A save that met a newer
  // revision it could go on top of (nothing conflicting) is sent again.
  async save() {
    const ok = await this.saveOnce();
    if (!this.saveAgain) return ok;
    this.saveAgain = false;
    return this.saveOnce();
  }

  async saveOnce() {
    if (this.saving) return false;
    const dirty = this.dirtyFields();
    if (!dirty.length) {
      this.status = null;
      this.refreshStatus();
      app.announce(t('brief.nothingToSave'));
      return true;
    }
    if (!this.inputs.title.value.trim()) {
      this.refreshStatus('failed');
      this.form.showErrors([{ field: 'title', message: t('brief.find.title_empty') }]);
      return false;
    }
    if (!this.language.valid()) {
      this.refreshStatus('failed');
      this.form.showErrors([{ field: 'language', message: this.language.error() }]);
      return false;
    }
    this.saving = true;
    this.form.clearErrors();
    this.refreshStatus('saving');
    const restore = setBusy(this.saveButton);
    try {
      const { data, headers } = await request('PATCH', `/v1/briefs/${seg(this.brief.id)}`,
        { json: this.body(dirty), ifMatch: this.etag, response: true });
      this.afterSave(data, headers.get('ETag'));
      replace(this.conflictSlot);
      // A save clears the notices, but for the one saying this text went
      // on top of a newer revision: it stays once that save is made.
      replace(this.notices, this.rebasedNotice);
      this.rebasedNotice = null;
      app.announce(this.status);
      return true;
    } catch (err) {
      if (err.status === 412) {
        this.keepDraftNow();
        try {
          const fresh = await loadBrief(this.brief.id);
          this.showConflict(fresh.brief, fresh.etag, {});
        } catch (e2) {
          this.refreshStatus('failed');
          this.form.showApiError(e2);
        }
        return false;
      }
      this.keepDraftNow();
      this.refreshStatus('failed');
      this.form.showApiError(err);
      return false;
    } finally {
      this.saving = false;
      restore();
    }
  }

  // ---- The brief changed elsewhere: per field, keep mine or take theirs.
  showConflict(theirsBrief, theirsEtag, { fromDraft, others = [] }) {
    const mine = this.read();
    const theirs = fieldsOf(theirsBrief);
    const differing = FIELDS.filter((f) => !same(mine[f], theirs[f]));
    if (!differing.length) {
      // Nothing to choose: what is saved is what is typed (a save whose
      // answer was lost, or the same edit made twice).
      this.afterSave(theirsBrief, theirsEtag);
      replace(this.conflictSlot);
      this.notices.append(h('div', { class: 'notice success', role: 'status' }, h('p', null, t('brief.conflict.sameText'))));
      return;
    }
    // A part conflicts only when this tab and the other change both
    // touched it (differently); a part this tab never touched takes the
    // saved text.
    const touched = (f) => !same(mine[f], this.base[f]);
    const changedThere = FIELDS.filter((f) => !same(theirs[f], this.base[f]) && !same(mine[f], theirs[f]));
    const conflicting = changedThere.filter(touched);
    const onlyThere = changedThere.filter((f) => !touched(f));
    if (!conflicting.length) {
      // Saved elsewhere, but nothing this person changed was changed
      // there: their text goes on top of the new version.
      const result = this.read();
      for (const f of FIELDS) if (same(mine[f], this.base[f])) result[f] = theirs[f];
      this.brief = theirsBrief;
      this.etag = theirsEtag;
      this.base = theirs;
      this.write(result);
      replace(this.conflictSlot);
      if (fromDraft) this.draftNotice(others);
      else {
        this.rebasedNotice = h('div', { class: 'notice', role: 'status' },
          h('p', null, t('brief.conflict.rebased', { revision: theirsBrief.revision })));
        this.notices.append(this.rebasedNotice);
      }
      this.requestPreview(SECTIONS);
      this.requestCheck();
      if (fromDraft) this.refreshStatus();
      else if (this.saving) this.saveAgain = true; // once this save has ended
      else this.save();
      return;
    }
    const titleId = uid('conflict');
    const choices = {};
    // Parts only changed there show their saved text at once.
    const shown = this.read();
    for (const f of onlyThere) shown[f] = theirs[f];
    this.write(shown);
    const groups = conflicting.map((f) => {
      const name = `choice-${f}`;
      const keepId = uid('keep');
      const takeId = uid('take');
      const keep = h('input', { type: 'radio', id: keepId, name, value: 'mine', checked: true });
      const take = h('input', { type: 'radio', id: takeId, name, value: 'theirs' });
      choices[f] = () => (keep.checked ? 'mine' : 'theirs');
      return h('fieldset', { class: 'box conflict-field' },
        h('legend', null, fieldLabel(f)),
        h('p', { class: 'hint' }, t('brief.conflict.bothChanged')),
        sideBySide({
          caption: t('brief.conflict.compare', { field: fieldLabel(f) }),
          leftLabel: t('brief.conflict.mine'),
          rightLabel: t('brief.conflict.theirs', { revision: theirsBrief.revision }),
          left: mine[f], right: theirs[f],
        }),
        h('div', { class: 'choices-inline' },
          h('div', { class: 'choice' }, keep, h('label', { for: keepId }, t('brief.conflict.keepMine'))),
          h('div', { class: 'choice' }, take, h('label', { for: takeId }, t('brief.conflict.takeTheirs')))));
    });
    const apply = h('button', { type: 'button', class: 'primary' }, t('brief.conflict.apply'));
    const panel = h('section', { class: 'notice warning conflict', 'aria-labelledby': titleId },
      h('h2', { id: titleId, tabindex: '-1' }, t('brief.conflict.title')),
      h('p', null, fromDraft
        ? t('brief.conflict.leadDraft', { revision: theirsBrief.revision, time: timeText(theirsBrief.updateTime) })
        : t('brief.conflict.lead', { revision: theirsBrief.revision, time: timeText(theirsBrief.updateTime) })),
      h('p', null, t('brief.conflict.safe')),
      onlyThere.length ? h('p', null, t('brief.conflict.takenThere', { parts: onlyThere.map(fieldLabel).join(', ') })) : null,
      groups,
      h('div', { class: 'actions' }, apply));
    apply.addEventListener('click', async () => {
      const result = this.read();
      for (const f of FIELDS) {
        if (choices[f]) result[f] = choices[f]() === 'theirs' ? theirs[f] : mine[f];
        // Fields only changed there, that this person never touched.
        else if (same(mine[f], this.base[f])) result[f] = theirs[f];
      }
      this.brief = theirsBrief;
      this.etag = theirsEtag;
      this.base = theirs;
      this.write(result);
      replace(this.conflictSlot);
      this.requestPreview(SECTIONS);
      this.requestCheck();
      const ok = await this.save();
      if (ok) this.inputs.title.focus();
    });
    replace(this.conflictSlot, panel);
    if (others.length) this.draftNotice(others);
    this.refreshStatus('conflict');
    panel.querySelector('h2').focus();
  }

  // ---- Submitting.
  // The check's errors ({field, description}) as sentences at their
  // fields and in the summary, each linking to its field.
  showSubmitErrors(details) {
    this.form.showErrors(details.map((d) => {
      const name = fieldOfFinding(d.field);
      const known = (this.lastCheck?.errors || []).find((f) => f.field === d.field);
      const sentence = known ? findingSentence(known, 'error') : d.description;
      return {
        field: d.field,
        message: sentence,
        summary: name && !known ? t('brief.submitBlocked', { field: fieldLabel(name), sentence }) : sentence,
      };
    }));
    const title = this.form.summary.querySelector('h2');
    if (title) title.textContent = t('brief.submitBlockedTitle');
  }

  async submit() {
    replace(this.submitNotice);
    if (this.dirtyFields().length) {
      const saved = await this.save();
      if (!saved) return;
    }
    // The check first: its errors are explained without asking.
    await this.requestCheck();
    const blocking = this.lastCheck?.errors || [];
    if (blocking.length) {
      this.showSubmitErrors(blocking.map((f) => ({ field: f.field, description: f.message })));
      return;
    }
    const ok = await confirmDialog({
      title: t('brief.submitConfirmTitle'),
      body: t('brief.submitConfirmBody', { revision: this.brief.revision }),
      confirmLabel: t('brief.submitConfirm'),
    });
    if (!ok) return;
    try {
      await api.post(`/v1/briefs/${seg(this.brief.id)}:submit`, {});
      this.store.clear();
      app.flash(t('brief.submitted'));
      app.navigate(briefLink(this.brief.id), { replace: true });
    } catch (err) {
      if (err.status === 409 && err.details.length) {
        this.showSubmitErrors(err.details);
        return;
      }
      replace(this.submitNotice, errorBlock(err));
    }
  }
}

// The two whole texts of a field side by side (on a phone, one above the
// other).
function sideBySide({ caption, leftLabel, rightLabel, left, right }) {
  const text = (v) => (v ? h('div', { class: 'plain-text' }, v) : h('p', { class: 'muted' }, t('brief.conflict.emptyText')));
  return h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { class: 'side-by-side' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, leftLabel), h('th', { scope: 'col' }, rightLabel))),
      h('tbody', null, h('tr', null, h('td', null, text(left)), h('td', null, text(right))))));
}
