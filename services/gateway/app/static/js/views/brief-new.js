// Start a brief in a course (/app/briefs/new?course={id}): its language
// (the course's unless chosen), title, policy question (from the learning
// plan when there is one), topic, country and constituency; then the
// editor opens. What is typed is kept as a draft.
import { h, append, replace, seg } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink } from '../ui.js';
import { Form, field, radios, submitButton, draftStore, keepDraft } from '../forms.js';
import { briefLink, topicName } from '../briefs.js';
import { languageField, setLang, DEFAULT_LANGUAGE } from '../languages.js';

// Topics as experts list them in their expertise (slugs), by name.
export const TOPICS = ['employment-policy', 'social-protection', 'wages', 'skills', 'labour-migration',
  'occupational-safety-and-health', 'social-dialogue', 'informal-economy', 'gender-equality',
  'child-labour', 'youth-employment', 'green-jobs', 'enterprises', 'labour-standards', 'future-of-work'];
const OTHER = '__other';

// "Care work & migration" -> "care-work-migration".
export function toSlug(text) {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64).replace(/-+$/, '');
}

export default async function render({ view, query }) {
  const heading = h('h1', null, t('brief.new.title'));
  const slot = h('div', null, loading());
  append(view, backLink('/app/briefs', t('brief.backToList')), heading,
    h('p', { class: 'lead' }, t('brief.new.lead')), slot);
  let courses;
  try {
    const data = await api.get('/v1/courses', { query: { pageSize: 100 } });
    courses = data?.courses || [];
  } catch (err) {
    replace(slot, errorBlock(err));
    return;
  }
  const wanted = query.get('course') || '';
  const course = courses.find((c) => c.id === wanted) || (courses.length === 1 ? courses[0] : null);
  let plan = null;
  if (course) {
    try {
      plan = await api.get(`/v1/courses/${seg(course.id)}/members/me/plan`, { retries: 2 });
    } catch {
      plan = null;
    }
  }
  replace(slot, buildForm(courses, course, plan));
}

function buildForm(courses, course, plan) {
  const store = draftStore(app.user.id, 'brief-new');
  const formEl = h('form', { novalidate: true });
  const form = new Form(formEl);
  const courseField = form.add(field({
    name: 'courseId', label: t('brief.new.course'), hint: t('brief.new.courseHint'), type: 'select', value: course?.id || '',
    options: [{ value: '', label: t('brief.new.noCourse') }, ...courses.map((c) => ({ value: c.id, label: c.edition ? `${c.title} (${c.edition})` : c.title }))],
  }));
  // The course's language until another is chosen here.
  const courseLanguage = () => courses.find((c) => c.id === courseField.control.value)?.language || DEFAULT_LANGUAGE;
  let languageChosen = false;
  const language = languageField(form, { value: courseLanguage(), hint: t('language.newHint'), onChange: (tag) => setLang(written, tag) });
  const title = form.add(field({ name: 'title', label: t('brief.field.title'), hint: t('brief.hint.title'), required: true }));
  title.control.setAttribute('maxlength', '300');
  const question = form.add(field({ name: 'policyQuestion', label: t('brief.field.policyQuestion'),
    hint: plan?.policyQuestion ? t('brief.new.questionFromPlan') : t('brief.hint.policyQuestion'), value: plan?.policyQuestion || '' }));
  const topicOptions = [{ value: '', label: t('brief.new.chooseTopic') },
    ...TOPICS.map((s) => ({ value: s, label: topicName(s) })), { value: OTHER, label: t('brief.new.otherTopic') }];
  const topic = form.add(field({ name: 'topic', label: t('brief.field.topic'), hint: t('brief.new.topicHint'), type: 'select', required: true, options: topicOptions, value: '' }));
  const other = field({ name: 'topicOther', label: t('brief.new.otherTopicLabel'), hint: t('brief.new.otherTopicHint'), required: true });
  form.add(other);
  other.hidden = true;
  const country = form.add(field({ name: 'country', label: t('brief.field.country'), hint: t('brief.new.countryHint'), autocomplete: 'country-name' }));
  const written = [title.control, question.control];
  setLang(written, language.tag());
  language.element.addEventListener('change', () => { languageChosen = true; });
  const constituency = form.add(radios({ name: 'constituency', legend: t('brief.field.constituency'), hint: t('brief.new.constituencyHint'),
    options: [
      { value: 'GOVERNMENT', label: t('constituency.GOVERNMENT') },
      { value: 'WORKERS', label: t('constituency.WORKERS') },
      { value: 'EMPLOYERS', label: t('constituency.EMPLOYERS') },
    ] }));
  const button = submitButton(t('brief.new.create'));
  const existing = h('div', { role: 'status' });
  append(formEl, courseField, existing, language.element, title, question, topic, other, country, constituency,
    h('div', { class: 'actions' }, button, h('a', { href: '/app/briefs' }, t('common.cancel'))));

  const syncOther = () => { other.hidden = topic.control.value !== OTHER; };
  // A brief of one's own in that course already: say so, and link to it
  // (a course follows one brief per participant).
  const checkExisting = async () => {
    replace(existing);
    const id = courseField.control.value;
    if (!id) return;
    try {
      const data = await api.get('/v1/briefs', { query: { authorId: app.user.id, courseId: id, pageSize: 20 }, retries: 1 });
      const mine = (data?.briefs || []).filter((b) => b.courseId === id && b.state !== 'WITHDRAWN');
      if (mine.length && courseField.control.value === id) {
        replace(existing, h('div', { class: 'notice warning' },
          h('p', null, t('brief.new.alreadyOne')),
          h('p', null, h('a', { href: briefLink(mine[0].id) }, t('brief.new.openExisting', { title: mine[0].title || t('brief.untitled') })))));
      }
    } catch {
      // Not known: nothing to say.
    }
  };
  checkExisting();
  courseField.control.addEventListener('change', checkExisting);
  topic.control.addEventListener('change', syncOther);
  courseField.control.addEventListener('change', async () => {
    if (!languageChosen) {
      language.set(courseLanguage());
      setLang(written, language.tag());
    }
    // The plan's question, when the field is still empty.
    const id = courseField.control.value;
    if (!id || question.control.value.trim()) return;
    try {
      const p = await api.get(`/v1/courses/${seg(id)}/members/me/plan`, { retries: 1 });
      if (p?.policyQuestion && !question.control.value.trim()) question.control.value = p.policyQuestion;
    } catch {
      // No plan: the field stays empty.
    }
  });

  const read = () => ({
    courseId: courseField.control.value, title: title.control.value, policyQuestion: question.control.value,
    topic: topic.control.value, topicOther: other.control.value, country: country.control.value,
    constituency: constituency.value() || '', language: languageChosen && language.valid() ? language.tag() : '',
  });
  keepDraft(formEl, store, read, (d) => {
    if (d.courseId !== undefined && courses.some((c) => c.id === d.courseId)) courseField.control.value = d.courseId;
    title.control.value = d.title || '';
    question.control.value = d.policyQuestion || question.control.value;
    topic.control.value = d.topic || '';
    other.control.value = d.topicOther || '';
    country.control.value = d.country || '';
    for (const input of constituency.querySelectorAll('input')) input.checked = input.value === d.constituency;
    languageChosen = !!d.language;
    language.set(d.language || courseLanguage());
    setLang(written, language.tag());
    syncOther();
  }, () => app.navigate(location.pathname + location.search, { replace: true }));

  form.onSubmit(button, t('brief.new.creating'), async () => {
    const d = read();
    const errors = [];
    if (!language.valid()) errors.push({ field: 'language', message: language.error() });
    if (!d.title.trim()) errors.push({ field: 'title', message: t('brief.new.err.title') });
    let slug = d.topic;
    if (!slug) errors.push({ field: 'topic', message: t('brief.new.err.topic') });
    if (slug === OTHER) {
      slug = toSlug(d.topicOther);
      if (!slug) errors.push({ field: 'topicOther', message: t('brief.new.err.otherTopic') });
    }
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    const body = { title: d.title.trim(), topic: slug, policyQuestion: d.policyQuestion.trim(), country: d.country.trim(), language: language.tag() };
    if (d.courseId) body.courseId = d.courseId;
    if (d.constituency) body.constituency = d.constituency;
    const created = await api.post('/v1/briefs', body);
    store.clear();
    app.flash(t('brief.new.created'));
    app.navigate(briefLink(created.id));
  });
  return formEl;
}
