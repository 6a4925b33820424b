// home.js — the setting's home page: today's date, the setting, who is in
// which room, and what needs attention: the open findings (a rule seen
// broken now, e.g. someone on shift without a device check-in), for those
// who may read them, refreshed every 30 seconds (PERSONAL-DEVICES-05,
// REPORTING-02). Everyone sees where their own phone is and can set their
// kiosk PIN.

import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { failPage } from '../router.js';
import { heading, para, link, table, tag, buttonLink } from '../govuk.js';
import { todayLong, roomClass, age, fullName } from '../format.js';
import { since, capitalise } from '../presence_format.js';

const REFRESH_MS = 30_000;
const SEVERITY = { high: ['High', 'red'], medium: ['Medium', 'orange'], low: ['Low', 'grey'] };

/* The open findings, most severe and oldest first (the API's order). */
function findingsView(ctx, findings) {
  if (!findings.length) return [para('Nothing needs your attention right now.')];
  const now = Date.now();
  return [
    h('ul', { class: 'govuk-list sg-findings' }, findings.map((f) => {
      const [word, colour] = SEVERITY[f.severity] || [f.severity, 'grey'];
      return h('li', { class: 'sg-findings__item' },
        h('p', { class: 'sg-findings__head' }, tag(word, colour), ' ', h('strong', { text: f.subject })),
        h('p', { class: 'govuk-body sg-findings__text', text: f.text }),
        h('p', { class: 'govuk-hint sg-findings__since' }, capitalise(since(f.since, now)),
          f.area === 'presence' && ctx.can('shift.read') ? [' · ', link('/presence', 'See today’s board')] : null));
    })),
  ];
}

/* Where my phone is: the state the kiosk also shows. */
function myPhone(mine) {
  if (!mine) return null;
  const s = mine;
  return h('section', { class: 'sg-home__phone', 'aria-labelledby': 'phone-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'phone-heading', text: 'Your phone and locker' }),
    h('p', { class: 'govuk-body-l sg-home__phone-state', text: s.status_text }),
    s.shift ? para(`Your shift: ${s.shift.start} to ${s.shift.end}${s.shift.break_start ? `, break ${s.shift.break_start} to ${s.shift.break_end}` : ''}.`) : null,
    s.adult.locker ? para(`Your locker: ${s.adult.locker}.`) : null,
    para(s.adult.pin_set ? 'You have a kiosk PIN. ' : 'You need a kiosk PIN to use the locker kiosk. ',
      link('/me/pin', s.adult.pin_set ? 'Change your kiosk PIN' : 'Set your kiosk PIN')),
    para(link('/policy', 'How this setting handles phones and cameras')));
}

export async function homePage(ctx) {
  const me = ctx.me;
  const isKeyPerson = me.roles.includes('key-person') && ctx.can('child.read');
  const canFindings = ctx.can('findings.read');
  const [rooms, kids, found, phone] = await Promise.all([
    api('GET', '/rooms'),
    isKeyPerson ? api('GET', '/children') : Promise.resolve(null),
    canFindings ? api('GET', '/findings') : Promise.resolve(null),
    api('GET', '/presence/me'),
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

  const findingsHost = h('div', { id: 'attention-findings' },
    found && found.status === 200 ? findingsView(ctx, found.json.findings)
      : para('What needs attention could not be loaded. Reload the page to try again.'));
  const attention = h('div', { class: 'sg-home__attention' },
    canFindings ? h('section', { 'aria-labelledby': 'attention-heading' },
      h('h2', { class: 'govuk-heading-m', id: 'attention-heading', text: 'Needs your attention' }),
      findingsHost) : null,
    myPhone(phone && phone.status === 200 ? phone.json : null));

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

  if (!canFindings) return;
  const timer = setInterval(async () => {
    if (ctx.stale) {
      clearInterval(timer);
      return;
    }
    const r = await api('GET', '/findings');
    if (!ctx.stale && r.status === 200) replace(findingsHost, findingsView(ctx, r.json.findings));
  }, REFRESH_MS);
}
