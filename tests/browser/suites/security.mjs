// The web app's security as an attacker would probe it (issue 13): the
// session cookie's flags, CSRF refused without the token, a session that
// ends stops working at once, API keys unaffected, the login rate limit,
// the CSP on every /app answer, and hostile text that never runs as script.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Session, admin, call, expectStatus, newCourse, newSignedUpUser, postSession,
  signIn,
} from '../lib/api.mjs';
import { axeCheck, browserTest } from '../lib/browser.mjs';
import { signInThroughForm, useSession } from '../lib/app.mjs';
import { env, unique } from '../lib/env.mjs';

const me = (s) => s.call('GET', '/v1/users/me', { csrf: false });

test('a wrong password and an unknown e-mail get the same 401', async () => {
  const user = await newSignedUpUser();
  const wrong = expectStatus(await postSession(user.email, 'not-the-password-1'), 401,
    'a wrong password');
  const unknown = expectStatus(
    await postSession(`nobody-${unique()}@example.org`, 'not-the-password-1'), 401,
    'an unknown e-mail');
  assert.ok(wrong.json?.error?.message, `no error message: ${wrong}`);
  assert.deepEqual(unknown.json, wrong.json,
    'the two refusals must not tell an unknown address from a wrong password');
  assert.equal(wrong.cookies.length, 0, `a refused sign-in set cookies: ${wrong.headers.get('set-cookie')}`);
});

test('signing in sets an HttpOnly, SameSite=Lax session cookie and a CSRF cookie', async () => {
  const res = expectStatus(await postSession(env.ADMIN_EMAIL, env.ADMIN_PASSWORD), 201,
    'the admin signing in');
  const byName = Object.fromEntries(res.cookies.map((c) => [c.name, c]));
  const session = byName.briefdesk_session;
  assert.ok(session, `no briefdesk_session cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  assert.ok(session.value.length >= 20, `a guessable session token: ${session.header}`);
  assert.equal(session.attributes.httponly, true, `not HttpOnly: ${session.header}`);
  assert.equal(String(session.attributes.samesite).toLowerCase(), 'lax', session.header);
  assert.equal(session.attributes.path, '/', session.header);
  assert.equal(session.attributes.secure, undefined, `Secure on plain http: ${session.header}`);
  const csrf = byName.briefdesk_csrf;
  assert.ok(csrf, `no briefdesk_csrf cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  assert.ok(res.json?.csrfToken, `no csrfToken in ${res}`);
  assert.equal(csrf.value, res.json.csrfToken, 'the CSRF cookie and the body disagree');
  assert.notEqual(csrf.value, session.value);
  assert.equal(csrf.attributes.httponly, undefined, `the app cannot read it: ${csrf.header}`);
  assert.equal(String(csrf.attributes.samesite).toLowerCase(), 'lax', csrf.header);
  assert.equal(csrf.attributes.path, '/', csrf.header);
  assert.equal(csrf.attributes.secure, undefined, `Secure on plain http: ${csrf.header}`);
  assert.equal(res.json.user?.email, env.ADMIN_EMAIL, `the answer names someone else: ${res}`);
  assert.equal(res.json.sessionToken, undefined, 'the session token is in the body');
  assert.ok(!res.text.includes(session.value), 'the session token is in the body');
  // The cookie is the credential: the admin is the caller.
  const s = new Session(res);
  const who = expectStatus(await me(s), 200, 'GET /v1/users/me with the cookie');
  assert.equal(who.json.email, env.ADMIN_EMAIL);
});

test('a change that a cookie authenticates needs the CSRF token', async () => {
  const user = await newSignedUpUser();
  const s = await signIn(user.email, user.password);
  const other = await signIn(user.email, user.password);
  assert.notEqual(other.csrf, s.csrf, 'two sessions share a CSRF token');
  const keys = async () =>
    expectStatus(await s.call('GET', `/v1/users/${user.id}/keys`, { csrf: false }),
      200, 'reading keys with the cookie and no token').json.keys ?? [];
  const before = (await keys()).length;
  const refused = [false, 'forged-token', other.csrf];
  for (const csrf of refused) {
    const what = csrf === false ? 'no X-CSRF-Token' : `X-CSRF-Token ${csrf}`;
    expectStatus(await s.call('POST', `/v1/users/${user.id}/keys`, { csrf, body: {} }), 403,
      `POST with ${what}`);
    expectStatus(await s.call('PATCH', '/v1/users/me/preferences',
      { csrf, body: { email: { reviews: 'NONE' } } }), 403, `PATCH with ${what}`);
    expectStatus(await s.call('DELETE', `/v1/users/${user.id}/keys/${user.keyId}`, { csrf }), 403,
      `DELETE with ${what}`);
    expectStatus(await s.call('DELETE', '/v1/sessions/current', { csrf }), 403,
      `signing out with ${what}`);
  }
  // Nothing the refused requests asked for happened.
  assert.equal((await keys()).length, before, 'a refused POST made a key');
  const prefs = expectStatus(await s.call('GET', '/v1/users/me/preferences', { csrf: false }), 200);
  assert.equal(prefs.json.email.reviews, 'IMMEDIATE', 'a refused PATCH changed preferences');
  expectStatus(await call('GET', '/v1/users/me', { key: user.key }), 200,
    'the key a refused DELETE named');
  // With the token, each works.
  const made = expectStatus(await s.call('POST', `/v1/users/${user.id}/keys`, { body: {} }), 201,
    'POST with the token');
  assert.equal((await keys()).length, before + 1);
  expectStatus(await s.call('PATCH', '/v1/users/me/preferences',
    { body: { email: { reviews: 'NONE' } } }), 200, 'PATCH with the token');
  expectStatus(await s.call('DELETE', `/v1/users/${user.id}/keys/${made.json.keyId}`), 204,
    'DELETE with the token');
  // An API key needs no CSRF token: no browser sends it on its own.
  expectStatus(await call('PATCH', '/v1/users/me/preferences',
    { key: user.key, body: { email: { reviews: 'IMMEDIATE' } } }), 200, 'PATCH with the API key');
});

test('signing out ends the session at once and clears its cookies', async () => {
  const user = await newSignedUpUser();
  const s = await signIn(user.email, user.password);
  const stolen = s.cookieHeader();
  expectStatus(await me(s), 200);
  const out = expectStatus(await s.call('DELETE', '/v1/sessions/current'), 204, 'signing out');
  const cleared = out.cookies.find((c) => c.name === 'briefdesk_session');
  assert.ok(cleared, `signing out did not clear the cookie: ${JSON.stringify(out.headers.getSetCookie())}`);
  assert.ok(cleared.value === '' || cleared.attributes['max-age'] === '0' ||
      Date.parse(cleared.attributes.expires) < Date.now(),
  `the cookie is not cleared: ${cleared.header}`);
  // The old cookie, replayed at once (as a thief would), is refused.
  expectStatus(await call('GET', '/v1/users/me', { headers: { Cookie: stolen } }), 401,
    'the signed-out cookie');
});

test('a session ended from another session stops working at once', async () => {
  const user = await newSignedUpUser();
  const a = await signIn(user.email, user.password);
  const b = await signIn(user.email, user.password);
  const listed = expectStatus(await b.call('GET', '/v1/sessions', { csrf: false }), 200,
    'listing sessions').json.sessions ?? [];
  const bId = listed.find((x) => x.current)?.id;
  assert.ok(bId, `no session marked current in ${JSON.stringify(listed)}`);
  assert.ok(listed.length >= 2, `both sessions should be listed: ${JSON.stringify(listed)}`);
  expectStatus(await a.call('DELETE', `/v1/sessions/${encodeURIComponent(bId)}`), 204,
    'ending the other session');
  expectStatus(await me(b), 401, 'the ended session');
  expectStatus(await me(a), 200, 'the session that ended the other');
  // Someone else cannot end a's session, even knowing its id.
  const aId = (await a.call('GET', '/v1/sessions', { csrf: false })).json.sessions
    .find((x) => x.current).id;
  const stranger = await signIn(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
  const res = await stranger.call('DELETE', `/v1/sessions/${encodeURIComponent(aId)}`);
  assert.equal(res.status, 404, `another person's session: ${res}`);
  expectStatus(await me(a), 200, 'the session a stranger tried to end');
});

test('signing out everywhere ends every session; API keys keep working', async () => {
  const user = await newSignedUpUser();
  const a = await signIn(user.email, user.password);
  const b = await signIn(user.email, user.password);
  expectStatus(await a.call('DELETE', '/v1/sessions'), 204, 'signing out everywhere');
  expectStatus(await me(a), 401, 'the session that signed out everywhere');
  expectStatus(await me(b), 401, 'the other session');
  const byKey = expectStatus(await call('GET', '/v1/users/me', { key: user.key }), 200,
    'the API key after signing out everywhere');
  assert.equal(byKey.json.id, user.id);
  // And a new sign-in works.
  expectStatus(await me(await signIn(user.email, user.password)), 200, 'signing in again');
});

// The policy of `res`, or a failure naming the answer.
function csp(res, what) {
  const policy = res.headers.get('content-security-policy');
  assert.ok(policy, `${what}: no Content-Security-Policy (${res.status}, ${res.headers.get('content-type')})`);
  const directives = Object.fromEntries(policy.split(';').map((d) => d.trim()).filter(Boolean)
    .map((d) => { const [name, ...v] = d.split(/\s+/); return [name.toLowerCase(), v]; }));
  const scripts = directives['script-src'] ?? directives['default-src'];
  assert.ok(scripts, `${what}: neither script-src nor default-src in "${policy}"`);
  for (const bad of ["'unsafe-inline'", '*', 'data:', 'http:', 'https:']) {
    assert.ok(!scripts.includes(bad), `${what}: script-src allows ${bad}: "${policy}"`);
  }
  return directives;
}

test('every /app answer carries a CSP without inline script', async () => {
  const root = await call('GET', '/');
  assert.ok([301, 302, 303, 307, 308].includes(root.status), `GET / should redirect: ${root}`);
  assert.match(root.headers.get('location') ?? '', /^(https?:\/\/[^/]+)?\/app\/$/, 'GET / redirects to /app/');
  const index = expectStatus(await call('GET', '/app/'), 200, 'the app');
  assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
  const d = csp(index, '/app/');
  assert.ok(d['object-src']?.includes("'none'") || d['default-src']?.includes("'none'"),
    `/app/: plugins not refused (object-src 'none'): ${index.headers.get('content-security-policy')}`);
  assert.ok(d['frame-ancestors'], '/app/: no frame-ancestors: the app could be framed (clickjacking)');
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(index.text), '/app/ has an inline <script>');
  assert.ok(!/\son[a-z]+\s*=/i.test(index.text), '/app/ has an inline event handler');
  const deep = expectStatus(await call('GET', '/app/courses/some-course'), 200, 'a deep link');
  assert.match(deep.headers.get('content-type') ?? '', /^text\/html/);
  csp(deep, '/app/courses/some-course');
  const assets = [...index.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    .filter((u) => !/^[a-z][a-z0-9+.-]*:/i.test(u) && !u.startsWith('#'));  // no data:, no other site
  assert.ok(assets.length > 0, `no script or stylesheet found in /app/:\n${index.text.slice(0, 800)}`);
  for (const asset of assets) {
    const url = new URL(asset, `${env.BASE_URL}/app/`);
    const res = expectStatus(await call('GET', url.pathname + url.search), 200, `asset ${asset}`);
    csp(res, url.pathname);
  }
  const missing = await call('GET', `/app/no-such-file-${unique()}.js`);
  csp(missing, `a missing asset (${missing.status})`);
});

// Would mark the page if it ran; a CSP that blocks it still shows as a
// console error, which fails the test too.
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>' +
  '<a href="javascript:window.__pwned=3">click</a>';

browserTest('a hostile display name and course title never run as script', async ({ context, page }) => {
  const user = await newSignedUpUser({ displayName: `Eve ${HOSTILE}` });
  const title = `Course ${HOSTILE}`;
  const course = await newCourse(env.ADMIN_KEY, { title, modules: [`Module ${HOSTILE}`] });
  expectStatus(await admin.call('POST', `/v1/courses/${course.id}/members`,
    { body: { email: user.email, courseRole: 'PARTICIPANT' } }), 201, 'enrolling the user');
  // The participant's home lists the course and its modules, the header
  // their name; then the course's page.
  await useSession(context, await signIn(user.email, user.password));
  await page.goto('/app/');
  await expectInert(page, 'Course ');
  await expectInert(page, 'Module ');
  await expectInert(page, 'Eve ');
  await page.getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await expectInert(page, 'Module ');
  // The organizer (the admin): the course list, the course, its members.
  await context.clearCookies();
  await useSession(context, await signIn(env.ADMIN_EMAIL, env.ADMIN_PASSWORD));
  await page.goto('/app/courses');
  await expectInert(page, 'Course ');
  await page.getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.getByRole('main').getByRole('link', { name: /members/i }).first().click();
  await expectInert(page, 'Eve ');
});

// The hostile text shows as text (prefixed by `shown`), and nothing ran.
async function expectInert(page, shown) {
  await page.getByText(`${shown}<img src=x`).first().waitFor({ state: 'visible' })
    .catch((e) => { throw new Error(`"${shown}<img src=x…" is not shown as text on ${page.url()}: ${e.message}`); });
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `a payload ran on ${page.url()}`);
  assert.equal(await page.locator('img[src="x"], a[href^="javascript:" i]').count(), 0,
    `the hostile markup became elements on ${page.url()}`);
}

browserTest('signing in is refused with a clear message after repeated wrong passwords', async ({ page }) => {
  const user = await newSignedUpUser();
  let res;
  let tries = 0;
  for (; tries < 10; tries += 1) {
    res = await postSession(user.email, `wrong-password-${tries}`);
    if (res.status === 429) break;
    expectStatus(res, 401, `wrong password #${tries + 1}`);
  }
  assert.equal(res.status, 429, `10 wrong passwords in a row were not rate limited: ${res}`);
  assert.ok(tries >= 3, `limited after only ${tries} wrong passwords`);
  const retry = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry > 0, `429 without a Retry-After in seconds: ${res.headers.get('retry-after')}`);
  assert.ok(res.json?.error?.message, `429 without a message: ${res}`);
  // The right password is refused too until the wait is over.
  const right = await postSession(user.email, user.password);
  assert.equal(right.status, 429, `the right password got through the limit: ${right}`);
  assert.equal(right.cookies.length, 0, 'a refused sign-in set cookies');
  // Another account is not locked out by it.
  expectStatus(await postSession(env.ADMIN_EMAIL, env.ADMIN_PASSWORD), 201, 'another account');
  // In the app, the person is told why and for how long.
  await signInThroughForm(page, user.email, user.password);
  await page.getByText(/too many sign-in attempts/i).first().waitFor({ state: 'visible' })
    .catch((e) => { throw new Error(`no clear message on the sign-in form after 429: ${e.message}`); });
  await axeCheck(page, 'sign-in-rate-limited');
});

browserTest('in the browser: a wrong password is explained, the session cookie is out of script\'s reach, signing out ends it', async ({ context, page }) => {
  const user = await newSignedUpUser();
  await signInThroughForm(page, user.email, 'not-my-password-1');
  await page.getByText(/not right/i).first().waitFor({ state: 'visible' })
    .catch((e) => { throw new Error(`no message after a wrong password: ${e.message}`); });
  await axeCheck(page, 'sign-in-wrong-password');
  await page.getByLabel(/^password/i).fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
  const visible = await page.evaluate(() => document.cookie);
  assert.ok(!visible.includes('briefdesk_session'), `script reads the session cookie: ${visible}`);
  assert.ok(visible.includes('briefdesk_csrf='), `script cannot read the CSRF cookie: ${visible}`);
  const session = (await context.cookies()).find((c) => c.name === 'briefdesk_session');
  assert.ok(session?.httpOnly, 'the browser holds no HttpOnly briefdesk_session cookie');
  const stolen = `briefdesk_session=${session.value}`;
  expectStatus(await call('GET', '/v1/users/me', { headers: { Cookie: stolen } }), 200, 'the cookie before signing out');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /sign in/i }).waitFor();
  assert.ok(!(await context.cookies()).some((c) => c.name === 'briefdesk_session' && c.value),
    'the session cookie stayed in the browser after signing out');
  expectStatus(await call('GET', '/v1/users/me', { headers: { Cookie: stolen } }), 401, 'the cookie after signing out');
  // Back to a page that needs a session: the sign-in form, not the page.
  await page.goto('/app/account');
  await page.waitForURL(/\/app\/signin\?next=/);
});
