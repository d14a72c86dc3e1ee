// Your learning plan in a course (/app/courses/{id}/plan): the policy
// question your brief will answer and one to five learning goals. Saved
// with If-Match; when it was changed elsewhere, both versions are shown
// and you choose. Unsaved text is kept as a draft.
import { h, append, replace, seg } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { api, request } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock, backLink } from '../ui.js';
import { Form, field, submitButton, draftStore, keepDraft } from '../forms.js';

const MAX_GOALS = 5;

export default async function render({ view, params }) {
  const heading = h('h1', null, t('plan.title'));
  const slot = h('div', null, loading());
  append(view, backLink(`/app/courses/${seg(params.id)}`, t('plan.back')), heading,
    h('p', { class: 'lead' }, t('plan.lead')), slot);
  let course;
  let loaded;
  try {
    [course, loaded] = await Promise.all([
      api.get(`/v1/courses/${seg(params.id)}`),
      loadPlan(params.id),
    ]);
  } catch (err) {
    replace(slot, errorBlock(err));
    return;
  }
  heading.textContent = t('plan.titleOf', { course: course.title });
  document.title = `${heading.textContent} – ${t('frame.product')}`;
  replace(slot, buildForm(params.id, loaded));
}

async function loadPlan(courseId) {
  const { data, headers } = await api.get(`/v1/courses/${seg(courseId)}/members/me/plan`, { response: true });
  return { plan: data || {}, etag: headers.get('ETag') || (data?.etag ? `"${data.etag}"` : '"p0"') };
}

function stateOf(plan) {
  const goals = (plan.learningGoals || []).slice(0, MAX_GOALS);
  return { policyQuestion: plan.policyQuestion || '', goals: goals.length ? goals : [''] };
}

function buildForm(courseId, loaded) {
  let { plan, etag } = loaded;
  const store = draftStore(app.user.id, `plan-${courseId}`);
  const formEl = h('form', { novalidate: true });
  const form = new Form(formEl);
  const saved = h('p', { class: 'muted', role: 'status' });
  const conflictSlot = h('div');
  const body = h('div');
  const button = submitButton(t('plan.save'));
  append(formEl, conflictSlot, body, h('div', { class: 'actions' }, button), saved);
  let state = stateOf(plan);
  let inputs = null;

  const drawSaved = () => replace(saved, plan.version
    ? t('plan.savedAt', { time: formatDateTime(plan.updateTime), version: plan.version })
    : t('plan.notSavedYet'));

  const draw = (focusGoal) => {
    form.fields.clear();
    inputs = drawFields(form, state, {
      add: () => {
        state = inputs.read();
        state.goals.push('');
        draw(state.goals.length - 1);
        store.save(state);
      },
      remove: (i) => {
        state = inputs.read();
        state.goals.splice(i, 1);
        if (!state.goals.length) state.goals.push('');
        draw(Math.min(i, state.goals.length - 1));
        store.save(state);
        app.announce(t('plan.goalRemoved', { number: i + 1 }));
      },
    });
    replace(body, inputs.elements);
    if (focusGoal !== undefined) inputs.focusGoal(focusGoal);
  };
  draw();
  drawSaved();
  keepDraft(formEl, store, () => inputs.read(), (d) => {
    state = { policyQuestion: d.policyQuestion ?? state.policyQuestion, goals: d.goals?.length ? d.goals.slice(0, MAX_GOALS) : state.goals };
    draw();
  }, () => {
    state = stateOf(plan);
    draw();
  });

  const showConflict = (mine, theirs) => {
    const list = (goals) => (goals?.length ? h('ol', null, goals.map((g) => h('li', null, g))) : h('p', null, '—'));
    const useTheirs = h('button', { type: 'button', class: 'secondary' }, t('plan.conflict.useTheirs'));
    const panel = h('section', { class: 'notice warning', 'aria-labelledby': 'plan-conflict' },
      h('h2', { id: 'plan-conflict', tabindex: '-1' }, t('plan.conflict.title')),
      h('p', null, t('plan.conflict.lead', { time: formatDateTime(theirs.updateTime) })),
      h('div', { class: 'two-columns' },
        h('div', null, h('h3', null, t('plan.conflict.mine')),
          h('p', null, h('strong', null, `${t('plan.question')}: `), mine.policyQuestion || '—'), list(mine.goals.filter((g) => g.trim()))),
        h('div', null, h('h3', null, t('plan.conflict.theirs')),
          h('p', null, h('strong', null, `${t('plan.question')}: `), theirs.policyQuestion || '—'), list(theirs.learningGoals))),
      h('p', null, t('plan.conflict.choose')),
      h('div', { class: 'actions' }, useTheirs));
    useTheirs.addEventListener('click', () => {
      state = stateOf(plan);
      store.clear();
      replace(conflictSlot);
      draw();
      inputs.focusGoal(-1);
      app.announce(t('plan.conflict.tookTheirs'));
    });
    replace(conflictSlot, panel);
    panel.querySelector('h2').focus();
  };

  form.onSubmit(button, t('common.saving'), async () => {
    state = inputs.read();
    const goals = state.goals.map((g) => g.replace(/\s+/g, ' ').trim()).filter(Boolean);
    const errors = [];
    if (!state.policyQuestion.trim()) errors.push({ field: 'policyQuestion', message: t('plan.err.question') });
    if (!goals.length) errors.push({ field: 'learningGoals[0]', message: t('plan.err.goal') });
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    try {
      const { data, headers } = await request('PATCH', `/v1/courses/${seg(courseId)}/members/me/plan`, {
        json: { policyQuestion: state.policyQuestion.replace(/\s+/g, ' ').trim(), learningGoals: goals }, ifMatch: etag, response: true,
      });
      plan = data;
      etag = headers.get('ETag') || (data.etag ? `"${data.etag}"` : etag);
      store.clear();
      replace(conflictSlot);
      state = stateOf(plan);
      draw();
      drawSaved();
      form.clearErrors();
      app.announce(t('plan.saved'));
    } catch (err) {
      if (err.status !== 412) throw err;
      // Changed elsewhere: show both; saving again keeps this one.
      const fresh = await loadPlan(courseId);
      plan = fresh.plan;
      etag = fresh.etag;
      drawSaved();
      showConflict(state, plan);
    }
  });
  return formEl;
}

function drawFields(form, s, { add, remove }) {
  const question = form.add(field({ name: 'policyQuestion', label: t('plan.question'), hint: t('plan.questionHint'), required: true, value: s.policyQuestion }));
  question.control.setAttribute('maxlength', '300');
  const goals = s.goals.map((g, i) => {
    const w = form.add(field({ name: `learningGoals[${i}]`, label: t('plan.goalN', { number: i + 1 }), type: 'textarea', rows: 2,
      required: i === 0, value: g }));
    w.control.setAttribute('maxlength', '500');
    const removeButton = s.goals.length > 1
      ? h('button', { type: 'button', class: 'link-button', onclick: () => remove(i) }, t('plan.removeGoal', { number: i + 1 }))
      : null;
    return { element: h('div', { class: 'goal' }, w, removeButton), control: w.control };
  });
  const addButton = h('button', { type: 'button', class: 'secondary', onclick: add, disabled: s.goals.length >= MAX_GOALS }, t('plan.addGoal'));
  const elements = [
    question,
    h('fieldset', { class: 'field' },
      h('legend', null, t('plan.goals')),
      h('p', { class: 'hint' }, t('plan.goalsHint')),
      goals.map((g) => g.element),
      h('div', { class: 'actions' }, addButton,
        s.goals.length >= MAX_GOALS ? h('span', { class: 'muted' }, t('plan.maxGoals')) : null)),
  ];
  return {
    elements,
    read: () => ({ policyQuestion: question.control.value, goals: goals.map((g) => g.control.value) }),
    focusGoal: (i) => (i >= 0 && goals[i] ? goals[i].control.focus() : question.control.focus()),
  };
}
