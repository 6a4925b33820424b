// format.js — dates, ages, names and labels as a nursery writes them
// (en-GB: "25 November 2026", "3 years 8 months").

const longFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const todayFmt = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const instantFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
});

/* 'YYYY-MM-DD' → '25 November 2026'; '' for none. */
export function longDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return longFmt.format(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])));
}

/* Today, long: 'Wednesday 25 November 2026' (the device's clock and zone). */
export function todayLong(now = new Date()) {
  return todayFmt.format(now).replace(',', '');
}

/* Today as 'YYYY-MM-DD' in the device's time zone. */
export function todayISO(now = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/* An instant ('2026-11-25T12:22:26Z') in local time: '25 Nov 2026, 12:22'. */
export function dateTime(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : instantFmt.format(d);
}

/* 44 → '3 years 8 months'; under two years in months only. */
export function age(months) {
  if (months === null || months === undefined) return '';
  if (months < 24) return months === 1 ? '1 month' : `${months} months`;
  const y = Math.floor(months / 12);
  const m = months % 12;
  return `${y} years` + (m ? ` ${m} month${m === 1 ? '' : 's'}` : '');
}

export function fullName(p) {
  return p ? `${p.first_name} ${p.last_name}` : '';
}

export const ROLES = [
  ['manager', 'Manager'],
  ['deputy', 'Deputy manager'],
  ['dsl', 'Designated safeguarding lead (DSL)'],
  ['key-person', 'Key person'],
  ['staff', 'Staff'],
  ['student', 'Student'],
  ['volunteer', 'Volunteer'],
  ['office', 'Office'],
  ['online-safety-lead', 'Online safety lead'],
  ['technician', 'Technician'],
  ['chair', 'Chair'],
];
const roleShort = { dsl: 'DSL' };

/* 'key-person' → 'Key person' (short form for tables). */
export function roleName(r, { long = false } = {}) {
  if (!long && roleShort[r]) return roleShort[r];
  const found = ROLES.find(([k]) => k === r);
  return found ? found[1] : r;
}

export function roleList(roles) {
  return (roles || []).map((r) => roleName(r)).join(', ');
}

export const ROOM_CLASSES = [
  ['children', "Children's room", 'Children are cared for here'],
  ['adults-only', 'Adults only', 'For example the office or the staff room'],
  ['private', 'Private', 'For example toilets and changing areas'],
];

export function roomClass(c) {
  const found = ROOM_CLASSES.find(([k]) => k === c);
  return found ? found[1] : c;
}

export function yesNo(b) {
  return b ? 'Yes' : 'No';
}

/* An API message about a field, with the field's machine name replaced by
 * its label: 'date_of_birth is in the future' → 'Date of birth is in the
 * future'. Only names with an underscore, or a name the message starts
 * with, are replaced (so "file" or "date" in a sentence stay as they are). */
export function humanise(message, labels = {}) {
  let m = String(message || '');
  for (const [name, label] of Object.entries(labels)) {
    const re = name.includes('_') ? new RegExp(`\\b${name}\\b`, 'g') : new RegExp(`^${name}\\b`);
    m = m.replace(re, label.toLowerCase());
  }
  m = m.replace(/\b([a-z]+)_([a-z_]+)\b/g, (s) => s.replace(/_/g, ' '));
  return m.charAt(0).toUpperCase() + m.slice(1);
}
