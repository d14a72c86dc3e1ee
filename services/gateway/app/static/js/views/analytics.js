// What the trainings achieved, for organizers and admins: one course's
// figures (/app/courses/{id}/analytics) or their courses' together
// (/app/analytics, ?fromYear=&toYear= on the courses' end dates). Labelled
// numbers, small charts (charts.js) each with a table of the same figures,
// and the CSV the API gives.
import { h, append, replace, seg, uid } from '../dom.js';
import { t, has, formatNumber, currentLanguage } from '../i18n.js';
import { api, request } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink, saveFile } from '../ui.js';
import { actionButton } from '../forms.js';
import { barChart } from '../charts.js';
import { word } from './followup-common.js';

const YEAR = /^\d{4}$/;

export default async function render({ view, params, query }) {
  const one = !!params.id;
  const path = one ? `/v1/courses/${seg(params.id)}/analytics` : '/v1/analytics';
  const years = {
    fromYear: YEAR.test(query.get('fromYear') || '') ? query.get('fromYear') : '',
    toYear: YEAR.test(query.get('toYear') || '') ? query.get('toYear') : '',
  };
  const heading = h('h1', null, one ? t('analytics.titleCourse') : app.hasRole('ADMIN') ? t('analytics.titleAll') : t('analytics.titleMine'));
  const slot = h('div', null, loading());
  const said = h('div', { role: 'status' });
  const download = actionButton(t('analytics.download'), t('progress.downloading'), async () => {
    replace(said);
    try {
      const csv = await request('GET', path, { accept: 'text/csv', query: one ? null : years });
      saveFile(csv, one ? 'course-analytics.csv' : 'analytics.csv');
    } catch (err) {
      replace(said, errorBlock(err));
    }
  }, { class: 'secondary' });
  append(view,
    one ? backLink(`/app/courses/${seg(params.id)}`, t('members.backToCourse')) : null,
    heading,
    h('p', { class: 'lead' }, one ? t('analytics.leadCourse') : t('analytics.leadAcross')),
    one ? null : yearForm(years),
    h('div', { class: 'actions' }, download), said,
    slot);
  try {
    const [a, course] = await Promise.all([
      api.get(path, { query: one ? null : years }),
      one ? api.get(`/v1/courses/${seg(params.id)}`) : null,
    ]);
    if (course) {
      heading.textContent = t('analytics.titleOf', { title: course.title });
      document.title = `${heading.textContent} – ${t('frame.product')}`;
    }
    replace(slot, figures(a || {}, one));
  } catch (err) {
    replace(slot, errorBlock(err));
  }
}

function yearForm(years) {
  const from = uid('f');
  const to = uid('f');
  const input = (id, name, value) => h('input', { id, name, type: 'number', inputmode: 'numeric', min: 2000, max: 2100, step: 1, value });
  const fromInput = input(from, 'fromYear', years.fromYear);
  const toInput = input(to, 'toYear', years.toYear);
  const formEl = h('form', { class: 'year-filter', 'aria-label': t('analytics.years') },
    h('p', { class: 'hint' }, t('analytics.yearsHint')),
    h('div', { class: 'inline-fields' },
      h('div', { class: 'field' }, h('label', { for: from }, t('analytics.fromYear')), fromInput),
      h('div', { class: 'field' }, h('label', { for: to }, t('analytics.toYear')), toInput),
      h('div', { class: 'field year-button' }, h('button', { type: 'submit', class: 'secondary' }, t('analytics.show')))));
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (YEAR.test(fromInput.value)) q.set('fromYear', fromInput.value);
    if (YEAR.test(toInput.value)) q.set('toYear', toInput.value);
    const qs = q.toString();
    app.navigate(qs ? `/app/analytics?${qs}` : '/app/analytics');
  });
  return formEl;
}

const n = (v, digits = 0) => formatNumber(Number((Number(v) || 0).toFixed(digits)));
const percent = (v) => t('analytics.percent', { value: Math.round((Number(v) || 0) * 100) });

function figureList(pairs) {
  return h('dl', { class: 'details figures' }, pairs.filter(Boolean).map(([label, value]) => [h('dt', null, label), h('dd', null, value)]));
}

function days(d) {
  if (!d?.count) return t('analytics.noBriefs');
  return t('analytics.days', { median: n(d.median, 1), mean: n(d.mean, 1), count: d.count });
}

function keyLabel(group, key) {
  if (!key || key === 'CONSTITUENCY_UNSPECIFIED') return t('analytics.notGiven');
  if (group === 'constituency') return has(`constituency.${key}`) ? t(`constituency.${key}`) : key;
  if (group === 'country' && /^[A-Z]{2}$/.test(key)) {
    try {
      const name = new Intl.DisplayNames([currentLanguage()], { type: 'region' }).of(key);
      return name && name !== key ? `${name} (${key})` : key;
    } catch {
      return key;
    }
  }
  return word('outcome.kind', key);
}

function countChart(title, group, counts, head) {
  return barChart({
    title, groupHead: head, series: [t('analytics.outcomesSeries')], format: (v) => n(v),
    groups: (counts || []).map((c) => ({ label: keyLabel(group, c.key), values: [c.count || 0] })),
  });
}

function figures(a, one) {
  const participants = a.participants || 0;
  const agreement = a.reviewerAgreement || {};
  const modules = a.modules || [];
  const rounds = a.scoresByRound || [];
  return [
    h('section', { 'aria-labelledby': 'an-briefs' },
      h('h2', { id: 'an-briefs' }, t('analytics.briefsTitle')),
      figureList([
        one ? null : [t('analytics.courses'), n(a.courses)],
        [t('analytics.participants'), n(participants)],
        [t('analytics.briefsSubmitted'), n(a.briefsSubmitted)],
        [t('analytics.briefsPublished'), n(a.briefsPublished)],
        [t('analytics.publicationRate'), percent(a.publicationRate)],
        [t('analytics.daysToSubmission'), days(a.daysToSubmission)],
        [t('analytics.daysToPublication'), days(a.daysToPublication)],
      ]),
      barChart({
        title: t('analytics.milestonesChart'), groupHead: t('analytics.module'),
        series: [t('analytics.onTime'), t('analytics.missing'), t('analytics.upcoming')], format: (v) => n(v),
        groups: modules.map((m) => ({ label: t('progress.moduleHead', { number: m.number }), values: [m.onTime || 0, m.missing || 0, m.upcoming || 0] })),
      }),
      h('p', { class: 'hint' }, t('analytics.milestonesHint'))),
    h('section', { 'aria-labelledby': 'an-reviews' },
      h('h2', { id: 'an-reviews' }, t('analytics.reviewsTitle')),
      figureList([
        [t('analytics.meanRounds'), n(a.meanRounds, 2)],
        [t('analytics.sharedRounds'), n(agreement.rounds)],
        [t('analytics.sameDecision'), agreement.rounds
          ? t('analytics.ofRounds', { count: n(agreement.sameDecision), total: n(agreement.rounds) }) : '—'],
        [t('analytics.spread'), agreement.rounds ? n(agreement.meanScoreSpread, 2) : '—'],
      ]),
      barChart({
        title: t('analytics.scoresChart'), groupHead: t('analytics.round'), max: 5, format: (v) => n(v, 2),
        series: ['evidence', 'clarity', 'actionability', 'relevance', 'overall'].map((k) => t(`analytics.score.${k}`)),
        groups: rounds.map((r) => ({ label: t('analytics.roundOf', { round: r.round, count: r.reviews || 0 }),
          values: [r.evidence, r.clarity, r.actionability, r.relevance, r.overall].map((v) => v || 0) })),
      })),
    h('section', { 'aria-labelledby': 'an-after' },
      h('h2', { id: 'an-after' }, t('analytics.afterTitle')),
      figureList([
        [t('analytics.agreementsFilled'), t('analytics.ofParticipants', { count: n(a.agreementsFilled), total: n(participants) })],
        [t('analytics.followUpsDue'), n(a.followUpsDue)],
        [t('analytics.followUpsHeld'), n(a.followUpsHeld)],
        [t('analytics.followUpsHeldOnTime'), n(a.followUpsHeldOnTime)],
        [t('analytics.followUpsMissed'), n(a.followUpsMissed)],
        [t('analytics.outcomes'), n(a.outcomes)],
        [t('analytics.outcomesVerified'), n(a.outcomesVerified)],
      ]),
      countChart(t('analytics.byKind'), 'kind', a.outcomesByKind, t('analytics.kind')),
      countChart(t('analytics.byConstituency'), 'constituency', a.outcomesByConstituency, t('analytics.constituency')),
      countChart(t('analytics.byCountry'), 'country', a.outcomesByCountry, t('analytics.country'))),
  ];
}
