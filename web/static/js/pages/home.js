// home.js — the setting's home page: today's date, the setting, who is in
// which room, and what needs attention. Nothing needs attention in this
// release; the checks on phones, devices, consent and photos that come later
// report here.

import { h } from '../dom.js';
import { api } from '../api.js';
import { failPage } from '../router.js';
import { heading, para, link, table, insetText, tag, buttonLink } from '../govuk.js';
import { todayLong, roomClass, age, fullName } from '../format.js';

export async function homePage(ctx) {
  const me = ctx.me;
  const isKeyPerson = me.roles.includes('key-person') && ctx.can('child.read');
  const [rooms, kids] = await Promise.all([
    api('GET', '/rooms'),
    isKeyPerson ? api('GET', '/children') : Promise.resolve(null),
  ]);
  if (failPage(ctx, rooms)) return;

  const list = rooms.json.rooms;
  const childRooms = list.filter((r) => r.class === 'children');
  const otherRooms = list.filter((r) => r.class !== 'children');
  const total = childRooms.reduce((n, r) => n + r.children, 0);

  const roomTable = table({
    caption: 'Who is in which room',
    head: ['Room', 'Kind', { text: 'Children', numeric: true }],
    rows: [...childRooms, ...otherRooms].map((r) => [
      { value: link(`/rooms/${r.id}`, r.name) },
      roomClass(r.class) + (r.outdoor ? ' (outdoor)' : ''),
      { value: r.class === 'children' ? String(r.children) : '–', numeric: true },
    ]),
    empty: 'No rooms yet.',
  });

  const mine = kids && kids.status === 200
    ? kids.json.children.filter((c) => c.key_person_id === me.adult.id)
    : null;

  const attention = h('section', { class: 'sg-home__attention', 'aria-labelledby': 'attention-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'attention-heading', text: 'Needs your attention' }),
    para('Nothing needs your attention today.'),
    insetText('Checks on phones, devices, consent and photos will appear here.'),
    h('div', { id: 'attention-findings' }));

  const left = h('div', { class: 'sg-home__main' },
    para(`${total} ${total === 1 ? 'child is' : 'children are'} on the register in ${childRooms.length} children's rooms.`),
    roomTable,
    mine ? h('section', { 'aria-labelledby': 'key-children-heading' },
      h('h2', { class: 'govuk-heading-m', id: 'key-children-heading', text: 'Your key children' }),
      mine.length
        ? table({
          caption: 'Children you are key person for',
          captionSize: 's',
          head: ['Name', 'Age', 'Room'],
          rows: mine.map((c) => [
            { value: [link(`/children/${c.id}`, fullName(c)), c.looked_after ? [' ', tag('Looked after', 'purple')] : null] },
            age(c.age_months),
            c.room_name || 'No room',
          ]),
        })
        : para('You are not the key person for any child.')) : null,
    ctx.can('child.write') ? h('div', { class: 'govuk-button-group' },
      buttonLink('/children/new', 'Add a child'),
      ctx.can('import') ? link('/import', 'Import a class list') : null) : null);

  ctx.render({ title: 'Home' },
    heading(me.setting.name, { caption: todayLong() }),
    h('div', { class: 'sg-home' }, attention, left));
}
