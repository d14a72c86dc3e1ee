// Create a course (/app/courses/new) or change one (/app/courses/{id}/edit):
// title, dates, time zone, language, modules with due times and sections,
// reviews per round, follow-ups. Unsaved changes stay as a draft.
import { h, append, replace, seg, uid } from '../dom.js';
import { t, formatDate, languageName, currentLanguage } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink } from '../ui.js';
import { Form, field, submitButton, draftStore, keepDraft } from '../forms.js';
import { toInstant, fromInstant, isTimeZone, browserZone, allZones } from '../zones.js';
import { SECTIONS } from './milestones.js';

const LANGUAGES = ['en', 'fr', 'es', 'pt', 'ar', 'ru', 'zh'];
const MAX_MODULES = 20;

export default async function render({ view, params }) {
  const editing = !!params.id;
  const heading = h('h1', null, editing ? t('courseEdit.editTitle') : t('courseEdit.newTitle'));
  const slot = h('div', null, loading());
  append(view, backLink(editing ? `/app/courses/${seg(params.id)}` : '/app/courses', editing ? t('courseEdit.back') : t('courses.title')), heading, slot);
  let course = null;
  if (editing) {
    try {
      course = await api.get(`/v1/courses/${seg(params.id)}`);
    } catch (err) {
      replace(slot, errorBlock(err));
      return;
    }
  }
  replace(slot, buildForm(course));
}

function stateOf(course) {
  if (!course) {
    return { title: '', edition: '', language: currentLanguage(), timeZone: browserZone(), startDate: '', endDate: '',
      reviewsPerRound: '1', intervalDays: '61', count: '6', modules: [] };
  }
  return {
    title: course.title || '', edition: course.edition || '', language: course.language || 'en',
    timeZone: course.timeZone || '', startDate: course.startDate || '', endDate: course.endDate || '',
    reviewsPerRound: String(course.reviewsPerRound || 1),
    intervalDays: String(course.followUp?.intervalDays ?? 61), count: String(course.followUp?.count ?? 6),
    modules: (course.modules || []).map((m) => ({ title: m.title, due: joinDue(fromInstant(m.dueTime, course.timeZone)), sections: m.sections || [] })),
  };
}

function buildForm(course) {
  const editing = !!course;
  const store = draftStore(app.user.id, editing ? `course-${course.id}` : 'course-new');
  const formEl = h('form', { novalidate: true, class: 'wide' });
  const form = new Form(formEl);
  const body = h('div');
  const button = submitButton(editing ? t('courseEdit.save') : t('courseEdit.create'));
  append(formEl, body, h('div', { class: 'actions' }, button,
    h('a', { href: editing ? `/app/courses/${seg(course.id)}` : '/app/courses' }, t('common.cancel'))));
  let state = stateOf(course);
  let inputs = null;

  const draw = (focusModule) => {
    form.fields.clear();
    inputs = drawFields(form, state, { add: addModule, remove: removeModule });
    replace(body, inputs.elements);
    if (focusModule !== undefined) inputs.focusModule(focusModule);
  };
  const addModule = () => {
    state = inputs.read();
    state.modules.push({ title: '', due: '', sections: [] });
    draw(state.modules.length - 1);
    store.save(state);
  };
  const removeModule = (i) => {
    state = inputs.read();
    state.modules.splice(i, 1);
    draw(Math.min(i, state.modules.length - 1));
    store.save(state);
    app.announce(t('courseEdit.moduleRemoved', { number: i + 1 }));
  };
  draw();
  keepDraft(formEl, store, () => inputs.read(), (saved) => { state = { ...state, ...saved }; draw(); },
    () => { state = stateOf(course); draw(); });

  form.onSubmit(button, t('common.saving'), async () => {
    state = inputs.read();
    const errors = check(state);
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    const payload = toPayload(state);
    const saved = editing
      ? await api.patch(`/v1/courses/${seg(course.id)}`, payload, { ifMatch: course.etag })
      : await api.post('/v1/courses', payload);
    store.clear();
    app.flash(editing ? t('courseEdit.saved') : t('courseEdit.created'));
    app.navigate(`/app/courses/${seg(saved.id || course.id)}`);
  });
  return formEl;
}

function drawFields(form, s, { add, remove }) {
  const zonesId = uid('zones');
  const languages = LANGUAGES.includes(s.language) ? LANGUAGES : [...LANGUAGES, s.language];
  const f = {
    title: form.add(field({ name: 'title', label: t('courseEdit.courseTitle'), hint: t('courseEdit.courseTitleHint'), required: true, value: s.title })),
    edition: form.add(field({ name: 'edition', label: t('courseEdit.edition'), hint: t('courseEdit.editionHint'), value: s.edition })),
    language: form.add(field({ name: 'language', label: t('courseEdit.language'), hint: t('courseEdit.languageHint'), type: 'select', value: s.language,
      options: languages.map((l) => ({ value: l, label: languageName(l) })) })),
    timeZone: form.add(field({ name: 'timeZone', label: t('courseEdit.timeZone'), hint: t('courseEdit.timeZoneHint'), required: true, value: s.timeZone, list: zonesId, autocomplete: 'off', spellcheck: 'false' })),
    startDate: form.add(field({ name: 'startDate', label: t('courseEdit.startDate'), type: 'date', required: true, value: s.startDate })),
    endDate: form.add(field({ name: 'endDate', label: t('courseEdit.endDate'), type: 'date', required: true, value: s.endDate })),
    reviewsPerRound: form.add(field({ name: 'reviewsPerRound', label: t('courseEdit.reviewsPerRound'), hint: t('courseEdit.reviewsPerRoundHint'), type: 'number', min: 1, max: 5, value: s.reviewsPerRound, inputmode: 'numeric' })),
    intervalDays: form.add(field({ name: 'followUp.intervalDays', label: t('courseEdit.interval'), hint: t('courseEdit.intervalHint'), type: 'number', min: 1, max: 366, value: s.intervalDays, inputmode: 'numeric' })),
    count: form.add(field({ name: 'followUp.count', label: t('courseEdit.count'), hint: t('courseEdit.countHint'), type: 'number', min: 0, max: 24, value: s.count, inputmode: 'numeric' })),
  };
  const modules = s.modules.map((m, i) => moduleFields(form, m, i, s.modules.length, remove));
  const addButton = h('button', { type: 'button', class: 'secondary', onclick: add, disabled: s.modules.length >= MAX_MODULES }, t('courseEdit.addModule'));
  const elements = [
    h('h2', null, t('courseEdit.about')), f.title, f.edition, f.language, f.timeZone,
    h('datalist', { id: zonesId }, allZones().map((z) => h('option', { value: z }))),
    h('div', { class: 'inline-fields' }, f.startDate, f.endDate),
    h('h2', null, t('courseEdit.modules')),
    h('p', { class: 'hint' }, t('courseEdit.modulesHint')),
    s.modules.length ? null : h('p', null, t('course.noModules')),
    h('div', { dataset: { field: 'modules' } }, modules.map((m) => m.element)),
    h('div', { class: 'actions' }, addButton),
    h('h2', null, t('courseEdit.reviewsAndFollowUps')),
    f.reviewsPerRound,
    h('div', { class: 'inline-fields' }, f.intervalDays, f.count),
  ];
  const read = () => ({
    title: f.title.control.value, edition: f.edition.control.value, language: f.language.control.value,
    timeZone: f.timeZone.control.value.trim(), startDate: f.startDate.control.value, endDate: f.endDate.control.value,
    reviewsPerRound: f.reviewsPerRound.control.value, intervalDays: f.intervalDays.control.value, count: f.count.control.value,
    modules: modules.map((m) => m.read()),
  });
  const focusModule = (i) => (i >= 0 && modules[i] ? modules[i].focus() : addButton.focus());
  return { elements, read, focusModule };
}

function moduleFields(form, m, i, total, remove) {
  const n = i + 1;
  const prefix = `modules[${i}]`;
  const title = form.add(field({ name: `${prefix}.title`, label: t('courseEdit.moduleTitle'), required: true, value: m.title }));
  const due = form.add(field({ name: `${prefix}.dueTime`, label: t('courseEdit.due'), hint: t('courseEdit.dueHint'), type: 'datetime-local', required: true, value: m.due }));
  const boxes = SECTIONS.map((s) => {
    const id = uid('sec');
    const input = h('input', { type: 'checkbox', id, value: s, checked: (m.sections || []).includes(s) });
    return { input, el: h('div', { class: 'choice' }, input, h('label', { for: id }, t(`section.${s}`))) };
  });
  const sectionsError = h('p', { class: 'field-error', id: uid('err'), hidden: true });
  const sections = h('fieldset', { class: 'field', dataset: { field: `${prefix}.sections` } },
    h('legend', null, t('courseEdit.sections')), sectionsError, h('div', { class: 'choices-inline' }, boxes.map((b) => b.el)));
  sections.control = boxes[0].input;
  sections.error = sectionsError;
  form.add(sections);
  const legendId = uid('mod');
  const element = h('fieldset', { class: 'box module', 'aria-labelledby': legendId },
    h('legend', { id: legendId }, t('courseEdit.moduleN', { number: n })),
    title, due, sections,
    h('button', { type: 'button', class: 'link-button', onclick: () => remove(i) }, t('courseEdit.removeModule', { number: n })));
  return {
    element,
    focus: () => title.control.focus(),
    read: () => ({ title: title.control.value, due: due.control.value,
      sections: boxes.filter((b) => b.input.checked).map((b) => b.input.value) }),
  };
}

function check(s) {
  const errors = [];
  if (!s.title.trim()) errors.push({ field: 'title', message: t('courseEdit.err.title') });
  if (!isTimeZone(s.timeZone)) errors.push({ field: 'timeZone', message: t('courseEdit.err.timeZone') });
  if (!s.startDate) errors.push({ field: 'startDate', message: t('courseEdit.err.startDate') });
  if (!s.endDate) errors.push({ field: 'endDate', message: t('courseEdit.err.endDate') });
  if (s.startDate && s.endDate && s.endDate < s.startDate) errors.push({ field: 'endDate', message: t('courseEdit.err.endBeforeStart', { start: formatDate(s.startDate) }) });
  s.modules.forEach((m, i) => {
    if (!m.title.trim()) errors.push({ field: `modules[${i}].title`, message: t('courseEdit.err.moduleTitle', { number: i + 1 }) });
    if (!splitDue(m.due)) errors.push({ field: `modules[${i}].dueTime`, message: t('courseEdit.err.moduleDue', { number: i + 1 }) });
  });
  return errors;
}

function toPayload(s) {
  const int = (v, d) => (v === '' || Number.isNaN(Number(v)) ? d : Math.trunc(Number(v)));
  return {
    title: s.title.trim(), edition: s.edition.trim(), language: s.language, timeZone: s.timeZone,
    startDate: s.startDate, endDate: s.endDate,
    reviewsPerRound: int(s.reviewsPerRound, 1),
    followUp: { intervalDays: int(s.intervalDays, 61), count: int(s.count, 6) },
    modules: s.modules.map((m) => {
      const [date, time] = splitDue(m.due);
      return { title: m.title.trim(), dueTime: toInstant(date, time, s.timeZone), sections: m.sections };
    }),
  };
}

// The datetime-local value "2027-05-12T18:00" <-> date and time.
function joinDue({ date, time }) {
  return date && time ? `${date}T${time}` : '';
}

function splitDue(value) {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value || '');
  return m ? [m[1], m[2]] : null;
}
