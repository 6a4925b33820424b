// portal.js — the parent portal: what a parent, carer, social worker or
// local authority sees once signed in (the router lets a parent see these
// pages and no others; the server, the portal's endpoints and no others).
//
// The home page lists the parent's children, each drawn by childSection()
// from one entry of GET /portal/children ({child, restricted, purposes:
// [{purpose, label, state, records}]}). The same answer carries the current
// consent form, which signPage shows and sends back with the parent's yes or
// no per purpose and their typed name as signature (the server records the
// form's version, CONSENT-22). withdrawPage withdraws one consent, at once
// (CONSENT-11). passwordPage changes the parent's own password.

import { h, add, withHidden } from '../dom.js';
import { api, errorOf } from '../api.js';
import { failPage } from '../router.js';
import {
  heading, para, link, textInput, summaryList, tag, radios, checkboxes, insetText, warningText,
} from '../govuk.js';
import { Form } from '../form.js';
import { fullName, longDate, todayISO } from '../format.js';
import { stateTag as consentStateTag, capitalise } from '../consent_format.js';

const stateTag = (state) => consentStateTag(state, { portal: true });

function childName(c) {
  const child = c.child || c;
  return child.name || fullName(child);
}

/* The consents a parent may withdraw under one purpose: given, still the
 * signer's latest word, not withdrawn and not yet expired. A parent may
 * withdraw any of their child's (one holder of parental responsibility
 * saying no is enough), so another signer's is offered too. */
function withdrawable(p) {
  const today = todayISO();
  return (Array.isArray(p.records) ? p.records : []).filter((r) => r.decision === 'given' && r.current
    && !r.withdrawn_at && (!r.expires_on || r.expires_on > today));
}

/* The parent's own answers still standing, by purpose: they pre-fill the
 * form, so that changing one answer does not mean answering all again. */
function ownAnswers(c, me) {
  const mine = (r) => r.current && !r.withdrawn_at && r.signer_type === 'parent' && me.parent && r.signer_id === me.parent.id;
  const out = {};
  let individualOnly = false;
  for (const p of Array.isArray(c.purposes) ? c.purposes : []) {
    const r = (p.records || []).find(mine);
    if (!r) continue;
    out[p.purpose] = r.decision;
    if (r.decision === 'given' && r.individual_only) individualOnly = true;
  }
  return { decisions: out, individualOnly };
}

/* A GOV.UK textarea shaped like govuk.js's fields, for Form. */
function textArea({ name, label, hint, rows = 4 }) {
  const id = name;
  const hintId = hint ? `${id}-hint` : null;
  const errId = `${id}-error`;
  const area = h('textarea', { class: 'govuk-textarea', id, name, rows: String(rows), 'aria-describedby': hintId });
  const slot = h('span', { hidden: true, 'data-error-slot': '' });
  const group = h('div', { class: 'govuk-form-group' },
    h('label', { class: 'govuk-label govuk-label--s', for: id, text: label }),
    hint ? h('div', { id: hintId, class: 'govuk-hint', text: hint }) : null,
    slot, area);
  let errEl = null;
  return {
    name,
    label,
    el: group,
    focusId: id,
    get: () => area.value.trim(),
    setError(msg) {
      if (errEl) errEl.remove();
      errEl = null;
      group.classList.toggle('govuk-form-group--error', !!msg);
      area.classList.toggle('govuk-textarea--error', !!msg);
      if (msg) {
        errEl = h('p', { id: errId, class: 'govuk-error-message' }, h('span', { class: 'govuk-visually-hidden', text: 'Error: ' }), msg);
        slot.after(errEl);
      }
      const ids = [hintId, errEl ? errId : null].filter(Boolean).join(' ');
      if (ids) area.setAttribute('aria-describedby', ids);
      else area.removeAttribute('aria-describedby');
    },
  };
}

/* The portal's answer (children and the current form), or null when a
 * failure page has been drawn instead. */
async function loadChildren(ctx) {
  const r = await api('GET', '/portal/children');
  if (failPage(ctx, r)) return null;
  return r.json;
}

/* One child: their name, a row per purpose with a Withdraw link on each
 * consent still in force, and the way to the consent form. */
function childSection(c, i, hasForm) {
  const id = `child-${i}`;
  const purposes = Array.isArray(c.purposes) ? c.purposes : [];
  const child = c.child || c;
  const name = childName(c);
  const canSign = hasForm && child.id && !child.left;
  return h('section', { class: 'govuk-!-margin-bottom-8', 'aria-labelledby': id },
    h('h2', { class: 'govuk-heading-m', id, text: name }),
    canSign
      ? h('a', { href: `/portal/children/${child.id}/sign`, class: 'govuk-button', draggable: 'false' },
        withHidden('Review and sign the consent form', `for ${name}`))
      : null,
    purposes.length
      ? summaryList(purposes.map((p) => {
        const label = p.label || p.purpose;
        const live = withdrawable(p);
        return {
          key: capitalise(label),
          value: stateTag(p.state),
          actions: live.map((r) => ({
            href: `/portal/consents/${r.id}/withdraw`,
            text: 'Withdraw',
            hidden: `consent for ${label}${live.length > 1 ? ` given by ${r.signer_name}` : ''} (${name})`,
          })),
        };
      }))
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
        ? children.map((c, i) => childSection(c, i, !!(r.json && r.json.form)))
        : para('No children are linked to your account. If that is wrong, please tell the setting.'));
  ctx.render({ title: 'Your children', section: 'portal' }, content);
}

/* What stops a parent's signature, in words a parent can act on. */
const GIVE_ERRORS = {
  looked_after: (n) => `Consent for ${n} is given by their social worker and the local authority, so it cannot be signed here.`,
  no_parental_responsibility: (n) => `The setting’s records do not show that you can give consent for ${n}. If that is wrong, please tell the setting.`,
  unknown_form: () => 'The setting has just changed its consent form. Go back to your children and open the form again to see the new one.',
  conflict: (n) => `${n} has left the setting, so there is nothing to sign.`,
};

const row = (col) => h('div', { class: 'govuk-grid-row' }, col);

export async function signPage(ctx) {
  const data = await loadChildren(ctx);
  if (!data) return;
  const id = Number(ctx.params.id);
  const c = (data.children || []).find((x) => (x.child || x).id === id);
  if (!c) return ctx.notFound();
  const name = childName(c);
  const cf = data.form;
  const back = '/portal';
  const col = h('div', { class: 'govuk-grid-column-two-thirds' });
  if (!cf || !Array.isArray(cf.purposes) || !cf.purposes.length || (c.child || {}).left) {
    const title = cf ? `${name} has left the setting` : 'There is no consent form yet';
    add(col, heading(title, { caption: name }),
      para(cf ? 'There is nothing to sign for a child who has left.' : 'The setting has not put its consent form on the portal yet. Please ask the setting.'),
      para(link(back, 'Back to your children')));
    ctx.render({ title, back, backText: 'Your children' }, row(col));
    return;
  }
  const { decisions, individualOnly } = ownAnswers(c, ctx.me);
  const labels = { signed_name: 'Your full name', individual_only: 'Individual photos only' };
  const required = {};
  const questions = cf.purposes.map((p) => {
    const field = `decision_${p.purpose}`;
    const legend = capitalise(p.label || p.purpose);
    labels[field] = legend;
    required[field] = `Choose yes or no for ${p.label || p.purpose}`;
    const f = radios({
      name: field, legend, legendSize: 's', hint: p.text || undefined, inline: true, value: decisions[p.purpose] || '',
      items: [{ value: 'given', text: 'Yes' }, { value: 'refused', text: 'No' }],
    });
    // What publication implies is part of what the parent agrees to
    // (CONSENT-18), so it is read out with the question, in its hint.
    const hint = f.el.querySelector('.govuk-hint');
    if (p.public && p.implies && hint) {
      hint.append(h('div', { class: 'govuk-inset-text' }, h('strong', { text: 'This use is public. ' }), p.implies));
    }
    return { p, field, f };
  });
  required.signed_name = 'Type your full name to sign the form';
  const individual = checkboxes({
    name: 'individual_only', legend: 'Individual photos only', legendSize: 's',
    values: individualOnly ? ['yes'] : [],
    items: [{
      value: 'yes',
      text: 'Individual photos only — do not show my child in other children’s learning journals',
      hint: 'If you tick this, your child will not appear in other children’s journals, whatever you answered above. They can still be in their own journal.',
    }],
  });
  individual.el.querySelector('legend').classList.add('govuk-visually-hidden');

  const form = new Form({
    host: col,
    submitText: 'Sign and send my answers',
    labels,
    required,
    secondary: [link(back, 'Cancel')],
    submit: async (v) => {
      const body = { form_id: cf.id, decisions: {}, signed_name: v.signed_name, individual_only: v.individual_only.length > 0 };
      for (const q of questions) body.decisions[q.p.purpose] = v[q.field];
      const r = await api('POST', `/portal/children/${id}/consents`, body);
      if (r.status === 201) {
        await ctx.navigate('/portal', { flash: 'Thank you — your consent is recorded' });
        return undefined;
      }
      const e = errorOf(r);
      if (GIVE_ERRORS[e.code]) {
        form.showErrors([{ message: GIVE_ERRORS[e.code](name) }]);
        return undefined;
      }
      return r;
    },
  });
  const hasOther = questions.some((q) => q.p.purpose === 'other_journals');
  for (const q of questions) {
    form.add(q.f);
    if (q.p.purpose === 'other_journals') form.add(individual);
  }
  if (!hasOther) form.add(individual);
  form.add(
    h('h2', { class: 'govuk-heading-m', text: 'Sign the form' }),
    textInput({
      name: 'signed_name', label: 'Your full name', autocomplete: 'name', spellcheck: false,
      hint: 'Typing your name is your signature. It shows you have read this form and agree to the answers you have given.',
    }));
  add(col,
    heading(cf.title || 'Consent form', { caption: name }),
    cf.intro ? para(cf.intro) : null,
    insetText('For each use below, choose Yes or No. You can change your mind at any time: come back here, or withdraw a consent from your children’s page.'),
    form.el,
    h('p', { class: 'govuk-body-s', text: `Consent form version ${cf.version}` }));
  ctx.render({ title: `${cf.title || 'Consent form'}: ${name}`, back, backText: 'Your children' }, row(col));
}

export async function withdrawPage(ctx) {
  const data = await loadChildren(ctx);
  if (!data) return;
  const id = Number(ctx.params.id);
  let found = null;
  for (const c of data.children || []) {
    for (const p of c.purposes || []) {
      for (const r of p.records || []) if (r.id === id) found = { c, p, r };
    }
  }
  if (!found) return ctx.notFound();
  const { c, p, r } = found;
  const name = childName(c);
  const label = p.label || p.purpose;
  const back = '/portal';
  const col = h('div', { class: 'govuk-grid-column-two-thirds' });
  if (!withdrawable(p).some((x) => x.id === id)) {
    const why = r.withdrawn_at ? 'It was already withdrawn.'
      : r.decision !== 'given' ? 'It was a refusal, so there is nothing to withdraw.'
        : !r.current ? 'A newer answer has replaced it.' : 'It has expired.';
    add(col, heading('This consent cannot be withdrawn', { caption: name }),
      para(why), para(link(back, 'Back to your children')));
    ctx.render({ title: 'This consent cannot be withdrawn', back, backText: 'Your children' }, row(col));
    return;
  }
  const title = `Withdraw consent for ${label}`;
  const form = new Form({
    host: col,
    submitText: 'Withdraw consent',
    kind: 'warning',
    labels: { reason: 'Why are you withdrawing it? (optional)' },
    secondary: [link(back, 'Cancel')],
    submit: async (v) => {
      const res = await api('POST', `/portal/consents/${id}/withdraw`, v.reason ? { reason: v.reason } : {});
      if (res.status === 200) {
        await ctx.navigate('/portal', { flash: `Your consent for ${label} is withdrawn (${name})` });
        return undefined;
      }
      const e = errorOf(res);
      if (e.code === 'already_withdrawn') {
        form.showErrors([{ message: 'This consent was already withdrawn. Go back to your children to see it.' }]);
        return undefined;
      }
      return res;
    },
  });
  form.add(textArea({ name: 'reason', label: 'Why are you withdrawing it? (optional)', hint: 'This helps the setting, but you do not have to say.' }));
  add(col,
    heading(title, { caption: name }),
    summaryList([
      { key: 'Child', value: name },
      { key: 'Use', value: capitalise(label) },
      { key: 'Given by', value: r.signer_name || r.signed_name },
      r.signed_on ? { key: 'Given on', value: longDate(r.signed_on) } : null,
    ]),
    warningText('Withdrawal takes effect at once.'),
    para(`From now on, no new photos or videos of ${name} will be taken or used for ${label}. The setting will also start taking ${name} out of photos and videos already used this way.`),
    para('You can give consent again later by signing the form.'),
    form.el);
  ctx.render({ title: `${title}: ${name}`, back, backText: 'Your children' }, row(col));
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
