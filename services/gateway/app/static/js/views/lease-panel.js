// The time left on a claim (a review task's, a request for guidance's),
// in words and ticking, with warnings read out at 10, 5 and 1 minutes and
// when it ends; "keep it longer" and "give it back" (confirmed). The words
// are the catalogue's `${prefix}.…` entries (review.lease, guidance.lease).
import { h, replace } from '../dom.js';
import { t, formatDateTime } from '../i18n.js';
import { ApiError } from '../api.js';
import { app } from '../app.js';
import { errorBlock } from '../ui.js';
import { actionButton, confirmDialog } from '../forms.js';
import { timeLeftWords } from './review-common.js';

// renew(): the claim as renewed ({leaseExpireTime}); release(): gives it
// back; then `back` ({href, text}) is where the person goes, and where a
// lease that ended sends them.
export function leasePanel({ prefix, id, expireTime, renew, release, back }) {
  let leaseEnd = expireTime;
  const leaseText = h('p', { class: 'lease-left' });
  const leaseNotice = h('div');
  const gone = (err) => (err instanceof ApiError && err.status === 409
    ? h('div', { class: 'notice error', role: 'alert' }, h('p', null, t(`${prefix}.gone`)),
      h('p', null, h('a', { href: back.href }, back.text)))
    : errorBlock(err));
  const renewButton = actionButton(t(`${prefix}.renew`), t(`${prefix}.renewing`), async () => {
    replace(leaseNotice);
    try {
      const updated = await renew();
      leaseEnd = updated?.leaseExpireTime || leaseEnd;
      warned.clear();
      tick();
      app.announce(t(`${prefix}.renewed`, { time: formatDateTime(leaseEnd) }));
    } catch (err) {
      replace(leaseNotice, gone(err));
    }
  }, { class: 'secondary' });
  const releaseButton = actionButton(t(`${prefix}.release`), t(`${prefix}.releasing`), async () => {
    const ok = await confirmDialog({ title: t(`${prefix}.releaseTitle`), body: t(`${prefix}.releaseBody`),
      confirmLabel: t(`${prefix}.releaseConfirm`), danger: true });
    if (!ok) return;
    replace(leaseNotice);
    try {
      await release();
      app.flash(t(`${prefix}.released`));
      app.navigate(back.href);
    } catch (err) {
      replace(leaseNotice, gone(err));
    }
  }, { class: 'secondary' });
  const el = h('section', { class: 'lease panel', 'aria-labelledby': id },
    h('h2', { id }, t(`${prefix}.title`)),
    leaseText,
    h('p', { class: 'hint' }, t(`${prefix}.hint`)),
    h('div', { class: 'actions' }, renewButton, releaseButton),
    leaseNotice);
  const warned = new Set();
  const tick = () => {
    const ms = new Date(leaseEnd).getTime() - Date.now();
    replace(leaseText, h('strong', null, timeLeftWords(leaseEnd)), ' ', t('review.lease.until', { time: formatDateTime(leaseEnd) }));
    el.classList.toggle('lease-ending', ms < 10 * 60000);
    el.classList.toggle('lease-ended', ms <= 0);
    for (const [limit, key] of [[10, 'tenMinutes'], [5, 'fiveMinutes'], [1, 'oneMinute'], [0, 'endedNotice']]) {
      if (ms <= limit * 60000 && !warned.has(limit)) {
        const first = warned.size === 0;
        warned.add(limit);
        // On opening a lease already short, say it once, not each step.
        if (first || limit === 0) app.announce(t(`${prefix}.${key}`));
        if (limit === 0) replace(leaseNotice, h('div', { class: 'notice error', role: 'alert' }, h('p', null, t(`${prefix}.endedNotice`))));
      }
    }
  };
  tick();
  const timer = setInterval(tick, 1000);
  return { el, stop: () => clearInterval(timer) };
}
