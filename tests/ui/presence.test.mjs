// presence.test.mjs — scenario S-05 in the browser: a key person's phone and
// smart watch through one working day, on the locker kiosk (a tablet) and
// on the manager's pages (home, Today, one adult's ledger, emergency use,
// locker kiosks, policy choices).
//
// Time: the product has no clock back door. The real binary is run under
// libfaketime and restarted on the same data directory at each time of the
// scenario (the server sweeps the time-based rules when it starts); the
// browsers' clocks are set to the same time. Chloe Bennett works 08:00 to
// 16:00 with her break 12:00 to 12:30, locker 7; the staff room is the
// mobile zone (CONFIG-03 = mobile zone).
//
// run: make safeguard && SAFEGUARD_BIN=./safeguard node --test tests/ui/presence.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  TABLET, launch, newPage, login, goto, drawn, apiFromPage, axe, printAxeSummary, screenshots, assertNoProblems,
} from './lib.mjs';
import { BIN, REPO, cli, freePort, tempDir, rmrf, sleep } from '../api/lib.mjs';

const DAY = '2026-11-25';
const FAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1']
  .find((p) => fs.existsSync(p));
const MANAGER = ['mary.manager@willow.example', 'manager-password-1'];
const CHLOE = ['chloe.bennett@willow.example', 'chloe-password-1'];
const CHLOE_PIN = '2468';

let root;
let dir;
let port;
let server = null;
let browser;
const ids = {};

/* The server's environment at `hhmm` on the scenario's day. */
function timeEnv(hhmm) {
  return { LD_PRELOAD: FAKETIME, FAKETIME: `@${DAY} ${hhmm}:00`, TZ: 'Europe/London' };
}
const instant = (hhmm) => new Date(`${DAY}T${hhmm}:00Z`); // London is on GMT in November

/* (Re)start the server at `hhmm`, always on the same port so the browsers'
 * cookies and base URL carry over. */
async function serveAt(hhmm) {
  if (server) await server.stop();
  for (let attempt = 0; ; attempt++) {
    const proc = spawn(BIN, ['serve', '--data', dir, '--listen', `127.0.0.1:${port}`], {
      env: { ...process.env, ...timeEnv(hhmm) }, cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    proc.stderr.on('data', (d) => { err = (err + d).slice(-20000); });
    proc.stdout.resume();
    let exited = null;
    const done = new Promise((resolve) => proc.on('exit', (code, signal) => { exited = { code, signal }; resolve(exited); }));
    const deadline = Date.now() + 15000;
    let up = false;
    while (!exited && Date.now() < deadline) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/healthz`);
        await r.arrayBuffer();
        if (r.status === 200) { up = true; break; }
      } catch { /* not yet */ }
      await sleep(25);
    }
    if (up) {
      server = {
        err: () => err,
        async stop() {
          if (!exited) proc.kill('SIGTERM');
          const x = await done;
          assert.equal(x.code, 0, `server exit ${JSON.stringify(x)}:\n${err.slice(-2000)}`);
        },
      };
      return server;
    }
    proc.kill('SIGKILL');
    await done;
    if (attempt >= 20 || !/cannot listen|address already in use/i.test(err)) throw new Error(`server did not start at ${hhmm}:\n${err}`);
    await sleep(250); // the port is still held by the last run's sockets
  }
}

let manager; // the manager's browser (desktop)
let kiosk; // the tablet by the lockers
let chloe; // Chloe's own log-in

/* Every browser's clock shows the scenario's time too. */
async function clocksAt(hhmm) {
  for (const p of [manager, kiosk, chloe]) if (p) await p.clock.setSystemTime(instant(hhmm));
}

async function at(hhmm) {
  if (server) await server.stop();
  server = null;
  // The sweep the server also runs as it starts, done first so the findings
  // of this time are there before the first page is drawn.
  const sw = cli(['sweep', '--data', dir], { env: timeEnv(hhmm) });
  assert.equal(sw.code, 0, sw.stderr);
  await serveAt(hhmm);
  await clocksAt(hhmm);
}

before(async () => {
  assert.ok(FAKETIME, 'libfaketime is needed (apt-get install faketime)');
  root = tempDir('sgui-presence-');
  dir = path.join(root, 'data');
  const pwf = path.join(root, 'pw');
  fs.writeFileSync(pwf, `${MANAGER[1]}\n`, { mode: 0o600 });
  const r = cli(['init', '--data', dir, '--setting', 'Willow Lane Nursery', '--kind', 'nursery', '--manager', MANAGER[0],
    '--manager-name', 'Mary Manager', '--password-file', pwf], { env: timeEnv('07:30') });
  assert.equal(r.code, 0, r.stderr);
  port = await freePort();
  browser = await launch();
});

after(async () => {
  printAxeSummary();
  if (browser) await browser.close();
  if (server) await server.stop();
  rmrf(root);
});

const base = () => `http://127.0.0.1:${port}`;
async function open(hhmm, opts) {
  const page = await newPage(browser, base(), opts);
  await page.clock.install({ time: instant(hhmm) });
  return page;
}
const main = (page) => page.locator('main');
/* One adult's row on the manager's board. */
const boardRow = (name) => manager.getByRole('table', { name: 'Who is on shift today' }).getByRole('row', { name: new RegExp(name) });
const grantRow = (name) => manager.getByRole('table', { name: 'Permissions granted today and in force' }).getByRole('row', { name: new RegExp(name) });
/* The page's heading without its caption. */
const h1 = (page) => page.locator('main h1').first().evaluate((el) => {
  const c = el.cloneNode(true);
  c.querySelectorAll('[class*="govuk-caption"]').forEach((x) => x.remove());
  return c.textContent.trim();
});
async function ok(page, method, p, body, want = [200, 201]) {
  const r = await apiFromPage(page, method, p, body);
  assert.ok([].concat(want).includes(r.status), `${method} ${p}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

/* At the kiosk: tap a name, enter the PIN on the number pad, OK. */
async function tapIn(name, pin) {
  await goto(kiosk, '/kiosk');
  assert.equal(await h1(kiosk), 'Tap your name');
  await kiosk.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await drawn(kiosk);
  for (const d of pin) await kiosk.getByRole('group', { name: 'Number pad' }).getByRole('button', { name: d, exact: true }).click();
  await kiosk.getByRole('button', { name: 'OK', exact: true }).click();
  await pinChecked();
}

/* The PIN was checked: the adult's screen, or the PIN screen with its error. */
function pinChecked() {
  return kiosk.waitForFunction(() => !document.getElementById('kiosk-pin') || document.querySelector('.govuk-error-summary'));
}

/* Wait until the kiosk shows the screen with this heading. */
function kioskShows(text) {
  return kiosk.locator('main h1', { hasText: text }).first().waitFor();
}

test('S-05 a key person\u2019s phone through one working day, at the locker kiosk and on the manager\u2019s pages', async () => {
  // ---- 07:40 the manager sets the day up --------------------------------
  await at('07:40');
  manager = await open('07:40');
  await login(manager, MANAGER);
  const room = (body) => ok(manager, 'POST', '/rooms', body);
  ids.ladybird = (await room({ name: 'Ladybird Room', class: 'children' })).id;
  ids.staffRoom = (await room({ name: 'Staff room', class: 'adults-only' })).id;
  ids.office = (await room({ name: 'Office', class: 'adults-only' })).id;
  // PERSONAL-DEVICES-07: a children's room is never a mobile zone; the staff room is.
  const refused = await apiFromPage(manager, 'PATCH', `/rooms/${ids.ladybird}`, { mobile_zone: true });
  assert.equal(refused.status, 422);
  assert.equal(refused.json.error.code, 'refused_by_policy');
  await ok(manager, 'PATCH', `/rooms/${ids.staffRoom}`, { mobile_zone: true });
  const adult = (first, last, roles, locker, extra = {}) => ok(manager, 'POST', '/adults', { first_name: first, last_name: last, roles, locker, ...extra });
  ids.chloe = (await adult('Chloe', 'Bennett', ['key-person', 'staff'], '7', { email: CHLOE[0], password: CHLOE[1] })).id;
  ids.aisha = (await adult('Aisha', 'Rahman', ['staff'], '3')).id;
  ids.tomasz = (await adult('Tomasz', 'Nowak', ['staff'], '9')).id;
  await ok(manager, 'POST', '/shifts', { adult_id: ids.aisha, date: DAY, start: '07:30', end: '15:30', break_start: '11:30', break_minutes: 30 });
  await ok(manager, 'POST', '/shifts', { adult_id: ids.tomasz, date: DAY, start: '09:00', end: '17:00', break_start: '13:00', break_minutes: 45 });
  await ok(manager, 'POST', `/adults/${ids.aisha}/pin`, { pin: '3579' });

  // Chloe's shift is planned on the "Plan a shift" page.
  await goto(manager, '/presence');
  assert.equal(await h1(manager), 'Today');
  await manager.getByRole('link', { name: 'Plan a shift' }).click();
  await drawn(manager);
  assert.equal(await h1(manager), 'Plan a shift');
  await manager.getByLabel('Who is working?').selectOption({ label: 'Chloe Bennett' });
  await manager.getByLabel('Date').fill(DAY);
  await manager.getByLabel('Start', { exact: true }).fill('08:00');
  await manager.getByLabel('End', { exact: true }).fill('16:00');
  // A break outside the shift is refused, next to the field.
  await manager.getByLabel('Break starts').fill('17:00');
  await manager.getByRole('button', { name: 'Plan the shift' }).click();
  await manager.locator('.govuk-error-summary').waitFor();
  assert.match(await manager.locator('.govuk-error-summary').innerText(), /The break must fall within the shift/);
  await axe(manager, 'presence plan shift (error)');
  await screenshots(manager, 'presence-plan-shift');
  await manager.getByLabel('Break starts').fill('12:00');
  await manager.getByRole('button', { name: 'Plan the shift' }).click();
  await manager.waitForURL('**/presence');
  await drawn(manager);
  assert.match(await main(manager).innerText(), /Shift planned for Chloe Bennett on 25 November 2026: 08:00 to 16:00, break 12:00 to 12:30/);
  const board = manager.getByRole('table', { name: 'Who is on shift today' });
  assert.match(await board.innerText(), /Chloe Bennett\s+08:00 to 16:00\s+Break 12:00 to 12:30\s+Due at 08:00/);

  // Chloe sets her own kiosk PIN (her password confirms it is her).
  chloe = await open('07:40');
  await login(chloe, CHLOE);
  const phone = chloe.getByRole('region', { name: 'Your phone and locker' });
  assert.match(await phone.innerText(), /Due at 08:00/);
  assert.match(await phone.innerText(), /Your locker: 7/);
  assert.equal(await chloe.getByRole('region', { name: 'Needs your attention' }).count(), 0, 'a key person does not see the findings');
  await phone.getByRole('link', { name: 'Set your kiosk PIN' }).click();
  await drawn(chloe);
  assert.equal(await h1(chloe), 'Your kiosk PIN');
  await chloe.getByLabel('Your current password').fill(CHLOE[1]);
  await chloe.getByLabel('New PIN').fill('1234');
  await chloe.getByLabel('The PIN again').fill('1234');
  await chloe.getByRole('button', { name: 'Set the PIN' }).click();
  await chloe.locator('.govuk-error-summary').waitFor();
  assert.match(await chloe.locator('.govuk-error-summary').innerText(), /harder to guess than 1234/);
  await axe(chloe, 'my kiosk PIN (error)');
  await chloe.getByLabel('Your current password').fill(CHLOE[1]);
  await chloe.getByLabel('New PIN').fill(CHLOE_PIN);
  await chloe.getByLabel('The PIN again').fill(CHLOE_PIN);
  await chloe.getByRole('button', { name: 'Set the PIN' }).click();
  await chloe.waitForURL((u) => u.pathname === '/');
  await drawn(chloe);
  assert.match(await main(chloe).innerText(), /Your kiosk PIN is set/);
  assert.match(await chloe.getByRole('region', { name: 'Your phone and locker' }).innerText(), /You have a kiosk PIN/);
  // PERSONAL-DEVICES-09: nobody grants themselves permission; a key person grants none at all.
  const selfGrant = await apiFromPage(chloe, 'POST', '/grants', {
    adult_id: ids.chloe, kind: 'emergency', reason: 'my son', room_id: ids.office, ends_at: `${DAY}T08:30:00Z`,
  });
  assert.equal(selfGrant.status, 403);

  // The tablet by the lockers becomes the kiosk: the manager logs in on it
  // and is logged out there by setting it up.
  kiosk = await open('07:40', { viewport: TABLET });
  await login(kiosk, MANAGER, '/kiosks');
  assert.equal(await h1(kiosk), 'Locker kiosks');
  await axe(kiosk, 'locker kiosks');
  await kiosk.getByLabel('Name of the kiosk').fill('Staff room lockers');
  await kiosk.getByRole('button', { name: 'Make this tablet the locker kiosk' }).click();
  await kiosk.waitForURL('**/kiosk');
  await drawn(kiosk);
  assert.equal(await h1(kiosk), 'Tap your name');
  assert.match(await main(kiosk).innerText(), /Staff room lockers/);
  assert.match(await main(kiosk).innerText(), /use a personal phone only in the mobile zone: Staff room/);
  assert.equal(await kiosk.locator('#sg-user').innerText(), '', 'nobody is logged in on the kiosk');
  assert.equal((await kiosk.context().cookies()).filter((c) => c.name === 'sg_session' && c.value).length, 0);
  // The kiosk can do nothing else: no children, no adults, no log-in's pages.
  const probe = await apiFromPage(kiosk, 'GET', '/children');
  assert.equal(probe.status, 403);
  assert.equal(probe.json.error.code, 'kiosk_only');
  await goto(kiosk, '/children');
  assert.equal(new URL(kiosk.url()).pathname, '/kiosk', 'any other page sends the kiosk back to its own');
  // No contact details: the kiosk's answer holds names and states only.
  const kioskData = await ok(kiosk, 'GET', '/kiosk');
  assert.doesNotMatch(JSON.stringify(kioskData), /@|07700|email|phone_number/);
  // Aisha (07:30 to 15:30) checks her phone in.
  await ok(kiosk, 'POST', '/kiosk/actions', { adult_id: ids.aisha, pin: '3579', action: 'start', devices: ['phone'], switched: 'off' });
  await goto(kiosk, '/kiosk');
  assert.match(await kiosk.getByRole('button', { name: /^Aisha Rahman/ }).innerText(), /Phone in locker 3/);
  assert.match(await kiosk.getByRole('button', { name: /^Chloe Bennett/ }).innerText(), /Due at 08:00/);
  await axe(kiosk, 'kiosk: names');
  await screenshots(kiosk, 'kiosk-names');

  // ---- 08:00 Chloe signs on without checking a device in (step 1) ----------
  await at('08:00');
  await login(chloe, CHLOE);
  await ok(chloe, 'POST', `/presence/adults/${ids.chloe}/sign-on`, {});
  await login(manager, MANAGER);
  const attention = manager.getByRole('region', { name: 'Needs your attention' });
  let text = await attention.innerText();
  assert.match(text, /High\s+Chloe Bennett/);
  assert.match(text, /Chloe Bennett signed on at 08:00 without checking a personal device into the locker or declaring none/);
  assert.match(text, /Since 08:00 \(less than a minute\)/);
  await attention.getByRole('link', { name: 'See today\u2019s board' }).waitFor();
  await axe(manager, 'home: a finding');
  await screenshots(manager, 'presence-home-finding');
  await goto(manager, '/presence');
  const chloeRow = boardRow('Chloe Bennett');
  assert.match(await chloeRow.innerText(), /Needs attention\s+On shift without a device check-in/);
  assert.match(await chloeRow.getAttribute('class'), /sg-board__row--alert/);
  assert.match(await manager.locator('.govuk-warning-text').innerText(), /Chloe Bennett: On shift without a device check-in/);
  await axe(manager, 'today: no check-in');
  await screenshots(manager, 'presence-today-no-check-in');

  // ---- 08:06 phone and smart watch into locker 7, on silent (step 2) --------
  await at('08:06');
  await tapIn('Chloe Bennett', '1357');
  assert.match(await kiosk.locator('.govuk-error-summary').innerText(), /That PIN is not right. Try again./);
  assert.equal(await kiosk.locator('#kiosk-pin').inputValue(), '', 'a wrong PIN is cleared');
  await axe(kiosk, 'kiosk: wrong PIN');
  for (const d of CHLOE_PIN) await kiosk.getByRole('button', { name: d, exact: true }).click();
  assert.equal(await kiosk.locator('#kiosk-pin').getAttribute('type'), 'password', 'the PIN is masked');
  await screenshots(kiosk, 'kiosk-pin');
  await kiosk.getByRole('button', { name: 'OK', exact: true }).click();
  await kioskShows('Hello, Chloe');
  text = await main(kiosk).innerText();
  assert.match(text, /On shift without a device check-in/);
  assert.match(text, /Your shift\s+08:00 to 16:00/);
  assert.match(text, /Your break\s+12:00 to 12:30/);
  assert.match(text, /Your locker\s+7/);
  assert.equal(await kiosk.getByRole('button', { name: 'Take out for my break' }).count(), 0);
  await axe(kiosk, 'kiosk: her screen, no check-in');
  await screenshots(kiosk, 'kiosk-adult-no-check-in');
  await kiosk.getByRole('button', { name: 'Put my devices in the locker' }).click();
  await kioskShows('Devices into the locker');
  assert.equal(await kiosk.getByLabel('Locker').inputValue(), '7', 'her locker is filled in from her record');
  // Forgetting to say off or silent is caught before anything is sent.
  await kiosk.getByLabel('Smart watch').check();
  await kiosk.getByRole('button', { name: 'Put them in the locker' }).click();
  assert.match(await kiosk.locator('.govuk-error-summary').innerText(), /Say whether they are switched off or on silent/);
  await axe(kiosk, 'kiosk: check-in (error)');
  await kiosk.getByLabel('On silent').check();
  await screenshots(kiosk, 'kiosk-check-in');
  assert.ok(await kiosk.getByLabel('Phone').isChecked());
  await kiosk.getByRole('button', { name: 'Put them in the locker' }).click();
  await kiosk.locator('.sg-kiosk__answer').waitFor();
  text = await kiosk.locator('.sg-kiosk__answer').innerText();
  assert.match(text, /Phone and smart watch are in locker 7\./);
  assert.match(text, /Thank you\./);
  await axe(kiosk, 'kiosk: answer');
  await screenshots(kiosk, 'kiosk-answer-check-in');
  // About ten seconds later the kiosk is back at the names, without her PIN.
  await kiosk.clock.fastForward(11000);
  await kiosk.waitForFunction(() => document.querySelector('main h1')?.textContent === 'Tap your name');
  assert.match(await kiosk.getByRole('button', { name: /^Chloe Bennett/ }).innerText(), /Phone, smart watch in locker 7/);
  // The finding cleared as it happened.
  await goto(manager, '/');
  assert.match(await manager.getByRole('region', { name: 'Needs your attention' }).innerText(), /Nothing needs your attention right now/);
  await goto(manager, '/presence');
  assert.match(await boardRow('Chloe Bennett').innerText(), /Phone, smart watch in locker 7/);
  assert.equal(await manager.locator('.sg-board__row--alert').count(), 0);

  // ---- 10:15 not her break: nothing to take out (step 3) -----------------
  await at('10:15');
  await tapIn('Chloe Bennett', CHLOE_PIN);
  assert.equal(await kiosk.getByRole('button', { name: 'Take out for my break' }).count(), 0, 'not offered outside her break');
  assert.match(await main(kiosk).innerText(), /Your phone and smart watch stay in the locker until your break, 12:00 to 12:30/);
  await screenshots(kiosk, 'kiosk-adult-not-break');
  // and the API refuses it, naming her break.
  const early = await apiFromPage(kiosk, 'POST', '/kiosk/actions', { adult_id: ids.chloe, pin: CHLOE_PIN, action: 'out' });
  assert.equal(early.status, 409);
  assert.equal(early.json.error.code, 'not_allowed_now');
  assert.match(early.json.error.message, /break \(12:00–12:30\)/);
  await kiosk.getByRole('button', { name: 'Done' }).click();
  await kioskShows('Tap your name');

  // ---- 12:00 out for her break, to the staff room (step 4) ----------------
  await at('12:00');
  await tapIn('Chloe Bennett', CHLOE_PIN);
  await kiosk.getByRole('button', { name: 'Take out for my break' }).click();
  await kiosk.locator('.sg-kiosk__answer').waitFor();
  text = await kiosk.locator('.sg-kiosk__answer').innerText();
  assert.match(text, /Your phone and smart watch are out until 12:30, the end of your break/);
  assert.match(text, /Use them only in the Staff room, away from children/);
  assert.match(text, /Put them back in locker 7 by 12:30/);
  await screenshots(kiosk, 'kiosk-answer-break');

  // ---- 12:31 not back: the manager is told (step 4) -----------------------
  await at('12:31'); // the server sweeps the time-based rules as it starts
  await login(manager, MANAGER);
  text = await manager.getByRole('region', { name: 'Needs your attention' }).innerText();
  assert.match(text, /Chloe Bennett's phone was due back in the locker at 12:30, when the break ended/);
  assert.match(text, /Chloe Bennett's smart watch was due back in the locker at 12:30/);
  await goto(manager, '/presence');
  const row = boardRow('Chloe Bennett');
  assert.match(await row.innerText(), /Needs attention\s+Phone, smart watch are not back \(due 12:30\)/);
  assert.match(await row.innerText(), /Phone and smart watch: break, back by 12:30\s+Late/);
  assert.match(await manager.locator('.sg-board__counts').innerText(), /2\s+devices are out of the locker/);
  // Tomasz was due at 09:00 and has not come: the board says so rather than "due".
  assert.match(await boardRow('Tomasz Nowak').innerText(), /Not signed on \(due at 09:00\)/);
  await axe(manager, 'today: device overdue');
  await screenshots(manager, 'presence-today-overdue');

  // ---- 12:33 back in, logged as late --------------------------------------
  await at('12:33');
  await tapIn('Chloe Bennett', CHLOE_PIN);
  assert.match(await kiosk.locator('.sg-kiosk__state').innerText(), /not back \(due 12:30\)/);
  await kiosk.getByRole('button', { name: 'Put back in locker' }).click();
  await kioskShows('Put your');
  assert.equal(await h1(kiosk), 'Put your phone and smart watch back in locker 7');
  await axe(kiosk, 'kiosk: put back');
  await screenshots(kiosk, 'kiosk-put-back');
  await kiosk.getByRole('button', { name: 'They are on silent' }).click();
  await kiosk.locator('.sg-kiosk__answer').waitFor();
  text = await kiosk.locator('.sg-kiosk__answer').innerText();
  assert.match(text, /Phone and smart watch are in locker 7\./);
  assert.match(text, /after the time they were due, so this has been recorded/);
  await login(manager, MANAGER, `/presence/adults/${ids.chloe}`);
  const ledger = manager.getByRole('table', { name: 'Chloe Bennett\u2019s locker ledger' });
  text = await ledger.innerText();
  assert.match(text, /Put back in the locker\s+3 minutes late\s+Phone\s+7\s+On silent\s+Chloe Bennett at Staff room lockers/);
  assert.match(text, /Taken out for the break \(for the Staff room, due back 12:30\)/);
  assert.match(text, /Put in the locker at the start of the shift\s+Smart watch\s+7\s+On silent/);
  await axe(manager, 'one adult: ledger');
  await ledger.scrollIntoViewIfNeeded();
  await screenshots(manager, 'presence-adult-ledger');

  // ---- 14:05 emergency use in the office until 14:20 (step 5) ---------------
  await at('14:05');
  await login(manager, MANAGER, '/presence/grants/new');
  assert.equal(await h1(manager), 'Grant permission to use a personal phone');
  assert.equal(await manager.getByRole('option', { name: 'Mary Manager' }).count(), 0, 'the manager is not offered herself');
  assert.equal(await manager.getByLabel('Ladybird Room').count(), 0, 'only adults-only rooms are offered');
  await manager.getByLabel('Who needs to use their phone?').selectOption({ label: 'Chloe Bennett' });
  await manager.getByLabel('Why?').fill('Her son\u2019s school rang the setting phone');
  await manager.getByLabel('Who asked? (optional)').fill('Jane in the office');
  await manager.getByLabel('Office').check();
  await manager.getByLabel('Until what time today?').fill('15:30');
  await manager.getByRole('button', { name: 'Grant the permission' }).click();
  await manager.locator('.govuk-error-summary').waitFor();
  assert.match(await manager.locator('.govuk-error-summary').innerText(), /at most 60 minutes/);
  await axe(manager, 'grant emergency use (refused)');
  await screenshots(manager, 'presence-grant-refused');
  await manager.getByLabel('Until what time today?').fill('14:20');
  await manager.getByRole('button', { name: 'Grant the permission' }).click();
  await manager.waitForURL('**/presence');
  await drawn(manager);
  assert.match(await main(manager).innerText(), /Chloe Bennett may use their phone in Office until 14:20/);
  const permissions = manager.getByRole('table', { name: 'Permissions granted today and in force' });
  assert.match(await permissions.innerText(), /Chloe Bennett\s+Emergency use\s+Her son’s school rang the setting phone\s+Office\s+14:05 to 14:20\s+In force\s+End now/);
  assert.match(await boardRow('Chloe Bennett').innerText(), /Emergency use in Office until 14:20/);
  // A second permission, ended at once with "End now".
  await goto(manager, '/presence/grants/new');
  await manager.getByLabel('Who needs to use their phone?').selectOption({ label: 'Aisha Rahman' });
  await manager.getByLabel('Why?').fill('A call from her GP');
  await manager.getByLabel('Office').check();
  await manager.getByLabel('Until what time today?').fill('14:15');
  await manager.getByRole('button', { name: 'Grant the permission' }).click();
  await manager.waitForURL('**/presence');
  await drawn(manager);
  await manager.getByRole('button', { name: 'End now the permission for Aisha Rahman' }).click();
  await manager.waitForFunction(() => /has ended/.test(document.querySelector('main').innerText));
  await drawn(manager);
  assert.match(await grantRow('Aisha Rahman').innerText(), /Emergency use\s+A call from her GP\s+Office\s+14:05 to 14:15\s+Ended at 14:05/);
  // PERSONAL-DEVICES-17, OUTINGS-05: her own phone on this afternoon's home visit; the page offers only her recorded visits.
  const finn = await ok(manager, 'POST', '/children', { first_name: 'Finn', last_name: 'Walsh', date_of_birth: '2023-03-01', room_id: ids.ladybird });
  const me = (await apiFromPage(manager, 'GET', '/me')).json.adult.id;
  await ok(manager, 'POST', '/home-visits', { visit_date: DAY, starts: '14:30', ends: '15:30', adult_ids: [me], child_id: finn.id, family: 'The Walsh family' });
  await goto(manager, '/presence/grants/new');
  await manager.getByLabel('Your own phone on a home visit').check();
  await manager.getByLabel('Which home visit?').selectOption({ label: 'The Walsh family, 14:30\u201315:30' });
  await manager.getByLabel('Why?').fill('Settling-in visit: to call the setting if needed');
  await manager.getByLabel('Until what time today?').fill('16:00');
  await manager.getByRole('button', { name: 'Grant the permission' }).click();
  await manager.locator('.govuk-error-summary').waitFor();
  assert.match(await manager.locator('.govuk-error-summary').innerText(), /must end by the time the home visit ends/);
  await manager.getByLabel('Until what time today?').fill('15:30');
  await axe(manager, 'grant: home visit');
  await screenshots(manager, 'presence-grant-home-visit');
  await manager.getByRole('button', { name: 'Grant the permission' }).click();
  await manager.waitForURL('**/presence');
  await drawn(manager);
  assert.match(await main(manager).innerText(), /Mary Manager may use their phone until 15:30: phone on a home visit/);
  await axe(manager, 'today: permissions');
  await manager.getByRole('heading', { name: 'Permissions to use a personal device today' }).scrollIntoViewIfNeeded();
  await screenshots(manager, 'presence-today-permission');
  // At the kiosk she takes her phone out under the permission, then puts it back.
  await tapIn('Chloe Bennett', CHLOE_PIN);
  assert.match(await main(kiosk).innerText(), /Emergency use in Office until 14:20/);
  await screenshots(kiosk, 'kiosk-adult-permission');
  await kiosk.getByRole('button', { name: 'Take out for emergency use' }).click();
  await kiosk.locator('.sg-kiosk__answer').waitFor();
  text = await kiosk.locator('.sg-kiosk__answer').innerText();
  assert.match(text, /Your phone and smart watch are out until 14:20/);
  assert.match(text, /Use them only in Office, away from children/);
  const led = await ok(manager, 'GET', `/presence/ledger?adult_id=${ids.chloe}`);
  const grantOut = led.events.find((e) => e.action === 'out' && e.purpose === 'permission');
  assert.ok(grantOut && grantOut.grant_id, 'the check-out is linked to the permission');
  await tapIn('Chloe Bennett', CHLOE_PIN);
  await kiosk.getByRole('button', { name: 'Put back in locker' }).click();
  await kioskShows('Put your');
  await kiosk.getByRole('button', { name: 'They are switched off' }).click();
  await kiosk.locator('.sg-kiosk__answer').waitFor();
  assert.match(await kiosk.locator('.sg-kiosk__answer').innerText(), /Phone and smart watch are in locker 7/);

  // ---- 16:00 home time -------------------------------------------------------
  await at('16:00');
  await tapIn('Chloe Bennett', CHLOE_PIN);
  await kiosk.getByRole('button', { name: 'Going home' }).click();
  await kioskShows('Going home?');
  assert.equal(await h1(kiosk), 'Going home?');
  assert.match(await main(kiosk).innerText(), /Take your phone and smart watch with you/);
  await axe(kiosk, 'kiosk: going home');
  await kiosk.getByRole('button', { name: 'Yes, I am going home' }).click();
  await kiosk.locator('.sg-kiosk__answer').waitFor();
  text = await kiosk.locator('.sg-kiosk__answer').innerText();
  assert.match(text, /You are signed off. Goodbye./);
  assert.match(text, /Your phone and smart watch go home with you/);
  await screenshots(kiosk, 'kiosk-answer-home');
  await login(manager, MANAGER, '/presence');
  assert.match(await boardRow('Chloe Bennett').innerText(), /Signed off/);
  // The whole day in the ledger, newest first.
  await goto(manager, `/presence/ledger?date=${DAY}`);
  text = await manager.getByRole('table', { name: 'Locker ledger for 25 November 2026' }).innerText();
  assert.match(text, /Chloe Bennett\s+Taken home/);
  assert.match(text, /Aisha Rahman\s+Put in the locker at the start of the shift\s+Phone\s+3\s+Switched off/);
  await axe(manager, 'the whole ledger');

  assertNoProblems(manager);
  assertNoProblems(kiosk);
  assertNoProblems(chloe);
});

test('CONFIG-03 the manager changes a policy choice; everyone can read the choices, only the manager changes them', async () => {
  await at('16:10');
  await login(manager, MANAGER, '/policy');
  assert.equal(await h1(manager), 'Policy choices');
  const card = manager.locator('.govuk-summary-card', { hasText: 'May staff use their own phones on the premises during their break?' });
  assert.match(await card.innerText(), /This setting’s choice\s+Yes, in a mobile zone away from children/);
  assert.match(await card.innerText(), /Not changed: this is the standard choice/);
  assert.match(await card.innerText(), /CONFIG-03/);
  assert.match(await manager.locator('.govuk-summary-card', { hasText: 'Longest emergency use' }).innerText(), /60 minutes \(1 hour\)/);
  await axe(manager, 'policy choices');
  await screenshots(manager, 'presence-policy');
  await card.getByRole('link', { name: /Change/ }).click();
  await drawn(manager);
  assert.match(await h1(manager), /^Change: May staff use their own phones/);
  await manager.getByLabel('Not at all in working hours, except an emergency with the manager\'s permission').check();
  await axe(manager, 'policy choice: change');
  await manager.getByRole('button', { name: 'Save the choice' }).click();
  await manager.waitForURL('**/policy');
  await drawn(manager);
  const after = await manager.locator('.govuk-summary-card', { hasText: 'May staff use their own phones' }).innerText();
  assert.match(after, /Not at all in working hours/);
  assert.match(after, /Chosen by\s+Mary Manager, 25 Nov 2026, 16:10/);
  // A key person reads the choices but is offered no change.
  await login(chloe, CHLOE, '/policy');
  assert.equal(await h1(chloe), 'Policy choices');
  assert.equal(await chloe.getByRole('link', { name: /^Change/ }).count(), 0);
  assert.match(await main(chloe).innerText(), /Only the manager can change these/);
  await goto(chloe, '/policy/breaks.device_use');
  assert.equal(await h1(chloe), 'You cannot do that');
  await goto(chloe, '/presence');
  assert.equal(await h1(chloe), 'You cannot do that');
  assert.equal(await chloe.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Today' }).count(), 0);
  await axe(chloe, 'policy choices (key person)');
  assertNoProblems(manager);
  assertNoProblems(chloe);
});

test('PERSONAL-DEVICES-07, VISITORS-11 the manager marks a mobile zone and a quiet space on the room\u2019s page; only an adults-only room offers them', async () => {
  await login(manager, MANAGER, `/rooms/${ids.staffRoom}`);
  assert.match(await main(manager).innerText(), /Mobile zone\s+Yes/);
  await goto(manager, `/rooms/${ids.office}/edit`);
  assert.equal(await manager.getByLabel('Mobile zone').isChecked(), false);
  await manager.getByLabel('Quiet space for visitors').check();
  await axe(manager, 'room form: phones in this room');
  await screenshots(manager, 'rooms-quiet-space');
  await manager.getByRole('button', { name: 'Save changes' }).click();
  await manager.waitForURL(`**/rooms/${ids.office}`);
  await drawn(manager);
  assert.match(await main(manager).innerText(), /Quiet space for visitors\s+Yes/);
  const room = await apiFromPage(manager, 'GET', `/rooms/${ids.office}`);
  assert.equal(room.json.quiet_space, true);
  // A children's room offers neither: the choice appears only under "adults-only".
  await goto(manager, `/rooms/${ids.ladybird}/edit`);
  assert.equal(await manager.getByLabel('Mobile zone').isVisible(), false);
  assertNoProblems(manager);
});

test('retiring the kiosk: the tablet stops being the kiosk at once', async () => {
  await login(manager, MANAGER, '/kiosks');
  const rowEl = manager.getByRole('row', { name: /Staff room lockers/ });
  assert.match(await rowEl.innerText(), /Mary Manager\s+25 Nov 2026, 07:40\s+In use/);
  await screenshots(manager, 'presence-kiosks');
  await rowEl.getByRole('button', { name: 'Retire Staff room lockers' }).click();
  await manager.waitForFunction(() => /is retired/.test(document.querySelector('main').innerText));
  await drawn(manager);
  assert.match(await manager.getByRole('row', { name: /Staff room lockers/ }).innerText(), /Retired/);
  // The tablet is sent to the log-in page: it holds nothing any more.
  await kiosk.goto('/kiosk');
  await kiosk.waitForURL(/\/login/);
  await drawn(kiosk);
  assert.equal(await h1(kiosk), 'Log in');
  assert.equal((await kiosk.context().cookies()).filter((c) => c.name === 'sg_kiosk' && c.value).length, 0);
  // A logged-in browser that is not a kiosk is told so.
  await goto(manager, '/kiosk');
  assert.equal(await h1(manager), 'This is not the locker kiosk');
  await axe(manager, 'not a kiosk');
  assertNoProblems(manager);
});
