// audit.js — the audit log: every change, log-in and failed log-in, newest
// first, filtered by kind of action, by who did it and by date, 50 at a
// time (paged with before_seq). Read by the manager, the DSL and the chair.

import { h } from '../dom.js';
import { api, qs } from '../api.js';
import { failPage } from '../router.js';
import { heading, para, link, table, select, textInput, button, pagination } from '../govuk.js';
import { dateTime, fullName } from '../format.js';

const PAGE = 50;

const ACTIONS = {
  'setting.create': 'Setting created',
  'room.add': 'Room added', 'room.edit': 'Room changed', 'room.end': 'Room closed',
  'adult.add': 'Adult added', 'adult.edit': 'Adult changed', 'adult.end': 'Adult marked as left', 'adult.password': 'Password set',
  'child.add': 'Child added', 'child.edit': 'Child changed', 'child.end': 'Child marked as left',
  'child.parent_link': 'Parent linked to child', 'child.parent_unlink': 'Parent\u2019s link ended',
  'parent.add': 'Parent added', 'parent.edit': 'Parent changed', 'parent.end': 'Parent marked as left',
  'import.children': 'Class list imported', 'import.staff': 'Staff list imported',
  'auth.login': 'Logged in', 'auth.logout': 'Logged out', 'auth.login_failed': 'Wrong password', 'auth.locked_out': 'Account locked',
  'token.create': 'Script token made', 'token.revoke': 'Script token revoked',
};

const PREFIXES = [
  ['', 'All actions'],
  ['child.', 'Children (child.)'],
  ['parent.', 'Parents (parent.)'],
  ['adult.', 'Adults (adult.)'],
  ['room.', 'Rooms (room.)'],
  ['import.', 'Imports (import.)'],
  ['auth.', 'Log-ins and log-outs (auth.)'],
  ['token.', 'Script tokens (token.)'],
  ['setting.', 'The setting (setting.)'],
];

const RECORD_PAGES = { child: '/children', adult: '/adults', parent: '/parents', room: '/rooms' };
const RECORD_NAMES = { child: 'Child', adult: 'Adult', parent: 'Parent', room: 'Room', child_parent: 'Parent link', session: 'Log-in session', setting: 'Setting', import: 'Import', token: 'Token' };
const READ_PERM = { child: 'child.read', adult: 'adult.read', parent: 'parent.read', room: 'room.read' };

/* '25 Nov 2026' over '12:40', local time. */
function when(iso) {
  const [day, time] = dateTime(iso).split(', ');
  return [h('span', { class: 'sg-nowrap', text: day }), time ? [h('br'), time] : null];
}

/* A local calendar day's first or last second, as the API's UTC instant. */
function dayEdge(iso, end) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return iso;
  const d = end ? new Date(+m[1], +m[2] - 1, +m[3], 23, 59, 59) : new Date(+m[1], +m[2] - 1, +m[3], 0, 0, 0);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function show(v) {
  if (v === null || v === undefined || v === '') return 'none';
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  // A file's SHA-256 is evidence, but its first 12 digits identify it on
  // screen; the API has it whole.
  return /^[0-9a-f]{40,}$/.test(s) ? `${s.slice(0, 12)}…` : s;
}

function detailList(detail) {
  const entries = Object.entries(detail || {});
  if (!entries.length) return '';
  return h('ul', { class: 'sg-audit-detail' }, entries.map(([k, v]) => {
    const label = k.replace(/_/g, ' ');
    if (v && typeof v === 'object' && !Array.isArray(v) && ('from' in v || 'to' in v)) {
      return h('li', { text: `${label}: ${show(v.from)} \u2192 ${show(v.to)}` });
    }
    return h('li', { text: `${label}: ${show(v)}` });
  }));
}

export async function auditPage(ctx) {
  const q = ctx.query;
  const filter = {
    action: q.get('action') || '',
    actor: q.get('actor') || '',
    from: q.get('from') || '',
    to: q.get('to') || '',
    object_type: q.get('object_type') || '',
    object_id: q.get('object_id') || '',
  };
  const before = q.get('before_seq') || '';
  const [r, adults] = await Promise.all([
    api('GET', '/audit' + qs({
      ...filter, from: dayEdge(filter.from, false), to: dayEdge(filter.to, true), before_seq: before, limit: PAGE,
    })),
    api('GET', '/adults?include_ended=1'),
  ]);

  const names = new Map();
  if (adults.status === 200) for (const a of adults.json.adults) names.set(`adult:${a.id}`, fullName(a));
  const who = (actor) => {
    if (names.has(actor)) return link(`/adults/${actor.slice(6)}`, names.get(actor));
    if (actor.startsWith('cli:')) return `Command line (${actor.slice(4)})`;
    if (actor === 'login-attempt') return 'Someone logging in';
    if (actor.startsWith('token:')) return `Script token ${actor.slice(6)}`;
    return actor;
  };

  // The filters, as a GET-style form: the URL holds them.
  const actionSel = select({ name: 'action', label: 'Action', options: PREFIXES, value: filter.action });
  const actorSel = select({
    name: 'actor', label: 'Who', value: filter.actor,
    options: [['', 'Anyone'], ...[...names.entries()].sort((a, b) => a[1].localeCompare(b[1])),
      ['login-attempt', 'Someone logging in (wrong password)']],
  });
  const fromIn = textInput({ name: 'from', label: 'From', type: 'date', value: filter.from });
  const toIn = textInput({ name: 'to', label: 'To', type: 'date', value: filter.to });
  const filterForm = h('form', {
    class: 'sg-filters', role: 'search', 'aria-label': 'Filter the audit log',
    on: {
      submit: (ev) => {
        ev.preventDefault();
        ctx.navigate('/audit' + qs({
          action: actionSel.get(), actor: actorSel.get(), from: fromIn.get(), to: toIn.get(),
          object_type: filter.object_type, object_id: filter.object_id,
        }));
      },
    },
  }, actionSel.el, actorSel.el, fromIn.el, toIn.el,
  h('div', { class: 'govuk-form-group' }, button('Filter', { kind: 'secondary' })));

  if (r.status === 400) {
    // A bad date or filter in the URL: say so beside the filters.
    const e = r.json.error;
    ctx.render({ title: 'Audit log' }, heading('Audit log'), filterForm,
      para(`The filter could not be used: ${e.message}. `, link('/audit', 'Show all events')));
    return;
  }
  if (failPage(ctx, r)) return;

  const events = r.json.events;
  const base = { ...filter };
  const older = r.json.next_before_seq && events.length === PAGE
    ? { href: '/audit' + qs({ ...base, before_seq: r.json.next_before_seq }), text: 'Older events' } : null;
  const newest = before ? { href: '/audit' + qs(base), text: 'Newest events' } : null;
  const objectName = RECORD_NAMES[filter.object_type] || filter.object_type;

  ctx.render({ title: 'Audit log' },
    heading('Audit log'),
    para('Every change, log-in and failed log-in is recorded here and cannot be altered. Newest first.'),
    filter.object_type ? para(`Showing only events about ${objectName.toLowerCase()} ${filter.object_id}. `,
      link('/audit' + qs({ ...filter, object_type: '', object_id: '' }), 'Show events about everything')) : null,
    filterForm,
    table({
      caption: events.length ? `Events ${events[events.length - 1].seq} to ${events[0].seq}` : 'Events',
      captionSize: 's',
      small: true,
      head: ['When', 'Who', 'What', 'Record', 'Details'],
      rows: events.map((e) => {
        const page = RECORD_PAGES[e.object_type];
        const recName = `${RECORD_NAMES[e.object_type] || e.object_type} ${e.object_id ?? ''}`.trim();
        const canOpen = page && e.object_id && ctx.can(READ_PERM[e.object_type]);
        return [
          { value: when(e.at), header: false },
          { value: who(e.actor) },
          { value: [ACTIONS[e.action] || e.action, h('br'), h('code', { class: 'sg-code', text: e.action })] },
          { value: canOpen ? link(`${page}/${e.object_id}`, recName) : recName },
          { value: detailList(e.detail) },
        ];
      }),
      empty: 'No events match these filters.',
    }),
    pagination({ prev: newest, next: older, label: 'Audit log pages' }));
}
