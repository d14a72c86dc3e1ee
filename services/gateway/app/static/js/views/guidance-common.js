// What the screens of guidance while drafting share: a request's state in
// words, the sections it asks about, who answered, and (for the expert)
// the claim's material kept for this tab.
import { h } from '../dom.js';
import { t, has } from '../i18n.js';
import { statusTag } from '../ui.js';
import { sectionName } from './review-common.js';

const KIND = { OPEN: 'upcoming', CLAIMED: 'pending', ANSWERED: 'on-time', CANCELLED: 'neutral' };

// The state as the authors read it ("Waiting for an expert"), or as the
// expert does (`mine`: "You are answering it").
export function feedbackStateTag(state, { mine = false } = {}) {
  const key = `guidance.${mine ? 'mine.state' : 'state'}.${state}`;
  return statusTag(KIND[state] || 'neutral', has(key) ? t(key) : String(state || ''));
}

// "The problem, Evidence", or "The whole brief".
export function sectionsAsked(sections) {
  return sections?.length ? sections.map(sectionName).join(', ') : t('guidance.wholeBrief');
}

// The question, as asked.
export function questionBlock(question) {
  return h('div', { class: 'question' },
    h('p', { class: 'label' }, t('guidance.questionLabel')),
    h('p', { class: 'plain-text question-text' }, question || ''));
}

// --- The claim's answer carries the brief at the request's revision, its
// check and the expert's earlier threads; the expert may not read the
// brief otherwise until they have commented on it, so this tab keeps them
// (sessionStorage) while the request is held.
const KEY = 'briefdesk.feedbackClaims';

function all() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || '{}') || {};
  } catch {
    return {};
  }
}

export function rememberFeedbackClaim(claim) {
  try {
    const kept = all();
    kept[claim.request.id] = { brief: claim.brief, check: claim.check, threads: claim.threads || [], at: Date.now() };
    // The most recent few: an expert holds three at most.
    const ids = Object.keys(kept).sort((a, b) => kept[b].at - kept[a].at);
    for (const id of ids.slice(6)) delete kept[id];
    sessionStorage.setItem(KEY, JSON.stringify(kept));
  } catch {
    // Storage full or disabled: the screen says what it cannot show.
  }
}

export function rememberedFeedbackClaim(id) {
  return all()[id] || null;
}

export function forgetFeedbackClaim(id) {
  try {
    const kept = all();
    delete kept[id];
    sessionStorage.setItem(KEY, JSON.stringify(kept));
  } catch {
    // Nothing kept.
  }
}
