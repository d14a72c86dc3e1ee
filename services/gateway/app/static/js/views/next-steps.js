// A participant's "Next steps" on their course page: the agreement (one to
// ten actions: what, with whom, by when; who they will take the brief to;
// the support they need), which opens when the course's last module is
// due. Saved with If-Match ("a0" before the first save); when it was
// changed elsewhere both versions are shown and the participant chooses,
// as with the learning plan. Unsaved text is kept as a draft. Below it,
// the follow-up sessions (my-followups.js).
import { h, append, replace, seg } from '../dom.js';
import { t, formatDate, formatDateTime } from '../i18n.js';
import { api, request } from '../api.js';
import { app } from '../app.js';
import { loading, errorBlock } from '../ui.js';
import { Form, field, submitButton, draftStore, keepDraft } from '../forms.js';
import { sentDraft } from '../threads.js';
import { myFollowUps } from './my-followups.js';

const MAX_ACTIONS = 10;

// {el}: the two sections, "Your next steps" and "Your follow-up sessions".
export function nextSteps(course) {
  const slot = h('div', null, loading());
  const heading = h('h2', { id: 'next-steps-title', tabindex: '-1' }, t('agreement.title'));
  const section = h('section', { id: 'next-steps', class: 'after-course', 'aria-labelledby': 'next-steps-title' },
    heading, h('p', null, t('agreement.lead')), slot);
  const sessions = myFollowUps(course);
  const ready = (async () => {
    let loaded;
    try {
      loaded = await loadAgreement(course.id);
    } catch (err) {
      replace(slot, errorBlock(err));
      sessions.show(null);
      return;
    }
    sessions.show(loaded.agreement);
    const opens = Date.parse(loaded.agreement.openTime || '');
    if (!loaded.agreement.version && opens && Date.now() < opens) {
      replace(slot, h('div', { class: 'notice' },
        h('p', null, t('agreement.opensOn', { time: formatDateTime(loaded.agreement.openTime, course.timeZone) }))));
      return;
    }
    replace(slot, agreementForm(course, loaded, (agreement) => sessions.show(agreement)));
  })();
  return { el: [section, sessions.el], ready };
}

async function loadAgreement(courseId) {
  const { data, headers } = await api.get(`/v1/courses/${seg(courseId)}/members/me/agreement`, { response: true });
  return { agreement: data || {}, etag: headers.get('ETag') || (data?.etag ? `"${data.etag}"` : '"a0"') };
}

function stateOf(a) {
  const actions = (a.actions || []).slice(0, MAX_ACTIONS).map((x) => ({ what: x.what || '', withWhom: x.withWhom || '', byDate: x.byDate || '' }));
  return {
    actions: actions.length ? actions : [{ what: '', withWhom: '', byDate: '' }],
    audience: a.audience || '',
    supportNeeded: a.supportNeeded || '',
  };
}

const clean = (s) => s.replace(/[ \t]+/g, ' ').trim();

function agreementForm(course, loaded, saved) {
  let { agreement, etag } = loaded;
  const formEl = h('form', { novalidate: true, class: 'agreement-form' });
  // Quiet after a save until the next keystroke: a save pending from the
  // last one does not bring the saved text back as a draft.
  const store = sentDraft(draftStore(app.user.id, `agreement-${course.id}`), formEl);
  const form = new Form(formEl);
  const status = h('p', { class: 'muted', role: 'status' });
  const conflictSlot = h('div');
  const body = h('div');
  const button = submitButton(t('agreement.save'));
  append(formEl, conflictSlot, body, h('div', { class: 'actions' }, button), status);
  let state = stateOf(agreement);
  let inputs = null;

  const drawStatus = () => replace(status, agreement.version
    ? t('agreement.savedAt', { time: formatDateTime(agreement.updateTime), version: agreement.version })
    : t('agreement.notSavedYet'));

  const draw = (focusAction) => {
    form.fields.clear();
    inputs = drawFields(form, state, {
      add: () => {
        state = inputs.read();
        state.actions.push({ what: '', withWhom: '', byDate: '' });
        draw(state.actions.length - 1);
        store.save(state);
      },
      remove: (i) => {
        state = inputs.read();
        state.actions.splice(i, 1);
        if (!state.actions.length) state.actions.push({ what: '', withWhom: '', byDate: '' });
        draw(Math.min(i, state.actions.length - 1));
        store.save(state);
        app.announce(t('agreement.actionRemoved', { number: i + 1 }));
      },
    });
    replace(body, inputs.elements);
    if (focusAction !== undefined) inputs.focusAction(focusAction);
  };
  draw();
  drawStatus();
  keepDraft(formEl, store, () => inputs.read(), (d) => {
    state = { ...stateOf({}), ...d, actions: d.actions?.length ? d.actions.slice(0, MAX_ACTIONS) : state.actions };
    draw();
  }, () => {
    state = stateOf(agreement);
    draw();
  });

  const showConflict = (mine, theirs) => {
    const list = (actions) => (actions?.length
      ? h('ol', null, actions.map((a) => h('li', null, [a.what, a.withWhom, a.byDate ? formatDate(a.byDate) : ''].filter(Boolean).join(' — '))))
      : h('p', null, '—'));
    const side = (title, s) => h('div', null, h('h4', null, title), list(s.actions),
      h('p', null, h('strong', null, `${t('agreement.audience')}: `), s.audience || '—'),
      h('p', null, h('strong', null, `${t('agreement.supportNeeded')}: `), s.supportNeeded || '—'));
    const useTheirs = h('button', { type: 'button', class: 'secondary' }, t('agreement.conflict.useTheirs'));
    const panel = h('section', { class: 'notice warning', 'aria-labelledby': 'agreement-conflict' },
      h('h3', { id: 'agreement-conflict', tabindex: '-1' }, t('agreement.conflict.title')),
      h('p', null, t('agreement.conflict.lead', { time: formatDateTime(theirs.updateTime) })),
      h('div', { class: 'two-columns' },
        side(t('agreement.conflict.mine'), { ...mine, actions: mine.actions.filter((a) => a.what.trim()) }),
        side(t('agreement.conflict.theirs'), theirs)),
      h('p', null, t('agreement.conflict.choose')),
      h('div', { class: 'actions' }, useTheirs));
    useTheirs.addEventListener('click', () => {
      state = stateOf(agreement);
      store.clear();
      replace(conflictSlot);
      draw(0);
      app.announce(t('agreement.conflict.tookTheirs'));
    });
    replace(conflictSlot, panel);
    panel.querySelector('h3').focus();
  };

  form.onSubmit(button, t('common.saving'), async () => {
    state = inputs.read();
    const errors = [];
    state.actions.forEach((a, i) => {
      if (!a.what.trim()) errors.push({ field: `actions[${i}].what`, message: t('agreement.err.what') });
    });
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    const json = {
      actions: state.actions.map((a) => {
        const out = { what: a.what.trim() };
        if (clean(a.withWhom)) out.withWhom = clean(a.withWhom);
        if (a.byDate) out.byDate = a.byDate;
        return out;
      }),
      audience: state.audience.trim(),
      supportNeeded: state.supportNeeded.trim(),
    };
    try {
      const { data, headers } = await request('PATCH', `/v1/courses/${seg(course.id)}/members/me/agreement`, {
        json, ifMatch: etag, response: true,
      });
      const first = !agreement.version;
      agreement = data;
      etag = headers.get('ETag') || (data.etag ? `"${data.etag}"` : etag);
      store.sent();
      replace(conflictSlot);
      state = stateOf(agreement);
      draw();
      drawStatus();
      form.clearErrors();
      app.announce(first ? t('agreement.savedFirst') : t('agreement.saved'));
      saved(agreement);
    } catch (err) {
      if (err.status !== 412) throw err;
      // Changed elsewhere: show both; saving again keeps this one.
      const fresh = await loadAgreement(course.id);
      agreement = fresh.agreement;
      etag = fresh.etag;
      drawStatus();
      showConflict(state, agreement);
      saved(agreement);
    }
  });
  return formEl;
}

function drawFields(form, s, { add, remove }) {
  const rows = s.actions.map((a, i) => {
    const n = i + 1;
    const what = form.add(field({ name: `actions[${i}].what`, label: t('agreement.what'), hint: i === 0 ? t('agreement.whatHint') : null,
      type: 'textarea', rows: 2, required: true, value: a.what }));
    what.control.setAttribute('maxlength', '500');
    const withWhom = form.add(field({ name: `actions[${i}].withWhom`, label: t('agreement.withWhom'),
      hint: i === 0 ? t('agreement.withWhomHint') : null, value: a.withWhom }));
    withWhom.control.setAttribute('maxlength', '300');
    const byDate = form.add(field({ name: `actions[${i}].byDate`, label: t('agreement.byDate'), type: 'date', value: a.byDate }));
    const removeButton = s.actions.length > 1
      ? h('button', { type: 'button', class: 'link-button', onclick: () => remove(i) }, t('agreement.removeAction', { number: n }))
      : null;
    return {
      el: h('fieldset', { class: 'box agreed-action' }, h('legend', null, t('agreement.actionN', { number: n })),
        what, h('div', { class: 'inline-fields' }, withWhom, byDate), removeButton),
      read: () => ({ what: what.control.value, withWhom: withWhom.control.value, byDate: byDate.control.value }),
      focus: () => what.control.focus(),
    };
  });
  const full = s.actions.length >= MAX_ACTIONS;
  const addButton = h('button', { type: 'button', class: 'secondary', onclick: add, disabled: full }, t('agreement.addAction'));
  const audience = form.add(field({ name: 'audience', label: t('agreement.audience'), hint: t('agreement.audienceHint'),
    type: 'textarea', rows: 3, value: s.audience }));
  audience.control.setAttribute('maxlength', '1000');
  const support = form.add(field({ name: 'supportNeeded', label: t('agreement.supportNeeded'), hint: t('agreement.supportHint'),
    type: 'textarea', rows: 3, value: s.supportNeeded }));
  support.control.setAttribute('maxlength', '2000');
  const actionsSet = h('fieldset', { class: 'field', dataset: { field: 'actions' } },
    h('legend', null, t('agreement.actions')),
    h('p', { class: 'hint' }, t('agreement.actionsHint')),
    rows.map((r) => r.el),
    h('div', { class: 'actions' }, addButton, full ? h('span', { class: 'muted' }, t('agreement.maxActions')) : null));
  return {
    elements: [actionsSet, audience, support],
    read: () => ({ actions: rows.map((r) => r.read()), audience: audience.control.value, supportNeeded: support.control.value }),
    focusAction: (i) => rows[i]?.focus(),
  };
}
