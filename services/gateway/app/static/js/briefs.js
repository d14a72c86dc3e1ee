// What the participant's screens share about briefs: states in words,
// the fields of a brief in order, the check's findings as sentences, who
// may edit.
import { h, seg } from './dom.js';
import { t, has, formatNumber } from './i18n.js';
import { api } from './api.js';
import { app } from './app.js';
import { statusTag } from './ui.js';

// A topic in words, from the catalogue ("social-protection" -> "Social
// protection"); a topic the catalogue does not know, from its slug. Every
// screen names topics through this.
export function topicName(slug) {
  const value = String(slug || '');
  if (!value) return '';
  const key = `brief.topic.${value}`;
  if (has(key)) return t(key);
  const words = value.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const SECTIONS = ['summary', 'problem', 'evidence', 'options', 'recommendations', 'references'];
export const REQUIRED_SECTIONS = new Set(['summary', 'problem', 'evidence', 'recommendations']);
// Title and policy question, then the sections: the order of diffs too.
export const FIELDS = ['title', 'policyQuestion', ...SECTIONS];

const STATE_KIND = {
  DRAFT: 'draft', SUBMITTED: 'submitted', IN_REVIEW: 'in-review', CHANGES_REQUESTED: 'changes',
  APPROVED: 'approved', PUBLISHED: 'published', REJECTED: 'rejected', RETRACTED: 'retracted',
  WITHDRAWN: 'withdrawn',
};

export function stateName(state) {
  return has(`brief.state.${state}`) ? t(`brief.state.${state}`) : t('brief.state.UNKNOWN');
}

// The brief's state in words (with a symbol), colour as a second signal.
export function stateTag(state) {
  return statusTag(`state-${STATE_KIND[state] || 'unknown'}`, stateName(state));
}

export function stateMeaning(state) {
  return has(`brief.stateMeans.${state}`) ? t(`brief.stateMeans.${state}`) : '';
}

export const EDITABLE = new Set(['DRAFT', 'CHANGES_REQUESTED']);

export function isAuthor(brief) {
  const me = app.user?.id;
  return !!me && (brief.authorId === me || (brief.coAuthorIds || []).includes(me));
}

// A field's name as people read it ("Key messages", "Title").
export function fieldLabel(name) {
  if (name === 'title') return t('brief.field.title');
  if (name === 'policyQuestion') return t('brief.field.policyQuestion');
  if (SECTIONS.includes(name)) return t(`section.${name}`);
  return name;
}

// "sections.summary" -> "summary"; "title" -> "title"; "sections" -> null.
export function fieldOfFinding(field) {
  if (!field) return null;
  const m = /^sections\.(\w+)$/.exec(field);
  if (m) return SECTIONS.includes(m[1]) ? m[1] : null;
  return FIELDS.includes(field) ? field : null;
}

// The readability formulas the check uses, by the names the API gives
// them; a formula the catalogue does not know goes by the API's name.
const FORMULAS = { 'Flesch reading ease': 'flesch', 'Kandel-Moles': 'kandelMoles', 'Szigriszt-Pazos (INFLESZ)': 'inflesz' };

export function formulaName(formula) {
  const key = FORMULAS[formula];
  return key ? t(`brief.formula.${key}`) : String(formula || t('brief.formula.unknown'));
}

const score = (value) => formatNumber(Math.round(Number(value || 0) * 10) / 10);

// The check's readability: a row of a metrics <dl> ("Readability
// (Kandel-Moles)", 72.4) when the language is scored (null when not), and
// a hint saying how to read the score, or that the language is not scored.
export function readabilityRow(m) {
  if (!m?.formula) return null;
  return [h('dt', null, t('brief.metric.readabilityBy', { formula: formulaName(m.formula) })),
    h('dd', null, (m.totalWords || 0) ? score(m.readability) : '—')];
}

export function readabilityHint(m) {
  if (!m?.formula) {
    const note = m?.language ? t('brief.metric.notScored', { language: m.language }) : m?.readabilityNote;
    return note ? h('p', { class: 'hint readability-note' }, note) : null;
  }
  const key = FORMULAS[m.formula];
  return h('p', { class: 'hint' }, key ? t(`brief.formulaHint.${key}`) : t('brief.formulaHint.other'));
}

// One finding of the brief check as a sentence in the reader's language;
// an unknown one in the service's words. `metrics`, the report's, names
// the readability formula.
export function findingSentence(f, kind, metrics) {
  const name = fieldOfFinding(f.field);
  const section = name ? fieldLabel(name) : '';
  const value = Number(f.value || 0);
  const threshold = Number(f.threshold || 0);
  switch (f.code) {
    case 'title_empty':
      return t('brief.find.title_empty');
    case 'section_empty':
      return kind === 'error' ? t('brief.find.section_empty_required', { section })
        : t('brief.find.section_empty_optional', { section });
    case 'summary_too_long':
      return t('brief.find.summary_too_long', { count: value, threshold: formatNumber(threshold) });
    case 'brief_too_long':
      return t('brief.find.brief_too_long', { count: value, threshold: formatNumber(threshold) });
    case 'too_few_recommendations':
      return t('brief.find.too_few_recommendations', { count: value, threshold: formatNumber(threshold) });
    case 'too_many_recommendations':
      return t('brief.find.too_many_recommendations', { count: value, threshold: formatNumber(threshold) });
    case 'recommendations_not_actionable':
      return t('brief.find.recommendations_not_actionable', { count: value });
    case 'too_few_references':
      return t('brief.find.too_few_references', { count: value, threshold: formatNumber(threshold) });
    case 'hard_to_read':
      return t('brief.find.hard_to_read', { formula: formulaName(metrics?.formula), value: score(value), threshold: formatNumber(threshold) });
    default:
      return f.message || f.code;
  }
}

// The brief with the ETag of its current revision (the header).
export async function loadBrief(id) {
  const { data, headers } = await api.get(`/v1/briefs/${seg(id)}`, { response: true });
  return { brief: data, etag: headers.get('ETag') || (data.etag ? `"${data.etag}"` : '') };
}

export function briefLink(id, rest = '') {
  return `/app/briefs/${seg(id)}${rest}`;
}

// The links between a brief's screens: editor, history, reviews.
export function briefNav(id, current) {
  const item = (key, href, label) => h('li', null,
    h('a', { href, 'aria-current': key === current ? 'page' : null }, label));
  return h('nav', { class: 'brief-nav', 'aria-label': t('brief.nav.label') },
    h('ul', null,
      item('brief', briefLink(id), t('brief.nav.brief')),
      item('revisions', briefLink(id, '/revisions'), t('brief.nav.revisions')),
      item('reviews', briefLink(id, '/reviews'), t('brief.nav.reviews'))));
}

// Who made a revision, as far as the person may know.
export function whoName(userId) {
  if (userId && userId === app.user?.id) return t('brief.byYou');
  return userId ? t('brief.byCoAuthor') : t('brief.byUnknown');
}
