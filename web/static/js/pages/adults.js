// adults.js — the adults of the setting (staff, students, volunteers, the
// office, the chair) with their roles and line managers: the list, an adult's
// page with their key children, add and edit, a new password (which also
// lifts a lock-out), and mark as left (which ends their sessions).

import { h, add } from '../dom.js';
import { api } from '../api.js';
import { failPage } from '../router.js';
import {
  heading, para, link, table, tag, summaryList, buttonLink, textInput, select, checkboxes, insetText,
} from '../govuk.js';
import { Form, changes, compact } from '../form.js';
import { age, fullName, longDate, roleList, roleName, ROLES } from '../format.js';
import { filters, listQuery, endFlow } from './common.js';

const LABELS = {
  first_name: 'First name',
  last_name: 'Last name',
  roles: 'Roles',
  email: 'E-mail address',
  phone: 'Phone number',
  line_manager_id: 'Line manager',
  start_date: 'Start date',
  password: 'Password',
};

function statusTags(a) {
  return [
    a.left ? tag('Left', 'grey') : null,
    a.locked_out ? tag('Locked out', 'red') : null,
  ].filter(Boolean).flatMap((t, i) => (i ? [' ', t] : [t]));
}

export async function listPage(ctx) {
  const r = await api('GET', '/adults' + listQuery(ctx, ['q', 'include_ended']));
  if (failPage(ctx, r)) return;
  const adults = r.json.adults;
  ctx.render({ title: 'Adults' },
    heading('Adults'),
    ctx.can('adult.write') ? h('div', { class: 'govuk-button-group' },
      buttonLink('/adults/new', 'Add an adult'),
      ctx.can('import') ? link('/import?kind=staff', 'Import a staff list') : null) : null,
    filters(ctx, { base: '/adults', searchLabel: 'Search adults', searchHint: 'First or last name, or e-mail address' }),
    table({
      caption: `${adults.length} ${adults.length === 1 ? 'adult' : 'adults'}`,
      captionSize: 's',
      head: ['Name', 'Roles', 'Line manager', 'Status'],
      rows: adults.map((a) => [
        { value: link(`/adults/${a.id}`, fullName(a)) },
        roleList(a.roles),
        a.line_manager_name || '',
        { value: statusTags(a) },
      ]),
      empty: 'No adults match.',
    }));
}

export async function detailPage(ctx) {
  const id = ctx.params.id;
  const [r, kids] = await Promise.all([
    api('GET', `/adults/${id}`),
    ctx.can('child.read') ? api('GET', '/children') : Promise.resolve(null),
  ]);
  if (failPage(ctx, r)) return;
  const a = r.json;
  const name = fullName(a);
  const canWrite = ctx.can('adult.write') && !a.left;
  const edit = (hidden) => (canWrite ? [{ href: `/adults/${id}/edit`, text: 'Change', hidden }] : []);
  const keyChildren = kids && kids.status === 200 ? kids.json.children.filter((c) => c.key_person_id === a.id) : null;

  ctx.render({ title: name, back: '/adults', backText: 'All adults' },
    heading(name, { caption: 'Adult' }),
    a.left || a.locked_out ? para(...statusTags(a)) : null,
    summaryList([
      { key: 'Name', value: name, actions: edit('name') },
      { key: 'Roles', value: h('ul', { class: 'govuk-list' }, a.roles.map((x) => h('li', { text: roleName(x, { long: true }) }))), actions: edit('roles') },
      { key: 'E-mail address', value: a.email || '', actions: edit('e-mail address') },
      { key: 'Phone number', value: a.phone || '', actions: edit('phone number') },
      { key: 'Line manager', value: a.line_manager_id ? link(`/adults/${a.line_manager_id}`, a.line_manager_name) : 'None', actions: edit('line manager') },
      { key: 'Started', value: longDate(a.start_date), actions: edit('start date') },
      a.left ? { key: 'Left', value: longDate(a.leave_date) } : null,
      { key: 'Can log in', value: a.has_login ? (a.locked_out ? 'Yes, but locked out after too many wrong passwords' : 'Yes') : 'No',
        actions: canWrite ? [{ href: `/adults/${id}/password`, text: a.has_login ? 'Set a new password' : 'Set a password', hidden: `for ${name}` }] : [] },
    ]),
    keyChildren && a.roles.includes('key-person') ? table({
      caption: 'Key children',
      head: ['Name', 'Age', 'Room'],
      rows: keyChildren.map((c) => [
        { value: [link(`/children/${c.id}`, fullName(c)), c.looked_after ? [' ', tag('Looked after', 'purple')] : null] },
        age(c.age_months),
        c.room_name || 'No room',
      ]),
      empty: `${name} is not the key person for any child.`,
    }) : null,
    canWrite ? h('div', { class: 'govuk-button-group' },
      buttonLink(`/adults/${id}/edit`, 'Change details'),
      link(`/adults/${id}/leave`, 'Mark as left', { hidden: name })) : null,
    ctx.can('audit.read') ? para(link(`/audit?object_type=adult&object_id=${id}`, 'History of changes', { hidden: `to ${name}` })) : null);
}

export async function formPage(ctx) {
  const id = ctx.params.id;
  let a = null;
  const [r, all] = await Promise.all([
    id ? api('GET', `/adults/${id}`) : Promise.resolve(null),
    api('GET', '/adults'),
  ]);
  if (r) {
    if (failPage(ctx, r)) return;
    a = r.json;
    if (a.left) return ctx.notAllowed();
  }
  const managers = all.status === 200 ? all.json.adults.filter((x) => !x.left && (!a || x.id !== a.id)) : [];
  const back = a ? `/adults/${id}` : '/adults';
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });

  const form = new Form({
    host: content,
    submitText: a ? 'Save changes' : 'Add adult',
    labels: LABELS,
    secondary: [link(back, 'Cancel')],
    required: {
      first_name: 'Enter their first name',
      last_name: 'Enter their last name',
      roles: 'Choose at least one role',
    },
    submit: async (v) => {
      const body = {
        first_name: v.first_name,
        last_name: v.last_name,
        roles: v.roles,
        email: v.email,
        phone: v.phone,
        line_manager_id: v.line_manager_id ? Number(v.line_manager_id) : '',
        start_date: v.start_date,
      };
      let res;
      if (a) {
        const diff = changes(body, a, Object.keys(body));
        if (!Object.keys(diff).length) {
          ctx.navigate(back, { flash: { text: 'Nothing was changed' } });
          return undefined;
        }
        res = await api('PATCH', `/adults/${id}`, diff);
      } else {
        if (v.password) body.password = v.password;
        res = await api('POST', '/adults', compact(body));
      }
      if (res.status === 200 || res.status === 201) {
        ctx.navigate(`/adults/${res.json.id}`, { flash: a ? `${fullName(res.json)}’s details were saved` : `${fullName(res.json)} was added` });
        return undefined;
      }
      return res;
    },
  });
  form.add(
    textInput({ name: 'first_name', label: 'First name', value: a && a.first_name, autocomplete: 'off', spellcheck: false }),
    textInput({ name: 'last_name', label: 'Last name', value: a && a.last_name, autocomplete: 'off', spellcheck: false }),
    checkboxes({
      name: 'roles', legend: 'Roles', hint: 'Select all that apply', values: a ? a.roles : [],
      items: ROLES.map(([value, text]) => ({ value, text })),
    }),
    textInput({ name: 'email', label: 'E-mail address', hint: 'Needed to log in', value: a && a.email, type: 'email', autocomplete: 'off', spellcheck: false }),
    textInput({ name: 'phone', label: 'Phone number', value: a && a.phone, type: 'tel', autocomplete: 'off', width: 20 }),
    select({
      name: 'line_manager_id', label: 'Line manager', value: a ? a.line_manager_id ?? '' : '',
      options: [['', 'None'], ...managers.map((x) => [x.id, `${fullName(x)} (${roleList(x.roles)})`])],
    }),
    textInput({ name: 'start_date', label: 'Start date', hint: 'Leave empty for today', value: a && a.start_date, type: 'date' }),
    a ? null : textInput({
      name: 'password', label: 'Password (optional)', type: 'password', autocomplete: 'new-password',
      hint: 'At least 10 characters. Give it to them in person; they can change it later. Leave empty to set one later.',
    }),
  );
  add(content, heading(a ? `Change details: ${fullName(a)}` : 'Add an adult', { caption: 'Adults' }), form.el);
  ctx.render({ title: a ? `Change details: ${fullName(a)}` : 'Add an adult', back }, h('div', { class: 'govuk-grid-row' }, content));
}

export async function endPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/adults/${id}`);
  if (failPage(ctx, r)) return;
  const a = r.json;
  if (a.left) return ctx.notAllowed();
  const name = fullName(a);
  endFlow(ctx, {
    what: 'Adults',
    question: `When did ${name} leave?`,
    confirm: (d) => `Mark ${name} as left on ${d}?`,
    back: `/adults/${id}`,
    dateLabel: 'Date they left',
    warning: a.roles.includes('key-person') ? 'A key person who still has key children cannot leave: give the children another key person first.' : null,
    submit: (date) => api('POST', `/adults/${id}/end`, { date }),
    done: `/adults/${id}`,
    flash: (date) => `${name} was marked as left on ${longDate(date)}. They can no longer log in.`,
  });
}

export async function passwordPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/adults/${id}`);
  if (failPage(ctx, r)) return;
  const a = r.json;
  if (a.left) return ctx.notAllowed();
  const name = fullName(a);
  const back = `/adults/${id}`;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content,
    submitText: 'Set password',
    labels: { password: 'New password' },
    secondary: [link(back, 'Cancel')],
    required: { password: 'Enter the new password' },
    submit: async (v) => {
      const res = await api('POST', `/adults/${id}/password`, { password: v.password });
      if (res.status === 200) {
        ctx.navigate(back, { flash: `A new password was set for ${name}` });
        return undefined;
      }
      return res;
    },
  });
  form.add(textInput({
    name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password',
    hint: 'At least 10 characters',
  }));
  add(content,
    heading(`Set a new password for ${name}`, { caption: 'Adults' }),
    insetText(`${name} will be logged out everywhere. ${a.locked_out ? 'This also unlocks their account. ' : ''}Give them the new password in person.`),
    form.el);
  ctx.render({ title: `Set a new password for ${name}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}
