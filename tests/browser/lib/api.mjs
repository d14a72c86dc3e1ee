// The REST API as a suite uses it: plain fetch against BASE_URL, with the
// admin's key, a person's API key, or a session's cookies and CSRF token.
import assert from 'node:assert/strict';
import { env, unique } from './env.mjs';
import * as mail from './mail.mjs';

// One request. `key` sends Authorization: Bearer; `session` sends its
// cookies and (unless csrf is false, or a string to send instead) its
// X-CSRF-Token. The answer: status, headers, text, json (or null), and
// cookies: the Set-Cookie headers parsed.
export async function call(method, path, options = {}) {
  const { key, session, csrf, body, headers = {}, redirect = 'manual' } = options;
  const h = { ...headers };
  if (key) h.Authorization = `Bearer ${key}`;
  if (session) {
    h.Cookie = session.cookieHeader();
    const token = csrf === undefined ? session.csrf : csrf;
    if (token !== false && token !== null) h['X-CSRF-Token'] = token;
  }
  let payload = body;
  if (body !== undefined && typeof body !== 'string') {
    payload = JSON.stringify(body);
    h['Content-Type'] = 'application/json';
  }
  const res = await fetch(env.BASE_URL + path, {
    method, headers: h, body: payload, redirect,
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return {
    status: res.status,
    headers: res.headers,
    text,
    json,
    cookies: res.headers.getSetCookie().map(parseSetCookie),
    toString() {
      return `${method} ${path} → ${res.status} ${text.slice(0, 500)}`;
    },
  };
}

// Asserts the status, saying which request got what.
export function expectStatus(res, status, what = '') {
  assert.equal(res.status, status,
    `${what ? `${what}: ` : ''}expected ${status}, got ${res}`);
  return res;
}

// "name=value; HttpOnly; Path=/" as {name, value, attributes} with
// attribute names in lower case (flags map to true).
export function parseSetCookie(header) {
  const [pair, ...attrs] = header.split(';').map((s) => s.trim());
  const eq = pair.indexOf('=');
  const attributes = {};
  for (const a of attrs) {
    const i = a.indexOf('=');
    if (i < 0) attributes[a.toLowerCase()] = true;
    else attributes[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
  }
  return {
    name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes, header,
  };
}

// The admin's calls.
export const admin = {
  call: (method, path, options = {}) =>
    call(method, path, { key: env.ADMIN_KEY, ...options }),
};

// A new person made by the admin: {id, email, displayName, key, keyId}.
export async function newUser({
  roles = ['PARTICIPANT'], displayName, email, expertise = [],
} = {}) {
  const u = unique();
  const body = {
    displayName: displayName ?? `Person ${u}`,
    email: email ?? `person-${u}@example.org`,
    roles, expertise,
  };
  const res = expectStatus(await admin.call('POST', '/v1/users', { body }),
    201, 'creating a user');
  return {
    id: res.json.user.id, email: body.email, displayName: body.displayName,
    key: res.json.apiKey, keyId: res.json.keyId,
  };
}

// A signed-in session: the cookies the server set (updated by every answer
// that sets one) and the CSRF token from the body.
export class Session {
  constructor(res) {
    this.jar = new Map();
    this.take(res);
    this.csrf = res.json?.csrfToken;
    this.body = res.json;
  }
  take(res) {
    for (const c of res.cookies) this.jar.set(c.name, c.value);
  }
  cookie(name) {
    return this.jar.get(name);
  }
  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async call(method, path, options = {}) {
    const res = await call(method, path, { session: this, ...options });
    this.take(res);
    return res;
  }
}

// POST /v1/sessions; the raw answer.
export function postSession(email, password) {
  return call('POST', '/v1/sessions', { body: { email, password } });
}

// Signs in, expecting 201; a Session.
export async function signIn(email, password) {
  const res = expectStatus(await postSession(email, password), 201,
    `signing in as ${email}`);
  assert.ok(res.json?.csrfToken, `no csrfToken in the sign-in answer: ${res}`);
  return new Session(res);
}

// Sets `user`'s password as a person would: asks for a reset, opens the
// e-mailed link's token, completes it. Needs MAILDIR.
export async function setPassword(user, password) {
  expectStatus(await call('POST', '/v1/passwordResets',
    { body: { email: user.email } }), 202, 'asking for a password reset');
  const msg = await mail.waitFor(user.email, /password|reset/i);
  const link = msg.link(/reset|password/i);
  const token = tokenOf(link);
  expectStatus(await call('POST',
    `/v1/passwordResets/${encodeURIComponent(token)}:complete`,
    { body: { password } }), 200, `completing the reset from ${link}`);
  return password;
}

// A new person who can sign in: newUser, then setPassword.
export async function newSignedUpUser(options = {}) {
  const user = await newUser(options);
  user.password = `pw-${unique()}-Correct-Horse`;
  await setPassword(user, user.password);
  return user;
}

// The token a link carries: its fragment (which no server or log sees),
// its `token` parameter, else its last path segment (without a :verb).
export function tokenOf(link) {
  const url = new URL(link);
  if (url.hash.length > 1) return decodeURIComponent(url.hash.slice(1));
  const q = url.searchParams.get('token');
  if (q) return q;
  const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
  return decodeURIComponent(last.split(':')[0]);
}

// A course of the caller's (key), with `modules` (titles, or {title,
// sections}) due a week apart from a month ahead, in `language` (BCP 47);
// the created course.
export async function newCourse(key, { title, modules = [], language = 'en' } = {}) {
  const start = new Date(Date.now() + 30 * 86400e3);
  const day = (d) => d.toISOString().slice(0, 10);
  const body = {
    title: title ?? `Course ${unique()}`,
    edition: 'International 2027',
    language,
    timeZone: 'Europe/Rome',
    startDate: day(start),
    endDate: day(new Date(start.getTime() + 42 * 86400e3)),
    modules: modules.map((m, i) => ({
      number: i + 1,
      ...(typeof m === 'string' ? { title: m } : m),
      dueTime: new Date(start.getTime() + (i + 1) * 7 * 86400e3).toISOString(),
    })),
  };
  const res = expectStatus(await call('POST', '/v1/courses', { key, body }),
    201, 'creating a course');
  return res.json;
}

// A brief of the caller's (key): a title, a topic, and whatever else is
// given (sections, courseId, …); the created brief.
export async function newBrief(key, fields = {}) {
  const body = { title: `Brief ${unique()}`, topic: 'social-protection', ...fields };
  const res = expectStatus(await call('POST', '/v1/briefs', { key, body }), 201, 'creating a brief');
  return res.json;
}

// A brief as its author reads it now (GET /v1/briefs/{id} with `key`).
export async function getBrief(key, id) {
  return expectStatus(await call('GET', `/v1/briefs/${encodeURIComponent(id)}`, { key }), 200,
    'reading the brief').json;
}
