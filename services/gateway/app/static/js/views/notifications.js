// Notifications: the inbox, newest first; mark read; new ones arrive live.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, statusTag } from '../ui.js';
import { actionButton } from '../forms.js';

export default function render({ view, query }) {
  const unreadOnly = query.get('show') === 'unread';
  const list = h('ul', { class: 'items', 'aria-labelledby': 'notif-title' });
  const status = h('div');
  const more = h('div', { class: 'actions' });
  const liveState = h('p', { class: 'muted', role: 'status' });
  const filter = h('p', null,
    unreadOnly ? h('a', { href: '/app/notifications' }, t('notifications.showAll'))
      : h('a', { href: '/app/notifications?show=unread' }, t('notifications.showUnread')));
  append(view, h('h1', { id: 'notif-title' }, unreadOnly ? t('notifications.titleUnread') : t('notifications.title')),
    filter, liveState, status, list, more);

  const drawState = (s) => replace(liveState, s === 'live' ? t('notifications.live') : t('notifications.reconnecting'));
  drawState(app.live?.state() || 'connecting');

  const item = (n) => {
    const li = h('li', { class: n.readTime ? null : 'unread-item' });
    const draw = () => {
      li.className = n.readTime ? '' : 'unread-item';
      replace(li,
        h('div', { class: 'item-head' },
          h('h2', { class: 'item-title' }, n.title || n.event),
          n.readTime ? statusTag('neutral', t('notifications.read')) : statusTag('unread', t('notifications.unread'))),
        n.body ? h('p', null, n.body) : null,
        n.briefId ? h('p', null, h('a', { href: `/app/briefs/${seg(n.briefId)}`, 'aria-label': t('brief.openNamed', { title: n.title || n.event }) }, t('brief.open'))) : null,
        h('p', { class: 'muted' }, formatDateTime(n.createTime)),
        n.readTime ? null : actionButton(t('notifications.markRead'), t('common.saving'), async () => {
          try {
            const updated = await api.post(`/v1/notifications/${seg(n.id)}:read`, {});
            n.readTime = updated?.readTime || new Date().toISOString();
            app.live?.markedRead();
            draw();
            app.announce(t('notifications.marked'));
            li.querySelector('h2').setAttribute('tabindex', '-1');
            li.querySelector('h2').focus();
          } catch (err) {
            li.append(errorBlock(err));
          }
        }, { class: 'secondary', 'aria-label': t('notifications.markReadNamed', { title: n.title || n.event }) }));
    };
    draw();
    return li;
  };

  let token = '';
  const ids = new Set();
  async function page() {
    replace(more, loading());
    try {
      const data = await api.get('/v1/notifications', { query: { pageSize: 20, pageToken: token, unread: unreadOnly || '' } });
      for (const n of data?.notifications || []) {
        if (ids.has(n.id)) continue;
        ids.add(n.id);
        list.append(item(n));
      }
      token = data?.nextPageToken || '';
      replace(more, token ? h('button', { type: 'button', class: 'secondary', onclick: page }, t('notifications.older')) : null);
      if (!ids.size) replace(status, h('p', null, unreadOnly ? t('notifications.noneUnread') : t('notifications.none')));
    } catch (err) {
      replace(more, errorBlock(err, page));
    }
  }
  page();

  return app.live?.subscribe({
    notification(n) {
      if (ids.has(n.id)) return;
      ids.add(n.id);
      replace(status);
      list.prepend(item(n));
      app.announce(t('notifications.arrived', { title: n.title || n.event }));
    },
    state: drawState,
  });
}
