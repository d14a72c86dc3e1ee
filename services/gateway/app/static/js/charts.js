// Small bar charts as inline SVG, readable without colour: every bar
// carries its value (and, with several series, the series' name) as text;
// series differ by pattern as well as by colour; the picture is one image
// named by a sentence of all its figures (role="img", aria-label); and the
// same figures follow as a table.
import { h, uid } from './dom.js';
import { t } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 400;
const BAR = 16;
const LABEL = 20;
const GAP = 12;
// Room after the longest bar for its value text.
const TEXT_ROOM = 170;

function s(tag, attrs, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

// One pattern per series (solid, hatched, dotted, crossed, striped), its
// colour from the stylesheet (chart-s0 … chart-s4).
function pattern(id, i) {
  const k = i % 5;
  const p = s('pattern', { id, patternUnits: 'userSpaceOnUse', width: 6, height: 6 });
  p.append(s('rect', { width: 6, height: 6, class: `chart-bg chart-s${k}` }));
  if (k === 1) p.append(s('path', { d: 'M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5', class: 'chart-ink' }));
  if (k === 2) p.append(s('circle', { cx: 3, cy: 3, r: 1.4, class: 'chart-dot' }));
  if (k === 3) p.append(s('path', { d: 'M0,0 L6,6 M6,0 L0,6', class: 'chart-ink' }));
  if (k === 4) p.append(s('path', { d: 'M0,3 L6,3', class: 'chart-ink' }));
  return p;
}

// barChart({title, groups: [{label, values: [number…]}], series: [label…],
// format: (n) => text, max, groupHead}): a <figure> with the SVG and a
// table of the same figures. With one series the bars carry the value
// only; with several, "series: value".
export function barChart({ title, groups, series, format = String, max, groupHead }) {
  if (!groups.length) return h('figure', { class: 'chart' }, h('figcaption', null, title), h('p', { class: 'muted' }, t('chart.none')));
  const several = series.length > 1;
  const top = Math.max(max ?? 0, ...groups.flatMap((g) => g.values)) || 1;
  const ids = series.map(() => uid('pat'));
  const room = WIDTH - TEXT_ROOM;
  const body = [];
  let y = 0;
  for (const g of groups) {
    body.push(s('text', { x: 0, y: y + 14, class: 'chart-label' }, g.label));
    y += LABEL;
    g.values.forEach((v, i) => {
      const w = Math.max(v > 0 ? 2 : 0, Math.round((v / top) * room));
      body.push(s('rect', { x: 0, y, width: w, height: BAR, fill: `url(#${ids[i]})`, class: 'chart-bar' }));
      body.push(s('text', { x: w + 6, y: y + 13, class: 'chart-value' }, several ? `${series[i]}: ${format(v)}` : format(v)));
      y += BAR + 4;
    });
    y += GAP;
  }
  const sentence = `${title}. ${groups.map((g) => `${g.label}: ${g.values.map((v, i) => (several ? `${series[i]} ${format(v)}` : format(v))).join(', ')}`).join('; ')}.`;
  const svg = s('svg', { viewBox: `0 0 ${WIDTH} ${y}`, width: '100%', role: 'img', 'aria-label': sentence, class: 'chart-svg',
    preserveAspectRatio: 'xMinYMin meet', focusable: 'false' },
  s('defs', null, series.map((_, i) => pattern(ids[i], i))), body);
  const table = h('table', { class: 'chart-table' },
    h('caption', { class: 'visually-hidden' }, title),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, groupHead || ''), series.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', null, groups.map((g) => h('tr', null, h('th', { scope: 'row' }, g.label), g.values.map((v) => h('td', null, format(v)))))));
  return h('figure', { class: 'chart' },
    h('figcaption', null, title),
    svg,
    h('details', { class: 'chart-details' }, h('summary', null, t('chart.asTable', { title })), h('div', { class: 'table-scroll' }, table)));
}
