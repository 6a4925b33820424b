// presence_format.js — words for the locker ledger, shared by the kiosk, the
// manager's "Today" page and the home page: device kinds, lists of devices
// as a sentence, clock times and "how long ago".

/* The kinds of personal device the API knows (PERSONAL-DEVICES-01, -25),
 * in the order the kiosk offers them. */
export const DEVICE_KINDS = [
  ['phone', 'Phone'],
  ['smart-watch', 'Smart watch'],
  ['fitness-tracker', 'Fitness tracker'],
  ['tablet', 'Tablet or iPad'],
  ['laptop', 'Laptop'],
  ['camera', 'Camera'],
  ['video-recorder', 'Video recorder'],
  ['other-wearable', 'Other wearable'],
];

/* 'smart-watch' → 'smart watch' (lower case, for the middle of a sentence). */
export function deviceWord(kind) {
  const found = DEVICE_KINDS.find(([k]) => k === kind);
  return found ? found[1].toLowerCase().replace('tablet or ipad', 'tablet') : String(kind).replace(/-/g, ' ');
}

/* ['phone', 'smart-watch'] → 'phone and smart watch'; three or more with
 * commas. A device with a label says it: 'phone (work)'. */
export function deviceList(devices) {
  const words = devices.map((d) => (typeof d === 'string' ? deviceWord(d)
    : deviceWord(d.kind) + (d.label ? ` (${d.label})` : '')));
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function capitalise(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/* "is" or "are" for a list of devices. */
export function isAre(devices) {
  return devices.length === 1 ? 'is' : 'are';
}

const clockFmt = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/* An instant as the clock on the wall shows it: '12:30'. */
export function clock(iso) {
  if (!iso) return '';
  const d = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : clockFmt.format(d);
}

/* A time as typed ('8:00', '0800', '8.00', '08:00') → 'HH:MM'; anything
 * else is returned as it is, for the API to name what is wrong. */
export function hhmm(v) {
  const m = /^\s*(\d{1,2})[:.]?(\d{2})\s*$/.exec(v || '');
  return m && Number(m[1]) < 24 && Number(m[2]) < 60 ? `${m[1].padStart(2, '0')}:${m[2]}` : (v || '').trim();
}

/* A length of time in words: '25 minutes', '1 hour 5 minutes'. */
export function duration(ms) {
  const mins = Math.max(0, Math.floor(ms / 60000));
  if (mins < 1) return 'less than a minute';
  const h = Math.floor(mins / 60);
  const m = mins % 60;
  const part = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (!h) return part(m, 'minute');
  return m ? `${part(h, 'hour')} ${part(m, 'minute')}` : part(h, 'hour');
}

/* 'since 08:02 (25 minutes)'; an instant on another day gets its date. */
export function since(iso, now = Date.now()) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = new Date(now).toDateString() === d.toDateString();
  const when = sameDay ? clock(d)
    : `${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' }).format(d)}, ${clock(d)}`;
  return `since ${when} (${duration(now - d.getTime())})`;
}

/* What a permission to use a personal device is, in words. */
export const GRANT_KINDS = [
  ['emergency', 'Emergency use'],
  ['home-visit', 'Phone on a home visit'],
  ['outing', 'Phone on an outing, for emergencies'],
  ['virtual-course', 'Virtual course'],
];

export function grantKind(kind) {
  const found = GRANT_KINDS.find(([k]) => k === kind);
  return found ? found[1] : kind;
}

/* A short line about a permission in force: 'Emergency use in the Office
 * until 14:20'. */
export function grantLine(g) {
  return `${grantKind(g.kind)}${g.room_name ? ` in ${g.room_name}` : ''} until ${clock(g.ends_at)}`;
}

/* Board statuses that need the manager's eye (PERSONAL-DEVICES-05, -06). */
export const ALERT_STATUSES = ['no-check-in', 'device-overdue', 'devices-left'];

/* The colour of a board status's tag. */
export function statusColour(status) {
  switch (status) {
    case 'no-check-in':
    case 'device-overdue':
    case 'devices-left':
      return 'red';
    case 'device-out':
      return 'yellow';
    case 'devices-in':
    case 'none-brought':
      return 'green';
    case 'planned':
      return 'blue';
    default:
      return 'grey';
  }
}
