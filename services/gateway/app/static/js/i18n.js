// Message catalogues. en.json holds every string the app shows; another
// language comes by adding its file beside it (fr.json, es.json): the app
// asks for the person's preferred languages in order and falls back to
// English, string by string, for anything a catalogue lacks.

const STORAGE_KEY = 'briefdesk.language';
const base = new URL('../i18n/', import.meta.url);

let fallback = {};
let messages = {};
let language = 'en';
let plurals = new Intl.PluralRules('en');
// Dates and numbers follow the person's own locale (their browser's).
let formatLocale = navigator.language || 'en';

async function fetchCatalogue(tag) {
  try {
    const res = await fetch(new URL(`${tag}.json`, base), { credentials: 'same-origin' });
    if (!res.ok) return null;
    return await res.json();
  } catch {
    return null;
  }
}

function wantedLanguages() {
  const wanted = [];
  const chosen = localStorage.getItem(STORAGE_KEY);
  if (chosen) wanted.push(chosen);
  wanted.push(...(navigator.languages || [navigator.language || 'en']));
  const tags = [];
  for (const tag of wanted) {
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag)) continue;
    // One catalogue per language (fr.json serves fr-CA and fr-CI too).
    const primary = tag.split('-')[0].toLowerCase();
    if (!tags.includes(primary)) tags.push(primary);
  }
  return tags;
}

export async function loadCatalogues() {
  fallback = (await fetchCatalogue('en')) || {};
  messages = fallback;
  for (const tag of wantedLanguages()) {
    if (tag === 'en') break;
    const found = await fetchCatalogue(tag);
    if (found) {
      messages = found;
      language = tag;
      break;
    }
  }
  plurals = new Intl.PluralRules(language);
  document.documentElement.lang = language;
  document.documentElement.dir = messages['meta.direction'] || 'ltr';
}

export function currentLanguage() {
  return language;
}

function formatValue(value) {
  if (typeof value === 'number') return new Intl.NumberFormat(formatLocale).format(value);
  return String(value);
}

// t('home.modules', {count: 3}): a catalogue entry is a string with
// {name} placeholders, or an object of plural forms (zero, one, two, few,
// many, other) chosen by Intl.PluralRules from `count`.
export function t(key, params = {}) {
  let entry = messages[key] ?? fallback[key];
  if (entry === undefined) {
    console.warn(`i18n: no message for ${key}`);
    return key;
  }
  if (typeof entry === 'object') {
    const count = Number(params.count ?? 0);
    const exact = entry[`=${count}`];
    entry = exact ?? entry[plurals.select(count)] ?? entry.other;
  }
  return entry.replace(/\{(\w+)\}/g, (match, name) =>
    name in params ? formatValue(params[name]) : match);
}

// Does the catalogue have this key? (For optional texts, such as an
// error code's own sentence.)
export function has(key) {
  return key in messages || key in fallback;
}

const dateTimeFormats = new Map();
function formatter(options) {
  const key = JSON.stringify(options);
  if (!dateTimeFormats.has(key)) {
    try {
      dateTimeFormats.set(key, new Intl.DateTimeFormat(formatLocale, options));
    } catch {
      // An unknown time zone: show the time in the browser's own.
      const { timeZone, ...rest } = options;
      dateTimeFormats.set(key, new Intl.DateTimeFormat(formatLocale, rest));
    }
  }
  return dateTimeFormats.get(key);
}

// An instant (RFC 3339), as date and time; in `timeZone` with its name
// when given (a course's), else in the browser's zone.
export function formatDateTime(value, timeZone) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const options = { dateStyle: 'medium', timeStyle: 'short' };
  if (timeZone) {
    return `${formatter({ ...options, timeZone }).format(date)} (${zoneName(date, timeZone)})`;
  }
  return formatter(options).format(date);
}

function zoneName(date, timeZone) {
  const parts = formatter({ timeZone, timeZoneName: 'short' }).formatToParts(date);
  return parts.find((p) => p.type === 'timeZoneName')?.value || timeZone;
}

// A calendar date (YYYY-MM-DD): no time zone arithmetic.
export function formatDate(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || '');
  if (!m) return value || '';
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return formatter({ dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function formatNumber(n) {
  return new Intl.NumberFormat(formatLocale).format(n);
}

// A language's name in the reader's language ("fr" -> "French").
export function languageName(tag) {
  try {
    return new Intl.DisplayNames([language], { type: 'language' }).of(tag) || tag;
  } catch {
    return tag;
  }
}
