// kiosk.js — the locker kiosk: a tablet by the staff lockers.
//
// The manager makes a tablet the kiosk (/kiosks); from then on this browser
// holds the kiosk's cookie and can do nothing but this page. An adult taps
// their name, confirms with their PIN, and sees their own state with only
// the buttons that fit it: start the shift (devices into the locker, or
// none brought), take them out for the break or under the manager's
// permission, put them back, go home. Each answer says plainly what
// happened and the screen goes back to the names. No contact details, no
// children, nothing else (PERSONAL-DEVICES-03…06, -09, -25).
//
// The PIN is kept in memory only while that adult's screens are up, and is
// forgotten when the kiosk goes back to the names (after an answer, on
// "Done", or after a minute without a touch).

import { h, replace } from '../dom.js';
import { api, errorOf } from '../api.js';
import * as session from '../session.js';
import {
  heading, para, link, button, buttonGroup, checkboxes, radios, textInput, errorSummary, insetText,
} from '../govuk.js';
import { Form } from '../form.js';
import { humanise } from '../format.js';
import {
  DEVICE_KINDS, deviceList, capitalise, isAre, clock, grantLine,
} from '../presence_format.js';

const BACK_AFTER_ANSWER_MS = 10_000;
const IDLE_MS = 60_000;
const REFRESH_MS = 30_000;
const COMMON_KINDS = ['phone', 'smart-watch'];
// The button for taking devices out under each kind of permission.
const TAKE_OUT_FOR = {
  emergency: 'Take out for emergency use',
  'home-visit': 'Take out for the home visit',
  outing: 'Take out for the outing',
  'virtual-course': 'Take out for the virtual course',
};

export async function kioskPage(ctx) {
  const r = await api('GET', '/kiosk');
  if (r.status !== 200) return notAKiosk(ctx, r);

  let home = r.json;
  let offset = Date.parse(home.now) - Date.now(); // the server's clock, ticking here
  const serverNow = () => new Date(Date.now() + offset);

  // Who is at the kiosk now: {id, name, pin, state}; null on the names.
  let who = null;
  let screen = 'names';
  let idleTimer = null;
  let backTimer = null;
  let lastHome = JSON.stringify(home);

  const timers = [];
  const stop = () => {
    timers.forEach(clearInterval);
    clearTimeout(idleTimer);
    clearTimeout(backTimer);
  };

  // ---- the frame of every screen: kiosk name, clock, mobile zones --------
  const clockText = () => clock(serverNow());
  const bar = () => h('div', { class: 'sg-kiosk__bar' },
    h('p', { class: 'sg-kiosk__place', text: home.kiosk.name }),
    h('p', { class: 'sg-kiosk__clock' },
      h('span', { class: 'govuk-visually-hidden', text: 'The time is ' }),
      h('span', { 'data-clock': '', text: clockText() })));

  const zonesLine = () => (home.zones.length
    ? h('p', { class: 'sg-kiosk__zones' }, 'On your break, use a personal phone only in the mobile zone: ',
      h('strong', { text: home.zones.map((z) => z.name).join(', ') }))
    : h('p', { class: 'sg-kiosk__zones', text: 'There is no mobile zone here: personal phones stay in the lockers all through working hours.' }));

  function show(title, ...nodes) {
    clearTimeout(backTimer);
    ctx.render({ title: `${title} – locker kiosk`, section: null },
      h('div', { class: 'sg-kiosk' }, bar(), ...nodes));
    touch();
  }

  // Back to the names after a minute without a touch, forgetting the PIN.
  function touch() {
    clearTimeout(idleTimer);
    if (screen !== 'names') idleTimer = setTimeout(() => { if (!ctx.stale) names(); }, IDLE_MS);
  }
  ctx.main.addEventListener('pointerdown', touch);
  ctx.main.addEventListener('keydown', touch);

  // ---- the names -----------------------------------------------------------
  const personButton = (p, onRota) => h('li', null,
    h('button', {
      type: 'button',
      class: ['sg-kiosk__person', onRota && (p.status === 'no-check-in' || p.status === 'device-overdue') && 'sg-kiosk__person--alert'],
      on: { click: () => pinScreen({ id: p.adult_id, name: p.name }) },
    },
    h('span', { class: 'sg-kiosk__person-name', text: p.name }),
    onRota ? h('span', { class: 'sg-kiosk__person-status', text: p.status_text }) : null,
    onRota && p.start ? h('span', { class: 'sg-kiosk__person-shift', text: `Shift ${p.start} to ${p.end}` }) : null));

  function namesList() {
    return [
      home.adults.length
        ? h('ul', { class: 'sg-kiosk__people', 'aria-labelledby': 'kiosk-heading' }, home.adults.map((p) => personButton(p, true)))
        : para('Nobody is on today\u2019s rota yet. If you are working today, find your name below.'),
      home.others.length ? h('details', { class: 'govuk-details sg-kiosk__others' },
        h('summary', { class: 'govuk-details__summary' },
          h('span', { class: 'govuk-details__summary-text', text: 'Not on today\u2019s rota?' })),
        h('div', { class: 'govuk-details__text' },
          para('Tap your name to start a shift that is not on the rota. The manager will see it.'),
          h('ul', { class: 'sg-kiosk__people sg-kiosk__people--others', 'aria-label': 'Everyone else who works here' },
            home.others.map((p) => personButton(p, false))))) : null,
    ];
  }

  function names() {
    screen = 'names';
    who = null; // the PIN is forgotten here
    const listHost = h('div', { id: 'kiosk-names' }, namesList());
    show('Tap your name',
      zonesLine(),
      h('h1', { class: 'govuk-heading-xl', id: 'kiosk-heading', tabindex: '-1', text: 'Tap your name' }),
      listHost,
      managerCorner());
  }

  // The manager can hand the tablet back to normal use.
  function managerCorner() {
    return h('details', { class: 'govuk-details sg-kiosk__manager' },
      h('summary', { class: 'govuk-details__summary' },
        h('span', { class: 'govuk-details__summary-text', text: 'For the manager' })),
      h('div', { class: 'govuk-details__text' },
        para('To use this tablet for something else, stop it being the locker kiosk. You can set it up again from the Locker kiosks page.'),
        button('Stop using this tablet as the kiosk', {
          kind: 'secondary',
          type: 'button',
          on: {
            click: async () => {
              const res = await api('POST', '/kiosk/leave', {});
              if (res.status === 200) {
                stop();
                session.clear();
                ctx.navigate('/login', { replace: true });
              }
            },
          },
        })));
  }

  // ---- the PIN -------------------------------------------------------------
  function pinScreen(person, error) {
    screen = 'pin';
    const input = h('input', {
      class: 'govuk-input sg-kiosk__pin-input', id: 'kiosk-pin', name: 'pin', type: 'password',
      inputmode: 'numeric', autocomplete: 'off', maxlength: '8', pattern: '[0-9]*',
      'aria-describedby': error ? 'kiosk-pin-error' : null,
    });
    const press = (d) => () => {
      if (input.value.length < 8) input.value += d;
      input.focus({ preventScroll: true });
    };
    const key = (text, on, { label, cls } = {}) => h('button', {
      type: 'button', class: ['sg-kiosk__key', cls], on: { click: on }, 'aria-label': label,
    }, text);
    const pad = h('div', { class: 'sg-kiosk__pad', role: 'group', 'aria-label': 'Number pad' },
      ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => key(d, press(d))),
      key('Clear', () => { input.value = ''; input.focus({ preventScroll: true }); }, { cls: 'sg-kiosk__key--word' }),
      key('0', press('0')),
      key('Delete', () => { input.value = input.value.slice(0, -1); input.focus({ preventScroll: true }); },
        { cls: 'sg-kiosk__key--word', label: 'Delete the last digit' }));
    const form = h('form', {
      novalidate: true,
      on: {
        submit: async (ev) => {
          ev.preventDefault();
          const pin = input.value;
          if (!/^\d{4,8}$/.test(pin)) {
            pinScreen(person, 'Enter your PIN: 4 to 8 digits');
            return;
          }
          const res = await act({ ...person, pin }, 'look');
          if (ctx.stale) return;
          if (res.status !== 200) {
            pinScreen(person, pinError(res));
            return;
          }
          who = { ...person, pin, state: res.json };
          adultScreen();
        },
      },
    },
    h('div', { class: ['govuk-form-group', error && 'govuk-form-group--error'] },
      h('label', { class: 'govuk-label govuk-label--m', for: 'kiosk-pin', text: 'Your PIN' }),
      error ? h('p', { class: 'govuk-error-message', id: 'kiosk-pin-error' },
        h('span', { class: 'govuk-visually-hidden', text: 'Error: ' }), error) : null,
      input),
    pad,
    h('div', { class: 'sg-kiosk__actions' },
      button('OK', { kind: 'start' }),
      button('Back to the names', { kind: 'secondary', type: 'button', on: { click: names } })));
    show(person.name,
      error ? errorSummary([{ focusId: 'kiosk-pin', text: error }]) : null,
      h('h1', { class: 'govuk-heading-xl', tabindex: '-1' },
        h('span', { class: 'govuk-caption-l', text: 'Enter your PIN' }), person.name),
      form);
    if (error) document.querySelector('.govuk-error-summary').focus();
  }

  function pinError(res) {
    const e = errorOf(res);
    if (e.code === 'wrong_pin') {
      return /no kiosk PIN/.test(e.message)
        ? 'You have no kiosk PIN yet. Set one on your own page in safeguard, or ask the manager.'
        : 'That PIN is not right. Try again.';
    }
    if (e.code === 'locked_out') return `${humanise(e.message)}.`;
    return `${humanise(e.message)}.`;
  }

  // One kiosk action for the adult at the kiosk.
  function act(person, action, extra = {}) {
    return api('POST', '/kiosk/actions', { adult_id: person.id, pin: person.pin, action, ...extra });
  }

  // ---- the adult's own screen ----------------------------------------------
  const devicesIn = (s) => s.devices.filter((d) => d.state === 'in');
  const devicesOut = (s) => s.devices.filter((d) => d.state === 'out' && d.out_purpose && d.out_purpose !== 'home');
  const signedOn = (s) => !!(s.shift && s.shift.signed_on_at && !s.shift.signed_off_at);
  const firstName = (name) => name.split(' ')[0];

  function adultScreen(error) {
    screen = 'adult';
    const s = who.state;
    const on = signedOn(s);
    const ins = devicesIn(s);
    const outs = devicesOut(s);
    const shift = s.shift;
    const brk = shift && shift.break_start ? `${shift.break_start} to ${shift.break_end}` : null;

    const facts = [
      shift ? ['Your shift', `${shift.start} to ${shift.end}`] : null,
      brk ? ['Your break', brk] : null,
      ['Your locker', s.adult.locker || 'None recorded'],
      s.grant ? ['Permission', grantLine(s.grant)] : null,
    ].filter(Boolean);

    const buttons = [];
    const notes = [];
    if (!on) {
      buttons.push(big('Start my shift', () => checkInScreen('start')));
      buttons.push(big('I have brought no personal device', () => doAction('none', {}), 'secondary'));
    } else {
      const started = shift.checked_in_at || shift.none_declared_at;
      if (!started) {
        buttons.push(big('Put my devices in the locker', () => checkInScreen('in')));
        buttons.push(big('I have brought no personal device', () => doAction('none', {}), 'secondary'));
      }
      if (outs.length) buttons.push(big('Put back in locker', () => putBackScreen(outs)));
      if (ins.length && (s.in_break || s.grant)) {
        buttons.push(big(s.grant ? TAKE_OUT_FOR[s.grant.kind] || 'Take out with permission' : 'Take out for my break',
          () => doAction('out', { purpose: s.grant ? 'permission' : 'break' })));
      } else if (ins.length && brk) {
        notes.push(`Your ${deviceList(ins)} stay${ins.length === 1 ? 's' : ''} in the locker until your break, ${brk}, unless the manager gives you permission.`);
      } else if (ins.length) {
        notes.push('You have no break on this shift: your devices stay in the locker until you go home, unless the manager gives you permission.');
      }
      if (shift.none_declared_at) notes.push('You said you brought no personal device today.');
      if (shift.checked_in_at && !outs.length) buttons.push(big('Put another device in the locker', () => checkInScreen('in'), 'secondary'));
      buttons.push(big('Going home', () => goingHomeScreen(), 'secondary'));
    }
    if (s.grant) notes.push(s.grant.terms);

    show(who.name,
      error ? errorSummary([{ text: error }]) : null,
      h('h1', { class: 'govuk-heading-xl', tabindex: '-1', text: `Hello, ${firstName(who.name)}` }),
      h('p', { class: ['sg-kiosk__state', (s.status === 'no-check-in' || s.status === 'device-overdue') && 'sg-kiosk__state--alert'], text: s.status_text }),
      h('dl', { class: 'sg-kiosk__facts' }, facts.map(([k, v]) => h('div', null, h('dt', { text: k }), h('dd', { text: v })))),
      notes.map((n) => insetText(n)),
      h('div', { class: 'sg-kiosk__actions' }, buttons),
      para(button('Done', { kind: 'secondary', type: 'button', on: { click: names } })));
    if (error) document.querySelector('.govuk-error-summary').focus();
  }

  function big(text, on, kind = '') {
    return button(text, { kind, type: 'button', on: { click: on } });
  }

  // Run an action, then say what happened (or show why not).
  async function doAction(action, extra, onError = adultScreen) {
    const before = who.state;
    const res = await act(who, action, extra);
    if (ctx.stale) return;
    if (res.status !== 200) {
      onError(`${humanise(errorOf(res).message)}.`);
      return;
    }
    who.state = res.json;
    answer(sayWhat(action, extra, before, res.json));
  }

  function sayWhat(action, extra, before, after) {
    const locker = (devs) => (devs[0] && devs[0].locker) || after.adult.locker;
    const zone = home.zones.map((z) => z.name).join(' or ');
    switch (action) {
      case 'start':
      case 'in': {
        const devs = devicesIn(after).filter((d) => (extra.devices || []).includes(d.kind));
        const list = devs.length ? devs : devicesIn(after);
        const late = devicesOut(before).some((d) => d.due_back_at && Date.parse(d.due_back_at) < serverNow().getTime());
        return [
          `${capitalise(deviceList(list))} ${isAre(list)} in locker ${locker(list)}.`,
          action === 'start' ? 'Your shift has started.' : null,
          late ? 'They came back after the time they were due, so this has been recorded.' : null,
          'Thank you.',
        ];
      }
      case 'none':
        return ['You have said you brought no personal device today.', 'Your shift has started. Thank you.'];
      case 'out': {
        const outs = devicesOut(after);
        const due = outs[0] ? clock(outs[0].due_back_at) : '';
        if (extra.purpose === 'permission' && after.grant) {
          return [
            `Your ${deviceList(outs)} ${isAre(outs)} out until ${due}.`,
            `Use ${outs.length === 1 ? 'it' : 'them'} only ${after.grant.room_name ? `in ${after.grant.room_name}` : 'where the manager said'}, away from children.`,
            `Put ${outs.length === 1 ? 'it' : 'them'} back in locker ${locker(outs)} by ${due}.`,
          ];
        }
        return [
          `Your ${deviceList(outs)} ${isAre(outs)} out until ${due}, the end of your break.`,
          zone ? `Use ${outs.length === 1 ? 'it' : 'them'} only in the ${zone}, away from children.` : null,
          `Put ${outs.length === 1 ? 'it' : 'them'} back in locker ${locker(outs)} by ${due}.`,
        ];
      }
      case 'home': {
        const went = [...devicesIn(before), ...devicesOut(before)];
        return [
          'You are signed off. Goodbye.',
          went.length ? `Your ${deviceList(went)} go${went.length === 1 ? 'es' : ''} home with you.` : null,
        ];
      }
      default:
        return ['Done.'];
    }
  }

  // The answer: plain words, then back to the names.
  function answer(lines) {
    screen = 'answer';
    const [first, ...rest] = lines.filter(Boolean);
    show(first,
      h('div', { class: 'govuk-panel govuk-panel--confirmation sg-kiosk__answer', role: 'status' },
        h('h1', { class: 'govuk-panel__title', tabindex: '-1', text: first }),
        rest.length ? h('div', { class: 'govuk-panel__body' }, rest.map((l) => h('p', { class: 'sg-kiosk__answer-line', text: l }))) : null),
      para('This screen goes back to the names in a few seconds.'),
      button('Done', { type: 'button', on: { click: names } }));
    who = null;
    backTimer = setTimeout(() => { if (!ctx.stale && screen === 'answer') names(); }, BACK_AFTER_ANSWER_MS);
    refresh();
  }

  // ---- devices into the locker ----------------------------------------------
  function checkInScreen(mode) {
    screen = 'check-in';
    const s = who.state;
    const inNow = devicesIn(s).map((d) => d.kind);
    const known = [...new Set(s.devices.map((d) => d.kind))].filter((k) => !inNow.includes(k));
    const pre = mode === 'start' && known.length ? known : (inNow.length ? [] : ['phone']);
    const content = h('div');
    const form = new Form({
      host: content,
      submitText: mode === 'start' ? 'Start my shift' : 'Put them in the locker',
      labels: { devices: 'Devices', locker: 'Locker', switched: 'Switched off or on silent' },
      required: { devices: 'Tick each device you are putting in the locker', switched: 'Say whether they are switched off or on silent' },
      secondary: [button('Back', { kind: 'secondary', type: 'button', on: { click: () => adultScreen() } })],
      submit: async (v) => {
        const extra = { devices: v.devices, switched: v.switched };
        if (v.locker) extra.locker = v.locker;
        const before = who.state;
        const res = await act(who, mode, extra);
        if (ctx.stale) return undefined;
        if (res.status !== 200) return res;
        who.state = res.json;
        answer(sayWhat(mode, extra, before, res.json));
        return undefined;
      },
    });
    const common = DEVICE_KINDS.filter(([k]) => COMMON_KINDS.includes(k) && !inNow.includes(k));
    const others = DEVICE_KINDS.filter(([k]) => !COMMON_KINDS.includes(k) && !inNow.includes(k));
    const devices = checkboxes({
      name: 'devices', legend: 'Which devices are you putting in the locker?', hint: 'Tick each one',
      values: pre,
      items: [...common, ...others].map(([value, text]) => ({ value, text })),
    });
    // The less common kinds fold away until asked for.
    const items = [...devices.el.querySelectorAll('.govuk-checkboxes__item')];
    const folded = items.slice(common.length);
    const anyOtherTicked = others.some(([k]) => pre.includes(k));
    if (folded.length && !anyOtherTicked) {
      folded.forEach((it) => { it.hidden = true; });
      const more = h('button', {
        type: 'button', class: 'govuk-button govuk-button--secondary sg-kiosk__more',
        on: {
          click: () => {
            folded.forEach((it) => { it.hidden = false; });
            more.remove();
            folded[0].querySelector('input').focus();
          },
        },
      }, 'Other kinds of device');
      devices.el.querySelector('.govuk-checkboxes').append(more);
    }
    form.add(
      devices,
      textInput({
        name: 'locker', label: 'Locker', value: s.adult.locker || '', width: 5, autocomplete: 'off',
        hint: s.adult.locker ? 'Your usual locker is filled in' : 'The number or name on your locker',
      }),
      radios({
        name: 'switched', legend: 'Are they switched off or on silent?', inline: false,
        items: [{ value: 'off', text: 'Switched off' }, { value: 'silent', text: 'On silent' }],
      }));
    if (mode === 'start') {
      form.add(para(button('I have brought no personal device', {
        kind: 'secondary', type: 'button', on: { click: () => doAction('none', {}, (e) => checkInError(e)) },
      })));
    }
    const checkInError = (e) => form.showErrors([{ message: e }]);
    replace(content,
      h('h1', { class: 'govuk-heading-xl', tabindex: '-1', text: mode === 'start' ? 'Start my shift' : 'Devices into the locker' }),
      form.el);
    show(mode === 'start' ? 'Start my shift' : 'Devices into the locker', content);
  }

  // ---- devices back in -----------------------------------------------------
  function putBackScreen(outs, error) {
    screen = 'put-back';
    const locker = outs[0].locker || who.state.adult.locker;
    const put = (switched) => doAction('in', {
      devices: outs.map((d) => (d.label ? { kind: d.kind, label: d.label } : d.kind)),
      switched,
      ...(locker ? { locker } : {}),
    }, (e) => putBackScreen(outs, e));
    show('Put back in locker',
      error ? errorSummary([{ text: error }]) : null,
      h('h1', { class: 'govuk-heading-xl', tabindex: '-1', text: `Put your ${deviceList(outs)} back in locker ${locker}` }),
      para('Then tap one button to say how you left them.'),
      h('div', { class: 'sg-kiosk__actions' },
        big(`${outs.length === 1 ? 'It is' : 'They are'} switched off`, () => put('off')),
        big(`${outs.length === 1 ? 'It is' : 'They are'} on silent`, () => put('silent')),
        big('Back', () => adultScreen(), 'secondary')));
    if (error) document.querySelector('.govuk-error-summary').focus();
  }

  // ---- home time -----------------------------------------------------------
  function goingHomeScreen() {
    screen = 'home';
    const s = who.state;
    const all = [...devicesIn(s), ...devicesOut(s)];
    show('Going home',
      h('h1', { class: 'govuk-heading-xl', tabindex: '-1', text: 'Going home?' }),
      para('You will be signed off.'),
      all.length ? para(`Take your ${deviceList(all)} with you: ${all.length === 1 ? 'it goes' : 'they go'} home with you.`) : null,
      h('div', { class: 'sg-kiosk__actions' },
        big('Yes, I am going home', () => doAction('home', {})),
        big('Back', () => adultScreen(), 'secondary')));
  }

  // ---- keeping the names and the clock fresh ---------------------------------
  async function refresh() {
    const res = await api('GET', '/kiosk');
    if (ctx.stale || res.status !== 200) return;
    home = res.json;
    offset = Date.parse(home.now) - Date.now();
    const now = JSON.stringify({ ...home, now: null });
    if (now !== lastHome && screen === 'names') {
      const host = document.getElementById('kiosk-names');
      if (host) replace(host, namesList());
    }
    lastHome = now;
  }
  lastHome = JSON.stringify({ ...home, now: null });

  timers.push(setInterval(() => {
    if (ctx.stale) return stop();
    const t = clockText();
    document.querySelectorAll('[data-clock]').forEach((el) => { if (el.textContent !== t) el.textContent = t; });
    return undefined;
  }, 1000));
  timers.push(setInterval(() => {
    if (ctx.stale) return stop();
    if (screen === 'names') refresh();
    return undefined;
  }, REFRESH_MS));

  names();
}

/* This browser is not a kiosk (or the kiosk was retired). */
function notAKiosk(ctx, r) {
  const e = errorOf(r);
  ctx.render({ title: 'This is not the locker kiosk', section: null },
    heading('This is not the locker kiosk'),
    para('This page is for the tablet by the staff lockers, where staff put their phones and smart watches away at the start of a shift.'),
    e.code === 'forbidden'
      ? para('This browser has not been set up as the locker kiosk. The manager can set a tablet up from the ', link('/kiosks', 'Locker kiosks'), ' page.')
      : para(`${humanise(e.message)}.`),
    buttonGroup(link('/', 'Go to the home page')));
}
