// The one client of the REST API: JSON in and out, the session cookie, the
// CSRF token on every change, retries with backoff when the connection or a
// service is down (with a visible state), and errors turned into sentences.
import { t, has } from './i18n.js';

const SAFE = new Set(['GET', 'HEAD']);
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];

export class ApiError extends Error {
  constructor({ status = 0, code = 'UNAVAILABLE', message = '', details = [], body = null, retryAfter = 0 }) {
    super(message);
    this.status = status;
    this.code = code;
    this.serverMessage = message;
    // [{field, description}] as the API names them.
    this.details = details;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  // One sentence for the screen, in the reader's language.
  get sentence() {
    return errorSentence(this);
  }
}

export function errorSentence(err) {
  if (!(err instanceof ApiError)) return t('error.unexpected');
  if (err.status === 0) return t('error.network');
  if (err.status === 429 && err.retryAfter) {
    return t('error.rateLimited', { count: Math.max(1, Math.ceil(err.retryAfter / 60)) });
  }
  const key = `error.code.${err.code}`;
  const sentence = has(key) ? t(key) : t('error.unexpected');
  // Invalid input and refused actions: the service's own words say what.
  if ((err.code === 'INVALID_ARGUMENT' || err.code === 'FAILED_PRECONDITION') &&
      err.serverMessage && !err.details.length) {
    return `${sentence} ${err.serverMessage}`;
  }
  return sentence;
}

// --- Connection state, shown by the frame while requests wait to retry.
const waiting = new Map(); // id -> {until, wake}
const stateListeners = new Set();
let nextWaitId = 1;

export function onConnectionState(listener) {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

function publishState() {
  let until = 0;
  for (const w of waiting.values()) until = until ? Math.min(until, w.until) : w.until;
  const state = waiting.size ? { retrying: true, until, reason: [...waiting.values()][0].reason } : { retrying: false };
  for (const l of stateListeners) l(state);
}

// "Try now": every waiting request tries again at once.
export function retryNow() {
  for (const w of waiting.values()) w.wake();
}

function wait(ms, reason) {
  return new Promise((resolve) => {
    const id = nextWaitId++;
    const done = () => {
      clearTimeout(timer);
      waiting.delete(id);
      publishState();
      resolve();
    };
    const timer = setTimeout(done, ms);
    waiting.set(id, { until: Date.now() + ms, wake: done, reason });
    publishState();
  });
}

// --- Session hooks set by the frame.
let onUnauthorized = () => {};
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler;
}

function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)briefdesk_csrf=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : '';
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function buildUrl(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

// Whether the page is going away (a navigation, a reload, the tab
// closing): requests it cuts off are not errors to show or log.
let leaving = false;
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => { leaving = true; });
  // A navigation that did not happen (a download, a cancelled leave):
  // the page stays, and so do its errors.
  window.addEventListener('beforeunload', () => {
    leaving = true;
    setTimeout(() => { leaving = false; }, 5000);
  });
  window.addEventListener('pageshow', () => { leaving = false; });
}
// Never settles: nothing runs after a request the leaving page cut off.
const silence = () => new Promise(() => {});

async function readBody(res) {
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const text = await res.text();
  if (type.includes('json') && text) {
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  }
  return text;
}

function toError(res, body) {
  const e = body && typeof body === 'object' && body.error ? body.error : {};
  const retryAfter = Number(res.headers.get('Retry-After')) || 0;
  return new ApiError({
    status: res.status,
    code: e.code || codeOf(res.status),
    message: e.message || '',
    details: Array.isArray(e.details) ? e.details.filter((d) => d && d.field) : [],
    body,
    retryAfter,
  });
}

function codeOf(status) {
  return { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND',
    409: 'ABORTED', 412: 'ABORTED', 413: 'INVALID_ARGUMENT', 429: 'RESOURCE_EXHAUSTED',
    503: 'UNAVAILABLE', 504: 'DEADLINE_EXCEEDED' }[status] || 'INTERNAL';
}

// request('PATCH', '/v1/courses/1', {json, ifMatch}) -> the parsed body.
// Options: json | text (+ contentType) body; query; accept; ifMatch;
// auth:false (a 401 is the caller's, e.g. a wrong password); retries;
// response:true to get {data, headers, status}.
export async function request(method, path, opts = {}) {
  const headers = { Accept: opts.accept || 'application/json' };
  let body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.text !== undefined) {
    headers['Content-Type'] = opts.contentType || 'text/plain; charset=utf-8';
    body = opts.text;
  }
  // A resource's `etag` field is the bare tag; the header wants it quoted.
  if (opts.ifMatch) headers['If-Match'] = /^("|W\/|\*$)/.test(opts.ifMatch) ? opts.ifMatch : `"${opts.ifMatch}"`;
  // The same key on every retry: a creation that did happen answers the
  // first result instead of creating twice.
  if (method === 'POST') headers['Idempotency-Key'] = opts.idempotencyKey || newKey();
  const retries = opts.retries ?? (SAFE.has(method) ? 30 : BACKOFF_MS.length);
  const url = buildUrl(path, opts.query);

  for (let attempt = 0; ; attempt++) {
    if (!SAFE.has(method)) {
      const token = csrfToken();
      if (token) headers['X-CSRF-Token'] = token;
    }
    let res;
    try {
      res = await fetch(url, { method, headers, body, credentials: 'same-origin', cache: 'no-store', signal: opts.signal });
    } catch (err) {
      if (err.name === 'AbortError') throw err;
      if (leaving) return silence();
      if (attempt >= retries) throw new ApiError({ status: 0, code: 'UNAVAILABLE' });
      await wait(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)], 'network');
      continue;
    }
    if (res.status === 503 && attempt < retries) {
      const after = (Number(res.headers.get('Retry-After')) || 0) * 1000;
      await wait(Math.max(after, BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]), 'unavailable');
      continue;
    }
    // A body cut off (the connection lost, a navigation, an abort) is a
    // lost connection too: tried again, or nothing when the page is going
    // away; never a raw TypeError.
    let data;
    try {
      data = await readBody(res);
    } catch (err) {
      if (err.name === 'AbortError' && opts.signal?.aborted) throw err;
      if (leaving) return silence();
      if (attempt >= retries) throw new ApiError({ status: 0, code: 'UNAVAILABLE' });
      await wait(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)], 'network');
      continue;
    }
    if (!res.ok) {
      const error = toError(res, data);
      if (res.status === 401 && opts.auth !== false) onUnauthorized(error);
      throw error;
    }
    return opts.response ? { data, headers: res.headers, status: res.status } : data;
  }
}

export const api = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, json = {}, opts = {}) => request('POST', path, { ...opts, json }),
  patch: (path, json, opts = {}) => request('PATCH', path, { ...opts, json }),
  del: (path, opts) => request('DELETE', path, opts),
};
