// The invitation link (/app/invitation#token): choose a password, then
// sign in.
import { h, append, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { Form, submitButton } from '../forms.js';
import { passwordFields } from './password.js';
import { signIn, signInError } from './signin.js';

export default function render({ view, hash }) {
  const token = hash;
  append(view, h('h1', null, t('invitation.title')));
  if (!token) {
    append(view, h('p', null, t('invitation.noToken')), h('p', null, h('a', { href: '/app/signin' }, t('reset.backToSignIn'))));
    return;
  }
  const button = submitButton(t('invitation.submit'));
  const formEl = h('form', { novalidate: true });
  const form = new Form(formEl);
  const passwords = passwordFields(form);
  append(formEl, passwords.elements, h('div', { class: 'actions' }, button));
  const body = h('div', null,
    h('p', { class: 'lead' }, t('invitation.lead')),
    h('p', null, t('invitation.explain')),
    formEl);

  form.onSubmit(button, t('invitation.busy'), async () => {
    const errors = passwords.check();
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    let accepted;
    try {
      accepted = await api.post(`/v1/invitations/${encodeURIComponent(token)}:accept`,
        { password: passwords.value() }, { auth: false });
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        replace(body, h('div', { class: 'notice error', role: 'alert' }, h('p', null, t('invitation.gone'))),
          h('p', null, h('a', { href: '/app/signin' }, t('invitation.signInInstead'))));
        return;
      }
      throw err;
    }
    history.replaceState(null, '', '/app/invitation');
    try {
      await signIn(accepted.user.email, passwords.value(), '/app/');
    } catch (err) {
      replace(body, h('div', { class: 'notice success', role: 'status' }, h('p', null, t('invitation.ready'))),
        h('p', null, signInError(err) || err.sentence),
        h('p', null, h('a', { href: '/app/signin' }, t('reset.backToSignIn'))));
    }
  });
  append(view, body);
}
