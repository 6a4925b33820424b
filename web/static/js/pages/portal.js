// portal.js — the parent portal: what a parent, carer, social worker or
// local authority sees once signed in (the router lets a parent see these
// pages and no others; the server, the portal's endpoints and no others).
//
// The home page lists the parent's children. Each child is drawn by
// childSection() from one entry of GET /portal/children ({child, restricted,
// purposes: [{purpose, label, state}]}), so the consent forms can grow
// inside it; where that endpoint is missing, the page says where consent
// forms will appear. passwordPage changes the parent's own password
// (POST /me/password, as for staff).

import { h, add } from '../dom.js';
import { api } from '../api.js';
import { failPage } from '../router.js';
import { heading, para, link, textInput, summaryList, tag } from '../govuk.js';
import { Form } from '../form.js';
import { fullName } from '../format.js';

/* A consent state as a tag; unknown states are shown as they come. */
const STATES = {
  allowed: ['Given', 'green'],
  refused: ['Refused', 'red'],
  withdrawn: ['Withdrawn', 'grey'],
  expired: ['Expired', 'orange'],
  missing: ['Not answered', 'blue'],
  needs_social_worker: ['Waiting for the social worker', 'yellow'],
  needs_local_authority: ['Waiting for the local authority', 'yellow'],
  individual_only: ['Individual photos only', 'purple'],
  left: ['Left the setting', 'grey'],
  // A safeguarding decision of the setting's; its reason is never shown.
  restricted: ['Not possible', 'grey'],
};

function capitalise(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : '';
}

function stateTag(state) {
  const [text, colour] = STATES[state] || [state || 'Not answered', 'grey'];
  return tag(text, colour);
}

function childName(c) {
  const child = c.child || c;
  return child.name || fullName(child);
}

/* One child: their name and, when the API gives them, a row per purpose. */
function childSection(c, i) {
  const id = `child-${i}`;
  const purposes = Array.isArray(c.purposes) ? c.purposes : [];
  return h('section', { class: 'govuk-!-margin-bottom-8', 'aria-labelledby': id },
    h('h2', { class: 'govuk-heading-m', id, text: childName(c) }),
    purposes.length
      ? summaryList(purposes.map((p) => ({ key: capitalise(p.label || p.purpose), value: stateTag(p.state) })))
      : para('Consent forms for this child will appear here.'));
}

export async function homePage(ctx) {
  const me = ctx.me;
  const r = await api('GET', '/portal/children');
  if (r.status !== 404 && failPage(ctx, r)) return;
  const children = r.status === 200 && r.json && Array.isArray(r.json.children) ? r.json.children : null;
  const content = h('div');
  add(content,
    heading('Your children', { caption: fullName(me.parent) }),
    children === null
      ? para('Consent forms for photos and videos of your children will appear here.')
      : children.length
        ? children.map(childSection)
        : para('No children are linked to your account. If that is wrong, please tell the setting.'));
  ctx.render({ title: 'Your children', section: 'portal' }, content);
}

export async function passwordPage(ctx) {
  const col = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: col,
    submitText: 'Change password',
    labels: { current_password: 'Current password', new_password: 'New password', confirm: 'Type the new password again' },
    required: {
      current_password: 'Enter your current password',
      new_password: 'Enter a new password',
      confirm: 'Type the new password again',
    },
    secondary: [link('/portal', 'Cancel')],
    submit: async (v) => {
      if (v.new_password !== v.confirm) {
        return { status: 400, json: { error: { field: 'confirm', message: 'The two new passwords are not the same' } } };
      }
      const r = await api('POST', '/me/password', { current_password: v.current_password, new_password: v.new_password });
      if (r.status === 200) {
        await ctx.navigate('/portal', { flash: 'Your password is changed.' });
        return undefined;
      }
      return r;
    },
  });
  form.add(
    textInput({ name: 'current_password', label: 'Current password', type: 'password', autocomplete: 'current-password' }),
    textInput({ name: 'new_password', label: 'New password', type: 'password', autocomplete: 'new-password', hint: 'At least 10 characters' }),
    textInput({ name: 'confirm', label: 'Type the new password again', type: 'password', autocomplete: 'new-password' }));
  add(col, heading('Change your password'), form.el);
  ctx.render({ title: 'Change your password', section: 'portal-password' }, h('div', { class: 'govuk-grid-row' }, col));
}
