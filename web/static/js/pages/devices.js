// devices.js — the setting's own devices: the register, a device's page with
// who has it and who had it, adding and changing one, taking and giving one
// back, taking one off site, approving apps, the end-of-day lock-up check (one
// screen of large ticks, made for the tablet by the cupboard), enrolment with
// a QR code, the page that QR code opens on the tablet, evidence quarantine
// and reporting a problem. Every rule is the API's: these pages only offer
// what the person's permissions allow and show the API's answer.

import { h, add } from '../dom.js';
import { api } from '../api.js';
import { failPage } from '../router.js';
import {
  heading, para, link, table, tag, summaryList, buttonLink, button, textInput, select, radios, checkboxes,
  insetText, warningText, panel,
} from '../govuk.js';
import { Form, changes, compact } from '../form.js';
import { dateTime, fullName, longDate, todayISO, yesNo } from '../format.js';

export const KINDS = [
  ['tablet', 'Tablet'], ['camera', 'Camera'], ['phone', 'Mobile phone'], ['laptop', 'Laptop'],
  ['computer', 'Desktop computer'], ['memory-card', 'Memory card'], ['usb-stick', 'USB stick'],
];
const USES = [
  ['staff', 'Staff', 'Used by staff for the setting\u2019s work'],
  ['children', 'Children', 'Used with children, with only the apps checked for them'],
  ['office-phone', 'Office phone', 'The phone the office and manager use for parents and emergencies'],
  ['allocated', 'Allocated to one adult', 'A laptop for one named person, responsible for all its use'],
  ['loan', 'Loan', 'The manager\u2019s device lent, for example, for a virtual course'],
];
const PURPOSES = [
  ['setting-work', 'The setting\u2019s work'],
  ['children-session', 'A session with children'],
  ['virtual-course', 'A virtual course'],
  ['maintenance', 'Maintenance'],
  ['private-use', 'Private use (only where the setting allows it)'],
];
const STATUS = {
  'locked-away': ['Locked away', 'green'],
  'in-use': ['In use', 'blue'],
  'off-site': ['Off site', 'yellow'],
  'on-outing': ['On an outing', 'yellow'],
  quarantined: ['Evidence quarantine', 'red'],
  retired: ['Retired', 'grey'],
};
const REPORT_KINDS = [
  ['fault', 'A fault', 'It is broken or does not work properly'],
  ['loss', 'A loss', 'It cannot be found'],
  ['misuse', 'Suspected misuse', 'Someone may have used it in a way they should not'],
  ['prohibited-app', 'A social media or messaging app on it', 'These are never allowed on setting devices'],
];
const APP_CATEGORIES = [
  ['learning', 'Learning'], ['creative', 'Creative'], ['stories-and-music', 'Stories and music'],
  ['camera-and-photos', 'Camera and photos'], ['office', 'Office'], ['security', 'Security'], ['other', 'Other'],
];

const kindName = (k) => (KINDS.find(([v]) => v === k) || [k, k])[1];
const useName = (u) => (USES.find(([v]) => v === u) || [u, u])[1];
const purposeName = (p) => (PURPOSES.find(([v]) => v === p) || [p, p])[1].replace(/ \(.*\)$/, '');
const statusTag = (s) => tag(...(STATUS[s] || [s, 'grey']));
const custodyKind = { 'hand-out': 'On site', home: 'Taken home', outing: 'On an outing' };

/* What is known of where a device is, in a few words. */
function whereabouts(d) {
  const hd = d.holder;
  if (!hd) return d.status === 'retired' ? 'Retired' : d.kept_in;
  if (hd.kind === 'home') return `At home with ${hd.name}, due back ${longDate(hd.expected_return) || 'with them'}`;
  if (hd.kind === 'outing') return `On an outing with ${hd.name}`;
  return `With ${hd.name} since ${dateTime(hd.since)}`;
}

// ---- the register ---------------------------------------------------------

export async function listPage(ctx) {
  const kind = ctx.query.get('kind') || '';
  const r = await api('GET', '/devices' + (kind ? `?kind=${encodeURIComponent(kind)}` : ''));
  if (failPage(ctx, r)) return;
  const devices = r.json.devices;
  const filter = h('form', {
    class: 'sg-filters', role: 'search', 'aria-label': 'Filter devices',
    on: { submit: (ev) => { ev.preventDefault(); ctx.navigate('/devices' + (sel.get() ? `?kind=${sel.get()}` : '')); } },
  });
  const sel = select({ name: 'kind', label: 'Kind of device', value: kind, options: [['', 'All kinds'], ...KINDS] });
  add(filter, sel.el, h('div', { class: 'govuk-form-group' }, button('Show', { kind: 'secondary' })));
  ctx.render({ title: 'Devices' },
    heading('Devices'),
    para('The setting\u2019s own tablets, cameras, phones, computers and memory cards: where each is, and who has it.'),
    h('div', { class: 'govuk-button-group' },
      ctx.can('device.use') ? buttonLink('/devices/lockup', 'Lock-up check', { kind: '' }) : null,
      ctx.can('device.write') ? buttonLink('/devices/new', 'Add a device') : null),
    filter,
    table({
      caption: `${devices.length} ${devices.length === 1 ? 'device' : 'devices'}`,
      captionSize: 's',
      head: ['Device', 'Kind', 'Status', 'Where it is', 'Enrolled'],
      rows: devices.map((d) => [
        { value: link(`/devices/${d.id}`, d.label) },
        kindName(d.kind),
        { value: statusTag(d.status) },
        whereabouts(d),
        d.enrolled ? 'Yes' : 'No',
      ]),
      empty: 'No devices are registered yet.',
    }));
}

// ---- one device -------------------------------------------------------------

export async function detailPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/devices/${id}`);
  if (failPage(ctx, r)) return;
  const d = r.json;
  const me = ctx.me && ctx.me.adult ? ctx.me.adult.id : 0;
  const live = d.status !== 'retired';
  const held = !!d.holder;
  const mine = held && d.holder.adult_id === me;
  const quarantined = !!d.quarantine;
  const canWrite = ctx.can('device.write') && live && !quarantined;
  const edit = (hidden) => (canWrite ? [{ href: `/devices/${id}/edit`, text: 'Change', hidden }] : []);

  // "Who had it at …?" answered on the page.
  const whenOut = h('p', { class: 'govuk-body', 'aria-live': 'polite' });
  const whenInput = textInput({ name: 'at', label: 'Date and time', type: 'datetime-local', width: 20 });
  const whenForm = h('form', {
    novalidate: true,
    on: {
      submit: async (ev) => {
        ev.preventDefault();
        const v = whenInput.get();
        if (!v) { whenOut.textContent = 'Enter a date and time.'; return; }
        const iso = new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z');
        const a = await api('GET', `/devices/${id}/holder?at=${iso}`);
        if (a.status !== 200) { whenOut.textContent = a.json.error.message; return; }
        const hd = a.json.holder;
        whenOut.textContent = hd
          ? `${hd.name} had ${d.label} then (${custodyKind[hd.kind] || hd.kind.toLowerCase()}, from ${dateTime(hd.out_at)}${hd.returned_at ? ` to ${dateTime(hd.returned_at)}` : ''}).`
          : `Nobody had ${d.label} then: it was locked away.`;
      },
    },
  }, whenInput.el, button('Find out', { kind: 'secondary' }));

  const actions = [];
  if (live && !quarantined && !held && ctx.can('device.use')) {
    actions.push(button('Take this device', {
      kind: '',
      type: 'button',
      on: {
        click: async () => {
          const a = await api('POST', `/devices/${id}/handout`, {});
          if (a.status === 200) ctx.navigate(`/devices/${id}`, { flash: `You have ${d.label}` });
          else ctx.navigate(`/devices/${id}`, { flash: { text: a.json.error.message } });
        },
      },
    }));
  }
  if (mine) {
    actions.push(button('Give it back', {
      type: 'button',
      on: {
        click: async () => {
          const a = await api('POST', `/devices/${id}/return`, {});
          if (a.status === 200) ctx.navigate(`/devices/${id}`, { flash: `${d.label} was given back` });
          else ctx.navigate(`/devices/${id}`, { flash: { text: a.json.error.message } });
        },
      },
    }));
  }
  if (held && !mine && ctx.can('device.write')) actions.push(buttonLink(`/devices/${id}/return`, 'Record it given back'));
  if (live && !quarantined && !held && ctx.can('device.write')) {
    actions.push(buttonLink(`/devices/${id}/handout`, 'Hand it to someone'));
    actions.push(buttonLink(`/devices/${id}/off-site`, 'Take it off site'));
  }

  ctx.render({ title: d.label, back: '/devices', backText: 'All devices' },
    heading(d.label, { caption: kindName(d.kind) }),
    para(statusTag(d.status), d.enrolled ? [' ', tag('Enrolled', 'turquoise')] : null,
      d.open_reports ? [' ', tag(`${d.open_reports} open ${d.open_reports === 1 ? 'report' : 'reports'}`, 'orange')] : null),
    quarantined ? warningText(`Under evidence quarantine since ${dateTime(d.quarantine.placed_at)}: ${d.quarantine.reason}. `
      + 'It may not be handed out, changed, wiped or enrolled, and its credential is locked.') : null,
    h('h2', { class: 'govuk-heading-m', text: 'Where it is now' }),
    para(whereabouts(d)),
    actions.length ? h('div', { class: 'govuk-button-group' }, actions) : null,
    h('h2', { class: 'govuk-heading-m', text: 'Details' }),
    summaryList([
      { key: 'Kind', value: kindName(d.kind) },
      { key: 'Label', value: d.label, actions: edit('label') },
      { key: 'Serial number', value: d.serial || '', actions: edit('serial number') },
      { key: 'Kept in', value: d.kept_in, actions: edit('where it is kept') },
      { key: 'Passcode set', value: `${yesNo(d.passcode_set)}${d.passcode_set ? '' : ' \u2013 every setting device needs one'}`, actions: edit('passcode set') },
      d.kind === 'laptop' || d.kind === 'computer'
        ? { key: 'Virus protection', value: yesNo(d.virus_protection), actions: edit('virus protection') } : null,
      { key: 'Used for', value: useName(d.designated_use), actions: edit('use') },
      d.designated_user_name ? { key: 'Allocated to', value: d.designated_user_name } : null,
      { key: 'Enrolled in safeguard', value: d.enrolled ? 'Yes' : 'No',
        actions: ctx.can('device.approve') && live && !quarantined ? [{ href: `/devices/${id}/enrol`, text: d.enrolled ? 'Revoke' : 'Enrol', hidden: d.label }] : [] },
      d.notes ? { key: 'Notes', value: d.notes } : null,
      d.retired_on ? { key: 'Retired on', value: longDate(d.retired_on) } : null,
    ]),
    h('h2', { class: 'govuk-heading-m', text: 'Approved apps' }),
    table({
      caption: `Apps approved on ${d.label}`, captionSize: 's',
      head: ['App', 'Kind', 'Checked safe', 'Age-appropriate', 'Approved'],
      rows: d.apps.filter((a) => !a.removed_at).map((a) => [
        a.name, (APP_CATEGORIES.find(([v]) => v === a.category) || [a.category, a.category])[1], yesNo(a.checked_safe),
        yesNo(a.age_appropriate), dateTime(a.approved_at),
      ]),
      empty: 'No apps are approved on this device.',
    }),
    ctx.can('device.approve') && live && !quarantined ? para(link(`/devices/${id}/apps/new`, 'Approve an app', { hidden: `on ${d.label}` })) : null,
    h('h2', { class: 'govuk-heading-m', text: 'Who had it' }),
    table({
      caption: `The latest ${d.custody.length === 1 ? 'hand-out' : 'hand-outs'} of ${d.label}`, captionSize: 's',
      head: ['Who', 'How', 'Out', 'Back'],
      rows: d.custody.map((c) => [c.name, custodyKind[c.kind] || c.kind, dateTime(c.out_at), c.returned_at ? dateTime(c.returned_at) : 'Not yet']),
      empty: 'Nobody has had it yet.',
    }),
    h('h3', { class: 'govuk-heading-s', text: 'Who had it at a particular time?' }),
    whenForm, whenOut,
    d.reports.length ? [
      h('h2', { class: 'govuk-heading-m', text: 'Reported problems' }),
      table({
        caption: `Problems reported with ${d.label}`, captionSize: 's',
        head: ['Reported', 'What', 'Details', 'Outcome'],
        rows: d.reports.map((x) => [
          dateTime(x.at), (REPORT_KINDS.find(([v]) => v === x.kind) || [x.kind, x.kind])[1], x.text,
          { value: x.closed_at ? x.outcome : (ctx.can('device.write') ? link(`/devices/${id}/reports/${x.id}/close`, 'Close', { hidden: 'this report' }) : 'Open') },
        ]),
      })] : null,
    h('h2', { class: 'govuk-heading-m', text: 'Something wrong?' }),
    h('div', { class: 'govuk-button-group' },
      ctx.can('device.use') ? buttonLink(`/devices/${id}/report`, 'Report a problem') : null,
      ctx.can('device.quarantine') && live ? buttonLink(`/devices/${id}/quarantine`, quarantined ? 'Release from quarantine' : 'Evidence quarantine', { kind: quarantined ? 'secondary' : 'warning' }) : null,
      ctx.can('device.write') && live && !quarantined && !held ? link(`/devices/${id}/retire`, 'Retire this device', { hidden: d.label }) : null),
    ctx.can('audit.read') ? para(link(`/audit?object_type=device&object_id=${id}`, 'History of changes', { hidden: `to ${d.label}` })) : null);
}

// ---- add and change ---------------------------------------------------------

const LABELS = {
  kind: 'Kind of device', label: 'Label', serial: 'Serial number', kept_in: 'Where it is kept',
  passcode_set: 'Passcode set', virus_protection: 'Virus protection', designated_use: 'Used for',
  designated_user_id: 'Allocated to', notes: 'Notes',
};

export async function formPage(ctx) {
  const id = ctx.params.id;
  const [r, adults] = await Promise.all([id ? api('GET', `/devices/${id}`) : null, api('GET', '/adults')]);
  let d = null;
  if (r) {
    if (failPage(ctx, r)) return;
    d = r.json;
    if (d.status === 'retired' || d.quarantine) return ctx.notAllowed();
  }
  const back = d ? `/devices/${id}` : '/devices';
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const people = adults.status === 200 ? adults.json.adults : [];
  const userF = select({
    name: 'designated_user_id', label: 'Who is it allocated to?', value: d ? d.designated_user_id ?? '' : '',
    options: [['', 'Choose'], ...people.map((a) => [a.id, fullName(a)])],
  });
  const form = new Form({
    host: content, labels: LABELS, submitText: d ? 'Save changes' : 'Add device', secondary: [link(back, 'Cancel')],
    required: {
      kind: 'Choose the kind of device', label: 'Enter the device\u2019s label', kept_in: 'Enter where it is kept',
      passcode_set: 'Say whether a passcode is set', designated_use: 'Choose what it is used for',
    },
    submit: async (v) => {
      const body = {
        label: v.label, serial: v.serial, kept_in: v.kept_in, passcode_set: v.passcode_set === 'yes',
        designated_use: v.designated_use, notes: v.notes,
        designated_user_id: v.designated_use === 'allocated' && v.designated_user_id ? Number(v.designated_user_id) : '',
      };
      const kind = d ? d.kind : v.kind;
      if (kind === 'laptop' || kind === 'computer') body.virus_protection = v.virus_protection === 'yes';
      let res;
      if (d) {
        const diff = changes(body, d, Object.keys(body));
        if (!Object.keys(diff).length) {
          ctx.navigate(back, { flash: { text: 'Nothing was changed' } });
          return undefined;
        }
        res = await api('PATCH', `/devices/${id}`, diff);
      } else {
        res = await api('POST', '/devices', { ...compact(body), kind: v.kind, passcode_set: body.passcode_set, ...('virus_protection' in body ? { virus_protection: body.virus_protection } : {}) });
      }
      if (res.status === 200 || res.status === 201) {
        ctx.navigate(`/devices/${res.json.id}`, { flash: d ? `${res.json.label} was saved` : `${res.json.label} was added to the register` });
        return undefined;
      }
      return res;
    },
  });
  const virusF = form.register(radios({
    name: 'virus_protection', legend: 'Is virus protection installed?', legendSize: 's', inline: true,
    value: d ? (d.virus_protection ? 'yes' : 'no') : '', items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }],
  }));
  form.register(userF);
  form.add(
    d ? null : radios({
      name: 'kind', legend: 'What kind of device is it?',
      items: KINDS.map(([value, text]) => ({ value, text })),
    }),
    textInput({ name: 'label', label: 'Label', hint: 'What is written on it, for example T-03 or Tablet 3', value: d && d.label, width: 10, autocomplete: 'off' }),
    textInput({ name: 'serial', label: 'Serial number (optional)', value: d && d.serial, width: 20, autocomplete: 'off', spellcheck: false }),
    textInput({ name: 'kept_in', label: 'Where it is kept', hint: 'Where it is locked away at the end of the day', value: d && d.kept_in, autocomplete: 'off' }),
    radios({
      name: 'passcode_set', legend: 'Is a passcode set on it?', legendSize: 's', inline: true,
      hint: 'Do not write the passcode anywhere here: safeguard only records that one is set.',
      value: d ? (d.passcode_set ? 'yes' : 'no') : '', items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }],
    }),
    d && d.kind !== 'laptop' && d.kind !== 'computer' ? null
      : h('div', null, d ? null : para('For a laptop or desktop computer:'), virusF.el),
    radios({
      name: 'designated_use', legend: 'What is it used for?', legendSize: 's', value: d ? d.designated_use : '',
      items: USES.map(([value, text, hint]) => ({ value, text, hint, conditional: value === 'allocated' ? userF.el : null })),
    }),
    textInput({ name: 'notes', label: 'Notes (optional)', value: d && d.notes, autocomplete: 'off' }),
  );
  add(content, heading(d ? `Change details: ${d.label}` : 'Add a device', { caption: 'Devices' }), form.el);
  ctx.render({ title: d ? `Change details: ${d.label}` : 'Add a device', back }, h('div', { class: 'govuk-grid-row' }, content));
}

// ---- custody ----------------------------------------------------------------

async function loadDevice(ctx) {
  const r = await api('GET', `/devices/${ctx.params.id}`);
  if (failPage(ctx, r)) return null;
  return r.json;
}

function adultOptions(adults) {
  return [['', 'Choose'], ...adults.filter((a) => !a.left).map((a) => [a.id, fullName(a)])];
}

export async function handoutPage(ctx) {
  const [d, adults] = await Promise.all([loadDevice(ctx), api('GET', '/adults')]);
  if (!d) return;
  const back = `/devices/${d.id}`;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content, submitText: 'Hand it out', secondary: [link(back, 'Cancel')],
    labels: { adult_id: 'Who is taking it', purpose: 'What for', note: 'Note' },
    required: { adult_id: 'Choose who is taking it' },
    submit: async (v) => {
      const res = await api('POST', `/devices/${d.id}/handout`, compact({ adult_id: Number(v.adult_id), purpose: v.purpose, note: v.note }));
      if (res.status === 200) {
        ctx.navigate(back, { flash: `${d.label} was handed to ${res.json.holder.name}` });
        return undefined;
      }
      return res;
    },
  });
  form.add(
    select({ name: 'adult_id', label: 'Who is taking it?', options: adultOptions(adults.status === 200 ? adults.json.adults : []) }),
    radios({ name: 'purpose', legend: 'What for?', legendSize: 's', value: 'setting-work', items: PURPOSES.map(([value, text]) => ({ value, text })) }),
    textInput({ name: 'note', label: 'Note (optional)', hint: 'For private use, the permission it is given under', autocomplete: 'off' }),
  );
  add(content, heading(`Hand out ${d.label}`, { caption: 'Devices' }), form.el);
  ctx.render({ title: `Hand out ${d.label}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}

export async function returnPage(ctx) {
  const d = await loadDevice(ctx);
  if (!d) return;
  const back = `/devices/${d.id}`;
  if (!d.holder) return ctx.navigate(back, { replace: true, flash: { text: `${d.label} is not out` } });
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content, submitText: `Record it given back by ${d.holder.name}`, secondary: [link(back, 'Cancel')],
    labels: { note: 'Note' },
    submit: async (v) => {
      const res = await api('POST', `/devices/${d.id}/return`, compact({ adult_id: d.holder.adult_id, note: v.note }));
      if (res.status === 200) {
        ctx.navigate(back, { flash: `${d.label} was given back` });
        return undefined;
      }
      return res;
    },
  });
  form.add(textInput({ name: 'note', label: 'Note (optional)', autocomplete: 'off' }));
  add(content, heading(`${d.label} given back`, { caption: 'Devices' }), para(whereabouts(d)), form.el);
  ctx.render({ title: `${d.label} given back`, back }, h('div', { class: 'govuk-grid-row' }, content));
}

export async function offsitePage(ctx) {
  const [d, adults] = await Promise.all([loadDevice(ctx), api('GET', '/adults')]);
  if (!d) return;
  const back = `/devices/${d.id}`;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content, submitText: 'Record it', secondary: [link(back, 'Cancel')],
    labels: {
      kind: 'Where it is going', adult_id: 'Who takes it', reason: 'Reason', undertaking: 'Undertaking',
      expected_return: 'Date it comes back', outing_ref: 'Outing',
    },
    required: { kind: 'Choose where it is going', adult_id: 'Choose who takes it' },
    submit: async (v) => {
      const home = v.kind === 'home';
      const body = home
        ? compact({ kind: 'home', adult_id: Number(v.adult_id), reason: v.reason, undertaking: v.undertaking.includes('yes'), expected_return: v.expected_return })
        : compact({ kind: 'outing', adult_id: Number(v.adult_id), outing_ref: v.outing_ref });
      if (home) body.undertaking = v.undertaking.includes('yes');
      const res = await api('POST', `/devices/${d.id}/off-site`, body);
      if (res.status === 200) {
        ctx.navigate(back, { flash: `${d.label} is recorded ${home ? 'as taken home' : 'on the outing'}` });
        return undefined;
      }
      return res;
    },
  });
  const reason = form.register(textInput({ name: 'reason', label: 'What unforeseen circumstance makes it necessary?', autocomplete: 'off' }));
  const promise = form.register(checkboxes({
    name: 'undertaking', legend: 'Their undertaking', legendSize: 's',
    items: [{ value: 'yes', text: 'They will keep it secure and let no one else use it' }],
  }));
  const due = form.register(textInput({ name: 'expected_return', label: 'Date it comes back', type: 'date', value: todayISO() }));
  const outing = form.register(textInput({ name: 'outing_ref', label: 'Which outing (optional)', hint: 'For example, Park 14 May. Devices with the same outing are checked together for a setting phone.', autocomplete: 'off' }));
  form.add(
    select({ name: 'adult_id', label: 'Who takes it?', options: adultOptions(adults.status === 200 ? adults.json.adults : []) }),
    radios({
      name: 'kind', legend: 'Where is it going?', legendSize: 's',
      items: [
        { value: 'outing', text: 'On an outing', hint: 'It comes back for today\u2019s lock-up check', conditional: outing.el },
        { value: 'home', text: 'Home, in unforeseen circumstances', hint: 'The manager approves it; an overdue return is flagged', conditional: [reason.el, promise.el, due.el] },
      ],
    }),
  );
  add(content, heading(`Take ${d.label} off site`, { caption: 'Devices' }), form.el);
  ctx.render({ title: `Take ${d.label} off site`, back }, h('div', { class: 'govuk-grid-row' }, content));
}

export async function retirePage(ctx) {
  const d = await loadDevice(ctx);
  if (!d) return;
  const back = `/devices/${d.id}`;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content, submitText: `Yes, retire ${d.label}`, kind: 'warning', secondary: [link(back, 'Cancel')],
    labels: { date: 'Date' },
    submit: async (v) => {
      const res = await api('POST', `/devices/${d.id}/retire`, compact({ date: v.date }));
      if (res.status === 200) {
        ctx.navigate(back, { flash: `${d.label} was retired` });
        return undefined;
      }
      return res;
    },
  });
  form.add(textInput({ name: 'date', label: 'Date it was retired', type: 'date', value: todayISO() }));
  add(content, heading(`Retire ${d.label}?`, { caption: 'Devices' }),
    para('A retired device stays in the register with its history. Its enrolment ends.'), form.el);
  ctx.render({ title: `Retire ${d.label}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}

// ---- apps -------------------------------------------------------------------

export async function appPage(ctx) {
  const d = await loadDevice(ctx);
  if (!d) return;
  const back = `/devices/${d.id}`;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content, submitText: 'Approve the app', secondary: [link(back, 'Cancel')],
    labels: { name: 'Name of the app', category: 'Kind of app', checked_safe: 'Checked as safe', age_appropriate: 'Age-appropriate' },
    required: { name: 'Enter the app\u2019s name', category: 'Choose the kind of app' },
    submit: async (v) => {
      const res = await api('POST', `/devices/${d.id}/apps`, {
        name: v.name, category: v.category, checked_safe: v.checks.includes('safe'), age_appropriate: v.checks.includes('age'),
      });
      if (res.status === 201) {
        ctx.navigate(back, { flash: `${v.name} was approved on ${d.label}` });
        return undefined;
      }
      return res;
    },
  });
  form.add(
    textInput({ name: 'name', label: 'Name of the app', autocomplete: 'off' }),
    select({ name: 'category', label: 'Kind of app', options: [['', 'Choose'], ...APP_CATEGORIES] }),
    checkboxes({
      name: 'checks', legend: 'What you checked', legendSize: 's',
      items: [
        { value: 'safe', text: 'It is safe: I checked what it does, what it collects and who it talks to' },
        { value: 'age', text: 'It is appropriate for the children\u2019s age', hint: 'Needed on a device used with children' },
      ],
    }),
  );
  // The API names the fields checked_safe and age_appropriate; both are ticks here.
  form.fields.set('checked_safe', form.fields.get('checks'));
  form.fields.set('age_appropriate', form.fields.get('checks'));
  add(content, heading(`Approve an app on ${d.label}`, { caption: 'Devices' }),
    insetText('Social media and messaging apps are never allowed on setting devices.'), form.el);
  ctx.render({ title: `Approve an app on ${d.label}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}

// ---- the lock-up check --------------------------------------------------------

export async function lockupPage(ctx) {
  const r = await api('GET', '/devices/lockup');
  if (failPage(ctx, r)) return;
  const s = r.json;
  const content = h('div');
  const ticks = checkboxes({
    name: 'locked', legend: 'Tick each device you can see locked away', legendSize: 'm',
    hint: 'Anything not ticked and not recorded off site is flagged to the manager.',
    items: s.devices.map((d) => ({
      value: d.id,
      text: `${d.label} \u2013 ${kindName(d.kind)}`,
      hint: d.holder ? whereabouts(d) : `Kept in: ${d.kept_in}`,
    })),
  });
  const form = new Form({
    host: content, submitText: 'Record the lock-up check', labels: { locked: 'Devices locked away' },
    submit: async (v) => {
      const res = await api('POST', '/devices/lockup', { locked: v.locked.map(Number) });
      if (res.status !== 201) return res;
      const l = res.json;
      const notLocked = l.items.filter((i) => i.outcome !== 'locked');
      const named = { 'off-site': 'off site (recorded)', 'on-outing': 'still on an outing', missing: 'missing' };
      ctx.render({ title: 'Lock-up check recorded', back: '/devices', backText: 'All devices' },
        panel('Lock-up check recorded', `${l.locked} locked away, ${l.away} off site, ${l.missing} not accounted for`),
        l.missing ? warningText('The manager has been told about every device not accounted for.') : null,
        notLocked.length ? table({
          caption: 'Not locked away', head: ['Device', 'Found'],
          rows: notLocked.map((i) => [i.label, named[i.outcome] || i.outcome]),
        }) : para('Every device is locked away.'),
        para(link('/devices', 'Back to the devices')));
      return undefined;
    },
  });
  form.add(ticks);
  add(content,
    heading('Lock-up check', { caption: longDate(s.day) }),
    s.last ? para(`Last check: ${dateTime(s.last.at)} by ${s.last.checked_by} \u2013 ${s.last.locked} locked away, ${s.last.missing} not accounted for.`)
      : para('No lock-up check has been recorded yet.'),
    form.el);
  ctx.render({ title: 'Lock-up check', back: '/devices', backText: 'All devices' }, content);
}

// ---- enrolment ----------------------------------------------------------------

export async function enrolPage(ctx) {
  const d = await loadDevice(ctx);
  if (!d) return;
  const back = `/devices/${d.id}`;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const area = h('div', { 'aria-live': 'polite' });
  const revoke = async () => {
    const res = await api('POST', `/devices/${d.id}/credential/revoke`, {});
    if (res.status === 200) ctx.navigate(back, { flash: `${d.label}\u2019s credential was revoked: it is no longer enrolled` });
    else ctx.navigate(back, { flash: { text: res.json.error.message } });
  };
  const show = async () => {
    const res = await api('POST', `/devices/${d.id}/enrolment`, { base_url: location.origin });
    if (res.status !== 201) {
      add(area, warningText(res.json.error.message));
      return;
    }
    const src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(res.json.qr_svg);
    area.replaceChildren(
      h('img', { src, width: '300', height: '300', alt: `QR code to enrol ${d.label}` }),
      para(`Open the tablet\u2019s camera and point it at the code, then open the link it shows. The code works once, until ${dateTime(res.json.expires_at)}.`),
      h('details', { class: 'govuk-details' },
        h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text', text: 'The camera cannot read it?' })),
        h('div', { class: 'govuk-details__text' }, para('Type this address into the tablet\u2019s browser:'),
          h('p', { class: 'govuk-body', 'data-enrol-url': '', text: res.json.url }))),
      para(link(back, `Done: back to ${d.label}`)));
  };
  add(content, heading(d.enrolled ? `${d.label} is enrolled` : `Enrol ${d.label}`, { caption: 'Devices' }));
  if (d.enrolled) {
    add(content, para(`${d.label} has its own credential: photos will be accepted from it. Revoke it if the device is lost, `
      + 'passed on or no longer trusted; it stops working at once.'),
    h('div', { class: 'govuk-button-group' }, button('Revoke the credential', { kind: 'warning', type: 'button', on: { click: revoke } }), link(back, 'Cancel')));
  } else {
    add(content, para(`Enrolling ${d.label} gives its web browser a credential of its own, so that safeguard knows photos come from a setting device.`),
      area, h('div', { class: 'govuk-button-group' }, button('Show the QR code', { type: 'button', on: { click: async (ev) => { ev.target.closest('.govuk-button-group').remove(); await show(); } } }), link(back, 'Cancel')));
  }
  ctx.render({ title: `Enrol ${d.label}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}

/* The page the QR code opens, on the device itself: nobody is logged in. */
export async function enrolDevicePage(ctx) {
  const code = ctx.params.code;
  const p = await api('GET', `/enrol?code=${encodeURIComponent(code)}`);
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  if (p.status !== 200) {
    add(content, heading('This enrolment link does not work'), para(p.json && p.json.error ? p.json.error.message : 'Try again.'));
    ctx.render({ title: 'Enrolment link does not work' }, h('div', { class: 'govuk-grid-row' }, content));
    return;
  }
  const { device, setting } = p.json;
  const go = async (ev) => {
    ev.target.setAttribute('aria-disabled', 'true');
    const res = await api('POST', '/enrol', { code });
    if (res.status === 200) {
      ctx.render({ title: 'Device enrolled' },
        panel('Device enrolled', `This ${kindName(device.kind).toLowerCase()} is ${device.label} at ${setting.name}`),
        para('You can close this page. The manager will see it listed as enrolled.'));
      return;
    }
    content.replaceChildren(heading('The device was not enrolled'), warningText(res.json.error.message));
  };
  add(content,
    heading(`Enrol this ${kindName(device.kind).toLowerCase()}`, { caption: setting.name }),
    summaryList([{ key: 'Device', value: device.label }, { key: 'Setting', value: setting.name }]),
    para(`Only do this on ${device.label} itself. The link works once.`),
    h('div', { class: 'govuk-button-group' }, button(`Enrol as ${device.label}`, { type: 'button', on: { click: go } })));
  ctx.render({ title: `Enrol this ${kindName(device.kind).toLowerCase()}` }, h('div', { class: 'govuk-grid-row' }, content));
}

// ---- quarantine and reports ---------------------------------------------------

export async function quarantinePage(ctx) {
  const d = await loadDevice(ctx);
  if (!d) return;
  const back = `/devices/${d.id}`;
  const held = !!d.quarantine;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content, submitText: held ? 'Release it' : 'Put it under evidence quarantine', kind: held ? '' : 'warning',
    secondary: [link(back, 'Cancel')], labels: { reason: 'Reason', concern_ref: 'Concern' },
    required: { reason: held ? 'Say why it is released' : 'Say why it is held' },
    submit: async (v) => {
      const res = await api('POST', `/devices/${d.id}/${held ? 'release' : 'quarantine'}`,
        held ? { reason: v.reason } : compact({ reason: v.reason, concern_ref: v.concern_ref }));
      if (res.status === 200) {
        ctx.navigate(back, { flash: held ? `${d.label} was released` : `${d.label} is under evidence quarantine` });
        return undefined;
      }
      return res;
    },
  });
  form.add(
    textInput({ name: 'reason', label: held ? 'Why is it released?' : 'Why is it held as evidence?', autocomplete: 'off' }),
    held ? null : textInput({ name: 'concern_ref', label: 'Concern reference (optional)', width: 20, autocomplete: 'off' }),
  );
  add(content, heading(held ? `Release ${d.label} from quarantine` : `Evidence quarantine: ${d.label}`, { caption: 'Devices' }),
    held ? para(`Held since ${dateTime(d.quarantine.placed_at)}: ${d.quarantine.reason}`)
      : insetText('Unplug it and lock it away. Do not look through it, copy or forward anything on it. While it is held it cannot be '
        + 'handed out, changed, wiped or enrolled, and its credential is locked.'),
    form.el);
  ctx.render({ title: held ? `Release ${d.label}` : `Evidence quarantine: ${d.label}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}

export async function reportPage(ctx) {
  const d = await loadDevice(ctx);
  if (!d) return;
  const back = `/devices/${d.id}`;
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content, submitText: 'Send the report', secondary: [link(back, 'Cancel')],
    labels: { kind: 'What is wrong', text: 'What happened' },
    required: { kind: 'Choose what is wrong', text: 'Say what happened' },
    submit: async (v) => {
      const res = await api('POST', `/devices/${d.id}/reports`, { kind: v.kind, text: v.text });
      if (res.status === 201) {
        ctx.navigate(back, { flash: 'Thank you: the manager has been told' });
        return undefined;
      }
      return res;
    },
  });
  form.add(
    radios({ name: 'kind', legend: 'What is wrong?', legendSize: 's', items: REPORT_KINDS.map(([value, text, hint]) => ({ value, text, hint })) }),
    textInput({ name: 'text', label: 'What happened?', autocomplete: 'off' }),
  );
  add(content, heading(`Report a problem with ${d.label}`, { caption: 'Devices' }),
    para('Every member of staff shares responsibility for the setting\u2019s devices. If you think a child is at risk, also tell the DSL now.'),
    form.el);
  ctx.render({ title: `Report a problem with ${d.label}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}

export async function reportClosePage(ctx) {
  const d = await loadDevice(ctx);
  if (!d) return;
  const back = `/devices/${d.id}`;
  const rep = d.reports.find((x) => String(x.id) === ctx.params.reportId);
  if (!rep || rep.closed_at) return ctx.notFound();
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const form = new Form({
    host: content, submitText: 'Close the report', secondary: [link(back, 'Cancel')],
    labels: { outcome: 'Outcome' }, required: { outcome: 'Say what was done' },
    submit: async (v) => {
      const res = await api('POST', `/devices/${d.id}/reports/${rep.id}/close`, { outcome: v.outcome });
      if (res.status === 200) {
        ctx.navigate(back, { flash: 'The report was closed' });
        return undefined;
      }
      return res;
    },
  });
  form.add(textInput({ name: 'outcome', label: 'What was done?', autocomplete: 'off' }));
  add(content, heading('Close a report', { caption: d.label }), para(`${dateTime(rep.at)}: ${rep.text}`), form.el);
  ctx.render({ title: `Close a report about ${d.label}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}

