// Your account: details, e-mail preferences, sessions, API keys, and a
// copy of your data (GET /v1/users/me:export).
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { fill, errorBlock, table, scrollTable, saveFile } from '../ui.js';
import { Form, field, radios, submitButton, actionButton, confirmDialog } from '../forms.js';

const KINDS = ['reminders', 'reviews', 'publication', 'followUps', 'guidance'];
const MODES = ['IMMEDIATE', 'DAILY_DIGEST', 'NONE'];

export default function render({ view }) {
  const user = app.user;
  const prefs = h('div');
  const sessions = h('div');
  const keys = h('div');
  append(view,
    h('h1', null, t('account.title')),
    h('section', { 'aria-labelledby': 'acc-details' },
      h('h2', { id: 'acc-details' }, t('account.details')),
      nameForm(user),
      h('dl', { class: 'details' },
        h('dt', null, t('account.email')), h('dd', null, user.email || '—'),
        h('dt', null, t('account.roles')), h('dd', null, (user.roles || []).map((r) => t(`role.${r}`)).join(', ') || '—')),
      h('p', { class: 'hint' }, t('account.detailsHint'))),
    h('section', { 'aria-labelledby': 'acc-email' }, h('h2', { id: 'acc-email' }, t('prefs.title')), prefs),
    h('section', { 'aria-labelledby': 'acc-sessions' }, h('h2', { id: 'acc-sessions' }, t('sessions.title')), sessions),
    h('section', { 'aria-labelledby': 'acc-keys' }, h('h2', { id: 'acc-keys' }, t('keys.title')), keys),
    h('section', { 'aria-labelledby': 'acc-data' }, h('h2', { id: 'acc-data' }, t('data.title')), dataExport()));
  fill(prefs, () => api.get('/v1/users/me/preferences'), drawPreferences);
  loadSessions(sessions);
  loadKeys(keys, user);
}

// Everything BriefDesk holds about the person, saved as one JSON file.
const EXPORT_FILE = 'briefdesk-export.json';
function dataExport() {
  const said = h('div', { role: 'status' });
  const button = actionButton(t('data.download'), t('data.downloading'), async () => {
    replace(said);
    try {
      const data = await api.get('/v1/users/me:export', { retries: 3 });
      saveFile(`${JSON.stringify(data, null, 2)}\n`, EXPORT_FILE, 'application/json');
      replace(said, h('p', { class: 'notice success' }, t('data.downloaded', { file: EXPORT_FILE })));
    } catch (err) {
      replace(said, errorBlock(err));
    }
  }, { class: 'secondary' });
  return [h('p', null, t('data.lead')), h('div', { class: 'actions' }, button), said];
}

// The person's name: PATCH /v1/users/me; the header shows the new one.
const NAME_MAX = 200;
function nameForm(user) {
  const formEl = h('form', { novalidate: true, class: 'name-form' });
  const form = new Form(formEl);
  const name = form.add(field({ name: 'displayName', label: t('account.name'), hint: t('account.nameHint'), required: true,
    value: user.displayName || '', autocomplete: 'name' }));
  name.control.setAttribute('maxlength', String(NAME_MAX));
  const button = submitButton(t('account.saveName'));
  const done = h('div', { role: 'status' });
  append(formEl, name, h('div', { class: 'actions' }, button), done);
  form.onSubmit(button, t('common.saving'), async () => {
    form.clearErrors();
    replace(done);
    const displayName = name.control.value.trim();
    if (!displayName || displayName.length > NAME_MAX) {
      form.showErrors([{ field: 'displayName', message: displayName ? t('account.nameTooLong', { max: NAME_MAX }) : t('account.nameEmpty') }]);
      return;
    }
    const updated = await api.patch('/v1/users/me', { displayName });
    name.control.value = updated?.displayName ?? displayName;
    app.setUser({ ...app.user, ...(updated || { displayName }) });
    replace(done, h('p', { class: 'notice success' }, t('account.nameSaved')));
  });
  return formEl;
}

function drawPreferences(data) {
  const current = data?.email || {};
  const button = submitButton(t('prefs.save'));
  const formEl = h('form', { novalidate: true });
  const form = new Form(formEl);
  const groups = KINDS.map((kind) => form.add(radios({
    name: `email.${kind}`, legend: t(`prefs.kind.${kind}`), hint: t(`prefs.hint.${kind}`),
    value: current[kind] || 'IMMEDIATE',
    options: MODES.map((m) => ({ value: m, label: t(`prefs.mode.${m}`) })),
  })));
  const done = h('div', { role: 'status' });
  append(formEl, h('p', null, t('prefs.lead')), groups, h('div', { class: 'actions' }, button), done);
  form.onSubmit(button, t('common.saving'), async () => {
    form.clearErrors();
    replace(done);
    const email = {};
    KINDS.forEach((kind, i) => { email[kind] = groups[i].value(); });
    await api.patch('/v1/users/me/preferences', { email });
    replace(done, h('p', { class: 'notice success' }, t('prefs.saved')));
  });
  return formEl;
}

function describeAgent(ua) {
  if (!ua) return t('sessions.unknownDevice');
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari' : null;
  const system = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (browser && system) return t('sessions.device', { browser, system });
  return browser || system || ua.slice(0, 60);
}

function loadSessions(slot) {
  return fill(slot, () => api.get('/v1/sessions'), (data) => {
    const list = (data?.sessions || []).slice().sort((a, b) => (b.current ? 1 : 0) - (a.current ? 1 : 0));
    const rows = list.map((s) => h('tr', null,
      h('th', { scope: 'row' }, describeAgent(s.userAgent),
        s.current ? h('span', { class: 'extended' }, t('sessions.thisDevice')) : null),
      h('td', null, formatDateTime(s.createTime)),
      h('td', null, formatDateTime(s.lastSeenTime)),
      h('td', null, s.current
        ? actionButton(t('sessions.signOutHere'), t('sessions.signingOut'), () => signOutCurrent(), { class: 'secondary' })
        : actionButton(t('sessions.signOutOne'), t('sessions.signingOut'), async () => {
          try {
            await api.del(`/v1/sessions/${seg(s.id)}`);
            app.announce(t('sessions.signedOutOne'));
            await loadSessions(slot);
            slot.querySelector('button')?.focus();
          } catch (err) {
            slot.prepend(errorBlock(err));
          }
        }, { class: 'secondary', 'aria-label': t('sessions.signOutOneNamed', { device: describeAgent(s.userAgent), time: formatDateTime(s.createTime) }) }))));
    return [
      h('p', null, t('sessions.lead')),
      scrollTable(table({ caption: t('sessions.caption'), captionHidden: true,
        head: [t('sessions.deviceCol'), t('sessions.since'), t('sessions.lastSeen'), t('sessions.action')], rows }), t('sessions.caption')),
      h('div', { class: 'actions' }, actionButton(t('sessions.everywhere'), t('sessions.signingOut'), signOutEverywhere, { class: 'danger' })),
    ];
  });
}

async function signOutCurrent() {
  await api.del('/v1/sessions/current').catch(() => {});
  app.signedOut(t('signin.signedOut'));
}

async function signOutEverywhere() {
  const ok = await confirmDialog({ title: t('sessions.everywhereTitle'), body: t('sessions.everywhereBody'), confirmLabel: t('sessions.everywhere'), danger: true });
  if (!ok) return;
  try {
    await api.del('/v1/sessions');
  } catch (err) {
    if (err.status !== 401) {
      app.announce(err.sentence);
      return;
    }
  }
  app.signedOut(t('sessions.signedOutEverywhere'));
}

function loadKeys(slot, user) {
  const base = `/v1/users/${seg(user.id)}/keys`;
  const shown = h('div');
  const list = h('div');
  const create = actionButton(t('keys.create'), t('keys.creating'), async () => {
    try {
      const made = await api.post(base, {});
      replace(shown, newKeyPanel(made, () => replace(shown)));
      shown.querySelector('h3')?.focus();
      refresh();
    } catch (err) {
      replace(shown, errorBlock(err));
    }
  }, { class: 'secondary' });
  const refresh = () => fill(list, () => api.get(base), (data) => {
    const keys = data?.keys || [];
    if (!keys.length) return h('p', null, t('keys.none'));
    return scrollTable(table({ caption: t('keys.caption'), captionHidden: true,
      head: [t('keys.id'), t('keys.created'), t('keys.action')],
      rows: keys.map((k) => h('tr', null,
        h('th', { scope: 'row', class: 'secret' }, k.keyId),
        h('td', null, formatDateTime(k.createTime)),
        h('td', null, actionButton(t('keys.revoke'), t('keys.revoking'), async () => {
          const ok = await confirmDialog({ title: t('keys.revokeTitle', { id: k.keyId }), body: t('keys.revokeBody'), confirmLabel: t('keys.revoke'), danger: true });
          if (!ok) return;
          try {
            await api.del(`${base}/${seg(k.keyId)}`);
            app.announce(t('keys.revoked', { id: k.keyId }));
            await refresh();
            create.focus();
          } catch (err) {
            list.prepend(errorBlock(err));
          }
        }, { class: 'secondary', 'aria-label': t('keys.revokeNamed', { id: k.keyId }) })))) }), t('keys.caption'));
  });
  append(slot, h('p', null, t('keys.lead')), shown, list, h('div', { class: 'actions' }, create));
  refresh();
}

function newKeyPanel(made, dismiss) {
  const input = h('input', { type: 'text', readonly: true, value: made.apiKey || '', class: 'secret', id: 'new-key', spellcheck: 'false', autocomplete: 'off' });
  const copied = h('p', { role: 'status' });
  const copy = h('button', { type: 'button', class: 'primary', onclick: async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      copied.textContent = t('keys.copied');
    } catch {
      input.select();
      copied.textContent = t('keys.copyByHand');
    }
  } }, t('keys.copy'));
  return h('div', { class: 'notice warning' },
    h('h3', { tabindex: '-1' }, t('keys.newTitle')),
    h('p', null, h('strong', null, t('keys.onceWarning'))),
    h('p', null, t('keys.howToUse')),
    h('label', { for: 'new-key' }, t('keys.yourKey', { id: made.keyId })),
    input,
    h('div', { class: 'actions' }, copy, h('button', { type: 'button', class: 'secondary', onclick: dismiss }, t('keys.done'))),
    copied);
}
