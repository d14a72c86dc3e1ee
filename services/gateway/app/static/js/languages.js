// A brief's language, a BCP 47 tag ("en", "fr-SN", "es-419"): the
// Language field of the new-brief form and of the editor (English,
// Français, Español, or "Other…" and a tag typed), tags checked as the API
// checks them, the "Language: …" line, and `lang` on what is written in
// it, so that screen readers and spell checkers read it as that language.
import { h, replace } from './dom.js';
import { t, languageName } from './i18n.js';
import { field } from './forms.js';

export const DEFAULT_LANGUAGE = 'en';
// Offered by name, each in its own language; any other by its tag.
const OFFERED = [
  { tag: 'en', key: 'language.en' },
  { tag: 'fr', key: 'language.fr' },
  { tag: 'es', key: 'language.es' },
];
const OTHER = '__other';
const TYPING_MS = 500;

// As the API checks a tag: two or three lower-case letters, then subtags
// of two to eight letters or digits after a hyphen.
const TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export function isLanguageTag(tag) {
  return typeof tag === 'string' && tag.length <= 35 && TAG.test(tag);
}

// What was typed as a tag in its usual case: " FR_sn" -> "fr-SN",
// "zh-hant-tw" -> "zh-Hant-TW", "es-419" stays.
export function normalTag(text) {
  const parts = String(text ?? '').trim().replace(/_/g, '-').split('-');
  return parts.map((p, i) => {
    if (i === 0) return p.toLowerCase();
    if (/^[A-Za-z]{2}$/.test(p)) return p.toUpperCase();
    if (/^[A-Za-z]{4}$/.test(p)) return p.charAt(0).toUpperCase() + p.slice(1).toLowerCase();
    return p.toLowerCase();
  }).join('-');
}

// "Language: fr-SN – French (Senegal)": a brief's language, on top of its
// pages; showLanguage(line, tag) changes it.
export function languageLine(tag) {
  const line = h('p', { class: 'brief-language' },
    h('span', { class: 'label' }, `${t('language.shownLabel')} `), h('span', { class: 'language-text' }));
  showLanguage(line, tag);
  return line;
}

export function showLanguage(line, tag) {
  const text = line?.querySelector('.language-text');
  if (text) replace(text, tagText(tag || DEFAULT_LANGUAGE));
}

// "fr-SN – French (Senegal)"; the tag alone when it has no name here.
function tagText(tag) {
  const name = languageName(tag);
  return name && name !== tag ? t('language.shown', { tag, name }) : tag;
}

// Sets `lang` on each element (inputs, rendered text) written in `tag`.
export function setLang(elements, tag) {
  for (const el of elements) if (el) el.lang = tag || DEFAULT_LANGUAGE;
}

// The Language field: a select (English, Français, Español, the given tag
// when it is another, Other…) and, for Other, a field for the tag. It
// joins `form` as `language`, the API's field name: errors of that name
// land on the select, or on the tag's field while it is shown.
// `onChange(tag)` is called once a valid tag is chosen (typing, once it
// pauses). Returns {element, tag(), valid(), error(), set(tag)}.
export function languageField(form, { value = DEFAULT_LANGUAGE, hint, onChange } = {}) {
  const select = h('select', { name: 'language' });
  const choice = field({ name: 'language', label: t('language.label'), hint: hint || t('language.hint'), control: select });
  const other = field({ name: 'languageTag', label: t('language.tagLabel'), hint: t('language.tagHint'),
    required: true, autocomplete: 'off', spellcheck: 'false' });
  other.control.setAttribute('maxlength', '35');
  form.add(choice);
  form.add(other);
  let extra = null;  // the option of a tag not offered by name
  let timer = null;
  let last = null;

  const drawOptions = () => {
    replace(select,
      OFFERED.map((o) => h('option', { value: o.tag, lang: o.tag }, t(o.key))),
      extra ? h('option', { value: extra }, tagText(extra)) : null,
      h('option', { value: OTHER }, t('language.other')));
  };
  const sync = () => {
    const typing = select.value === OTHER;
    other.hidden = !typing;
    // Errors of `language` go to the field that is shown.
    form.fields.set('language', typing ? other : choice);
    form.fields.set('languageTag', typing ? choice : other);
  };
  const tag = () => (select.value === OTHER ? normalTag(other.control.value) : select.value);
  const changed = () => {
    clearTimeout(timer);
    const now = tag();
    if (!isLanguageTag(now) || now === last) return;
    last = now;
    onChange?.(now);
  };
  const set = (wanted) => {
    const given = isLanguageTag(wanted) ? wanted : DEFAULT_LANGUAGE;
    if (!OFFERED.some((o) => o.tag === given) && extra !== given) {
      extra = given;
      drawOptions();
    }
    select.value = given;
    other.control.value = '';
    last = given;
    sync();
  };

  drawOptions();
  set(value);
  select.addEventListener('change', () => {
    sync();
    changed();
  });
  other.control.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(changed, TYPING_MS);
  });
  other.control.addEventListener('change', changed);

  return {
    element: h('div', { class: 'language-field' }, choice, other),
    tag,
    valid: () => isLanguageTag(tag()),
    // Why the tag cannot be sent, as a sentence ('' when it can).
    error() {
      const now = tag();
      if (isLanguageTag(now)) return '';
      return now ? t('language.err.tag', { tag: now }) : t('language.err.empty');
    },
    set,
  };
}

// The editor's language: the field, the tag last saved, the line on top
// and the elements whose `lang` follows the choice.
export class EditorLanguage {
  constructor(form, brief, onChange) {
    this.base = brief.language || DEFAULT_LANGUAGE;
    this.texts = [];
    this.line = null;
    this.field = languageField(form, {
      value: this.base,
      hint: t('language.editHint'),
      onChange: (tag) => {
        setLang(this.texts, tag);
        onChange(tag);
      },
    });
    this.element = this.field.element;
  }

  // The elements written in the brief's language (its fields, previews).
  writtenIn(elements, line) {
    this.texts = elements;
    this.line = line;
    setLang(this.texts, this.tag());
  }

  // The tag chosen, when it can be sent; else the one saved.
  tag() {
    return this.field.valid() ? this.field.tag() : this.base;
  }

  valid() {
    return this.field.valid();
  }

  error() {
    return this.field.error();
  }

  dirty() {
    return this.field.tag() !== this.base;
  }

  // After a save (or another tab's, taken): `tag` is the brief's language.
  saved(tag) {
    // A choice not touched here follows the brief (another tab's change).
    const untouched = !this.dirty();
    this.base = tag || DEFAULT_LANGUAGE;
    if (untouched) this.field.set(this.base);
    showLanguage(this.line, this.base);
    setLang(this.texts, this.tag());
  }
}
