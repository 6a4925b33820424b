// parents.js — parents and carers: contact details (parent.read) and the
// children each is linked to, with parental responsibility and consent.
// Ending a parent ends their links too; the links stay in the record, dated.
// The office invites a parent to the parent portal from their page: the
// one-time link is shown there once, to be printed or e-mailed.

import { h, add, replace } from '../dom.js';
import { api, errorOf } from '../api.js';
import { failPage } from '../router.js';
import {
  heading, link, table, tag, summaryList, buttonLink, textInput, para, button, insetText, errorSummary,
} from '../govuk.js';
import { Form, changes, compact } from '../form.js';
import { fullName, longDate, dateTime, yesNo } from '../format.js';
import { filters, listQuery, endFlow } from './common.js';

const LABELS = { first_name: 'First name', last_name: 'Last name', email: 'E-mail address', phone: 'Phone number' };

export async function listPage(ctx) {
  const r = await api('GET', '/parents' + listQuery(ctx, ['q', 'include_ended']));
  if (failPage(ctx, r)) return;
  const parents = r.json.parents;
  ctx.render({ title: 'Parents and carers' },
    heading('Parents and carers'),
    ctx.can('parent.write') ? h('div', { class: 'govuk-button-group' }, buttonLink('/parents/new', 'Add a parent or carer')) : null,
    filters(ctx, { base: '/parents', searchLabel: 'Search parents and carers', searchHint: 'First or last name, or e-mail address' }),
    table({
      caption: `${parents.length} ${parents.length === 1 ? 'parent or carer' : 'parents and carers'}`,
      captionSize: 's',
      head: ['Name', 'Children', 'Phone', 'E-mail', 'Status'],
      rows: parents.map((p) => [
        { value: link(`/parents/${p.id}`, fullName(p)) },
        { value: (p.children || []).flatMap((c, i) => [i ? ', ' : null, link(`/children/${c.child_id}`, c.name), ` (${c.relationship})`]) },
        { value: p.phone ? h('span', { class: 'sg-nowrap', text: p.phone }) : '' },
        p.email || '',
        { value: p.ended_on ? tag('Left', 'grey') : '' },
      ]),
      empty: 'No parents or carers match.',
    }));
}

/* Why an invitation was refused, and what to do about it. */
const INVITE_ERRORS = {
  email_missing: (n) => `${n} has no e-mail address. Add one with “Change details” first: they log in to the portal with it.`,
  no_linked_child: (n) => `${n} is not linked to any child, so there is nothing for them on the portal. Link them to a child first.`,
  parent_ended: (n) => `${n} has left, so they cannot be invited.`,
  conflict: (n) => `${n}’s e-mail address is already used by another person’s account or invitation. Each person needs their own e-mail address.`,
};

/* The invitation: the server keeps only a hash of the token, so the link
 * can be shown only in the answer to this press, never again. */
function inviteSection(p, name) {
  const result = h('div');
  const btn = button('Invite to the parent portal', { kind: 'secondary', type: 'button', on: { click: () => send() } });
  async function send() {
    if (btn.getAttribute('aria-disabled') === 'true') return;
    btn.setAttribute('aria-disabled', 'true');
    const r = await api('POST', `/parents/${p.id}/invite`, {});
    btn.removeAttribute('aria-disabled');
    if (r.status === 201) {
      const url = location.origin + r.json.link;
      const days = Math.max(1, Math.round((Date.parse(r.json.expires_at) - Date.now()) / 86400000));
      // A read-only box wraps the long link, keeps it whole on a phone and
      // is easy to select and copy.
      const box = h('textarea', {
        class: 'govuk-textarea', id: 'invite-link', rows: '3', readonly: true, spellcheck: 'false',
        'aria-describedby': 'invite-link-hint', on: { focus: (ev) => ev.target.select() },
      });
      box.value = url;
      replace(result, insetText(
        h('div', { class: 'govuk-form-group' },
          h('label', { class: 'govuk-label govuk-label--s', for: 'invite-link', text: `Invitation link for ${name}` }),
          h('div', { class: 'govuk-hint', id: 'invite-link-hint', text: 'Shown only now. If it is lost, invite them again: a new link replaces this one.' }),
          box),
        para(`Print it or e-mail it to ${r.json.email || name}. It works only once, and only for ${days} ${days === 1 ? 'day' : 'days'} (until ${dateTime(r.json.expires_at)}).`),
        para('Opening it, they choose their own password. Nobody at the setting ever knows it.')));
      btn.textContent = 'Invite again';
      box.focus();
      return;
    }
    const e = errorOf(r);
    const summary = errorSummary([{ text: INVITE_ERRORS[e.code] ? INVITE_ERRORS[e.code](name) : e.message }],
      { title: 'The invitation was not made' });
    replace(result, summary);
    summary.focus();
  }
  return h('section', { 'aria-labelledby': 'portal-invite' },
    h('h2', { class: 'govuk-heading-m', id: 'portal-invite', text: 'Parent portal' }),
    para(`On the parent portal ${name} can see their children’s consent and give, refuse or withdraw it.`),
    h('div', { class: 'govuk-button-group' }, btn),
    result);
}

export async function detailPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/parents/${id}`);
  if (failPage(ctx, r)) return;
  const p = r.json;
  const name = fullName(p);
  const canWrite = ctx.can('parent.write') && !p.ended_on;
  const edit = (hidden) => (canWrite ? [{ href: `/parents/${id}/edit`, text: 'Change', hidden }] : []);
  ctx.render({ title: name, back: '/parents', backText: 'All parents and carers' },
    heading(name, { caption: 'Parent or carer' }),
    p.ended_on ? para(tag('Left', 'grey')) : null,
    summaryList([
      { key: 'Name', value: name, actions: edit('name') },
      { key: 'E-mail address', value: p.email || '', actions: edit('e-mail address') },
      { key: 'Phone number', value: p.phone || '', actions: edit('phone number') },
      p.ended_on ? { key: 'Left', value: longDate(p.ended_on) } : null,
    ]),
    table({
      caption: 'Children',
      head: ['Child', 'Relationship', 'Parental responsibility', 'May consent'],
      rows: (p.children || []).map((c) => [
        { value: link(`/children/${c.child_id}`, c.name) },
        c.relationship,
        yesNo(c.parental_responsibility),
        yesNo(c.may_consent),
      ]),
      empty: 'Not linked to any child.',
    }),
    canWrite ? h('div', { class: 'govuk-button-group' },
      buttonLink(`/parents/${id}/edit`, 'Change details'),
      link(`/parents/${id}/leave`, 'Mark as left', { hidden: name })) : null,
    canWrite ? inviteSection(p, name) : null,
    ctx.can('audit.read') ? para(link(`/audit?object_type=parent&object_id=${id}`, 'History of changes', { hidden: `to ${name}` })) : null);
}

export async function formPage(ctx) {
  const id = ctx.params.id;
  let p = null;
  if (id) {
    const r = await api('GET', `/parents/${id}`);
    if (failPage(ctx, r)) return;
    p = r.json;
    if (p.ended_on) return ctx.notAllowed();
  }
  // Adding a parent from a child's page goes back there to link them.
  const forChild = !p && /^\d+$/.test(ctx.query.get('child_id') || '') ? ctx.query.get('child_id') : null;
  const back = p ? `/parents/${id}` : (forChild ? `/children/${forChild}/parents/new` : '/parents');
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content,
    submitText: p ? 'Save changes' : 'Add parent or carer',
    labels: LABELS,
    secondary: [link(back, 'Cancel')],
    required: { first_name: 'Enter their first name', last_name: 'Enter their last name' },
    submit: async (v) => {
      let r;
      if (p) {
        const diff = changes(v, p, Object.keys(v));
        if (!Object.keys(diff).length) {
          ctx.navigate(back, { flash: { text: 'Nothing was changed' } });
          return undefined;
        }
        r = await api('PATCH', `/parents/${id}`, diff);
      } else {
        r = await api('POST', '/parents', compact(v));
      }
      if (r.status === 200 || r.status === 201) {
        const who = fullName(r.json);
        if (forChild) ctx.navigate(`/children/${forChild}/parents/new?parent_id=${r.json.id}`, { flash: `${who} was added: now say how they are related to the child` });
        else ctx.navigate(`/parents/${r.json.id}`, { flash: p ? `${who}’s details were saved` : `${who} was added` });
        return undefined;
      }
      return r;
    },
  });
  form.add(
    textInput({ name: 'first_name', label: 'First name', value: p && p.first_name, autocomplete: 'off', spellcheck: false }),
    textInput({ name: 'last_name', label: 'Last name', value: p && p.last_name, autocomplete: 'off', spellcheck: false }),
    textInput({ name: 'email', label: 'E-mail address', value: p && p.email, type: 'email', autocomplete: 'off', spellcheck: false }),
    textInput({ name: 'phone', label: 'Phone number', value: p && p.phone, type: 'tel', autocomplete: 'off', width: 20 }),
  );
  const title = p ? `Change details: ${fullName(p)}` : 'Add a parent or carer';
  add(content, heading(title, { caption: 'Parents and carers' }), form.el);
  ctx.render({ title, back }, h('div', { class: 'govuk-grid-row' }, content));
}

export async function endPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/parents/${id}`);
  if (failPage(ctx, r)) return;
  const p = r.json;
  if (p.ended_on) return ctx.notAllowed();
  const name = fullName(p);
  endFlow(ctx, {
    what: 'Parents and carers',
    question: `When did ${name} stop being a contact?`,
    confirm: (d) => `Mark ${name} as left on ${d}?`,
    back: `/parents/${id}`,
    dateLabel: 'Date',
    warning: (p.children || []).length ? `Their links to ${(p.children || []).map((c) => c.name).join(', ')} end on the same date.` : null,
    submit: (date) => api('POST', `/parents/${id}/end`, { date }),
    done: `/parents/${id}`,
    flash: (date) => `${name} was marked as left on ${longDate(date)}`,
  });
}
