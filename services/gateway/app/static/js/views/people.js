// People, for admins (/app/people): everyone with an account — name,
// e-mail address, roles, and erased people as erased with the date — a
// page at a time ("Show more people", GET /v1/users with pageToken), and
// "Erase…" (POST /v1/users/{id}:erase) after a confirmation that says what
// erasure does and asks for the person's e-mail address to be typed.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api, errorSentence } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, table, scrollTable, statusTag } from '../ui.js';
import { actionButton, confirmDialog, setBusy } from '../forms.js';

const PAGE_SIZE = 25;

export default async function render({ view, isCurrent }) {
  append(view, h('h1', null, t('people.title')));
  if (!app.hasRole('ADMIN')) {
    append(view, h('p', null, t('people.adminsOnly')));
    return;
  }
  const said = h('div', { role: 'status' });
  const slot = h('div', null, loading());
  append(view, h('p', { class: 'lead' }, t('people.lead')), said, slot);
  const list = { said, slot, tbody: null, more: h('div', { class: 'actions' }) };
  await showFirstPage(list, isCurrent);
}

async function showFirstPage(list, isCurrent) {
  replace(list.slot, loading());
  try {
    const data = await loadPage('');
    if (!isCurrent()) return;
    const users = data?.users || [];
    if (!users.length) {
      replace(list.slot, h('p', null, t('people.none')));
      return;
    }
    const tableEl = table({ caption: t('people.caption'), captionHidden: true,
      head: [t('people.name'), t('people.email'), t('people.roles'), t('people.status'), t('people.action')],
      rows: users.map((u) => row(u, list)) });
    list.tbody = tableEl.tBodies[0];
    replace(list.slot, scrollTable(tableEl, t('people.caption')), list.more);
    drawMore(list, data.nextPageToken);
  } catch (err) {
    replace(list.slot, errorBlock(err, () => showFirstPage(list, isCurrent)));
  }
}

function loadPage(pageToken) {
  return api.get('/v1/users', { query: { pageSize: PAGE_SIZE, pageToken } });
}

// "Show more people" while the API has a next page; the people it brings
// are added to the table and the first of them takes the focus.
function drawMore(list, pageToken) {
  if (!pageToken) {
    replace(list.more);
    return;
  }
  replace(list.more, actionButton(t('people.more'), t('people.loadingMore'), async () => {
    replace(list.said);
    try {
      const data = await loadPage(pageToken);
      const rows = (data?.users || []).map((u) => row(u, list));
      append(list.tbody, rows);
      drawMore(list, data?.nextPageToken);
      app.announce(t('people.shownMore', { count: rows.length }));
      rows[0]?.querySelector('th')?.focus();
    } catch (err) {
      replace(list.said, errorBlock(err));
    }
  }, { class: 'secondary' }));
}

const nameOf = (u) => u.displayName || u.email || '—';

function statusOf(u) {
  if (u.eraseTime) return statusTag('erased', t('people.erasedOn', { date: formatDateTime(u.eraseTime) }));
  if (u.invitationPending) return statusTag('pending', t('people.invited'));
  return statusTag('accepted', t('people.active'));
}

function row(u, list) {
  return h('tr', null,
    h('th', { scope: 'row', tabindex: '-1' }, nameOf(u)),
    h('td', null, u.email || '—'),
    h('td', null, (u.roles || []).map((r) => t(`role.${r}`)).join(', ') || t('people.noRoles')),
    h('td', null, statusOf(u)),
    h('td', null, actionCell(u, list)));
}

function actionCell(u, list) {
  if (u.eraseTime) return '—';
  if (u.id === app.user?.id) return t('people.you');
  const button = h('button', { type: 'button', class: 'secondary', 'aria-label': t('people.eraseNamed', { name: nameOf(u) }) },
    t('people.erase'));
  button.addEventListener('click', () => {
    if (!button.dataset.busy) erase(u, list, button);
  });
  return button;
}

// What erasure does, in plain words, for the confirmation.
function eraseExplained() {
  return [
    h('p', null, t('people.eraseLead')),
    h('ul', null,
      h('li', null, t('people.eraseName')),
      h('li', null, t('people.eraseDeleted')),
      h('li', null, t('people.eraseKept')),
      h('li', null, t('people.erasePublished'))),
    h('p', null, h('strong', null, t('people.eraseFinal'))),
  ];
}

async function erase(u, list, button) {
  const ok = await confirmDialog({
    title: t('people.eraseTitle', { name: nameOf(u) }), body: eraseExplained(),
    confirmLabel: t('people.eraseConfirm'), danger: true,
    typed: { label: t('people.eraseType', { email: u.email }), hint: t('people.eraseTypeHint'), expected: u.email },
  });
  if (!ok) return;
  replace(list.said);
  const restore = setBusy(button, t('people.erasing'));
  try {
    const erasure = await api.post(`/v1/users/${seg(u.id)}:erase`, {});
    const fresh = row(await erasedUser(u, erasure), list);
    button.closest('tr').replaceWith(fresh);
    replace(list.said, h('p', { class: 'notice success' }, t('people.erased', { name: nameOf(u) })));
    fresh.querySelector('th').focus();
  } catch (err) {
    restore();
    replace(list.said, refusal(err));
    button.focus();
  }
}

// The person as the directory now holds them; if it cannot be read, as
// the erasure left them.
async function erasedUser(u, erasure) {
  const now = await api.get(`/v1/users/${seg(u.id)}`, { retries: 3 }).catch(() => null);
  if (now?.eraseTime) return now;
  return { ...u, displayName: t('people.erasedName'), email: '', roles: [],
    eraseTime: erasure?.eraseTime || new Date().toISOString() };
}

// A refused erasure (409 for one's own account, 404, 403): the app's
// sentence and the server's own words.
function refusal(err) {
  const sentence = errorSentence(err);
  const server = err?.serverMessage && !sentence.includes(err.serverMessage) ? err.serverMessage : '';
  return h('div', { class: 'notice error', role: 'alert' },
    h('p', null, sentence),
    server ? h('p', null, t('people.serverSaid', { message: server })) : null);
}
