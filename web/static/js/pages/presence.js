// presence.js — the manager's side of the locker ledger: "Today" (who is on
// shift and where each adult's phone and smart watch are, live), one
// adult's day with their ledger and what the manager may record for them,
// planning a shift, granting emergency use of a personal phone, the locker
// kiosks, and setting a kiosk PIN (one's own, or another adult's).
//
// Everything shown comes from the API: the board's status and status_text
// are the server's words (PERSONAL-DEVICES-03…06, -09, REPORTING-02).

import { h, add, replace } from '../dom.js';
import { api, qs, errorOf } from '../api.js';
import { failPage } from '../router.js';
import * as session from '../session.js';
import {
  heading, para, link, table, tag, summaryList, button, buttonLink, textInput, select, radios,
  checkboxes, insetText, warningText, scrollable,
} from '../govuk.js';
import { Form, compact } from '../form.js';
import { longDate, todayISO, dateTime, fullName, humanise } from '../format.js';
import {
  DEVICE_KINDS, deviceWord, deviceList, capitalise, clock, grantKind, grantLine, statusColour, duration, hhmm,
} from '../presence_format.js';

const REFRESH_MS = 30_000;
const HIGHLIGHT = ['no-check-in', 'device-overdue'];

/* "adult:6@kiosk:1" → "Chloe Bennett at Staff room lockers" (the kiosk). */
export function actorName(actor, adults, kiosks = new Map()) {
  if (!actor) return '';
  const m = /^adult:(\d+)(?:@kiosk:(\d+))?$/.exec(actor);
  if (m) {
    const who = adults.get(Number(m[1])) || 'Someone';
    if (!m[2]) return who;
    const k = kiosks.get(Number(m[2]));
    return `${who} at ${k || 'the locker kiosk'}`;
  }
  if (/^kiosk:/.test(actor)) return 'The locker kiosk';
  if (/^system/.test(actor)) return 'safeguard (automatic check)';
  if (/^cli:/.test(actor)) return 'The command line';
  return actor;
}

export async function adultNames() {
  const r = await api('GET', '/adults?include_ended=1');
  const m = new Map();
  if (r.status === 200) for (const a of r.json.adults) m.set(a.id, fullName(a));
  return m;
}

// ---- Today: the live board -------------------------------------------------

export async function todayPage(ctx) {
  const date = ctx.query.get('date') || '';
  const [board, grants] = await Promise.all([
    api('GET', '/presence' + qs({ date })),
    api('GET', '/grants'),
  ]);
  if (failPage(ctx, board)) return;
  const b = board.json;
  const isToday = !date || date === todayISO(new Date(b.now));
  const title = isToday ? 'Today' : `Shifts on ${longDate(b.date)}`;

  const boardHost = h('div', { id: 'board' });
  const grantsHost = h('div', { id: 'grants' });
  const drawBoard = (data, g) => {
    replace(boardHost, boardView(ctx, data, isToday));
    if (isToday) replace(grantsHost, grantsView(ctx, g && g.status === 200 ? g.json.grants : [], data.now));
  };
  drawBoard(b, grants);

  const datePicker = h('form', {
    class: 'sg-filters', 'aria-label': 'Another day', role: 'search',
    on: {
      submit: (ev) => {
        ev.preventDefault();
        const v = ev.target.querySelector('input').value;
        ctx.navigate('/presence' + qs({ date: v }));
      },
    },
  },
  textInput({ name: 'date', label: 'Date', type: 'date', value: b.date }).el,
  h('div', { class: 'govuk-form-group' }, button('Show', { kind: 'secondary' })));

  ctx.render({ title },
    heading(title, { caption: isToday ? longDate(b.date) : 'Shifts and lockers' }),
    h('div', { class: 'govuk-button-group' },
      ctx.can('shift.write') ? buttonLink(`/presence/shifts/new${qs({ date: isToday ? '' : b.date })}`, 'Plan a shift', { kind: '' }) : null,
      isToday && ctx.can('grant.write') ? buttonLink('/presence/grants/new', 'Grant permission to use a phone') : null,
      isToday ? null : link('/presence', 'Back to today')),
    boardHost,
    isToday ? grantsHost : null,
    h('h2', { class: 'govuk-heading-m', text: 'Another day' }),
    datePicker,
    h('h2', { class: 'govuk-heading-m', text: 'Set-up' }),
    h('ul', { class: 'govuk-list' },
      ctx.can('kiosk.manage') ? h('li', null, link('/kiosks', 'Locker kiosks'), ' – the tablet by the lockers where staff check their devices in') : null,
      h('li', null, link('/policy', 'Policy choices'), ' – breaks, mobile zones and emergency use'),
      ctx.can('shift.read') ? h('li', null, link('/presence/ledger', 'The whole locker ledger')) : null));

  if (!isToday) return;
  const timer = setInterval(async () => {
    if (ctx.stale) {
      clearInterval(timer);
      return;
    }
    const [nb, ng] = await Promise.all([api('GET', '/presence'), api('GET', '/grants')]);
    if (ctx.stale) return;
    if (nb.status === 200) drawBoard(nb.json, ng);
  }, REFRESH_MS);
}

function boardView(ctx, b, isToday) {
  const rows = b.adults;
  const onShift = rows.filter((r) => r.on_shift);
  const alerts = rows.filter((r) => HIGHLIGHT.includes(r.status));
  const out = rows.flatMap((r) => outDevices(r.devices));
  const zones = b.zones.map((z) => z.name);

  // The columns about devices out and permissions only when there are any.
  const anyOut = rows.some((r) => outDevices(r.devices).length);
  const anyGrant = rows.some((r) => r.grant);
  const tableEl = table({
    caption: isToday ? 'Who is on shift today' : `Shifts on ${longDate(b.date)}`,
    captionSize: 'm',
    head: ['Name', 'Shift', 'Phone and devices', anyOut ? 'Out of the locker' : null, anyGrant ? 'Permission' : null].filter(Boolean),
    rows: rows.map((r) => [
      { value: link(`/presence/adults/${r.adult_id}${isToday ? '' : qs({ date: b.date })}`, r.name) },
      { value: shiftCell(r.shift) },
      { value: statusCell(r) },
      anyOut ? { value: outCell(r.devices) } : null,
      anyGrant ? { value: r.grant ? grantLine(r.grant) : '' } : null,
    ].filter((c) => c !== null)),
    empty: isToday ? 'Nobody is on the rota today, and nobody is signed on.' : 'Nobody was on the rota that day.',
  });
  // Rows that need the manager's eye stand out (and say so to a screen reader).
  rows.forEach((r, i) => {
    if (!HIGHLIGHT.includes(r.status)) return;
    const tr = tableEl.tBodies[0].rows[i];
    tr.classList.add('sg-board__row--alert');
    tr.cells[0].append(h('span', { class: 'govuk-visually-hidden', text: ' (needs attention)' }));
  });

  return [
    isToday && alerts.length ? warningText(alerts.map((r) => `${r.name}: ${r.status_text}.`).join(' ')) : null,
    isToday ? h('ul', { class: 'govuk-list sg-board__counts' },
      h('li', null, h('strong', { text: String(onShift.length) }), ` ${onShift.length === 1 ? 'adult is' : 'adults are'} on shift now`),
      h('li', null, h('strong', { text: String(rows.filter((r) => r.status === 'no-check-in').length) }), ' on shift without a device check-in'),
      h('li', null, h('strong', { text: String(out.length) }), ` ${out.length === 1 ? 'device is' : 'devices are'} out of the locker`)) : null,
    isToday ? para(zones.length ? `Mobile zone (where phones may be used on a break): ${zones.join(', ')}.`
      : 'There is no mobile zone: no personal device may come out on a break. An adults-only room can be made the mobile zone on its page.') : null,
    scrollable(tableEl, 'Who is on shift'),
    isToday ? h('p', { class: 'govuk-hint', text: `Updated at ${clock(b.now)}. This page refreshes itself every 30 seconds.` }) : null,
  ].filter(Boolean);
}

/* The status in the server's words; what needs attention says so first. */
function statusCell(r) {
  if (HIGHLIGHT.includes(r.status)) return [tag('Needs attention', 'red'), h('br'), h('strong', { text: r.status_text })];
  return r.status_text;
}

/* The status of one adult, large (their own page). */
function statusBlock(s) {
  return h('p', { class: ['sg-status', `sg-status--${statusColour(s.status)}`] },
    HIGHLIGHT.includes(s.status) ? h('span', { class: 'govuk-visually-hidden', text: 'Needs attention: ' }) : null,
    s.status_text);
}

function shiftCell(s) {
  if (!s) return '';
  return [
    h('span', { class: 'sg-nowrap', text: `${s.start} to ${s.end}` }),
    s.break_start ? [h('br'), h('span', { class: 'sg-nowrap govuk-hint sg-board__break', text: `Break ${s.break_start} to ${s.break_end}` })] : null,
    !s.planned ? [h('br'), h('span', { class: 'govuk-hint sg-board__break', text: 'Not on the rota' })] : null,
  ];
}

const outDevices = (devices) => devices.filter((d) => d.state === 'out' && d.out_purpose && d.out_purpose !== 'home');

/* Devices out, grouped by why and when they are due back: 'Phone and smart
 * watch, break, back by 12:30 [Late]'. */
function outCell(devices) {
  const groups = new Map();
  for (const d of outDevices(devices)) {
    const key = `${d.out_purpose}|${d.due_back_at}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(d);
  }
  if (!groups.size) return '';
  return h('ul', { class: 'govuk-list sg-board__list' }, [...groups.values()].map((ds) => h('li', null,
    `${capitalise(deviceList(ds))}: ${ds[0].out_purpose === 'permission' ? 'permission' : 'break'}`,
    ds[0].due_back_at ? [', back by ', h('strong', { text: clock(ds[0].due_back_at) })] : null,
    ds.some((d) => d.overdue) ? [' ', tag('Late', 'red')] : null)));
}

function grantsView(ctx, grants, now) {
  const t = Date.parse(now);
  const state = (g) => {
    if (g.ended_at) return tag(`Ended at ${clock(g.ended_at)}`, 'grey');
    if (Date.parse(g.ends_at) <= t) return tag('Expired', 'grey');
    if (Date.parse(g.starts_at) > t) return tag(`From ${clock(g.starts_at)}`, 'blue');
    return tag('In force', 'green');
  };
  const inForce = (g) => !g.ended_at && Date.parse(g.ends_at) > t;
  return [
    h('h2', { class: 'govuk-heading-m', id: 'grants-heading', text: 'Permissions to use a personal device today' }),
    grants.length ? scrollable(table({
      caption: 'Permissions granted today and in force',
      captionSize: 's',
      head: ['Who', 'What and why', 'Where', 'Time', 'Status', ctx.can('grant.write') ? { text: 'Action' } : null].filter(Boolean),
      rows: grants.map((g) => [
        { value: h('span', { text: g.adult_name }) },
        { value: [h('strong', { text: grantKind(g.kind) }), h('br'), g.reason] },
        g.room_name || '',
        { value: h('span', { class: 'sg-nowrap', text: `${clock(g.starts_at)} to ${clock(g.ends_at)}` }) },
        { value: state(g) },
        ctx.can('grant.write') ? { value: inForce(g) ? endGrantButton(ctx, g) : '' } : null,
      ].filter((c) => c !== null)),
    }), 'Permissions today') : para('No permission to use a personal device has been granted today.'),
  ];
}

function endGrantButton(ctx, g) {
  return button(['End now', h('span', { class: 'govuk-visually-hidden', text: ` the permission for ${g.adult_name}` })], {
    kind: 'warning',
    type: 'button',
    on: {
      click: async (ev) => {
        const btn = ev.currentTarget;
        if (btn.getAttribute('aria-disabled') === 'true') return;
        btn.setAttribute('aria-disabled', 'true');
        const r = await api('POST', `/grants/${g.id}/end`, {});
        if (r.status === 200) {
          ctx.navigate('/presence', { replace: true, flash: `The permission for ${g.adult_name} has ended. If they took a device out, it must go back in the locker now.` });
        } else {
          btn.removeAttribute('aria-disabled');
          ctx.navigate('/presence', { replace: true, flash: { text: `The permission could not be ended: ${humanise(errorOf(r).message)}.` } });
        }
      },
    },
  });
}

// ---- one adult: their day, their ledger, what the manager may record -------

const LEDGER_WORDS = {
  'in:start': 'Put in the locker at the start of the shift',
  'in:return': 'Put back in the locker',
  'in:late-return': 'Put back in the locker',
  'out:break': 'Taken out for the break',
  'out:permission': 'Taken out with the manager\u2019s permission',
  'out:home': 'Taken home',
  'none:start': 'Brought no personal device',
};

export function ledgerWhat(e) {
  const base = LEDGER_WORDS[`${e.action}:${e.purpose}`] || `${capitalise(e.action)} (${e.purpose})`;
  const extras = [];
  if (e.zone) extras.push(`for the ${e.zone}`);
  if (e.due_back_at) extras.push(`due back ${clock(e.due_back_at)}`);
  return extras.length ? `${base} (${extras.join(', ')})` : base;
}

function ledgerTable(events, adults, kiosks, { withName = false, caption = 'The locker ledger' } = {}) {
  return scrollable(table({
    caption,
    captionSize: 'm',
    head: ['When', withName ? 'Who' : null, 'What happened', 'Device', 'Locker', 'Off or silent', 'Recorded by'].filter(Boolean),
    rows: events.map((e) => [
      { value: h('span', { class: 'sg-nowrap', text: dateTime(e.at) }) },
      withName ? e.adult_name : null,
      e.late_seconds ? { value: [ledgerWhat(e), ' ', tag(`${duration(e.late_seconds * 1000)} late`, 'red')] } : ledgerWhat(e),
      e.kind ? capitalise(deviceWord(e.kind)) + (e.label ? ` (${e.label})` : '') : '–',
      e.locker || '',
      e.switched === 'off' ? 'Switched off' : e.switched === 'silent' ? 'On silent' : '',
      actorName(e.recorded_by, adults, kiosks),
    ].filter((c) => c !== null)),
    empty: 'Nothing recorded yet.',
  }), caption);
}

async function kioskNames(ctx) {
  const m = new Map();
  if (!ctx.can('kiosk.manage')) return m;
  const r = await api('GET', '/kiosks');
  if (r.status === 200) for (const k of r.json.kiosks) m.set(k.id, k.name);
  return m;
}

export async function adultPage(ctx) {
  const id = Number(ctx.params.id);
  const [r, led, adults, kiosks] = await Promise.all([
    api('GET', `/presence/adults/${id}`),
    api('GET', `/presence/ledger${qs({ adult_id: id })}`),
    adultNames(),
    kioskNames(ctx),
  ]);
  if (failPage(ctx, r)) return;
  if (failPage(ctx, led)) return;
  const s = r.json;
  const name = s.adult.name;
  const shift = s.shift;
  const on = !!(shift && shift.signed_on_at && !shift.signed_off_at);
  const ins = s.devices.filter((d) => d.state === 'in');
  const outs = s.devices.filter((d) => d.state === 'out' && d.out_purpose && d.out_purpose !== 'home');
  const canWrite = ctx.can('shift.write');
  const back = '/presence';

  const deviceRows = s.devices.length ? h('ul', { class: 'govuk-list' }, s.devices.map((d) => h('li', null,
    `${capitalise(deviceWord(d.kind))}${d.label ? ` (${d.label})` : ''}: `,
    d.state === 'in' ? `in locker ${d.locker} since ${clock(d.since)}`
      : d.out_purpose === 'home' ? 'at home'
        : [`out ${d.out_purpose === 'permission' ? 'with permission' : 'for the break'} since ${clock(d.since)}, due back ${clock(d.due_back_at)}`,
          d.overdue ? [' ', tag('Late', 'red')] : null]))) : 'None recorded';

  const content = h('div');
  add(content,
    heading(name, { caption: 'Phone and locker' }),
    statusBlock(s),
    summaryList([
      { key: 'Shift', value: shift ? `${longDate(shift.date)}, ${shift.start} to ${shift.end}${shift.planned ? '' : ' (not on the rota)'}` : 'No shift today' },
      shift ? { key: 'Break', value: shift.break_start ? `${shift.break_start} to ${shift.break_end}` : 'No break planned' } : null,
      shift ? { key: 'Signed on', value: shift.signed_on_at ? clock(shift.signed_on_at) : 'Not yet' } : null,
      shift && shift.signed_off_at ? { key: 'Signed off', value: clock(shift.signed_off_at) } : null,
      shift ? {
        key: 'Devices checked in',
        value: shift.checked_in_at ? `At ${clock(shift.checked_in_at)}` : shift.none_declared_at ? `Brought none (said at ${clock(shift.none_declared_at)})` : 'Not yet',
      } : null,
      { key: 'Locker', value: s.adult.locker || 'None recorded' },
      { key: 'Devices', value: deviceRows },
      { key: 'Permission in force', value: s.grant ? [grantLine(s.grant), h('br'), h('span', { class: 'govuk-hint', text: s.grant.terms })] : 'None' },
      { key: 'Kiosk PIN', value: s.adult.pin_set ? 'Set' : 'Not set yet',
        actions: ctx.can('kiosk.manage') ? [{ href: `/presence/adults/${id}/pin`, text: s.adult.pin_set ? 'Set a new PIN' : 'Set a PIN', hidden: `for ${name}` }] : [] },
    ]));

  if (canWrite) add(content, recordForThem(ctx, { id, name, s, on, ins, outs }));
  add(content, ledgerTable(led.json.events, adults, kiosks, { caption: `${name}\u2019s locker ledger` }));
  ctx.render({ title: `${name}: phone and locker`, back, backText: 'Today' },
    h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-full' }, content)));
}

/* The devices part of a form: which devices, the locker, off or silent. */
function deviceFields(s, { prefix = '' } = {}) {
  const known = [...new Set(s.devices.map((d) => d.kind))];
  return [
    checkboxes({
      name: `${prefix}devices`, legend: 'Which devices go in the locker?', legendSize: 's', hint: 'Tick each one',
      values: known.length ? known : ['phone'],
      items: DEVICE_KINDS.map(([value, text]) => ({ value, text })),
    }),
    textInput({ name: `${prefix}locker`, label: 'Locker', value: s.adult.locker || '', width: 5, hint: s.adult.locker ? 'Their usual locker is filled in' : 'The number or name of the locker', autocomplete: 'off' }),
    radios({
      name: `${prefix}switched`, legend: 'Did they say the devices are switched off or on silent?', legendSize: 's', inline: true,
      items: [{ value: 'off', text: 'Switched off' }, { value: 'silent', text: 'On silent' }],
    }),
  ];
}

function recordForThem(ctx, { id, name, s, on, ins, outs }) {
  const box = h('section', { class: 'sg-record', 'aria-labelledby': 'record-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'record-heading', text: `Record for ${name}` }),
    para('Use this when they cannot use the kiosk. The ledger says you recorded it.'));
  const here = `/presence/adults/${id}`;
  const done = (msg) => ctx.navigate(here, { replace: true, flash: msg });
  const labels = { devices: 'Devices', locker: 'Locker', switched: 'Switched off or on silent', none: 'What they brought' };
  const shift = s.shift;

  if (!on) {
    const [dev, lock, sw] = deviceFields(s);
    const form = new Form({
      host: box,
      submitText: 'Sign them on',
      labels,
      required: { brought: 'Say what they brought' },
      submit: async (v) => {
        let body = {};
        if (v.brought === 'devices') {
          if (!v.devices.length) return { status: 400, json: { error: { field: 'devices', message: 'Tick each device going in the locker' } } };
          if (!v.switched) return { status: 400, json: { error: { field: 'switched', message: 'Say whether the devices are switched off or on silent' } } };
          body = compact({ devices: v.devices, locker: v.locker, switched: v.switched });
        } else if (v.brought === 'none') {
          body = { none: true };
        }
        const r = await api('POST', `/presence/adults/${id}/sign-on`, body);
        if (r.status === 200) return done(`${name} is signed on. ${r.json.status_text}.`);
        return r;
      },
    });
    form.register(dev);
    form.register(lock);
    form.register(sw);
    form.add(radios({
      name: 'brought', legend: 'Sign them on', legendSize: 's', hint: shift && !shift.signed_on_at ? `Their shift today is ${shift.start} to ${shift.end}` : 'Not on today\u2019s rota: the shift runs to closing time',
      items: [
        { value: 'devices', text: 'They are putting devices in the locker now', conditional: [dev.el, lock.el, sw.el] },
        { value: 'none', text: 'They brought no personal device' },
        { value: 'later', text: 'Sign them on only: they will check in at the kiosk' },
      ],
    }));
    add(box, form.el);
    return box;
  }

  if (!shift.checked_in_at && !shift.none_declared_at) {
    const sub = h('div');
    const form = new Form({
      host: sub,
      submitText: 'Record their check-in',
      labels,
      required: { devices: 'Tick each device going in the locker', switched: 'Say whether the devices are switched off or on silent' },
      secondary: [button('They brought no personal device', {
        kind: 'secondary', type: 'button',
        on: {
          click: async () => {
            const r = await api('POST', `/presence/adults/${id}/none`, {});
            if (r.status === 200) done(`Recorded: ${name} brought no personal device.`);
            else form.showApiError(r);
          },
        },
      })],
      submit: async (v) => {
        const r = await api('POST', `/presence/adults/${id}/check-in`, compact({ devices: v.devices, locker: v.locker, switched: v.switched }));
        if (r.status === 200) return done(`Recorded: ${r.json.status_text}.`);
        return r;
      },
    });
    form.add(...deviceFields(s));
    add(box, h('h3', { class: 'govuk-heading-s', text: 'Their devices into the locker' }), sub);
    add(sub, form.el);
  } else if (outs.length) {
    const sub = h('div');
    const form = new Form({
      host: sub,
      submitText: `Record the ${deviceList(outs)} back in`,
      labels,
      required: { switched: 'Say whether the devices are switched off or on silent' },
      submit: async (v) => {
        const r = await api('POST', `/presence/adults/${id}/check-in`, compact({
          devices: outs.map((d) => (d.label ? { kind: d.kind, label: d.label } : d.kind)),
          locker: outs[0].locker || s.adult.locker, switched: v.switched,
        }));
        if (r.status === 200) return done(`Recorded: ${r.json.status_text}.`);
        return r;
      },
    });
    form.add(radios({
      name: 'switched', legend: 'Did they say the devices are switched off or on silent?', legendSize: 's', inline: true,
      items: [{ value: 'off', text: 'Switched off' }, { value: 'silent', text: 'On silent' }],
    }));
    add(box, h('h3', { class: 'govuk-heading-s', text: `Their ${deviceList(outs)} back in the locker` }), sub);
    add(sub, form.el);
  }

  // Sign off: the devices go home with them.
  const offHost = h('div');
  const all = [...ins, ...outs];
  const off = h('form', {
    novalidate: true,
    on: {
      submit: async (ev) => {
        ev.preventDefault();
        const btn = off.querySelector('button');
        if (btn.getAttribute('aria-disabled') === 'true') return;
        btn.setAttribute('aria-disabled', 'true');
        const r = await api('POST', `/presence/adults/${id}/sign-off`, {});
        btn.removeAttribute('aria-disabled');
        if (r.status === 200) done(`${name} is signed off.${all.length ? ` Their ${deviceList(all)} went home with them.` : ''}`);
        else replace(offHost, h('p', { class: 'govuk-error-message', text: `${humanise(errorOf(r).message)}.` }));
      },
    },
  }, para(all.length ? `Signing off takes their ${deviceList(all)} out of the locker to go home with them.` : 'They have no device in the locker.'),
  button('Sign them off', { kind: 'secondary' }));
  add(box, h('h3', { class: 'govuk-heading-s', text: 'Going home' }), offHost, off);
  return box;
}

// ---- the whole ledger --------------------------------------------------------

export async function ledgerPage(ctx) {
  const day = ctx.query.get('date') || todayISO();
  const from = new Date(`${day}T00:00:00`);
  const to = new Date(from.getTime() + 24 * 3600 * 1000);
  const iso = (d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const [led, adults, kiosks] = await Promise.all([
    api('GET', `/presence/ledger${qs({ from: iso(from), to: iso(to) })}`),
    adultNames(),
    kioskNames(ctx),
  ]);
  if (failPage(ctx, led)) return;
  const picker = h('form', {
    class: 'sg-filters', role: 'search', 'aria-label': 'Another day',
    on: { submit: (ev) => { ev.preventDefault(); ctx.navigate('/presence/ledger' + qs({ date: ev.target.querySelector('input').value })); } },
  }, textInput({ name: 'date', label: 'Day', type: 'date', value: day }).el,
  h('div', { class: 'govuk-form-group' }, button('Show', { kind: 'secondary' })));
  ctx.render({ title: 'The locker ledger', back: '/presence', backText: 'Today' },
    heading('The locker ledger', { caption: longDate(day) }),
    para('Every device put in or taken out of the lockers, newest first. Nothing here can be changed or deleted.'),
    picker,
    ledgerTable(led.json.events, adults, kiosks, { withName: true, caption: `Locker ledger for ${longDate(day)}` }));
}

// ---- planning a shift ----------------------------------------------------------

/* A time of day, typed on the 24-hour clock (a browser's own time picker
 * may show a 12-hour clock); read back as HH:MM. */
export function timeInput(opts) {
  const f = textInput({ ...opts, width: 5, autocomplete: 'off', spellcheck: false });
  return { ...f, get: () => hhmm(f.input.value) };
}

export async function planShiftPage(ctx) {
  const r = await api('GET', '/adults');
  if (failPage(ctx, r)) return;
  const adults = r.json.adults.filter((a) => !a.left);
  const date = ctx.query.get('date') || todayISO();
  const back = `/presence${date === todayISO() ? '' : qs({ date })}`;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content,
    submitText: 'Plan the shift',
    labels: { adult_id: 'Who', date: 'Date', start: 'Start', end: 'End', break_start: 'Break starts', break_minutes: 'Length of the break' },
    required: { adult_id: 'Choose who is working', date: 'Enter the date', start: 'Enter when the shift starts', end: 'Enter when the shift ends' },
    secondary: [link(back, 'Cancel')],
    submit: async (v) => {
      const body = { adult_id: Number(v.adult_id), date: v.date, start: v.start, end: v.end };
      if (v.break_start) {
        body.break_start = v.break_start;
        if (v.break_minutes) body.break_minutes = /^\d+$/.test(v.break_minutes) ? Number(v.break_minutes) : v.break_minutes;
      }
      const res = await api('POST', '/shifts', body);
      if (res.status === 201) {
        const s = res.json;
        ctx.navigate(`/presence${s.date === todayISO() ? '' : qs({ date: s.date })}`, {
          flash: `Shift planned for ${s.adult_name} on ${longDate(s.date)}: ${s.start} to ${s.end}${s.break_start ? `, break ${s.break_start} to ${s.break_end}` : ''}`,
        });
        return undefined;
      }
      return res;
    },
  });
  form.add(
    select({
      name: 'adult_id', label: 'Who is working?', value: ctx.query.get('adult_id') || '',
      options: [['', 'Choose a person'], ...adults.map((a) => [a.id, fullName(a)])],
    }),
    textInput({ name: 'date', label: 'Date', type: 'date', value: date }),
  );
  const start = timeInput({ name: 'start', label: 'Start', hint: 'For example, 08:00' });
  const end = timeInput({ name: 'end', label: 'End', hint: 'For example, 16:00' });
  form.register(start);
  form.register(end);
  form.add(h('div', { class: 'sg-times' }, start.el, end.el));
  const bs = timeInput({ name: 'break_start', label: 'Break starts', hint: 'For example, 12:00. Leave empty if there is no break' });
  const bm = textInput({ name: 'break_minutes', label: 'Length of the break, in minutes', value: '30', width: 3, inputmode: 'numeric' });
  form.add(h('div', { class: 'sg-times' }, bs.el, bm.el));
  form.register(bs);
  form.register(bm);
  add(content,
    heading('Plan a shift', { caption: 'Today' }),
    para('Phones and smart watches go in the locker when the shift starts, and may come out only in the break.'),
    form.el);
  ctx.render({ title: 'Plan a shift', back, section: 'presence' }, h('div', { class: 'govuk-grid-row' }, content));
}

// ---- permissions: emergency use and the exceptions the policy allows ---------

/* One page for every permission the seeds allow, each limited in purpose and
 * time (PERSONAL-DEVICES-09, -16…-19): an emergency in an adults-only room;
 * the outing phone where the setting allows it; the manager's own phone on
 * a home visit; a virtual course. What the policy forbids is not offered,
 * and the API refuses it anyway. */
export async function grantPage(ctx) {
  const today = todayISO();
  const [ad, rooms, pol, outs, visits] = await Promise.all([
    api('GET', '/adults'), api('GET', '/rooms'), api('GET', '/policy'),
    api('GET', `/outings${qs({ from: today, to: today })}`), api('GET', `/home-visits${qs({ from: today, to: today })}`),
  ]);
  if (failPage(ctx, ad) || failPage(ctx, rooms)) return;
  const me = ctx.me.adult.id;
  const adults = ad.json.adults.filter((a) => !a.left && a.id !== me);
  const places = rooms.json.rooms.filter((x) => x.class === 'adults-only' && !x.ended_on);
  const policy = (name) => (pol.status === 200 ? (pol.json.policy.find((p) => p.name === name) || {}).value : null);
  const outings = outs.status === 200 ? outs.json.outings : [];
  const myVisits = (visits.status === 200 ? visits.json.home_visits : []).filter((v) => (v.adults || []).some((a) => a.id === me));
  const isManager = (ctx.me.roles || []).includes('manager');
  const back = '/presence';
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });

  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const soon = new Date(now.getTime() + 15 * 60000);
  const form = new Form({
    host: content,
    submitText: 'Grant the permission',
    labels: {
      kind: 'What for', adult_id: 'Who', reason: 'Why', room_id: 'Where', ends_at: 'Until', requested_by: 'Who asked',
      outing_id: 'Which outing', home_visit_id: 'Which home visit', course_device: 'Which device',
    },
    required: { kind: 'Choose what the permission is for', reason: 'Say why', ends_at: 'Enter when the permission ends' },
    secondary: [link(back, 'Cancel')],
    submit: async (v) => {
      const until = /^(\d{2}):(\d{2})$/.exec(v.ends_at);
      if (!until) return { status: 400, json: { error: { field: 'ends_at', message: 'Enter the time it ends, for example 14:20' } } };
      const visit = v.kind === 'home-visit';
      if (!visit && !v.adult_id) return { status: 400, json: { error: { field: 'adult_id', message: 'Choose who may use their phone' } } };
      const end = new Date(now.getFullYear(), now.getMonth(), now.getDate(), Number(until[1]), Number(until[2]));
      const body = compact({
        adult_id: visit ? me : Number(v.adult_id), kind: v.kind, reason: v.reason,
        ends_at: end.toISOString().replace(/\.\d{3}Z$/, 'Z'), requested_by: v.requested_by,
      });
      if (v.kind === 'emergency' || v.kind === 'virtual-course') {
        if (!v.room_id) return { status: 400, json: { error: { field: 'room_id', message: 'Choose the room away from children' } } };
        body.room_id = Number(v.room_id);
      }
      if (v.kind === 'virtual-course') body.course_device = v.course_device || undefined;
      if (v.kind === 'outing' && v.outing_id) body.outing_id = Number(v.outing_id);
      if (visit && v.home_visit_id) body.home_visit_id = Number(v.home_visit_id);
      const r = await api('POST', '/grants', body);
      if (r.status === 201) {
        const where = r.json.room_name ? ` in ${r.json.room_name}` : '';
        ctx.navigate('/presence', { flash: `${r.json.adult_name} may use their phone${where} until ${clock(r.json.ends_at)}: ${grantKind(r.json.kind).toLowerCase()}. They can take it out at the kiosk now.` });
        return undefined;
      }
      return r;
    },
  });
  const roomField = places.length ? form.register(radios({
    name: 'room_id', legend: 'Where may they use it?', legendSize: 's',
    hint: 'Only adults-only rooms, away from children, are listed',
    items: places.map((x) => ({ value: x.id, text: x.name })),
  })) : null;
  const noRoom = () => warningText('There is no adults-only room. Add one (for example the office) first.');
  const tripOptions = (list, none, text) => (list.length
    ? [['', none], ...list.map((t) => [t.id, text(t)])]
    : [['', none]]);
  const outingField = form.register(select({
    name: 'outing_id', label: 'Which outing?', hint: 'Today\u2019s outings; the adult must be on it, and the permission ends when it comes back',
    options: tripOptions(outings, outings.length ? 'Choose the outing' : 'No outing is recorded for today',
      (o) => `${o.destination}, ${clock(o.leaves_at)}\u2013${clock(o.returns_at)}`),
  }));
  const visitField = form.register(select({
    name: 'home_visit_id', label: 'Which home visit?', hint: 'Your home visits today; the permission ends with the visit',
    options: tripOptions(myVisits, myVisits.length ? 'Choose the visit' : 'You have no home visit recorded today',
      (v) => `${v.family || v.child_name}, ${clock(v.starts_at)}\u2013${clock(v.ends_at)}`),
  }));
  const deviceField = form.register(radios({
    name: 'course_device', legend: 'On which device?', legendSize: 's',
    items: [{ value: 'own-device', text: 'Their own device' }, { value: 'loaned-ipad', text: 'An iPad the setting lends' }],
  }));
  const kinds = [
    { value: 'emergency', text: 'Emergency use', hint: 'For example, a call from their child\u2019s school', conditional: roomField ? roomField.el : noRoom() },
  ];
  if (policy('outings.own_phone') === 'own-for-emergencies') {
    kinds.push({ value: 'outing', text: 'Their own phone on an outing, for emergencies only', conditional: outingField.el });
  }
  if (isManager) kinds.push({ value: 'home-visit', text: 'Your own phone on a home visit', hint: 'Only the manager may (PERSONAL-DEVICES-17)', conditional: visitField.el });
  if (policy('personal_ict') === 'non-imaging') {
    kinds.push({ value: 'virtual-course', text: 'A virtual course in working time', hint: 'Away from children', conditional: deviceField.el });
  }
  form.add(
    radios({ name: 'kind', legend: 'What is the permission for?', legendSize: 's', value: 'emergency', items: kinds }),
    select({
      name: 'adult_id', label: 'Who needs to use their phone?', value: ctx.query.get('adult_id') || '',
      hint: 'You cannot grant permission to yourself (a home visit is yours)',
      options: [['', 'Choose a person'], ...adults.map((a) => [a.id, fullName(a)])],
    }),
    textInput({ name: 'reason', label: 'Why?', hint: 'Say exactly what it is for' }),
    textInput({ name: 'requested_by', label: 'Who asked? (optional)', hint: 'Leave empty if they asked themselves' }),
    timeInput({
      name: 'ends_at', label: 'Until what time today?', value: `${pad(soon.getHours())}:${pad(soon.getMinutes())}`,
      hint: policy('emergency.max_minutes') ? `Emergency use at most ${policy('emergency.max_minutes')} minutes from now (the setting\u2019s policy)` : 'For example, 14:20',
    }),
  );
  const notAllowed = [];
  if (policy('outings.own_phone') !== 'own-for-emergencies') notAllowed.push('own phones on outings (the setting\u2019s phones are used)');
  if (policy('personal_ict') !== 'non-imaging') notAllowed.push('own devices for courses');
  add(content,
    heading('Grant permission to use a personal phone', { caption: 'Today' }),
    para('Only for the purposes below, each away from children and ending by itself at the time you set. A personal phone is never used for photographs of children.'),
    notAllowed.length ? insetText(`This setting\u2019s policy does not allow ${notAllowed.join(' or ')}.`) : null,
    form.el);
  ctx.render({ title: 'Grant permission', back, section: 'presence' }, h('div', { class: 'govuk-grid-row' }, content));
}

// ---- locker kiosks -------------------------------------------------------------

export async function kiosksPage(ctx) {
  const [r, adults] = await Promise.all([api('GET', '/kiosks'), adultNames()]);
  if (failPage(ctx, r)) return;
  const kiosks = r.json.kiosks;
  const content = h('div', { class: 'govuk-grid-column-full' });

  const retire = (k) => button(['Retire', h('span', { class: 'govuk-visually-hidden', text: ` ${k.name}` })], {
    kind: 'warning', type: 'button',
    on: {
      click: async () => {
        const res = await api('POST', `/kiosks/${k.id}/revoke`, {});
        if (res.status === 200) ctx.navigate('/kiosks', { replace: true, flash: `${k.name} is retired: that tablet no longer works as the kiosk.` });
        else ctx.navigate('/kiosks', { replace: true, flash: { text: `${k.name} could not be retired: ${humanise(errorOf(res).message)}.` } });
      },
    },
  });

  const setupHost = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: setupHost,
    submitText: 'Make this tablet the locker kiosk',
    labels: { name: 'Name of the kiosk' },
    required: { name: 'Give the kiosk a name, for example Staff room lockers' },
    submit: async (v) => {
      const res = await api('POST', '/kiosks', { name: v.name, this_device: true });
      if (res.status === 201) {
        session.clear();
        ctx.navigate('/kiosk', { replace: true });
        return undefined;
      }
      return res;
    },
  });
  form.add(textInput({ name: 'name', label: 'Name of the kiosk', hint: 'Where the tablet is, for example Staff room lockers', autocomplete: 'off' }));

  add(content,
    heading('Locker kiosks'),
    para('A locker kiosk is a tablet by the staff lockers. Staff tap their name, enter their kiosk PIN, and record their phone and smart watch going into the locker at the start of a shift, out for their break, and home at the end of the day.'),
    table({
      caption: 'Kiosks', captionSize: 'm',
      head: ['Name', 'Set up by', 'Set up on', 'Status', { text: 'Action' }],
      rows: kiosks.map((k) => [
        { value: h('span', { text: k.name }) },
        actorName(k.created_by, adults),
        dateTime(k.created_at),
        { value: k.revoked_at ? tag(`Retired ${dateTime(k.revoked_at)}`, 'grey') : tag('In use', 'green') },
        { value: k.revoked_at ? '' : retire(k) },
      ]),
      empty: 'No kiosk yet.',
    }));
  add(setupHost,
    h('h2', { class: 'govuk-heading-m', text: 'Make this tablet the locker kiosk' }),
    para('Do this on the tablet that will stay by the lockers.'),
    warningText('You will be logged out on this tablet. From then on it shows only the locker kiosk: no records, no children, no contact details. Your own log-in still works on other devices.'),
    form.el,
    para('Each member of staff needs a kiosk PIN. They set their own on their home page, or you can set one for them: open ', link('/presence', 'Today'), ' and choose their name.'));
  ctx.render({ title: 'Locker kiosks', section: 'presence' },
    h('div', { class: 'govuk-grid-row' }, content, setupHost));
}

// ---- kiosk PINs ----------------------------------------------------------------

/* /me/pin (one's own, with one's password) and /presence/adults/:id/pin
 * (the manager sets another adult's). */
export async function pinPage(ctx) {
  const id = ctx.params.id ? Number(ctx.params.id) : 0;
  let name = null;
  if (id) {
    const r = await api('GET', `/presence/adults/${id}`);
    if (failPage(ctx, r)) return;
    name = r.json.adult.name;
  }
  const back = id ? `/presence/adults/${id}` : '/';
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content,
    submitText: 'Set the PIN',
    labels: { password: 'Your current password', pin: 'New PIN', confirm: 'The PIN again' },
    required: {
      ...(id ? {} : { password: 'Enter your current password' }),
      pin: 'Enter the new PIN',
      confirm: 'Enter the PIN again',
    },
    secondary: [link(back, 'Cancel')],
    submit: async (v) => {
      if (v.pin !== v.confirm) return { status: 400, json: { error: { field: 'confirm', message: 'The two PINs are not the same' } } };
      const r = id ? await api('POST', `/adults/${id}/pin`, { pin: v.pin }) : await api('POST', '/me/pin', { password: v.password, pin: v.pin });
      if (r.status === 200) {
        ctx.navigate(back, { flash: id ? `A new kiosk PIN is set for ${name}. Tell them in person.` : 'Your kiosk PIN is set. Use it at the locker kiosk.' });
        return undefined;
      }
      return r;
    },
  });
  if (!id) form.add(textInput({ name: 'password', label: 'Your current password', type: 'password', autocomplete: 'current-password' }));
  form.add(
    textInput({ name: 'pin', label: 'New PIN', type: 'password', inputmode: 'numeric', width: 5, autocomplete: 'off', hint: '4 to 8 digits. Not all the same digit, and not a run like 1234' }),
    textInput({ name: 'confirm', label: 'The PIN again', type: 'password', inputmode: 'numeric', width: 5, autocomplete: 'off' }),
  );
  const title = id ? `Set a kiosk PIN for ${name}` : 'Your kiosk PIN';
  add(content,
    heading(title, { caption: 'Locker kiosk' }),
    para(id ? 'The PIN lets them use the locker kiosk. Setting a new one also unlocks a PIN locked after wrong tries.'
      : 'You enter this PIN at the locker kiosk when you put your phone or smart watch in your locker, take it out for your break, and take it home.'),
    id ? null : insetText('Keep it to yourself: anyone with your PIN could record your devices at the kiosk as you.'),
    form.el);
  ctx.render({ title, back, section: id ? 'presence' : 'home' }, h('div', { class: 'govuk-grid-row' }, content));
}
