// office.js — the office's side of the day: visitors and the phones they
// hand in (VISITORS-01…03, -11, CONFIG-06), calls taken for staff and passed
// on once they are relieved from the children (PERSONAL-DEVICES-10), the
// "Report a phone or camera concern" form every adult can reach and the
// manager's review of those reports (PERSONAL-DEVICES-22), children's
// confiscated devices (PERSONAL-DEVICES-21), and outings and home visits
// (OUTINGS-01, -05).
//
// Every rule is the API's: a refused request comes back as an error shown
// beside the field it is about (a phone kept with no lone-working reason, a
// children's room named as a quiet space, a device handed to someone who is
// not the child's parent).

import { h, add } from '../dom.js';
import { api, qs } from '../api.js';
import { failPage } from '../router.js';
import {
  heading, para, link, table, tag, summaryList, buttonLink, buttonGroup, button, textInput, select, radios,
  checkboxes, checkbox, insetText, warningText, scrollable,
} from '../govuk.js';
import { Form, compact } from '../form.js';
import { longDate, dateTime, todayISO, fullName } from '../format.js';
import { clock } from '../presence_format.js';
import { timeInput } from './presence.js';

// ---- shared pieces -----------------------------------------------------------

function page(ctx, { title, caption, back }, ...nodes) {
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  add(content, heading(title, { caption }), ...nodes);
  ctx.render({ title, back }, h('div', { class: 'govuk-grid-row' }, content));
  return content;
}

/* Today's local date and a time ('10:15') as an ISO instant. */
function todayAt(hhmm) {
  const d = new Date(`${todayISO()}T${hhmm}:00`);
  return Number.isNaN(d.getTime()) ? hhmm : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const adultName = (a) => fullName(a);
const adultOptions = (adults, none = 'Choose') => [['', none], ...adults.filter((a) => !a.left).map((a) => [a.id, adultName(a)])];

// ---- visitors (VISITORS-01…03, -10, -11) ---------------------------------

const FATE = { office: 'In the office', none: 'None brought', kept: 'Kept' };

/* What happened to one of a visitor's devices, in words. */
function deviceState(v, kind) {
  const fate = kind === 'phone' ? v.phone : v.watch;
  if (fate === 'none') return 'None brought';
  if (fate === 'kept') {
    return v.lone_working ? [`Kept: lone working, may use it in the ${v.quiet_space_name}`]
      : 'Kept, told not to use it on the premises';
  }
  const d = v.devices.find((x) => x.kind === kind);
  if (!d) return FATE.office;
  if (d.held) return d.not_returned_at ? [tag('Left behind', 'red'), ' still in the office'] : 'In the office';
  return `Given back at ${clock(d.returned_at)}`;
}

export async function visitorsPage(ctx) {
  const date = ctx.query.get('date') || '';
  const r = await api('GET', '/visitors' + qs({ date }));
  if (failPage(ctx, r)) return;
  const { visitors, policy, quiet_spaces: quiet } = r.json;
  const today = r.json.date === todayISO();
  const leftBehind = visitors.filter((v) => !v.on_site && v.devices.some((d) => d.held));
  const content = h('div');
  add(content,
    heading('Visitors', { caption: today ? 'Today' : longDate(r.json.date) }),
    insetText(policy.phones === 'office'
      ? 'Visitors leave their phones and smart watches in the office while they are here.'
      : 'Visitors keep their phones but are asked not to use them on the premises.',
    policy.lone_working && quiet.length
      ? ` A visitor whose organisation needs them to keep in touch (lone working) may use a phone only in the ${quiet.map((q) => q.name).join(' or ')}.`
      : ''),
    buttonGroup(buttonLink('/visitors/new', 'Sign in a visitor', { kind: '' })),
    leftBehind.length ? warningText(`${leftBehind.map((v) => v.name).join(', ')} left without ${leftBehind.length === 1 ? 'a device' : 'devices'} the office still holds.`) : null,
    scrollable(table({
      caption: today ? 'Visitors today and anyone still here' : `Visitors on ${longDate(r.json.date)}`,
      captionSize: 'm',
      small: true,
      head: ['Visitor', 'In', 'Out', 'Phone', 'Smart watch', 'Action'],
      rows: visitors.map((v) => [
        { value: [v.name, v.professional ? [' ', tag('Professional', 'blue')] : null,
          h('div', { class: 'govuk-hint', text: [v.organisation, v.purpose].filter(Boolean).join(': ') })] },
        v.visit_date === r.json.date ? clock(v.signed_in_at) : dateTime(v.signed_in_at),
        v.on_site ? tag('Here', 'green') : clock(v.signed_out_at),
        { value: deviceState(v, 'phone') },
        { value: deviceState(v, 'smart-watch') },
        { value: v.on_site ? link(`/visitors/${v.id}/sign-out`, 'Sign out', { hidden: v.name })
          : v.devices.some((d) => d.held) ? link(`/visitors/${v.id}/sign-out`, 'Give back', { hidden: `${v.name}’s devices` }) : '' },
      ]),
      empty: 'No visitors.',
    }), 'Visitors'),
    h('form', {
      class: 'sg-filters', 'aria-label': 'Another day',
      on: { submit: (ev) => { ev.preventDefault(); ctx.navigate('/visitors' + qs({ date: ev.target.date.value })); } },
    }, textInput({ name: 'date', label: 'Show another day', type: 'date', value: r.json.date }).el,
    h('div', { class: 'govuk-form-group' }, button('Show', { kind: 'secondary' }))));
  ctx.render({ title: 'Visitors' }, content);
}

export async function visitorFormPage(ctx) {
  const r = await api('GET', '/visitors');
  if (failPage(ctx, r)) return;
  const { policy, quiet_spaces: quiet } = r.json;
  const keepPolicy = policy.phones === 'keep-not-operated';
  const content = page(ctx, { title: 'Sign in a visitor', caption: 'Visitors', back: '/visitors' });
  const form = new Form({
    host: content,
    submitText: 'Sign in',
    secondary: [link('/visitors', 'Cancel')],
    labels: {
      name: 'Name', organisation: 'Organisation', purpose: 'Reason for the visit', visiting: 'Who they are visiting',
      lone_working_reason: 'Lone-working reason', quiet_space_id: 'Quiet space', phone: 'Phone', watch: 'Smart watch',
    },
    required: { name: 'Enter the visitor’s name', purpose: 'Enter the reason for the visit' },
    submit: async (v) => {
      const keeps = v.phone === 'kept' || v.watch === 'kept';
      const body = compact({
        name: v.name, organisation: v.organisation, purpose: v.purpose, visiting: v.visiting,
        phone: v.phone, watch: v.watch,
        lone_working_reason: keeps ? v.lone_working_reason : '',
        quiet_space_id: keeps && v.quiet_space_id ? Number(v.quiet_space_id) : '',
      });
      body.professional = v.professional;
      const res = await api('POST', '/visitors', body);
      if (res.status !== 201) return res;
      const x = res.json;
      const where = x.phone === 'office' ? 'Their phone is in the office.'
        : x.lone_working ? `They keep their phone for lone working, to use only in the ${x.quiet_space_name}.`
          : x.phone === 'kept' ? 'They keep their phone and were asked not to use it.' : '';
      ctx.navigate('/visitors', { flash: `${x.name} is signed in. ${where}`.trim() });
      return undefined;
    },
  });
  const reason = form.register(textInput({
    name: 'lone_working_reason', label: 'Why their organisation needs them to keep it',
    hint: 'For example, their trust’s lone-working policy has them check in with their base every two hours',
  }));
  const quietField = form.register(select({
    name: 'quiet_space_id', label: 'Where they may use it',
    hint: 'A quiet space away from children, named by the manager.',
    options: [['', 'Choose a quiet space'], ...quiet.map((q) => [q.id, q.name])],
  }));
  form.add(
    textInput({ name: 'name', label: 'Name', autocomplete: 'off' }),
    textInput({ name: 'organisation', label: 'Organisation', hint: 'Company, trust, council or agency. Needed for a lone-working exception.' }),
    textInput({ name: 'purpose', label: 'Reason for the visit' }),
    textInput({ name: 'visiting', label: 'Who they are visiting', hint: 'Optional' }),
    checkbox({ name: 'professional', label: 'A visiting professional (health, social care, therapy, inspection)' }),
    radios({
      name: 'phone', legend: 'Their phone', value: keepPolicy ? 'kept' : 'office',
      items: [
        { value: 'office', text: 'Left in the office', hint: 'Given back when they sign out' },
        { value: 'none', text: 'They did not bring one' },
        {
          value: 'kept',
          text: keepPolicy ? 'They keep it, and are asked not to use it on the premises' : 'They keep it under a lone-working exception',
          hint: keepPolicy ? 'If their organisation needs them to keep in touch, record why and where they may use it'
            : 'Only when their organisation’s lone-working policy needs them to keep in touch with their office',
          conditional: [reason.el, quietField.el],
        },
      ],
    }),
    radios({
      name: 'watch', legend: 'Their smart watch', legendSize: 's', value: 'none',
      items: [
        { value: 'none', text: 'They are not wearing one' },
        { value: 'office', text: 'Left in the office' },
        { value: 'kept', text: 'They keep it (as for the phone)' },
      ],
    }),
  );
  content.append(form.el);
}

export async function visitorSignOutPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/visitors/${id}`);
  if (failPage(ctx, r)) return;
  const v = r.json;
  const held = v.devices.filter((d) => d.held);
  const words = { phone: 'Phone', 'smart-watch': 'Smart watch' };
  const title = v.on_site ? `Sign out ${v.name}` : `Give back ${v.name}’s ${held.length > 1 ? 'devices' : held.length ? words[held[0].kind].toLowerCase() : 'devices'}`;
  const content = page(ctx, { title, caption: 'Visitors', back: '/visitors' },
    summaryList([
      { key: 'Organisation', value: v.organisation || '' },
      { key: 'Reason for the visit', value: v.purpose },
      { key: 'Signed in', value: `${dateTime(v.signed_in_at)} by ${v.signed_in_by_name || 'the office'}` },
      v.signed_out_at ? { key: 'Signed out', value: dateTime(v.signed_out_at) } : null,
      { key: 'Phone', value: deviceState(v, 'phone') },
      { key: 'Smart watch', value: deviceState(v, 'smart-watch') },
      v.lone_working ? { key: 'Lone-working reason', value: v.lone_working_reason } : null,
    ]));
  if (!v.on_site && !held.length) {
    content.append(para('Nothing to give back: this visit is closed.'));
    return;
  }
  const form = new Form({
    host: content,
    submitText: v.on_site ? 'Sign out' : 'Give back',
    secondary: [link('/visitors', 'Cancel')],
    labels: { not_returned: 'Devices given back', kinds: 'Devices given back', note: 'Note' },
    submit: async (x) => {
      const back = x.back || [];
      const res = v.on_site
        ? await api('POST', `/visitors/${id}/sign-out`, compact({
          not_returned: held.filter((d) => !back.includes(d.kind)).map((d) => d.kind),
          note: held.some((d) => !back.includes(d.kind)) ? x.note : '',
        }))
        : await api('POST', `/visitors/${id}/return`, { kinds: back });
      if (res.status !== 200) return res;
      const still = res.json.devices.filter((d) => d.held).length;
      ctx.navigate('/visitors', {
        flash: v.on_site ? `${v.name} is signed out.${still ? ' The office still holds a device: it is flagged at closing.' : ''}`
          : `${v.name}’s ${back.length > 1 ? 'devices were' : 'device was'} given back.`,
      });
      return undefined;
    },
  });
  if (held.length) {
    const f = checkboxes({
      name: 'back', legend: 'Which have you given back?', id: v.on_site ? 'not_returned' : 'kinds',
      hint: v.on_site ? 'Untick anything they leave behind: it stays in the office and is flagged at closing' : null,
      items: held.map((d) => ({ value: d.kind, text: words[d.kind] })), values: held.map((d) => d.kind),
    });
    form.add(f);
    form.labels.back = 'Devices given back';
    if (v.on_site) form.add(textInput({ name: 'note', label: 'If something is left behind, a note', hint: 'Optional. For example, will collect tomorrow' }));
  }
  content.append(form.el);
}

// ---- calls for staff (PERSONAL-DEVICES-10) ---------------------------------------

function messageStatus(m) {
  if (m.acknowledged) return tag('Acknowledged', 'green');
  if (m.relayed) return [tag('Passed on', 'blue'), ` ${clock(m.relayed_at)}`];
  return tag('Not yet passed on', m.urgent ? 'red' : 'yellow');
}

export async function messagesPage(ctx) {
  const r = await api('GET', '/messages');
  if (failPage(ctx, r)) return;
  const msgs = r.json.messages;
  const office = ctx.can('message.write');
  const content = h('div');
  if (office) {
    add(content,
      heading('Messages for staff', { caption: 'Calls to the setting phone' }),
      insetText('Take the message, then find someone to take over from the adult before you tell them. They never take the call on their own phone while with children.'),
      buttonGroup(buttonLink('/messages/new', 'Take a call', { kind: '' })),
      scrollable(table({
        caption: 'Today, and anything not yet passed on',
        small: true,
        head: ['Taken', 'For', 'Caller', 'Message', 'Status', 'Action'],
        rows: msgs.map((m) => [
          clock(m.taken_at),
          m.adult_name,
          m.caller + (m.caller_phone ? ` (${m.caller_phone})` : ''),
          { value: [m.urgent ? [tag('Urgent', 'red'), ' '] : null, m.message] },
          { value: messageStatus(m) },
          { value: !m.relayed ? link(`/messages/${m.id}/relay`, 'Pass on', { hidden: `the message for ${m.adult_name}` }) : '' },
        ]),
        empty: 'No messages today.',
      }), 'Messages'));
    ctx.render({ title: 'Messages for staff' }, content);
    return;
  }
  add(content, heading('Your messages', { caption: 'Calls to the setting phone for you' }));
  if (!msgs.length) content.append(para('There are no messages for you.'));
  for (const m of msgs) {
    const ack = !m.acknowledged && m.relayed
      ? h('form', {
        novalidate: true,
        on: {
          submit: async (ev) => {
            ev.preventDefault();
            const res = await api('POST', `/messages/${m.id}/acknowledge`, {});
            if (res.status === 200) ctx.navigate('/messages', { flash: 'Thank you: the office can see you have the message' });
          },
        },
      }, button('I have this message', { kind: 'secondary' }))
      : null;
    content.append(h('div', { class: 'govuk-summary-card' },
      h('div', { class: 'govuk-summary-card__title-wrapper' },
        h('h2', { class: 'govuk-summary-card__title' }, `From ${m.caller}`, m.urgent ? [' ', tag('Urgent', 'red')] : null)),
      h('div', { class: 'govuk-summary-card__content' },
        summaryList([
          { key: 'Message', value: m.message },
          m.caller_phone ? { key: 'Call back on', value: m.caller_phone } : null,
          { key: 'Taken', value: `${dateTime(m.taken_at)} by ${m.taken_by_name || 'the office'}` },
          { key: 'Status', value: messageStatus(m) },
        ]),
        ack)));
  }
  ctx.render({ title: 'Your messages' }, content);
}

export async function takeCallPage(ctx) {
  const r = await api('GET', '/adults');
  if (failPage(ctx, r)) return;
  const content = page(ctx, { title: 'Take a call for a member of staff', caption: 'Messages', back: '/messages' });
  const form = new Form({
    host: content,
    submitText: 'Save the message',
    secondary: [link('/messages', 'Cancel')],
    labels: { adult_id: 'Who the call is for', caller: 'Caller', caller_phone: 'Caller’s number', message: 'Message', urgent: 'Urgent' },
    required: { adult_id: 'Choose who the call is for', caller: 'Enter who is calling', message: 'Enter the message' },
    submit: async (v) => {
      const res = await api('POST', '/messages', compact({
        adult_id: Number(v.adult_id), caller: v.caller, caller_phone: v.caller_phone, message: v.message,
        urgent: v.urgent === 'yes',
      }));
      if (res.status !== 201) return res;
      ctx.navigate('/messages', { flash: `Message for ${res.json.adult_name} saved. Find someone to take over from them, then pass it on.` });
      return undefined;
    },
  });
  form.add(
    select({ name: 'adult_id', label: 'Who is the call for?', options: adultOptions(r.json.adults) }),
    textInput({ name: 'caller', label: 'Who is calling?', hint: 'For example, Oakfield Primary School office' }),
    textInput({ name: 'caller_phone', label: 'Their number', hint: 'Optional', type: 'tel', width: 20 }),
    textInput({ name: 'message', label: 'Message' }),
    radios({
      name: 'urgent', legend: 'Is it urgent?', legendSize: 's', inline: true, value: 'no',
      hint: 'An urgent message is shown to the manager until it is passed on',
      items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }],
    }),
  );
  content.append(form.el);
}

export async function relayPage(ctx) {
  const id = ctx.params.id;
  const [r, adults] = await Promise.all([api('GET', `/messages/${id}`), api('GET', '/adults')]);
  if (failPage(ctx, r)) return;
  const m = r.json;
  const content = page(ctx, { title: `Pass on the message for ${m.adult_name}`, caption: 'Messages', back: '/messages' },
    summaryList([
      { key: 'From', value: m.caller },
      { key: 'Message', value: m.message },
      { key: 'Taken', value: `${dateTime(m.taken_at)} by ${m.taken_by_name || 'the office'}` },
    ]));
  const others = adults.status === 200 ? adults.json.adults.filter((a) => a.id !== m.adult_id) : [];
  const form = new Form({
    host: content,
    submitText: 'Message passed on',
    secondary: [link('/messages', 'Cancel')],
    labels: { relieved: 'Relieved from the children', relieved_by_id: 'Who took over', note: 'Note' },
    submit: async (v) => {
      const res = await api('POST', `/messages/${id}/relay`, compact({
        relieved: v.relieved, relieved_by_id: v.relieved_by_id ? Number(v.relieved_by_id) : '', note: v.note,
      }));
      if (res.status !== 200) return res;
      ctx.navigate('/messages', { flash: `The message for ${m.adult_name} was passed on` });
      return undefined;
    },
  });
  const relieved = checkbox({ name: 'relieved', label: `Someone has taken over from ${m.adult_name} with the children before they were told` });
  form.add(
    relieved,
    select({ name: 'relieved_by_id', label: 'Who took over', options: adultOptions(others, 'Not recorded') }),
    textInput({ name: 'note', label: 'Note', hint: 'Optional' }),
  );
  content.append(form.el);
}

// ---- phone and camera concerns (PERSONAL-DEVICES-08, -22, VISITORS-04) -----

export const BREACH_KINDS = [
  ['phone-seen-in-room', 'A personal phone seen in a room with children'],
  ['phone-used-with-children', 'A personal phone used while with children'],
  ['smart-watch-used-with-children', 'A smart watch used while with children'],
  ['photo-on-personal-device', 'A photo or video taken on a personal device'],
  ['outing-phone-misuse', 'A personal phone misused on an outing (calls or photos)'],
  ['visitor-phone-use', 'A visitor using a phone on the premises'],
  ['parent-phone-use', 'A parent using a phone on the premises or at drop-off or collection'],
  ['parent-camera-without-consent', 'A parent using a camera without the manager’s consent'],
  ['other', 'Something else'],
];
const kindText = (k) => (BREACH_KINDS.find(([v]) => v === k) || [k, k])[1];
const OUTCOMES = [
  ['spoken-to', 'Spoken to'],
  ['written-warning', 'Written warning'],
  ['referred-as-concern', 'Referred as a safeguarding concern'],
  ['visitor-or-parent-advised', 'Visitor or parent advised of the rules'],
  ['no-breach-found', 'No breach found'],
  ['other', 'Something else'],
];
const outcomeText = (o) => (OUTCOMES.find(([v]) => v === o) || [o, o])[1];

export async function breachFormPage(ctx) {
  const [adults, rooms] = await Promise.all([api('GET', '/adults'), api('GET', '/rooms')]);
  if (failPage(ctx, adults) || failPage(ctx, rooms)) return;
  const title = 'Report a phone or camera concern';
  const content = page(ctx, { title, caption: 'Phones and cameras', back: '/breaches' },
    para('Use this when you see a personal phone, smart watch or camera used where it should not be, whether or not a photo was taken. It goes to the manager.'));
  const form = new Form({
    host: content,
    submitText: 'Send to the manager',
    secondary: [link('/breaches', 'Cancel')],
    labels: {
      kind: 'What you saw', subject_adult_id: 'Who it was', subject_name: 'Who it was', room_id: 'Room', place: 'Where',
      observed_at: 'Time', what_seen: 'What you saw', challenge: 'What you said or did',
    },
    required: { kind: 'Choose what you saw', who: 'Choose who it was', what_seen: 'Describe what you saw', challenge: 'Say what you said or did' },
    submit: async (v) => {
      const res = await api('POST', '/breaches', compact({
        kind: v.kind,
        subject_adult_id: v.who === 'adult' && v.subject_adult_id ? Number(v.subject_adult_id) : '',
        subject_name: v.who === 'other' ? v.subject_name : '',
        room_id: v.room_id ? Number(v.room_id) : '',
        place: v.place,
        observed_at: v.observed_at ? todayAt(v.observed_at) : '',
        what_seen: v.what_seen,
        challenge: v.challenge,
      }));
      if (res.status !== 201) return res;
      ctx.navigate('/breaches', { flash: 'Thank you. Your report has gone to the manager.' });
      return undefined;
    },
  });
  const adultSel = form.register(select({ name: 'subject_adult_id', label: 'Who?', options: adultOptions(adults.json.adults) }));
  const nameIn = form.register(textInput({ name: 'subject_name', label: 'Their name, or who they are', hint: 'For example, a parent collecting a child' }));
  form.add(
    radios({ name: 'kind', legend: 'What did you see?', items: BREACH_KINDS.map(([value, text]) => ({ value, text })) }),
    radios({
      name: 'who', legend: 'Who was it?', legendSize: 's',
      items: [
        { value: 'adult', text: 'Someone who works here', conditional: adultSel.el },
        { value: 'other', text: 'A visitor, parent or someone else', conditional: nameIn.el },
      ],
    }),
    select({
      name: 'room_id', label: 'Which room?', hint: 'Optional',
      options: [['', 'Not in a room'], ...rooms.json.rooms.map((x) => [x.id, x.name])],
    }),
    textInput({ name: 'place', label: 'Or where?', hint: 'Optional. For example, the front door at collection, or the park' }),
    timeInput({ name: 'observed_at', label: 'What time did you see it?', hint: 'Today, on the 24-hour clock, for example 14:05. Leave empty if it was just now.' }),
    textInput({ name: 'what_seen', label: 'What did you see?' }),
    textInput({ name: 'challenge', label: 'What did you say or do?', hint: 'For example, asked them to put the phone in their locker, or to finish the call outside' }),
  );
  content.append(form.el);
}

export async function breachesPage(ctx) {
  const r = await api('GET', '/breaches');
  if (failPage(ctx, r)) return;
  const all = ctx.can('breach.read');
  const list = r.json.breaches;
  const open = list.filter((b) => b.open).length;
  const title = all ? 'Phone and camera concerns' : 'Phone and camera concerns you reported';
  ctx.render({ title },
    heading(title),
    buttonGroup(buttonLink('/breaches/new', 'Report a phone or camera concern', { kind: '' })),
    all ? para(open ? `${open} ${open === 1 ? 'report waits' : 'reports wait'} for the manager’s or deputy’s review.` : 'Every report has been reviewed.') : null,
    table({
      caption: all ? 'Reports' : 'Your reports',
      head: ['Seen', 'What', 'Who', 'Where', 'Status'],
      rows: list.map((b) => [
        { value: link(`/breaches/${b.id}`, dateTime(b.observed_at)) },
        kindText(b.kind),
        b.subject,
        b.room_name || b.place || '',
        { value: b.open ? tag('Open', 'red') : tag(outcomeText(b.outcome), 'green') },
      ]),
      empty: 'No reports.',
    }));
}

export async function breachPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/breaches/${id}`);
  if (failPage(ctx, r)) return;
  const b = r.json;
  const content = page(ctx, { title: kindText(b.kind), caption: 'Phone or camera concern', back: '/breaches' },
    b.open ? para(tag('Open', 'red')) : null,
    summaryList([
      { key: 'Who', value: b.subject },
      { key: 'Where', value: [b.room_name, b.place].filter(Boolean).join(', ') },
      { key: 'Seen', value: dateTime(b.observed_at) },
      { key: 'What was seen', value: b.what_seen },
      { key: 'What was said or done', value: b.challenge },
      { key: 'Reported by', value: `${b.recorded_by_name || 'the operator'}, ${dateTime(b.recorded_at)}` },
      b.open ? null : { key: 'Outcome', value: outcomeText(b.outcome) },
      b.open ? null : { key: 'Action taken', value: b.action_taken },
      b.open ? null : { key: 'Reviewed by', value: `${b.reviewed_by_name || 'the operator'}, ${dateTime(b.reviewed_at)}` },
    ]));
  if (!b.open || !ctx.can('breach.review')) return;
  content.append(h('h2', { class: 'govuk-heading-m', text: 'Review' }));
  const form = new Form({
    host: content,
    submitText: 'Record the review',
    labels: { outcome: 'Outcome', action_taken: 'Action taken' },
    required: { outcome: 'Choose the outcome', action_taken: 'Say what was done' },
    submit: async (v) => {
      const res = await api('POST', `/breaches/${id}/review`, { outcome: v.outcome, action_taken: v.action_taken });
      if (res.status !== 200) return res;
      ctx.navigate(`/breaches/${id}`, { flash: 'The review was recorded' });
      return undefined;
    },
  });
  form.add(
    radios({ name: 'outcome', legend: 'Outcome', legendSize: 's', items: OUTCOMES.map(([value, text]) => ({ value, text })) }),
    textInput({ name: 'action_taken', label: 'What was done' }),
  );
  content.append(form.el);
}

// ---- children's devices (PERSONAL-DEVICES-21) -------------------------------

const CHILD_KINDS = [
  ['phone', 'Phone'], ['tablet', 'Tablet'], ['smart-watch', 'Smart watch'], ['camera', 'Camera'],
  ['games-console', 'Games console'], ['other', 'Something else'],
];
const childKind = (k) => (CHILD_KINDS.find(([v]) => v === k) || [k, k])[1].toLowerCase();

export async function childDevicesPage(ctx) {
  const r = await api('GET', '/child-devices');
  if (failPage(ctx, r)) return;
  const list = r.json.devices;
  ctx.render({ title: 'Children’s devices' },
    heading('Children’s devices', { caption: 'Kept in the locked drawer' }),
    insetText('A phone or other device found with a child is kept in the locked drawer and given back only to that child’s parent or carer at the end of the session.'),
    buttonGroup(buttonLink('/child-devices/new', 'Record a device taken from a child', { kind: '' })),
    scrollable(table({
      caption: 'In the drawer, and given back today',
      small: true,
      head: ['Child', 'Device', 'Taken', 'Where it is', 'Action'],
      rows: list.map((d) => [
        d.child_name,
        childKind(d.kind) + (d.description ? `: ${d.description}` : ''),
        `${dateTime(d.taken_at)} by ${d.taken_by_name || 'the office'}`,
        { value: d.held ? [tag('In the drawer', 'yellow'), ` ${d.drawer}`] : `Given to ${d.returned_to_name} at ${clock(d.returned_at)}` },
        { value: d.held ? link(`/child-devices/${d.id}/return`, 'Give back', { hidden: `${d.child_name}’s ${childKind(d.kind)}` }) : '' },
      ]),
      empty: 'No devices are held.',
    }), 'Children’s devices'));
}

export async function childDeviceFormPage(ctx) {
  const r = await api('GET', '/children');
  if (failPage(ctx, r)) return;
  const content = page(ctx, { title: 'Record a device taken from a child', caption: 'Children’s devices', back: '/child-devices' });
  const form = new Form({
    host: content,
    submitText: 'Record it',
    secondary: [link('/child-devices', 'Cancel')],
    labels: { child_id: 'Child', kind: 'Device', description: 'Description', found_where: 'Where it was found', drawer: 'Where it is kept' },
    required: { child_id: 'Choose the child', kind: 'Choose the kind of device' },
    submit: async (v) => {
      const res = await api('POST', '/child-devices', compact({
        child_id: Number(v.child_id), kind: v.kind, description: v.description, found_where: v.found_where, drawer: v.drawer,
      }));
      if (res.status !== 201) return res;
      ctx.navigate('/child-devices', { flash: `${res.json.child_name}’s ${childKind(res.json.kind)} is recorded in the ${res.json.drawer}` });
      return undefined;
    },
  });
  form.add(
    select({ name: 'child_id', label: 'Which child?', options: [['', 'Choose a child'], ...r.json.children.map((c) => [c.id, fullName(c)])] }),
    radios({ name: 'kind', legend: 'What is it?', legendSize: 's', items: CHILD_KINDS.map(([value, text]) => ({ value, text })) }),
    textInput({ name: 'description', label: 'Description', hint: 'Optional. For example, blue phone in a dinosaur case' }),
    textInput({ name: 'found_where', label: 'Where was it found?', hint: 'Optional' }),
    textInput({ name: 'drawer', label: 'Where is it kept?', value: 'Office locked drawer' }),
  );
  content.append(form.el);
}

export async function childDeviceReturnPage(ctx) {
  const id = ctx.params.id;
  const r = await api('GET', `/child-devices/${id}`);
  if (failPage(ctx, r)) return;
  const d = r.json;
  const c = await api('GET', `/children/${d.child_id}`);
  if (failPage(ctx, c)) return;
  const parents = c.json.parents || [];
  const title = `Give back ${d.child_name}’s ${childKind(d.kind)}`;
  const content = page(ctx, { title, caption: 'Children’s devices', back: '/child-devices' },
    warningText(`Only to a parent or carer of ${d.child_name}, at the end of the session.`));
  if (!d.held) {
    content.append(para(`It was given to ${d.returned_to_name} at ${clock(d.returned_at)}.`));
    return;
  }
  const form = new Form({
    host: content,
    submitText: 'Given back',
    secondary: [link('/child-devices', 'Cancel')],
    labels: { parent_id: 'Who collected it' },
    required: { parent_id: 'Choose who collected it' },
    submit: async (v) => {
      const res = await api('POST', `/child-devices/${id}/return`, { parent_id: Number(v.parent_id) });
      if (res.status !== 200) return res;
      ctx.navigate('/child-devices', { flash: `${d.child_name}’s ${childKind(d.kind)} was given to ${res.json.returned_to_name}` });
      return undefined;
    },
  });
  form.add(parents.length
    ? radios({ name: 'parent_id', legend: 'Who collected it?', legendSize: 's', items: parents.map((p) => ({ value: p.parent_id, text: `${p.name} (${p.relationship})` })) })
    : para(`No parent or carer is linked to ${d.child_name}. Ask the office to link one first.`));
  content.append(form.el);
}

// ---- outings and home visits (OUTINGS-01, -05) ---------------------------------

export async function outingsPage(ctx) {
  const [o, v] = await Promise.all([api('GET', '/outings'), api('GET', '/home-visits')]);
  if (failPage(ctx, o) || failPage(ctx, v)) return;
  const write = ctx.can('outing.write');
  const who = (x) => x.adults.map((a) => a.name).join(', ');
  ctx.render({ title: 'Outings and home visits' },
    heading('Outings and home visits'),
    write ? buttonGroup(buttonLink('/outings/new', 'Record an outing', { kind: '' }), buttonLink('/home-visits/new', 'Record a home visit')) : null,
    !write ? para('The outings and home visits you are on.') : null,
    table({
      caption: 'Outings',
      head: ['Date', 'Where', 'Time', 'Adults', { text: 'Children', numeric: true }, 'Phones'],
      rows: o.json.outings.map((x) => [
        longDate(x.outing_date), x.destination, `${x.leaves} to ${x.returns}`, who(x),
        { value: String(x.children.length), numeric: true },
        [x.setting_phones || 'No setting phone recorded', ...x.personal_phones.map((p) => `; ${p.name}’s own phone, for emergencies only`)].join(''),
      ]),
      empty: 'No outings.',
    }),
    table({
      caption: 'Home visits',
      head: ['Date', 'Family', 'Time', 'Staff', 'Purpose'],
      rows: v.json.home_visits.map((x) => [
        longDate(x.visit_date), x.family || `${x.child_name}’s family`, `${x.starts} to ${x.ends}`, who(x), x.purpose || '',
      ]),
      empty: 'No home visits.',
    }));
}

async function tripForm(ctx, { title, back, visit }) {
  const [adults, children] = await Promise.all([api('GET', '/adults'), api('GET', '/children')]);
  if (failPage(ctx, adults) || failPage(ctx, children)) return;
  const content = page(ctx, { title, caption: 'Outings and home visits', back });
  const dateName = visit ? 'visit_date' : 'outing_date';
  const [from, to] = visit ? ['starts', 'ends'] : ['leaves', 'returns'];
  const form = new Form({
    host: content,
    submitText: 'Save',
    secondary: [link(back, 'Cancel')],
    labels: {
      [dateName]: 'Date', destination: 'Where', [from]: visit ? 'Starts' : 'Leaves', [to]: visit ? 'Ends' : 'Returns',
      adult_ids: 'Staff', child_ids: 'Children', child_id: 'Child', setting_phones: 'Setting phones', family: 'Family',
      purpose: 'Purpose', notes: 'Notes',
    },
    required: { [dateName]: 'Enter the date', [from]: 'Enter the time', [to]: 'Enter the time', adult_ids: 'Choose the staff' },
    submit: async (v) => {
      const body = compact({ ...v, adult_ids: v.adult_ids.map(Number) });
      if (visit) body.child_id = v.child_id ? Number(v.child_id) : undefined;
      else body.child_ids = v.child_ids.map(Number);
      const res = await api('POST', visit ? '/home-visits' : '/outings', body);
      if (res.status !== 201) return res;
      ctx.navigate('/outings', { flash: visit ? 'The home visit was recorded' : `The outing to ${res.json.destination} was recorded` });
      return undefined;
    },
  });
  const staff = adults.json.adults.filter((a) => !a.left).map((a) => ({ value: a.id, text: fullName(a) }));
  form.add(
    textInput({ name: dateName, label: 'Date', type: 'date' }),
    visit ? null : textInput({ name: 'destination', label: 'Where are you going?' }),
    timeInput({ name: from, label: visit ? 'Starts at' : 'Leaves at', hint: 'For example, 10:00' }),
    timeInput({ name: to, label: visit ? 'Ends at' : 'Back at', hint: 'For example, 11:30' }),
    checkboxes({ name: 'adult_ids', legend: 'Which staff go?', legendSize: 's', small: true, items: staff }),
    visit
      ? select({ name: 'child_id', label: 'Which child’s family?', options: [['', 'Choose a child'], ...children.json.children.map((c) => [c.id, fullName(c)])] })
      : checkboxes({ name: 'child_ids', legend: 'Which children go?', legendSize: 's', small: true, items: children.json.children.map((c) => ({ value: c.id, text: `${fullName(c)} (${c.room_name || 'no room'})` })) }),
    visit ? textInput({ name: 'family', label: 'Family', hint: 'Optional. For example, the Ahmed family' }) : null,
    visit ? textInput({ name: 'purpose', label: 'Purpose', hint: 'Optional' }) : null,
    visit ? null : textInput({ name: 'setting_phones', label: 'Setting phones taken', hint: 'For example, SP-1 carried by Priya. Use a setting phone wherever possible.' }),
    visit ? null : textInput({ name: 'notes', label: 'Notes', hint: 'Optional' }),
    insetText(visit
      ? 'Only the manager may take their own phone on a home visit, and only with a recorded permission.'
      : 'A member of staff carries their own phone only where the setting allows it, for emergencies only, with a recorded permission: no personal calls and no photographs.'),
  );
  content.append(form.el);
}

export function outingFormPage(ctx) { return tripForm(ctx, { title: 'Record an outing', back: '/outings', visit: false }); }
export function homeVisitFormPage(ctx) { return tripForm(ctx, { title: 'Record a home visit', back: '/outings', visit: true }); }
