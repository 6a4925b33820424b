// rooms.js — the rooms and areas of the setting, each classed as a
// children's room, adults-only or private (the class decides where phones
// and cameras may go in later releases). A room closes on a date; one with
// children in it cannot close or change class until they are moved.

import { h, add } from '../dom.js';
import { api } from '../api.js';
import { failPage } from '../router.js';
import {
  heading, para, link, table, tag, summaryList, buttonLink, textInput, radios, checkboxes,
} from '../govuk.js';
import { Form, changes, compact } from '../form.js';
import { age, fullName, longDate, roomClass, yesNo, ROOM_CLASSES } from '../format.js';
import { filters, listQuery, endFlow } from './common.js';

const LABELS = {
  name: 'Name',
  class: 'Kind of room',
  outdoor: 'Outdoor',
  mobile_zone: 'Mobile zone',
  quiet_space: 'Quiet space',
  uses: 'Phones in this room',
  min_age_months: 'Youngest age',
  max_age_months: 'Oldest age',
};

function ages(r) {
  if (r.min_age_months === null && r.max_age_months === null) return '';
  if (r.min_age_months !== null && r.max_age_months !== null) return `${age(r.min_age_months)} to ${age(r.max_age_months)}`;
  return r.min_age_months !== null ? `From ${age(r.min_age_months)}` : `Up to ${age(r.max_age_months)}`;
}

export async function listPage(ctx) {
  const r = await api('GET', '/rooms' + listQuery(ctx, ['q', 'include_ended']));
  if (failPage(ctx, r)) return;
  const rooms = r.json.rooms;
  ctx.render({ title: 'Rooms' },
    heading('Rooms'),
    ctx.can('room.write') ? h('div', { class: 'govuk-button-group' }, buttonLink('/rooms/new', 'Add a room')) : null,
    filters(ctx, { base: '/rooms', searchLabel: 'Search rooms', searchHint: 'Part of the room\u2019s name', leftLabel: 'Show closed rooms' }),
    table({
      caption: `${rooms.length} ${rooms.length === 1 ? 'room' : 'rooms'}`,
      captionSize: 's',
      head: ['Room', 'Kind', 'Ages', { text: 'Children', numeric: true }, 'Status'],
      rows: rooms.map((x) => [
        { value: link(`/rooms/${x.id}`, x.name) },
        roomClass(x.class) + (x.outdoor ? ' (outdoor)' : '') + (x.mobile_zone ? ', mobile zone' : '') + (x.quiet_space ? ', quiet space' : ''),
        ages(x),
        { value: x.class === 'children' ? String(x.children) : '–', numeric: true },
        { value: x.ended_on ? tag('Closed', 'grey') : '' },
      ]),
      empty: 'No rooms match.',
    }));
}

export async function detailPage(ctx) {
  const id = ctx.params.id;
  const [r, kids] = await Promise.all([
    api('GET', `/rooms/${id}`),
    ctx.can('child.read') ? api('GET', `/children?room_id=${id}`) : Promise.resolve(null),
  ]);
  if (failPage(ctx, r)) return;
  const room = r.json;
  const canWrite = ctx.can('room.write') && !room.ended_on;
  const edit = (hidden) => (canWrite ? [{ href: `/rooms/${id}/edit`, text: 'Change', hidden }] : []);
  const isChildren = room.class === 'children';
  const children = kids && kids.status === 200 ? kids.json.children : null;

  ctx.render({ title: room.name, back: '/rooms', backText: 'All rooms' },
    heading(room.name, { caption: 'Room' }),
    room.ended_on ? para(tag('Closed', 'grey')) : null,
    summaryList([
      { key: 'Name', value: room.name, actions: edit('name') },
      { key: 'Kind of room', value: roomClass(room.class), actions: edit('kind of room') },
      { key: 'Outdoor', value: yesNo(room.outdoor), actions: edit('outdoor') },
      room.class === 'adults-only' ? { key: 'Mobile zone', value: yesNo(room.mobile_zone), actions: edit('mobile zone') } : null,
      room.class === 'adults-only' ? { key: 'Quiet space for visitors', value: yesNo(room.quiet_space), actions: edit('quiet space') } : null,
      isChildren ? { key: 'Ages', value: ages(room) || 'Any age', actions: edit('ages') } : null,
      isChildren ? { key: 'Children', value: String(room.children) } : null,
      room.ended_on ? { key: 'Closed on', value: longDate(room.ended_on) } : null,
    ]),
    children && isChildren ? table({
      caption: `Children in ${room.name}`,
      head: ['Name', 'Age', 'Key person'],
      rows: children.map((c) => [
        { value: [link(`/children/${c.id}`, fullName(c)), c.looked_after ? [' ', tag('Looked after', 'purple')] : null] },
        age(c.age_months),
        c.key_person_name || 'None',
      ]),
      empty: 'No children are in this room.',
    }) : null,
    canWrite ? h('div', { class: 'govuk-button-group' },
      buttonLink(`/rooms/${id}/edit`, 'Change details'),
      link(`/rooms/${id}/close`, 'Close this room', { hidden: room.name })) : null);
}

export async function formPage(ctx) {
  const id = ctx.params.id;
  let room = null;
  if (id) {
    const r = await api('GET', `/rooms/${id}`);
    if (failPage(ctx, r)) return;
    room = r.json;
    if (room.ended_on) return ctx.notAllowed();
  }
  const back = room ? `/rooms/${id}` : '/rooms';
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const num = (v) => (v === '' ? '' : (/^\d+$/.test(v) ? Number(v) : v));

  const form = new Form({
    host: content,
    submitText: room ? 'Save changes' : 'Add room',
    labels: LABELS,
    secondary: [link(back, 'Cancel')],
    required: { name: 'Enter the room\u2019s name', class: 'Choose the kind of room' },
    submit: async (v) => {
      const children = v.class === 'children';
      const body = {
        name: v.name,
        class: v.class,
        outdoor: v.outdoor === 'yes',
        /* Only an adults-only room may be either (PERSONAL-DEVICES-07, VISITORS-11); the API refuses it elsewhere. */
        mobile_zone: v.class === 'adults-only' && (v.uses || []).includes('mobile_zone'),
        quiet_space: v.class === 'adults-only' && (v.uses || []).includes('quiet_space'),
        min_age_months: children ? num(v.min_age_months) : '',
        max_age_months: children ? num(v.max_age_months) : '',
      };
      let r;
      if (room) {
        const diff = changes(body, room, Object.keys(body));
        if (!Object.keys(diff).length) {
          ctx.navigate(back, { flash: { text: 'Nothing was changed' } });
          return undefined;
        }
        r = await api('PATCH', `/rooms/${id}`, diff);
      } else {
        r = await api('POST', '/rooms', compact(body));
      }
      if (r.status === 200 || r.status === 201) {
        ctx.navigate(`/rooms/${r.json.id}`, { flash: room ? `${r.json.name} was saved` : `${r.json.name} was added` });
        return undefined;
      }
      return r;
    },
  });
  const minF = form.register(textInput({
    name: 'min_age_months', label: 'Youngest age, in months', hint: 'Optional. For example, 24 for two-year-olds',
    value: room && room.min_age_months, width: 3, inputmode: 'numeric',
  }));
  const maxF = form.register(textInput({
    name: 'max_age_months', label: 'Oldest age, in months', hint: 'Optional. For example, 36',
    value: room && room.max_age_months, width: 3, inputmode: 'numeric',
  }));
  const usesF = form.register(checkboxes({
    name: 'uses', legend: 'Phones in this room', legendSize: 's', small: true,
    values: room ? [room.mobile_zone && 'mobile_zone', room.quiet_space && 'quiet_space'].filter(Boolean) : [],
    items: [
      { value: 'mobile_zone', text: 'Mobile zone', hint: 'Staff may use their own phones here in their break, away from children' },
      { value: 'quiet_space', text: 'Quiet space for visitors', hint: 'A visitor allowed to keep a phone for lone working uses it only here' },
    ],
  }));
  form.add(
    textInput({ name: 'name', label: 'Name', hint: 'For example, Ladybird Room', value: room && room.name, autocomplete: 'off' }),
    radios({
      name: 'class', legend: 'What kind of room is it?', value: room ? room.class : '',
      items: ROOM_CLASSES.map(([value, text, hint]) => ({
        value, text, hint,
        conditional: value === 'children' ? [minF.el, maxF.el] : value === 'adults-only' ? usesF.el : null,
      })),
    }),
    radios({
      name: 'outdoor', legend: 'Is it outdoors?', legendSize: 's', inline: true, value: room && room.outdoor ? 'yes' : 'no',
      items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }],
    }),
  );
  add(content, heading(room ? `Change details: ${room.name}` : 'Add a room', { caption: 'Rooms' }), form.el);
  ctx.render({ title: room ? `Change details: ${room.name}` : 'Add a room', back }, h('div', { class: 'govuk-grid-row' }, content));
}

export async function endPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/rooms/${id}`);
  if (failPage(ctx, r)) return;
  const room = r.json;
  if (room.ended_on) return ctx.notAllowed();
  endFlow(ctx, {
    what: 'Rooms',
    question: `When does ${room.name} close?`,
    confirm: (d) => `Close ${room.name} on ${d}?`,
    confirmText: 'Yes, close the room',
    back: `/rooms/${id}`,
    dateLabel: 'Date it closes',
    warning: room.children ? `${room.children} children are still in this room. Move them to another room first.` : null,
    submit: (date) => api('POST', `/rooms/${id}/end`, { date }),
    done: `/rooms/${id}`,
    flash: (date) => `${room.name} was closed on ${longDate(date)}`,
  });
}
