// Sign in with e-mail and password.
import { h, append } from '../dom.js';
import { t } from '../i18n.js';
import { api, ApiError } from '../api.js';
import { app, safeNext } from '../app.js';
import { Form, field, submitButton } from '../forms.js';

// Signs in and opens `next`; shared by the reset and invitation screens.
export async function signIn(email, password, next) {
  const data = await api.post('/v1/sessions', { email, password }, { auth: false, retries: 2 });
  app.signedIn(data.user, next);
}

export function signInError(err) {
  if (err instanceof ApiError && err.status === 401) return t('signin.wrong');
  if (err instanceof ApiError && err.status === 429) {
    const minutes = Math.max(1, Math.ceil((err.retryAfter || 60) / 60));
    return t('signin.rateLimited', { count: minutes });
  }
  return null;
}

export default function render({ view, query }) {
  const next = safeNext(query.get('next') || '/app/');
  if (app.user) {
    app.navigate(next, { replace: true });
    return;
  }
  const email = field({ name: 'email', label: t('signin.email'), type: 'email', required: true, autocomplete: 'username', spellcheck: 'false' });
  const password = field({ name: 'password', label: t('signin.password'), type: 'password', required: true, autocomplete: 'current-password' });
  const button = submitButton(t('signin.submit'));
  const formEl = h('form', { novalidate: true, 'aria-labelledby': 'signin-title' }, email, password,
    h('div', { class: 'actions' }, button));
  const form = new Form(formEl);
  form.add(email);
  form.add(password);

  form.onSubmit(button, t('signin.busy'), async () => {
    const errors = [];
    const address = email.control.value.trim();
    if (!address) errors.push({ field: 'email', message: t('signin.emailMissing') });
    if (!password.control.value) errors.push({ field: 'password', message: t('signin.passwordMissing') });
    if (errors.length) {
      form.showErrors(errors);
      return;
    }
    try {
      await signIn(address, password.control.value, next);
    } catch (err) {
      const sentence = signInError(err);
      if (!sentence) throw err;
      form.showErrors([{ field: null, message: sentence }]);
    }
  });

  append(view,
    h('h1', { id: 'signin-title' }, t('signin.title')),
    h('p', { class: 'lead' }, t('signin.lead')),
    formEl,
    h('p', null, h('a', { href: '/app/reset' }, t('signin.forgot'))),
    h('p', { class: 'muted' }, t('signin.noAccount')));
}
