import { h, append } from '../dom.js';
import { t } from '../i18n.js';

export default function render({ view }) {
  append(view,
    h('h1', null, t('notFound.title')),
    h('p', null, t('notFound.body')),
    h('p', null, h('a', { href: '/app/' }, t('notFound.home'))));
}
