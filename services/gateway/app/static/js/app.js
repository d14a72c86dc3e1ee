// What every screen shares: the signed-in person, navigation, and the
// status messages read out to screen readers.
import { h } from './dom.js';

const listeners = new Set();

export const app = {
  user: null,
  navigate: () => {},
  pendingFlash: null,

  setUser(user) {
    this.user = user;
    for (const l of listeners) l(user);
  },

  onUser(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  hasRole(...roles) {
    return !!this.user && (this.user.roles || []).some((r) => roles.includes(r));
  },

  // Read out a short status message (aria-live), without moving focus.
  announce(message) {
    const region = document.getElementById('announcer');
    if (!region) return;
    region.textContent = '';
    setTimeout(() => { region.textContent = message; }, 50);
  },

  // A message shown at the top of the next screen ("You have signed out").
  flash(message) {
    this.pendingFlash = message;
  },

  takeFlash() {
    const message = this.pendingFlash;
    this.pendingFlash = null;
    return message ? h('div', { class: 'notice success', role: 'status' }, h('p', null, message)) : null;
  },
};

// Where the person was, to come back to after signing in: a path of the
// app only (never another site).
export function safeNext(value) {
  if (typeof value !== 'string') return '/app/';
  if (!value.startsWith('/app/') || value.startsWith('/app//') || value.includes('\\')) return '/app/';
  if (value.startsWith('/app/signin')) return '/app/';
  return value;
}
