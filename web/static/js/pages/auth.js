// auth.js — logging in and out.
//
// Log-in posts {email, password}; the server sets an HttpOnly session cookie
// and answers the same {adult, setting, roles, permissions} as /me. Parents
// log in here too and go to the parent portal ({parent, …, portal: true}). A wrong
// password is one message for e-mail and password alike (it must not tell
// which was wrong); the fifth in a row locks the account (429 locked_out),
// which gets its own message saying what to do.

import { h, add } from '../dom.js';
import { api, errorOf } from '../api.js';
import * as session from '../session.js';
import { heading, para, textInput, notificationBanner } from '../govuk.js';
import { Form } from '../form.js';

/* Only a path on this site may follow the log-in (no open redirect). */
function safeNext(next) {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login') || next.startsWith('/logout')) return '/';
  return next;
}

export async function loginPage(ctx) {
  const next = safeNext(ctx.query.get('next'));
  const reason = ctx.query.get('reason');
  const email = textInput({ name: 'email', label: 'E-mail address', type: 'email', autocomplete: 'username', spellcheck: false });
  const password = textInput({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' });
  const content = h('div', { class: 'govuk-grid-row' });
  const col = h('div', { class: 'govuk-grid-column-two-thirds' });
  add(content, col);
  const form = new Form({
    host: col,
    submitText: 'Log in',
    required: { email: 'Enter your e-mail address', password: 'Enter your password' },
    submit: async (v) => {
      const r = await api('POST', '/login', { email: v.email, password: v.password });
      if (r.status === 200) {
        session.set(r.json);
        const portalNext = next.startsWith('/portal') ? next : '/portal';
        await ctx.navigate(r.json.portal ? portalNext : next, { replace: true });
        return undefined;
      }
      const e = errorOf(r);
      password.input.value = '';
      if (e.code === 'locked_out') {
        const mins = /(\d+) minutes?/.exec(e.message || '');
        const wait = mins ? `Try again in ${mins[1]} minutes` : 'Try again later';
        form.showErrors([{ field: 'email', message: `This account is locked because the password was wrong too many times. ${wait}, or ask the setting manager to set a new password.` }]);
        form.summary.querySelector('h2').textContent = 'Your account is locked';
      } else if (e.code === 'unauthenticated') {
        form.showErrors([{ field: 'email', message: 'The e-mail address or password is wrong' }]);
      } else {
        form.showApiError(r);
      }
      return undefined;
    },
  });
  form.add(email, password);
  add(col,
    reason === 'expired' ? notificationBanner('You were logged out because safeguard was not used for a while. Log in again to carry on.', { success: false }) : null,
    reason === 'logout' ? notificationBanner('You have logged out.') : null,
    heading('Log in'),
    para('Log in with the e-mail address and password your setting gave you.'),
    form.el,
    para('If you have forgotten your password, ask the setting manager to set a new one.'));
  ctx.render({ title: 'Log in', section: null }, content);
}

export async function logoutPage(ctx) {
  await api('POST', '/logout');
  session.clear();
  ctx.navigate('/login?reason=logout', { replace: true });
}
