// The web app as a person meets it: pages found by their roles and labels
// (services/gateway/app/ names them), never by CSS classes.
import assert from 'node:assert/strict';
import { env } from './env.mjs';

// Opens the sign-in page and signs in through the form, by its labels.
export async function signInThroughForm(page, email, password) {
  await page.goto('/app/');
  await page.getByLabel(/^e-?mail/i).fill(email);
  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

// Gives the browser context a session made through the API (api.Session),
// as the sign-in answer would have: the quick way in for tests whose
// subject is not signing in.
export async function useSession(context, session) {
  const cookies = [...session.jar].map(([name, value]) => ({
    name, value, url: env.BASE_URL, sameSite: 'Lax',
    httpOnly: name === 'briefdesk_session',
  }));
  assert.ok(cookies.some((c) => c.name === 'briefdesk_session'),
    `the session has no briefdesk_session cookie: ${session.cookieHeader()}`);
  await context.addCookies(cookies);
}
