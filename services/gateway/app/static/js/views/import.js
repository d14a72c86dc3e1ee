// Enrol people from a spreadsheet (CSV): check the file first
// (validateOnly), show what each row would do, then apply it.
import { h, append, replace, seg } from '../dom.js';
import { t } from '../i18n.js';
import { request, ApiError } from '../api.js';
import { backLink, table, scrollTable, statusTag, errorBlock } from '../ui.js';
import { Form, field, submitButton, actionButton } from '../forms.js';

const OUTCOME_KIND = { CREATED: 'created', UPDATED: 'updated', UNCHANGED: 'unchanged', ERROR: 'error' };

export default function render({ view, params }) {
  const base = `/v1/courses/${seg(params.id)}`;
  const appBase = `/app/courses/${seg(params.id)}`;
  const formEl = h('form', { novalidate: true });
  const form = new Form(formEl);
  const file = form.add(field({ name: 'csv', label: t('import.file'), hint: t('import.fileHint'), type: 'file', required: true, accept: '.csv,text/csv' }));
  const button = submitButton(t('import.check'));
  const results = h('div');
  append(formEl, file, h('div', { class: 'actions' }, button));
  append(view, backLink(`${appBase}/members`, t('import.back')),
    h('h1', null, t('import.title')),
    h('p', { class: 'lead' }, t('import.lead')),
    h('h2', null, t('import.formatTitle')),
    h('p', null, t('import.formatText')),
    h('ul', null,
      h('li', null, t('import.colRequired')),
      h('li', null, t('import.colOptional')),
      h('li', null, t('import.colRole')),
      h('li', null, t('import.colConstituency')),
      h('li', null, t('import.colExpertise'))),
    h('p', null, t('import.example')),
    h('pre', { class: 'panel' }, 'name,email,role,organization,constituency,country,expertise\nAna Pérez,ana.perez@example.org,participant,Ministry of Labour,GOVERNMENT,Peru,\nKwame Mensah,k.mensah@example.org,expert,ILO,,Ghana,social-protection;wages'),
    h('h2', null, t('import.chooseTitle')),
    formEl, results);

  let text = null;
  file.control.addEventListener('change', () => {
    text = null;
    replace(results);
  });

  form.onSubmit(button, t('import.checking'), async () => {
    form.clearErrors();
    replace(results);
    const chosen = file.control.files?.[0];
    if (!chosen) {
      form.showErrors([{ field: 'csv', message: t('import.noFile') }]);
      return;
    }
    if (chosen.size > 1024 * 1024) {
      form.showErrors([{ field: 'csv', message: t('import.tooBig') }]);
      return;
    }
    text = await chosen.text();
    const outcome = await send(base, text, true);
    if (outcome.fileError) {
      form.showApiError(outcome.fileError);
      return;
    }
    drawResults(results, outcome, true, chosen.name, async () => {
      const applied = await send(base, text, false);
      if (applied.fileError) {
        replace(results, errorBlock(applied.fileError));
        return;
      }
      drawResults(results, applied, false, chosen.name, null, appBase);
    }, appBase);
  });
}

// POST the file; a 400 with per-row results is an answer, not a failure.
async function send(base, text, validateOnly) {
  try {
    const data = await request('POST', `${base}/members:import`, {
      text, contentType: 'text/csv; charset=utf-8', query: validateOnly ? { validateOnly: true } : undefined,
    });
    return { data, ok: true };
  } catch (err) {
    if (err instanceof ApiError && err.status === 400 && Array.isArray(err.body?.results) && err.body.results.length) {
      return { data: err.body, ok: false };
    }
    if (err instanceof ApiError && (err.status === 400 || err.status === 413 || err.status === 415)) return { fileError: err };
    throw err;
  }
}

function drawResults(slot, { data, ok }, dryRun, fileName, apply, appBase) {
  const rows = data.results || [];
  const errors = rows.filter((r) => r.outcome === 'ERROR').length;
  const heading = h('h2', { tabindex: '-1' }, dryRun ? t('import.checkedTitle', { file: fileName }) : t('import.doneTitle'));
  const counts = (prefix) => h('ul', null, ['created', 'updated', 'unchanged'].map((k) =>
    h('li', null, t(`${prefix}.${k}`, { count: data[k] || 0 }))));
  const summary = dryRun
    ? (ok ? [t('import.willDo'), counts('import.will')] : t('import.rowsWrong', { count: errors }))
    : [t('import.done'), counts('import.did')];
  const tableEl = table({
    caption: t('import.resultsCaption'),
    head: [t('import.row'), t('import.email'), t('import.outcome'), t('import.problem')],
    rows: rows.map((r) => h('tr', null,
      h('td', null, String(r.row)),
      h('th', { scope: 'row' }, r.email || '—'),
      h('td', null, statusTag(OUTCOME_KIND[r.outcome] || 'neutral', t(`import.outcome.${dryRun ? 'will.' : ''}${OUTCOME_KIND[r.outcome] ? r.outcome : 'ERROR'}`))),
      h('td', null, r.outcome === 'ERROR'
        ? [r.column && !(r.error || '').startsWith(r.column) ? h('strong', null, t('import.column', { column: r.column })) : null, ' ', r.error || '']
        : '—'))),
  });
  const next = [];
  if (dryRun && ok) {
    const total = (data.created || 0) + (data.updated || 0);
    next.push(h('p', null, t('import.nothingYet')));
    next.push(h('div', { class: 'actions' },
      actionButton(t('import.apply', { count: total + (data.unchanged || 0) }), t('import.applying'), async () => {
        try {
          await apply();
        } catch (err) {
          slot.append(errorBlock(err));
        }
      }, { class: 'primary' })));
  } else if (dryRun) {
    next.push(h('p', { class: 'notice error' }, t('import.fixAndRetry')));
  } else {
    next.push(h('p', null, h('a', { href: `${appBase}/members` }, t('import.seeMembers'))));
  }
  replace(slot, heading, h('div', { class: dryRun && !ok ? null : 'notice success', role: 'status' }, summary),
    scrollTable(tableEl, t('import.resultsCaption')), next);
  heading.focus();
}
