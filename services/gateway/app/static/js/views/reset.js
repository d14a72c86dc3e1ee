// Forgotten password: ask for a link (/app/reset), then choose a new
// password from the link (/app/reset#token) and sign in.
import { h, append, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { Form, field, submitButton } from '../forms.js';
import { passwordFields } from './password.js';
import { signIn, signInError } from './signin.js';

export default function render(ctx) {
  if (ctx.hash) return choosePassword(ctx);
  return requestLink(ctx);
}

function requestLink({ view }) {
  const email = field({ name: 'email', label: t('signin.email'), hint: t('reset.emailHint'), type: 'email', required: true, autocomplete: 'username', spellcheck: 'false' });
  const button = submitButton(t('reset.send'));
  const formEl = h('form', { novalidate: true }, email, h('div', { class: 'actions' }, button));
  const form = new Form(formEl);
  form.add(email);
  const body = h('div', null, h('p', { class: 'lead' }, t('reset.lead')), formEl);

  form.onSubmit(button, t('reset.sending'), async () => {
    const address = email.control.value.trim();
    if (!address || !address.includes('@')) {
      form.showErrors([{ field: 'email', message: t('reset.emailInvalid') }]);
      return;
    }
    await api.post('/v1/passwordResets', { email: address }, { auth: false });
    replace(body,
      h('div', { class: 'notice success', role: 'status' },
        h('p', null, t('reset.sent', { email: address })),
        h('p', null, t('reset.sentHint'))),
      h('p', null, h('a', { href: '/app/signin' }, t('reset.backToSignIn'))));
  });

  append(view, h('h1', null, t('reset.title')), body,
    h('p', null, h('a', { href: '/app/signin' }, t('reset.backToSignIn'))));
}

function choosePassword({ view, hash }) {
  const token = hash;
  const button = submitButton(t('reset.save'));
  const formEl = h('form', { novalidate: true });
  const form = new Form(formEl);
  const passwords = passwordFields(form);
  append(formEl, passwords.elements, h('div', { class: 'actions' }, button));
  const body = h('div', null, h('p', { class: 'lead' }, t('reset.chooseLead')), formEl);

  form.onSubmit(button, t('reset.saving'), async () => {
    const errors = passwords.check();
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    let done;
    try {
      done = await api.post(`/v1/passwordResets/${encodeURIComponent(token)}:complete`,
        { password: passwords.value() }, { auth: false });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        replace(body, h('div', { class: 'notice error', role: 'alert' }, h('p', null, t('reset.linkGone'))),
          h('p', null, h('a', { href: '/app/reset' }, t('reset.askAgain'))));
        body.querySelector('.notice').focus?.();
        return;
      }
      throw err;
    }
    // Signed in with the new password; the link is spent.
    history.replaceState(null, '', '/app/reset');
    try {
      await signIn(done.email, passwords.value(), '/app/');
    } catch (err) {
      const sentence = signInError(err) || err.sentence;
      replace(body, h('div', { class: 'notice success', role: 'status' }, h('p', null, t('reset.changed'))),
        h('p', null, sentence),
        h('p', null, h('a', { href: '/app/signin' }, t('reset.backToSignIn'))));
    }
  });

  append(view, h('h1', null, t('reset.chooseTitle')), body);
}
