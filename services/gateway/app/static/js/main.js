// The frame: header, navigation by role, the router (History API), the
// connection state and the live unread count.
import { h, replace } from './dom.js';
import { loadCatalogues, t } from './i18n.js';
import { api, setUnauthorizedHandler, onConnectionState, retryNow } from './api.js';
import { app, safeNext } from './app.js';

// Each screen is its own module, loaded when first shown.
const ROUTES = [
  { path: '/app/', load: () => import('./views/home.js') },
  { path: '/app/signin', load: () => import('./views/signin.js'), public: true },
  { path: '/app/reset', load: () => import('./views/reset.js'), public: true },
  { path: '/app/invitation', load: () => import('./views/invitation.js'), public: true },
  { path: '/app/account', load: () => import('./views/account.js') },
  { path: '/app/notifications', load: () => import('./views/notifications.js') },
  { path: '/app/courses', load: () => import('./views/courses.js') },
  { path: '/app/courses/new', load: () => import('./views/course-edit.js') },
  { path: '/app/courses/:id', load: () => import('./views/course.js') },
  { path: '/app/courses/:id/edit', load: () => import('./views/course-edit.js') },
  { path: '/app/courses/:id/members', load: () => import('./views/members.js') },
  { path: '/app/courses/:id/import', load: () => import('./views/import.js') },
  { path: '/app/courses/:id/progress', load: () => import('./views/progress.js') },
  { path: '/app/courses/:id/members/:userId/extensions', load: () => import('./views/extensions.js') },
  { path: '/app/courses/:id/plan', load: () => import('./views/plan.js') },
  { path: '/app/courses/:id/followUps', load: () => import('./views/followups.js') },
  { path: '/app/courses/:id/followUps/:followUpId', load: () => import('./views/followup-session.js') },
  { path: '/app/courses/:id/analytics', load: () => import('./views/analytics.js') },
  { path: '/app/analytics', load: () => import('./views/analytics.js') },
  { path: '/app/briefs', load: () => import('./views/my-briefs.js') },
  { path: '/app/briefs/new', load: () => import('./views/brief-new.js') },
  { path: '/app/briefs/:id', load: () => import('./views/brief.js') },
  { path: '/app/briefs/:id/revisions', load: () => import('./views/revisions.js') },
  { path: '/app/briefs/:id/revisions/:n', load: () => import('./views/revision.js') },
  { path: '/app/briefs/:id/reviews', load: () => import('./views/reviews.js') },
  { path: '/app/queue', load: () => import('./views/queue.js') },
  { path: '/app/reviews', load: () => import('./views/my-reviews.js') },
  { path: '/app/reviews/:taskId', load: () => import('./views/review.js') },
  { path: '/app/guidance', load: () => import('./views/guidance.js') },
  { path: '/app/guidance/:id', load: () => import('./views/guidance-answer.js') },
  { path: '/app/publishing', load: () => import('./views/editor-desk.js') },
  { path: '/app/publishing/:id', load: () => import('./views/editor-desk.js') },
  { path: '/app/people', load: () => import('./views/people.js') },
];
const NOT_FOUND = { load: () => import('./views/not-found.js') };

function match(pathname) {
  const path = pathname === '/app' ? '/app/' : pathname;
  const parts = path.split('/');
  for (const route of ROUTES) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      if (pattern[i].startsWith(':')) {
        try {
          params[pattern[i].slice(1)] = decodeURIComponent(parts[i]);
        } catch {
          ok = false;
        }
        ok = ok && parts[i] !== '';
      } else {
        ok = pattern[i] === parts[i];
      }
    }
    if (ok) return { route, params };
  }
  return { route: NOT_FOUND, params: {} };
}

// --- The shell.
const header = h('header', { class: 'site-header' });
const connection = h('div', { class: 'connection', role: 'status', hidden: true });
const main = h('main', { id: 'main', tabindex: '-1' });
let live = null;

function buildShell() {
  const skip = h('a', { class: 'skip-link', href: '#main' }, t('frame.skip'));
  const footer = h('footer', { class: 'site-footer' }, h('p', null, t('frame.footer')));
  const announcer = h('div', { id: 'announcer', class: 'visually-hidden', 'aria-live': 'polite' });
  document.body.replaceChildren(skip, header, connection, main, footer, announcer);
  skip.addEventListener('click', (e) => {
    e.preventDefault();
    main.focus();
  });
}

// `also`: other paths under this entry (the review screens under Reviews).
function navLink(href, label, extra, also = []) {
  const under = (p) => location.pathname === p || location.pathname.startsWith(`${p}/`);
  const current = location.pathname === href ||
    (href !== '/app/' && location.pathname.startsWith(`${href}/`)) || also.some(under);
  return h('li', null, h('a', { href, 'aria-current': current ? 'page' : null }, label, extra));
}

function unreadBadge(count) {
  if (!count) return h('span', { class: 'unread' });
  const shown = count > 99 ? '99+' : String(count);
  return h('span', { class: 'unread' },
    h('span', { class: 'badge', 'aria-hidden': 'true' }, shown),
    h('span', { class: 'visually-hidden' }, ` ${t('nav.unread', { count })}`));
}

function renderHeader() {
  const user = app.user;
  const brand = h('a', { class: 'brand', href: '/app/' }, t('frame.product'));
  if (!user) {
    replace(header, h('div', { class: 'header-inner' }, brand));
    return;
  }
  const badge = unreadBadge(live ? live.unread() : 0);
  const items = [navLink('/app/', t('nav.home'))];
  if (app.hasRole('PARTICIPANT')) items.push(navLink('/app/briefs', t('brief.nav.myBriefs')));
  if (app.hasRole('ORGANIZER', 'ADMIN', 'EXPERT')) items.push(navLink('/app/courses', t('nav.courses')));
  if (app.hasRole('EXPERT')) items.push(navLink('/app/queue', t('queue.nav'), null, ['/app/reviews']));
  if (app.hasRole('EXPERT')) items.push(navLink('/app/guidance', t('guidance.nav')));
  if (app.hasRole('EDITOR')) items.push(navLink('/app/publishing', t('editorDesk.nav')));
  if (app.hasRole('ORGANIZER', 'ADMIN')) items.push(navLink('/app/analytics', t('analytics.nav')));
  if (app.hasRole('ADMIN')) items.push(navLink('/app/people', t('nav.people')));
  items.push(navLink('/app/notifications', t('nav.notifications'), badge));
  items.push(navLink('/app/account', t('nav.account')));
  const signOut = h('button', { type: 'button', class: 'link-button', onclick: signOutHere }, t('nav.signOut'));
  replace(header, h('div', { class: 'header-inner' },
    brand,
    h('nav', { 'aria-label': t('nav.label') }, h('ul', null, items)),
    h('div', { class: 'who' }, h('span', { class: 'who-name' }, user.displayName || user.email), signOut)));
}

async function signOutHere() {
  try {
    await api.del('/v1/sessions/current');
  } catch (err) {
    // Already signed out on the server: the cookie is gone or void.
    if (err.status !== 401) {
      app.announce(err.sentence);
      return;
    }
  }
  signedOut(t('signin.signedOut'));
}

function signedOut(message, next) {
  live?.stop();
  live = null;
  app.live = null;
  app.setUser(null);
  if (message) app.flash(message);
  navigate(next ? `/app/signin?next=${encodeURIComponent(next)}` : '/app/signin', { replace: true });
}

async function startLive() {
  if (live) return;
  const mod = await import('./live.js');
  live = mod.createLive(() => renderHeader());
  app.live = live;
  live.start();
}

// --- The connection state: visible while requests wait to retry.
let tick = null;
onConnectionState((state) => {
  clearInterval(tick);
  if (!state.retrying) {
    connection.hidden = true;
    replace(connection);
    return;
  }
  const draw = () => {
    const seconds = Math.max(0, Math.ceil((state.until - Date.now()) / 1000));
    const key = state.reason === 'network' ? 'connection.lost' : 'connection.unavailable';
    replace(connection,
      h('p', null, h('strong', null, t('connection.title')), ' ', t(key), ' ', t('connection.retryIn', { count: seconds })),
      h('button', { type: 'button', class: 'secondary', onclick: retryNow }, t('connection.retryNow')));
  };
  connection.hidden = false;
  draw();
  tick = setInterval(draw, 1000);
});

// --- Routing.
let renderToken = 0;
let cleanup = null;

export async function navigate(to, { replace: replaceEntry = false } = {}) {
  const url = new URL(to, location.href);
  if (replaceEntry) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  await render({ focus: true });
}

async function render({ focus }) {
  const token = ++renderToken;
  const { route, params } = match(location.pathname);
  if (!route.public && !app.user) {
    const next = location.pathname + location.search + location.hash;
    history.replaceState(null, '', `/app/signin?next=${encodeURIComponent(next)}`);
    return render({ focus });
  }
  if (cleanup) {
    try { cleanup(); } catch (err) { console.error(err); }
    cleanup = null;
  }
  renderHeader();
  const view = h('div', { class: 'view' });
  replace(main, view);
  const flash = app.takeFlash();
  if (flash) view.append(flash);
  try {
    const mod = await route.load();
    if (token !== renderToken) return;
    const ctx = {
      view, params, query: new URLSearchParams(location.search), hash: location.hash.slice(1),
      isCurrent: () => token === renderToken,
    };
    const headingReady = mod.default(ctx);
    // The heading is on screen before the data: focus and title follow it.
    await Promise.race([headingReady, new Promise((r) => setTimeout(r, 0))]);
    if (token !== renderToken) return;
    settle(view, focus);
    const result = await headingReady;
    if (token !== renderToken) return;
    if (typeof result === 'function') cleanup = result;
  } catch (err) {
    if (token !== renderToken) return;
    console.error(err);
    replace(view, h('h1', { tabindex: '-1' }, t('error.screenTitle')), h('p', null, err.sentence || t('error.unexpected')));
    settle(view, focus);
  }
}

function settle(view, focus) {
  const heading = view.querySelector('h1');
  document.title = heading ? `${heading.textContent} – ${t('frame.product')}` : t('frame.product');
  if (focus && heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

function isAppLink(a, event) {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  if (a.target && a.target !== '_self') return false;
  if (a.hasAttribute('download')) return false;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return false;
  if (!url.pathname.startsWith('/app/') && url.pathname !== '/app') return false;
  if (url.pathname.startsWith('/app/static/')) return false;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return false;
  return true;
}

document.addEventListener('click', (event) => {
  const a = event.target.closest?.('a[href]');
  if (!a || !isAppLink(a, event)) return;
  event.preventDefault();
  navigate(a.href);
});
window.addEventListener('popstate', () => render({ focus: true }));

// --- Start.
app.navigate = navigate;
app.signedIn = (user, next) => {
  app.setUser(user);
  startLive();
  navigate(safeNext(next), { replace: true });
};
app.signedOut = signedOut;
app.onUser(() => renderHeader());

setUnauthorizedHandler(() => {
  if (!app.user) return;
  signedOut(t('signin.sessionEnded'), location.pathname + location.search + location.hash);
});

async function start() {
  await loadCatalogues();
  buildShell();
  const { route } = match(location.pathname);
  try {
    app.setUser(await api.get('/v1/users/me', { auth: false, retries: route.public ? 0 : 30 }));
    startLive();
  } catch (err) {
    if (err.status !== 401 && err.status !== 0) console.error(err);
    app.setUser(null);
  }
  await render({ focus: false });
}

start();
