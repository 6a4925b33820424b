// welcome.js — the page an invitation link opens: /welcome#token=sgi_…
//
// The office invites a parent to the parent portal; the link they are given
// carries the one-time token in the fragment (after #), which the browser
// never sends to the server, so it stays out of every log. Here the parent
// chooses their own password (twice, so a typing slip does not lock them
// out), the token and password go to POST /accept-invite, and the answer —
// like a log-in's — signs them in and opens the portal.

import { h, add } from '../dom.js';
import { api, errorOf } from '../api.js';
import * as session from '../session.js';
import { heading, para, link, textInput, insetText } from '../govuk.js';
import { Form } from '../form.js';

const MIN_LENGTH = 10; // the server's rule (PASSWORD_MIN); it checks again

/* The invitation token from the fragment, or '' when there is none. */
function tokenOf(hash) {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') || '';
}

/* What the parent can do about a refused invitation, in plain words. */
const INVITE_ERRORS = {
  invite_unknown: 'This invitation link is not right. Check you copied all of it, or ask the setting for a new invitation.',
  invite_used: 'This invitation has already been used. Log in with your e-mail address and password instead.',
  invite_expired: 'This invitation has expired, or a newer one was sent. Ask the setting for a new invitation, or use the newest one.',
  parent_ended: 'This invitation can no longer be used. Please ask the setting.',
  no_linked_child: 'This invitation can no longer be used. Please ask the setting.',
  email_missing: 'This invitation can no longer be used. Please ask the setting.',
  conflict: 'Your e-mail address is already used by another account. Please ask the setting.',
};

export async function welcomePage(ctx) {
  const token = tokenOf(location.hash);
  const col = h('div', { class: 'govuk-grid-column-two-thirds' });
  if (!token) {
    add(col,
      heading('Your invitation link is not complete'),
      para('Open the whole link from your invitation, including the part after the # sign.'),
      para('If you already have a password, ', link('/login', 'log in'), '.'));
    ctx.render({ title: 'Invitation link not complete', section: null }, h('div', { class: 'govuk-grid-row' }, col));
    return;
  }
  const form = new Form({
    host: col,
    submitText: 'Set my password',
    labels: { password: 'Choose a password', confirm: 'Type the password again' },
    required: { password: 'Choose a password', confirm: 'Type the password again' },
    submit: async (v) => {
      if (v.password.length < MIN_LENGTH) {
        return { status: 400, json: { error: { field: 'password', message: `The password needs at least ${MIN_LENGTH} characters` } } };
      }
      if (v.password !== v.confirm) {
        return { status: 400, json: { error: { field: 'confirm', message: 'The two passwords are not the same' } } };
      }
      const r = await api('POST', '/accept-invite', { token, password: v.password });
      if (r.status === 200) {
        session.set(r.json);
        await ctx.navigate('/portal', { replace: true, flash: 'Your password is set. You are signed in.' });
        return undefined;
      }
      const e = errorOf(r);
      if (INVITE_ERRORS[e.code]) {
        form.showErrors([{ message: INVITE_ERRORS[e.code] }]);
        return undefined;
      }
      return r;
    },
  });
  form.add(
    textInput({ name: 'password', label: 'Choose a password', type: 'password', autocomplete: 'new-password',
      hint: `At least ${MIN_LENGTH} characters. A few words you will remember make a good password.` }),
    textInput({ name: 'confirm', label: 'Type the password again', type: 'password', autocomplete: 'new-password' }));
  add(col,
    heading('Set up your parent portal account', { caption: 'Parent portal' }),
    para('The setting has invited you to its parent portal. There you will see your children and can give or refuse consent for photos and videos of them.'),
    para('Choose a password. You will log in with your e-mail address and this password.'),
    insetText('Keep your password to yourself. The setting’s staff will never ask you for it.'),
    form.el);
  ctx.render({ title: 'Set up your parent portal account', section: null }, h('div', { class: 'govuk-grid-row' }, col));
}
