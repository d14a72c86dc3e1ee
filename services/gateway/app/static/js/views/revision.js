// One revision of a brief, read-only (/app/briefs/{id}/revisions/{n}), as
// it will read once published.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorBlock, backLink } from '../ui.js';
import { briefLink, whoName } from '../briefs.js';
import { briefReader } from '../brief-view.js';

export default async function render({ view, params }) {
  const n = Number(params.n);
  const heading = h('h1', null, t('revisions.number', { number: params.n }));
  const slot = h('div', null, loading());
  append(view, backLink(briefLink(params.id, '/revisions'), t('revisions.backToHistory')), heading, slot);
  let rev;
  try {
    rev = await api.get(`/v1/briefs/${seg(params.id)}/revisions/${seg(params.n)}`);
  } catch (err) {
    replace(slot, errorBlock(err));
    return;
  }
  heading.textContent = t('revisions.readTitle', { number: rev.number, title: rev.title || t('brief.untitled') });
  document.title = `${heading.textContent} – ${t('frame.product')}`;
  const { element } = await briefReader(rev, { level: 2, idPrefix: 'rev' });
  replace(slot,
    h('p', { class: 'lead' }, t('revisions.savedBy', { time: formatDateTime(rev.createTime), who: whoName(rev.authorId) })),
    n > 1 ? h('p', null, h('a', { href: `${briefLink(params.id, '/revisions')}?from=${n - 1}&to=${n}#compare` }, t('revisions.changesSincePrevious'))) : null,
    element);
}
