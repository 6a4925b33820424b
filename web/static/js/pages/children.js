// children.js — the children of the setting: the list (search, room, "show
// left"), a child's page with their parents and carers, add and edit, mark
// as left, and linking a parent (PEOPLE-11: only a parent with parental
// responsibility may consent).
//
// Looked-after details (social worker, local authority) are shown and
// offered only with child.sensitive; the API leaves them out otherwise.

import { h, add } from '../dom.js';
import { api } from '../api.js';
import { failPage } from '../router.js';
import {
  heading, para, link, table, tag, summaryList, summaryCard, buttonLink, textInput, select, radios, warningText, insetText,
} from '../govuk.js';
import { Form, changes, compact } from '../form.js';
import { age, fullName, longDate, yesNo } from '../format.js';
import { filters, listQuery, endFlow } from './common.js';

const LABELS = {
  first_name: 'First name',
  last_name: 'Last name',
  date_of_birth: 'Date of birth',
  start_date: 'Start date',
  room_id: 'Room',
  key_person_id: 'Key person',
  looked_after: 'Looked after',
  social_worker: 'Social worker',
  local_authority: 'Local authority',
};

function statusTags(c) {
  return [
    c.looked_after ? tag('Looked after', 'purple') : null,
    c.left ? tag('Left', 'grey') : null,
  ].filter(Boolean).flatMap((t, i) => (i ? [' ', t] : [t]));
}

export async function listPage(ctx) {
  const [r, rooms] = await Promise.all([
    api('GET', '/children' + listQuery(ctx, ['q', 'room_id', 'include_ended'])),
    api('GET', '/rooms'),
  ]);
  if (failPage(ctx, r)) return;
  const kids = r.json.children;
  const roomOptions = [['', 'All rooms'], ...(rooms.status === 200
    ? rooms.json.rooms.filter((x) => x.class === 'children').map((x) => [x.id, x.name]) : [])];
  const searching = ctx.query.get('q') || ctx.query.get('room_id');
  const showParents = ctx.can('parent.read') || kids.some((c) => c.parents && c.parents.length);

  ctx.render({ title: 'Children' },
    heading('Children'),
    ctx.can('child.write') ? h('div', { class: 'govuk-button-group' },
      buttonLink('/children/new', 'Add a child'),
      ctx.can('import') ? link('/import?kind=children', 'Import a class list') : null) : null,
    filters(ctx, {
      base: '/children',
      searchLabel: 'Search children',
      searchHint: 'First or last name',
      selects: [{ name: 'room_id', label: 'Room', options: roomOptions }],
    }),
    kids.length >= 500 ? insetText('Only the first 500 children are listed. Search by name or choose a room to find others.') : null,
    table({
      caption: `${kids.length} ${kids.length === 1 ? 'child' : 'children'}${searching ? ' found' : ''}`,
      captionSize: 's',
      head: ['Name', 'Age', 'Room', 'Key person', showParents ? 'Parents and carers' : null].filter(Boolean),
      rows: kids.map((c) => [
        { value: [link(`/children/${c.id}`, fullName(c)), statusTags(c).length ? [h('br'), ...statusTags(c)] : null] },
        age(c.age_months),
        c.room_name || 'No room',
        c.key_person_name || 'None',
        showParents ? (c.parents || []).map((p) => p.name).join(', ') || 'None recorded' : null,
      ].filter((x) => x !== null)),
      empty: searching ? 'No children match. Try another name or room.' : 'No children yet.',
    }));
}

export async function detailPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/children/${id}`);
  if (failPage(ctx, r)) return;
  const c = r.json;
  const name = fullName(c);
  const canWrite = ctx.can('child.write') && !c.left;
  const canLink = ctx.can('parent.write') && !c.left;
  const edit = (hidden) => (canWrite ? [{ href: `/children/${id}/edit`, text: 'Change', hidden }] : []);

  const rows = [
    { key: 'Name', value: name, actions: edit('name') },
    { key: 'Date of birth', value: `${longDate(c.date_of_birth)} (${age(c.age_months)})`, actions: edit('date of birth') },
    { key: 'Room', value: c.room_id ? link(`/rooms/${c.room_id}`, c.room_name) : 'No room', actions: edit('room') },
    { key: 'Key person', value: c.key_person_id ? link(`/adults/${c.key_person_id}`, c.key_person_name) : 'None', actions: edit('key person') },
    { key: 'Started', value: longDate(c.start_date), actions: edit('start date') },
    c.left ? { key: 'Left', value: longDate(c.leave_date) } : null,
    { key: 'Looked after', value: c.looked_after ? tag('Looked after', 'purple') : 'No', actions: ctx.can('child.sensitive') ? edit('looked after') : [] },
  ];
  if (c.looked_after && ctx.can('child.sensitive')) {
    rows.push({ key: 'Social worker', value: c.social_worker || '', actions: edit('social worker') });
    rows.push({ key: 'Local authority', value: c.local_authority || '', actions: edit('local authority') });
  }

  // One card per parent or carer: readable on a tablet held upright.
  const parents = c.parents || [];
  const showContact = ctx.can('parent.read');
  const parentCards = h('section', { 'aria-labelledby': 'parents-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'parents-heading', text: 'Parents and carers' }),
    parents.length ? parents.map((p) => summaryCard({
      title: showContact ? link(`/parents/${p.parent_id}`, p.name) : p.name,
      actions: canLink ? [{ href: `/children/${id}/parents/${p.link_id}/end`, text: 'End link', hidden: `with ${p.name}` }] : [],
      rows: [
        { key: 'Relationship', value: p.relationship },
        { key: 'Parental responsibility', value: yesNo(p.parental_responsibility) },
        { key: 'May consent', value: yesNo(p.may_consent) },
        showContact ? { key: 'Phone', value: p.phone || '' } : null,
        showContact ? { key: 'E-mail', value: p.email || '' } : null,
      ],
    })) : para('No parents or carers recorded.'));

  ctx.render({ title: name, back: '/children', backText: 'All children' },
    heading(name, { caption: 'Child' }),
    c.left || c.looked_after ? para(...statusTags(c)) : null,
    summaryList(rows),
    parentCards,
    canLink ? h('div', { class: 'govuk-button-group' },
      buttonLink(`/children/${id}/parents/new`, 'Link a parent or carer')) : null,
    canWrite ? h('div', { class: 'govuk-button-group' },
      buttonLink(`/children/${id}/edit`, 'Change details'),
      link(`/children/${id}/leave`, 'Mark as left', { hidden: name })) : null,
    ctx.can('audit.read') ? para(link(`/audit?object_type=child&object_id=${id}`, 'History of changes', { hidden: `to ${name}` })) : null);
}

/* Rooms a child can be in, and adults who can be a key person. */
async function choices(current) {
  const [rooms, adults] = await Promise.all([api('GET', '/rooms'), api('GET', '/adults')]);
  const roomOpts = [['', 'No room yet']];
  if (rooms.status === 200) {
    for (const r of rooms.json.rooms) {
      if ((r.class === 'children' && !r.ended_on) || (current && r.id === current.room_id)) roomOpts.push([r.id, r.name]);
    }
  }
  const kpOpts = [['', 'No key person yet']];
  if (adults.status === 200) {
    for (const a of adults.json.adults) {
      if ((a.roles.includes('key-person') && !a.left) || (current && a.id === current.key_person_id)) kpOpts.push([a.id, fullName(a)]);
    }
  }
  return { roomOpts, kpOpts };
}

export async function formPage(ctx) {
  const id = ctx.params.id;
  let c = null;
  if (id) {
    const r = await api('GET', `/children/${id}`);
    if (failPage(ctx, r)) return;
    c = r.json;
    if (c.left) return ctx.notAllowed();
  }
  const { roomOpts, kpOpts } = await choices(c);
  const sensitive = ctx.can('child.sensitive');
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const back = c ? `/children/${id}` : '/children';

  const form = new Form({
    host: content,
    submitText: c ? 'Save changes' : 'Add child',
    labels: LABELS,
    secondary: [link(back, 'Cancel')],
    required: {
      first_name: 'Enter the child\u2019s first name',
      last_name: 'Enter the child\u2019s last name',
      date_of_birth: 'Enter the child\u2019s date of birth',
    },
    submit: async (v) => {
      const body = {
        first_name: v.first_name,
        last_name: v.last_name,
        date_of_birth: v.date_of_birth,
        start_date: v.start_date,
        room_id: v.room_id ? Number(v.room_id) : '',
        key_person_id: v.key_person_id ? Number(v.key_person_id) : '',
      };
      if (sensitive) {
        body.looked_after = v.looked_after === 'yes';
        body.social_worker = body.looked_after ? v.social_worker : '';
        body.local_authority = body.looked_after ? v.local_authority : '';
      }
      let r;
      if (c) {
        const diff = changes(body, c, Object.keys(body));
        if (!Object.keys(diff).length) {
          ctx.navigate(back, { flash: { text: 'Nothing was changed' } });
          return undefined;
        }
        r = await api('PATCH', `/children/${id}`, diff);
      } else {
        r = await api('POST', '/children', compact(body));
      }
      if (r.status === 200 || r.status === 201) {
        ctx.navigate(`/children/${r.json.id}`, { flash: c ? `${fullName(r.json)}’s details were saved` : `${fullName(r.json)} was added` });
        return undefined;
      }
      return r;
    },
  });

  form.add(
    textInput({ name: 'first_name', label: 'First name', value: c && c.first_name, autocomplete: 'off', spellcheck: false }),
    textInput({ name: 'last_name', label: 'Last name', value: c && c.last_name, autocomplete: 'off', spellcheck: false }),
    textInput({ name: 'date_of_birth', label: 'Date of birth', hint: 'For example, 27 March 2023', value: c && c.date_of_birth, type: 'date' }),
    select({ name: 'room_id', label: 'Room', options: roomOpts, value: c ? c.room_id ?? '' : '' }),
    select({ name: 'key_person_id', label: 'Key person', options: kpOpts, value: c ? c.key_person_id ?? '' : '' }),
    textInput({ name: 'start_date', label: 'Start date', hint: 'The first day at the setting. Leave empty for today.', value: c && c.start_date, type: 'date' }),
  );
  if (sensitive) {
    const sw = form.register(textInput({ name: 'social_worker', label: 'Social worker', value: c && c.social_worker, autocomplete: 'off' }));
    const la = form.register(textInput({ name: 'local_authority', label: 'Local authority', value: c && c.local_authority, autocomplete: 'off' }));
    form.add(radios({
      name: 'looked_after',
      legend: 'Is the child looked after by a local authority?',
      hint: 'A child in care, for example living with foster carers',
      value: c && c.looked_after ? 'yes' : 'no',
      items: [
        { value: 'yes', text: 'Yes', conditional: [sw.el, la.el] },
        { value: 'no', text: 'No' },
      ],
    }));
  }

  add(content, heading(c ? `Change details: ${fullName(c)}` : 'Add a child', { caption: 'Children' }), form.el);
  ctx.render({ title: c ? `Change details: ${fullName(c)}` : 'Add a child', back }, h('div', { class: 'govuk-grid-row' }, content));
}

export async function endPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/children/${id}`);
  if (failPage(ctx, r)) return;
  const c = r.json;
  if (c.left) return ctx.notAllowed();
  const name = fullName(c);
  endFlow(ctx, {
    what: 'Children',
    question: `When did ${name} leave?`,
    confirm: (d) => `Mark ${name} as left on ${d}?`,
    back: `/children/${id}`,
    dateLabel: 'Date they left',
    submit: (date) => api('POST', `/children/${id}/end`, { date }),
    done: `/children/${id}`,
    flash: (date) => `${name} was marked as left on ${longDate(date)}`,
  });
}

export async function linkPage(ctx) {
  const id = ctx.params.id;
  const [r, ps] = await Promise.all([api('GET', `/children/${id}`), api('GET', '/parents')]);
  if (failPage(ctx, r) || failPage(ctx, ps)) return;
  const c = r.json;
  if (c.left) return ctx.notAllowed();
  const name = fullName(c);
  const linked = new Set((c.parents || []).map((p) => p.parent_id));
  const candidates = ps.json.parents.filter((p) => !linked.has(p.id) && !p.ended_on)
    .sort((a, b) => (a.last_name + a.first_name).localeCompare(b.last_name + b.first_name));
  const back = `/children/${id}`;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });

  const form = new Form({
    host: content,
    submitText: 'Link parent or carer',
    labels: { parent_id: 'Parent or carer', relationship: 'Relationship', parental_responsibility: 'Parental responsibility', may_consent: 'May consent' },
    secondary: [link(back, 'Cancel')],
    required: {
      parent_id: 'Choose the parent or carer',
      relationship: 'Enter how they are related to the child, for example mother',
      parental_responsibility: 'Say whether they have parental responsibility',
    },
    submit: async (v) => {
      const pr = v.parental_responsibility === 'yes';
      const body = { parent_id: Number(v.parent_id), relationship: v.relationship, parental_responsibility: pr };
      if (v.may_consent) body.may_consent = v.may_consent === 'yes';
      const res = await api('POST', `/children/${id}/parents`, body);
      if (res.status === 201 || res.status === 200) {
        ctx.navigate(back, { flash: `The parent or carer was linked to ${name}` });
        return undefined;
      }
      return res;
    },
  });
  const preset = ctx.query.get('parent_id') || '';
  form.add(
    select({
      name: 'parent_id', label: 'Parent or carer', value: preset,
      hint: 'Parents already linked to this child are not listed',
      options: [['', 'Choose a parent or carer'], ...candidates.map((p) => [p.id, `${p.last_name}, ${p.first_name}${p.email ? ` (${p.email})` : ''}`])],
    }),
    para('Not listed? ', link(`/parents/new?child_id=${id}`, 'Add a new parent or carer'), ' first.'),
    textInput({ name: 'relationship', label: 'Relationship to the child', hint: 'For example, mother, father, grandmother, foster carer', width: 20 }),
    radios({
      name: 'parental_responsibility', legend: 'Do they have parental responsibility?', legendSize: 's', inline: true,
      items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }],
    }),
    radios({
      name: 'may_consent', legend: 'May they give consent for the child?', legendSize: 's', inline: true,
      hint: 'Only someone with parental responsibility may consent. If you do not choose, it follows parental responsibility.',
      items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }],
    }),
  );
  add(content, heading(`Link a parent or carer to ${name}`, { caption: 'Children' }), form.el);
  ctx.render({ title: `Link a parent or carer to ${name}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}

export async function unlinkPage(ctx) {
  const { id, linkId } = ctx.params;
  const r = await api('GET', `/children/${id}`);
  if (failPage(ctx, r)) return;
  const c = r.json;
  const l = (c.parents || []).find((p) => String(p.link_id) === String(linkId));
  if (!l) return ctx.notFound();
  const name = fullName(c);
  const back = `/children/${id}`;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content,
    submitText: 'Yes, end the link',
    kind: 'warning',
    secondary: [link(back, 'Cancel')],
    submit: async () => {
      const res = await api('POST', `/children/${id}/parents/${linkId}/end`);
      if (res.status === 200) {
        ctx.navigate(back, { flash: `${l.name} is no longer linked to ${name}` });
        return undefined;
      }
      return res;
    },
  });
  add(content,
    heading(`End the link between ${l.name} and ${name}?`, { caption: 'Children' }),
    summaryList([
      { key: 'Parent or carer', value: l.name },
      { key: 'Relationship', value: l.relationship },
      { key: 'Parental responsibility', value: yesNo(l.parental_responsibility) },
    ]),
    warningText(`${l.name} will no longer be shown as a parent or carer of ${name}. The link is kept in the record, dated today.`),
    form.el);
  ctx.render({ title: `End link: ${l.name} and ${name}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}
