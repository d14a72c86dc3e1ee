// Choosing a new password (reset and invitation): twice, at least 10
// characters; the API's own judgement of a weak password lands at the
// field.
import { field } from '../forms.js';
import { t } from '../i18n.js';

export const MIN_LENGTH = 10;

export function passwordFields(form) {
  const password = form.add(field({ name: 'password', label: t('password.new'), hint: t('password.hint', { count: MIN_LENGTH }),
    type: 'password', required: true, autocomplete: 'new-password' }));
  const again = form.add(field({ name: 'passwordAgain', label: t('password.again'), type: 'password', required: true, autocomplete: 'new-password' }));
  return {
    elements: [password, again],
    value: () => password.control.value,
    // The errors to show before anything is sent, or [].
    check() {
      const value = password.control.value;
      if (!value) return [{ field: 'password', message: t('password.missing') }];
      if ([...value].length < MIN_LENGTH) return [{ field: 'password', message: t('password.tooShort', { count: MIN_LENGTH }) }];
      if (again.control.value !== value) return [{ field: 'passwordAgain', message: t('password.mismatch') }];
      return [];
    },
  };
}
