// Revision history (/app/briefs/{id}/revisions): every saved revision,
// and what changed between any two of them (?from=&to=), field by field,
// side by side.
import { h, append, replace, seg, uid } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink, table, scrollTable } from '../ui.js';
import { loadBrief, briefLink, briefNav, whoName, stateTag } from '../briefs.js';
import { diffView } from '../diffview.js';

export default async function render({ view, params, query }) {
  const heading = h('h1', null, t('revisions.title'));
  const slot = h('div', null, loading());
  append(view, backLink(briefLink(params.id), t('revisions.back')), heading, slot);
  let brief;
  let revisions;
  try {
    [{ brief }, revisions] = await Promise.all([loadBrief(params.id), loadRevisions(params.id)]);
  } catch (err) {
    replace(slot, errorBlock(err));
    return;
  }
  heading.textContent = t('revisions.titleOf', { title: brief.title || t('brief.untitled') });
  document.title = `${heading.textContent} – ${t('frame.product')}`;
  const numbers = revisions.map((r) => r.number);
  const latest = numbers.length ? Math.max(...numbers) : brief.revision;
  const pick = (name, fallback) => {
    const n = Number(query.get(name));
    return numbers.includes(n) ? n : fallback;
  };
  const to = pick('to', latest);
  const from = pick('from', numbers.filter((n) => n < to).pop() ?? to);
  const diffSlot = h('div');
  replace(slot,
    h('p', null, stateTag(brief.state), ' ', t('revisions.lead', { count: revisions.length })),
    briefNav(brief.id, 'revisions'),
    h('h2', null, t('revisions.listTitle')),
    revisionsTable(brief, revisions, to),
    h('h2', { id: 'compare' }, t('revisions.compareTitle')),
    compareForm(brief, revisions, from, to),
    diffSlot);
  if (revisions.length > 1 && from !== to) await drawDiff(diffSlot, brief.id, from, to);
  else replace(diffSlot, h('p', null, revisions.length > 1 ? t('revisions.sameRevision') : t('revisions.onlyOne')));
  // Asked for a comparison (the form, a "What changed" link): there.
  if (location.hash === '#compare') {
    const target = document.getElementById('compare');
    target?.setAttribute('tabindex', '-1');
    target?.focus();
  }
}

async function loadRevisions(id) {
  const all = [];
  let token = '';
  do {
    const page = await api.get(`/v1/briefs/${seg(id)}/revisions`, { query: { pageSize: 100, pageToken: token } });
    all.push(...(page?.revisions || []));
    token = page?.nextPageToken || '';
  } while (token && all.length < 2000);
  return all;
}

function compareLink(id, from, to) {
  return `${briefLink(id, '/revisions')}?from=${from}&to=${to}#compare`;
}

function revisionsTable(brief, revisions, to) {
  const newestFirst = [...revisions].sort((a, b) => b.number - a.number);
  const rows = newestFirst.map((r, i) => {
    const previous = newestFirst[i + 1];
    return h('tr', null,
      h('th', { scope: 'row' }, t('revisions.number', { number: r.number }),
        r.number === brief.revision ? h('span', { class: 'muted' }, ` ${t('revisions.current')}`) : null),
      h('td', null, formatDateTime(r.createTime)),
      h('td', null, whoName(r.authorId)),
      h('td', null, h('ul', { class: 'cell-links' },
        h('li', null, h('a', { href: briefLink(brief.id, `/revisions/${r.number}`), 'aria-label': t('revisions.readNamed', { number: r.number }) }, t('revisions.read'))),
        previous ? h('li', null, h('a', {
          href: compareLink(brief.id, previous.number, r.number),
          'aria-label': t('revisions.changesNamed', { number: r.number, previous: previous.number }),
          'aria-current': r.number === to ? 'true' : null,
        }, t('revisions.changes'))) : null)));
  });
  return scrollTable(table({
    caption: t('revisions.caption'), captionHidden: true,
    head: [t('revisions.colRevision'), t('revisions.colSaved'), t('revisions.colBy'), t('revisions.colActions')],
    rows,
  }), t('revisions.caption'));
}

function compareForm(brief, revisions, from, to) {
  const options = (selected) => [...revisions].sort((a, b) => a.number - b.number).map((r) =>
    h('option', { value: String(r.number), selected: r.number === selected },
      t('revisions.option', { number: r.number, time: formatDateTime(r.createTime) })));
  const fromId = uid('from');
  const toId = uid('to');
  const fromSel = h('select', { id: fromId, name: 'from' }, options(from));
  const toSel = h('select', { id: toId, name: 'to' }, options(to));
  const formEl = h('form', { class: 'compare-form', novalidate: true },
    h('p', { class: 'hint' }, t('revisions.compareHint')),
    h('div', { class: 'inline-fields' },
      h('div', { class: 'field' }, h('label', { for: fromId }, t('revisions.from')), fromSel),
      h('div', { class: 'field' }, h('label', { for: toId }, t('revisions.to')), toSel)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('revisions.show'))));
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    app.navigate(compareLink(brief.id, fromSel.value, toSel.value));
  });
  return formEl;
}

async function drawDiff(slot, id, from, to) {
  replace(slot, loading());
  try {
    const diff = await api.get(`/v1/briefs/${seg(id)}/diff`, { query: { from, to } });
    const fromLabel = t('revisions.number', { number: from });
    const toLabel = t('revisions.number', { number: to });
    replace(slot,
      h('p', { class: 'lead' }, t('revisions.comparing', { from, to })),
      diffView(diff, { fromLabel, toLabel, headingLevel: 3 }));
  } catch (err) {
    replace(slot, errorBlock(err, () => drawDiff(slot, id, from, to)));
  }
}
