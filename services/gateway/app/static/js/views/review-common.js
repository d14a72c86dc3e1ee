// What the expert's and the editor's screens share: held tasks and their
// claim tokens, the lease in words, brief and review statuses in words, the
// brief check report, a brief rendered like its published page, and lists
// read page by page.
import { h, seg } from '../dom.js';
import { t, has, formatDateTime, formatNumber } from '../i18n.js';
import { api } from '../api.js';
import { statusTag } from '../ui.js';
import { sanitizeHtml } from '../sanitize.js';
import { topicName, formulaName, readabilityRow, readabilityHint } from '../briefs.js';

export const SECTIONS = ['summary', 'problem', 'evidence', 'options', 'recommendations', 'references'];

// Every page of a list route: GET path?pageToken=… until the last page.
export async function listAll(path, key, query = {}, { max = 1000 } = {}) {
  const items = [];
  let pageToken;
  do {
    const page = await api.get(path, { query: { ...query, pageSize: 100, pageToken } });
    items.push(...(page?.[key] || []));
    pageToken = page?.nextPageToken;
  } while (pageToken && items.length < max);
  return items;
}

// --- Claims. The claim's answer carries the claim token; GET /v1/reviews
// gives it again for tasks the caller holds now. The copy kept here (for
// this tab) is a fallback only.
const CLAIMS_KEY = 'briefdesk.claims';

// `threads`: the claim's, the expert's earlier comments on the brief.
export function rememberClaim(task, threads) {
  try {
    const all = JSON.parse(sessionStorage.getItem(CLAIMS_KEY) || '{}');
    all[task.id] = { claimToken: task.claimToken, leaseExpireTime: task.leaseExpireTime, threads };
    sessionStorage.setItem(CLAIMS_KEY, JSON.stringify(all));
  } catch {
    // Storage disabled: GET /v1/reviews still has it.
  }
}

export function rememberedClaim(taskId) {
  try {
    return JSON.parse(sessionStorage.getItem(CLAIMS_KEY) || '{}')[taskId] || null;
  } catch {
    return null;
  }
}

// The tasks the caller holds now (they carry claimToken and
// leaseExpireTime), soonest to expire first.
export async function heldTasks() {
  const tasks = await listAll('/v1/reviews', 'tasks', { state: 'CLAIMED' });
  return tasks.filter((task) => task.claimToken || task.leaseExpireTime)
    .sort((a, b) => String(a.leaseExpireTime).localeCompare(String(b.leaseExpireTime)));
}

// "47 minutes left", "40 seconds left", "Time is up".
export function timeLeftWords(expireTime, now = Date.now()) {
  const ms = new Date(expireTime).getTime() - now;
  if (Number.isNaN(ms)) return '';
  if (ms <= 0) return t('review.lease.ended');
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 120) return t('review.lease.seconds', { count: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return t('review.lease.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  return t('review.lease.hours', { count: hours, minutes: minutes % 60 });
}

export function leaseLeft(expireTime) {
  if (!expireTime) return '';
  return t('review.lease.leftUntil', { left: timeLeftWords(expireTime), time: formatDateTime(expireTime) });
}

// "3 hours", "2 days": how long the oldest brief has waited.
export function ageInWords(seconds) {
  if (seconds < 3600) return t('queue.age.minutes', { count: Math.max(1, Math.round(seconds / 60)) });
  if (seconds < 2 * 86400) return t('queue.age.hours', { count: Math.round(seconds / 3600) });
  return t('queue.age.days', { count: Math.round(seconds / 86400) });
}

// --- Statuses in words (colour repeats them).
const BRIEF_KIND = {
  DRAFT: 'neutral', SUBMITTED: 'pending', IN_REVIEW: 'pending', CHANGES_REQUESTED: 'late',
  APPROVED: 'on-time', REJECTED: 'missing', PUBLISHED: 'accepted', RETRACTED: 'missing', WITHDRAWN: 'neutral',
};
export function briefStateTag(state) {
  const key = `review.briefState.${state}`;
  return statusTag(BRIEF_KIND[state] || 'neutral', has(key) ? t(key) : String(state || ''));
}

const TASK_KIND = { QUEUED: 'upcoming', CLAIMED: 'pending', DONE: 'accepted', CANCELLED: 'neutral' };
export function taskStateTag(state) {
  const key = `myReviews.taskState.${state}`;
  return statusTag(TASK_KIND[state] || 'neutral', has(key) ? t(key) : String(state || ''));
}

const DECISION_KIND = { APPROVE: 'on-time', REQUEST_CHANGES: 'late', REJECT: 'missing' };
export function decisionTag(decision) {
  const key = `review.decision.${decision}`;
  return statusTag(DECISION_KIND[decision] || 'neutral', has(key) ? t(key) : String(decision || ''));
}

export function sectionName(section) {
  return SECTIONS.includes(section) ? t(`section.${section}`) : String(section || '');
}

// --- The brief check, in words.
function findingText(f, m) {
  const key = `review.check.code.${f.code}`;
  const where = f.field?.startsWith('sections.') ? sectionName(f.field.slice(9)) : '';
  if (has(key)) {
    return t(key, { value: formatNumber(Math.round((f.value || 0) * 10) / 10), threshold: formatNumber(f.threshold || 0), section: where,
      formula: formulaName(m?.formula) });
  }
  return where ? `${where}: ${f.message}` : f.message;
}

export function checkReport(report) {
  const errors = report?.errors || [];
  const warnings = report?.warnings || [];
  const m = report?.metrics || {};
  const metric = (label, value) => [h('dt', null, label), h('dd', null, value)];
  return h('div', { class: 'check-report' },
    h('p', null, errors.length || warnings.length
      ? t('review.check.found', { errors: errors.length, warnings: warnings.length })
      : t('review.check.clean')),
    errors.length ? [
      h('h3', null, t('review.check.errorsTitle', { count: errors.length })),
      h('ul', { class: 'findings' }, errors.map((f) => h('li', null, statusTag('error', t('review.check.error')), ' ', findingText(f, m)))),
    ] : null,
    warnings.length ? [
      h('h3', null, t('review.check.warningsTitle', { count: warnings.length })),
      h('ul', { class: 'findings' }, warnings.map((f) => h('li', null, statusTag('late', t('review.check.warning')), ' ', findingText(f, m)))),
    ] : null,
    h('h3', null, t('review.check.metricsTitle')),
    h('dl', { class: 'details' },
      metric(t('review.check.summaryWords'), formatNumber(m.summaryWords || 0)),
      metric(t('review.check.totalWords'), formatNumber(m.totalWords || 0)),
      metric(t('review.check.sentences'), formatNumber(m.sentences || 0)),
      metric(t('review.check.recommendations'), t('review.check.recommendationsValue', {
        count: m.recommendations || 0, action: m.recommendationsOpeningWithAction || 0 })),
      metric(t('review.check.references'), formatNumber(m.references || 0)),
      readabilityRow(m)),
    readabilityHint(m));
}

// --- A brief rendered as its published page shows it: the sections'
// Markdown through POST /v1/briefs:preview (the published page's renderer),
// the HTML through the allow-list sanitizer. `sectionEl(name, body)` may
// wrap each section (the review screen adds its comment button).
export async function renderSections(sections) {
  const given = {};
  for (const s of SECTIONS) given[s] = sections?.[s] || '';
  const html = await api.post('/v1/briefs:preview', given);
  const out = {};
  for (const s of SECTIONS) out[s] = sanitizeHtml(html?.[s] || '');
  return out;
}

// The headings inside a section (cmark's, moved two levels down: "###"
// is an h5) start one level below the section's own heading here, so that
// the page's outline has no gap; they look the same.
function relevel(fragment, below) {
  const headings = [...fragment.querySelectorAll('h3, h4, h5, h6')];
  if (!headings.length) return;
  const top = Math.min(...headings.map((el) => Number(el.tagName[1])));
  const shift = below + 1 - top;
  if (shift >= 0) return;
  for (const el of headings) {
    const moved = document.createElement(`h${Math.min(6, Math.max(below + 1, Number(el.tagName[1]) + shift))}`);
    moved.append(...el.childNodes);
    el.replaceWith(moved);
  }
}

export async function publishedPage(brief, { sectionExtra, headingLevel = 2, titleLevel, showEmpty = false, authors = [] } = {}) {
  const rendered = await renderSections(brief.sections);
  for (const s of SECTIONS) relevel(rendered[s], headingLevel);
  const hTag = `h${headingLevel}`;
  const byline = [authors.length ? t('editorDesk.page.by', { names: authors.join(', ') }) : null,
    brief.topic ? t('editorDesk.page.topic', { topic: topicName(brief.topic) }) : null,
    brief.country || null,
    brief.constituency && brief.constituency !== 'CONSTITUENCY_UNSPECIFIED' && has(`constituency.${brief.constituency}`) ? t(`constituency.${brief.constituency}`) : null,
    brief.cohort || null].filter(Boolean).join(' · ');
  return h('article', { class: 'published-page' },
    titleLevel ? h(`h${titleLevel}`, { class: 'published-title' }, brief.title || t('review.untitled')) : null,
    byline ? h('p', { class: 'published-byline' }, byline) : null,
    brief.policyQuestion
      ? h('p', { class: 'published-question' }, h('strong', null, t('editorDesk.page.question')), ' ', brief.policyQuestion)
      : null,
    SECTIONS.map((s) => {
      const text = brief.sections?.[s] || '';
      const empty = !text.trim();
      // The published page leaves empty sections out; a reviewer sees them.
      if (empty && !showEmpty) return null;
      const body = h('div', { class: 'published-body', dataset: { section: s } }, empty ? null : rendered[s]);
      return h('section', { class: 'published-section', dataset: { sectionName: s } },
        h(hTag, null, sectionName(s)),
        empty ? h('p', { class: 'muted' }, t('review.sectionEmpty')) : body,
        sectionExtra ? sectionExtra(s, body, empty) : null);
    }));
}

export function briefLink(id) {
  return `/app/publishing/${seg(id)}`;
}
