// menu.js — what the menu offers, in one place: layout.js draws it and the
// Office and People pages list their part of it.
//
// Fifteen flat entries were too many to scan on a tablet, so the office's
// day-to-day registers and the people records each sit behind one entry
// with a page of their own. Children and consent stay at the top: they are
// what a key person opens most.

/* An entry: {href, text, section, perm?, about?}; a group adds items. */
export const MENU = [
  { href: '/', text: 'Home', section: 'home' },
  { href: '/presence', text: 'Today', section: 'presence', perm: 'shift.read' },
  {
    href: '/office', text: 'Office', section: 'office',
    about: 'Visitors, calls for staff, phone concerns, the locked drawer and outings.',
    items: [
      { href: '/visitors', text: 'Visitors', section: 'visitors', perm: 'visitor.write',
        about: 'Sign visitors in and out, with the phones and watches they leave in the office.' },
      { href: '/messages', text: 'Messages', section: 'messages',
        about: 'Calls for staff taken on the setting phone, passed on and acknowledged.' },
      { href: '/breaches', text: 'Phone concerns', section: 'breaches', perm: 'breach.record',
        about: 'Record a phone, watch or camera seen or used where it should not be.' },
      { href: '/child-devices', text: 'Locked drawer', section: 'child-devices', perm: 'child_device.write',
        about: "A child's phone or device taken in for the day and handed back to a named parent." },
      { href: '/outings', text: 'Outings', section: 'outings',
        about: 'Trips out and home visits: who went, and the phone taken for emergencies.' },
    ],
  },
  { href: '/children', text: 'Children', section: 'children', perm: 'child.read' },
  { href: '/consent', text: 'Consent', section: 'consent', perm: 'consent.read' },
  {
    href: '/people', text: 'People', section: 'people',
    about: 'Staff and other adults, parents and carers, rooms, and importing lists.',
    items: [
      { href: '/adults', text: 'Adults', section: 'adults', perm: 'adult.read',
        about: 'Staff, students, volunteers and others who work here, with their roles.' },
      { href: '/parents', text: 'Parents and carers', section: 'parents', perm: 'parent.read',
        about: "Parents, carers and others on a child's record; invitations to the parent portal." },
      { href: '/rooms', text: 'Rooms', section: 'rooms', perm: 'room.read',
        about: "The setting's rooms and outdoor areas: children's rooms, adults-only rooms and private areas." },
      { href: '/import', text: 'Import', section: 'import', perm: 'import',
        about: 'Bring in a class list or a staff list from a spreadsheet (CSV).' },
    ],
  },
  { href: '/devices', text: 'Devices', section: 'devices', perm: 'device.read' },
  { href: '/audit', text: 'Audit log', section: 'audit', perm: 'audit.read' },
];

/* The parent portal's menu (same shape; a parent holds no permission). */
export const PORTAL_MENU = [
  { href: '/portal', text: 'Your children', section: 'portal' },
  { href: '/portal/password', text: 'Change password', section: 'portal-password' },
  { href: '/logout', text: 'Sign out', section: null },
];

const allowed = (can) => (e) => !e.perm || can(e.perm);

/* The group's entries this person may use. */
export function groupItems(group, can) {
  return (group.items || []).filter(allowed(can));
}

/* The top-level entries for someone whose permissions answer can(perm): a
 * group they can use nothing of is left out, and a group with one entry
 * for them is that entry itself. Each result keeps `sections`, every
 * section that marks it as the current page. */
export function visibleMenu(can, menu = MENU) {
  const out = [];
  for (const e of menu.filter(allowed(can))) {
    if (!e.items) {
      out.push({ ...e, sections: [e.section] });
      continue;
    }
    const items = groupItems(e, can);
    if (items.length === 1) out.push({ ...items[0], sections: [items[0].section] });
    else if (items.length > 1) out.push({ ...e, sections: [e.section, ...items.map((i) => i.section)] });
  }
  return out;
}

/* The group called `section` ('office', 'people'), or undefined. */
export function group(section) {
  return MENU.find((e) => e.items && e.section === section);
}
