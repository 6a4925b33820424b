// devices.test.mjs — the setting's own devices in headless Chromium against
// the real server and the demo setting: register a tablet, hand it out, run
// the lock-up check on a tablet-sized screen with it missing and see the
// finding; enrol a device by opening its QR code's URL in a second browser
// (not logged in) and see it listed as enrolled; quarantine it and see a
// hand-out refused (PRO-DEVICES-01, -03, -08, -14; enrolment).
//
// Every page visited is checked with axe; screenshots at 1280×800 and
// 800×1280 (kept in docs/screenshots/ with SG_SCREENSHOTS=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LOGINS, TABLET, demoServer, launch, newPage, login, goto, drawn, apiFromPage, axe, printAxeSummary, screenshots,
  assertNoProblems,
} from './lib.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([demoServer(), launch()]);
});

after(async () => {
  printAxeSummary();
  if (browser) await browser.close();
  if (server) await server.stop();
});

const open = (opts) => newPage(browser, server.url, opts);
const h1 = (page) => page.locator('main h1').innerText();
const ids = {};

test('PRO-DEVICES-01/-03/-08 register a tablet, hand it out, lock up with it missing: the manager is told', async () => {
  const page = await open();
  await login(page, LOGINS.manager);
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Devices', exact: true }).click();
  await page.waitForURL('**/devices');
  await drawn(page);
  assert.equal(await h1(page), 'Devices');
  const register = page.getByRole('table');
  assert.match(await register.innerText(), /T-01\s+Tablet\s+Locked away/);
  await axe(page, 'devices register');
  await screenshots(page, 'devices-register');

  // Register T-07.
  await page.getByRole('link', { name: 'Add a device' }).click();
  await drawn(page);
  await page.getByLabel('Tablet', { exact: true }).check();
  await page.getByLabel('Label').fill('T-07');
  await page.getByLabel('Serial number (optional)').fill('DMPQ4F7ZZ1');
  await page.getByLabel('Where it is kept').fill('Locked cupboard, Caterpillar Room');
  await page.getByRole('group', { name: 'Is a passcode set on it?' }).getByLabel('Yes').check();
  await page.getByLabel('Children', { exact: true }).check();
  await axe(page, 'devices add');
  await page.getByRole('button', { name: 'Add device' }).click();
  await page.waitForURL(/\/devices\/\d+$/);
  await drawn(page);
  assert.match(await h1(page), /T-07$/);
  assert.match(await page.locator('main').innerText(), /T-07 was added to the register/);
  ids.t7 = Number(new URL(page.url()).pathname.split('/').pop());

  // Hand it to Aisha.
  await page.getByRole('link', { name: 'Hand it to someone' }).click();
  await drawn(page);
  await page.getByLabel('Who is taking it?').selectOption({ label: 'Aisha Rahman' });
  await page.getByLabel('A session with children').check();
  await axe(page, 'devices hand out');
  await page.getByRole('button', { name: 'Hand it out' }).click();
  await page.waitForURL(`**/devices/${ids.t7}`);
  await drawn(page);
  assert.match(await page.locator('main').innerText(), /With Aisha Rahman since/);
  assert.match(await page.getByRole('table', { name: /hand-out/ }).innerText(), /Aisha Rahman\s+On site/);
  await axe(page, 'device detail');
  await screenshots(page, 'devices-detail');

  // The lock-up check on the tablet by the cupboard: everything but T-07 ticked.
  await page.setViewportSize(TABLET);
  await goto(page, '/devices/lockup');
  assert.match(await h1(page), /Lock-up check$/);
  const boxes = page.getByRole('group', { name: 'Tick each device you can see locked away' }).getByRole('checkbox');
  const n = await boxes.count();
  assert.equal(n, 12);
  for (let i = 0; i < n; i++) {
    const box = boxes.nth(i);
    const label = await page.locator(`label[for="${await box.getAttribute('id')}"]`).innerText();
    if (!label.startsWith('T-07')) await box.check();
  }
  await axe(page, 'lock-up check');
  await screenshots(page, 'devices-lockup');
  await page.getByRole('button', { name: 'Record the lock-up check' }).click();
  await page.getByRole('heading', { name: 'Lock-up check recorded' }).waitFor();
  const summary = await page.locator('main').innerText();
  assert.match(summary, /11 locked away, 0 off site, 1 not accounted for/);
  assert.match(summary, /T-07\s+missing/);
  await axe(page, 'lock-up recorded');
  await screenshots(page, 'devices-lockup-done');
  const f = await apiFromPage(page, 'GET', '/findings');
  assert.equal(f.status, 200);
  const mine = f.json.findings.filter((x) => x.area === 'devices');
  assert.deepEqual(mine.map((x) => [x.rule, x.subject]), [['PRO-DEVICES-08', 'T-07']]);
  assert.match(mine[0].text, /T-07 was not accounted for at the lock-up check/);
  assertNoProblems(page);
  await page.context().close();
});

test('enrolment: the QR code\'s URL opened in a second browser enrols the tablet; quarantine then refuses a hand-out', async () => {
  const page = await open();
  await login(page, LOGINS.manager);
  const list = await apiFromPage(page, 'GET', '/devices?kind=tablet');
  ids.t1 = list.json.devices.find((d) => d.label === 'T-01').id;
  await goto(page, `/devices/${ids.t1}`);
  await page.getByRole('link', { name: 'Enrol T-01' }).click();
  await drawn(page);
  assert.match(await h1(page), /Enrol T-01$/);
  await page.getByRole('button', { name: 'Show the QR code' }).click();
  const qr = page.getByRole('img', { name: 'QR code to enrol T-01' });
  await qr.waitFor();
  assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
  await page.getByText('The camera cannot read it?').click();
  const url = await page.locator('[data-enrol-url]').innerText();
  assert.match(url, new RegExp(`^${server.url}/enrol/[A-Za-z0-9_-]{43}$`));
  await axe(page, 'enrol (manager)');
  await screenshots(page, 'devices-enrol');

  // The tablet: its own browser, nobody logged in, opens the URL.
  const tablet = await open({ viewport: TABLET });
  await tablet.goto(url);
  await drawn(tablet);
  assert.match(await h1(tablet), /Enrol this tablet$/);
  assert.match(await tablet.locator('main').innerText(), /T-01/);
  await axe(tablet, 'enrol (tablet)');
  await screenshots(tablet, 'devices-enrol-device');
  await tablet.getByRole('button', { name: 'Enrol as T-01' }).click();
  await tablet.getByRole('heading', { name: 'Device enrolled' }).waitFor();
  assert.match(await tablet.locator('main').innerText(), /This tablet is T-01 at Hollybrook Forest Pre-School/);
  await axe(tablet, 'enrolled (tablet)');
  const who = await apiFromPage(tablet, 'GET', '/device-credential');
  assert.equal(who.status, 200);
  assert.equal(who.json.device.label, 'T-01');
  const cookies = await tablet.context().cookies();
  const dev = cookies.find((c) => c.name === 'sg_device');
  assert.ok(dev && dev.httpOnly && dev.sameSite === 'Strict', 'the credential is an HttpOnly, SameSite=Strict cookie');
  assert.equal(await tablet.evaluate(() => document.cookie), '', 'page scripts cannot read it');

  // Listed as enrolled.
  await goto(page, '/devices');
  assert.match(await page.getByRole('table').innerText(), /T-01\s+Tablet\s+Locked away\s+Locked cupboard, Ladybird Room\s+Yes/);

  // The DSL puts it under evidence quarantine.
  const dsl = await open();
  await login(dsl, LOGINS.dsl);
  await goto(dsl, `/devices/${ids.t1}`);
  await dsl.getByRole('link', { name: 'Evidence quarantine' }).click();
  await drawn(dsl);
  await dsl.getByLabel('Why is it held as evidence?').fill('A parent reported a photo of concern taken on it');
  await dsl.getByLabel('Concern reference (optional)').fill('C-2026-031');
  await axe(dsl, 'quarantine');
  await dsl.getByRole('button', { name: 'Put it under evidence quarantine' }).click();
  await dsl.waitForURL(`**/devices/${ids.t1}`);
  await drawn(dsl);
  assert.match(await dsl.locator('main').innerText(), /Under evidence quarantine since/);
  await screenshots(dsl, 'devices-quarantined');

  // A key person is not offered it, and a hand-out is refused.
  const kp = await open();
  await login(kp, LOGINS.keyPerson);
  await goto(kp, `/devices/${ids.t1}`);
  assert.equal(await kp.getByRole('button', { name: 'Take this device' }).count(), 0);
  const refused = await apiFromPage(kp, 'POST', `/devices/${ids.t1}/handout`, {});
  assert.equal(refused.status, 422);
  assert.equal(refused.json.error.code, 'refused_by_policy');
  // The tablet's credential is locked while it is held.
  assert.equal((await apiFromPage(tablet, 'GET', '/device-credential')).status, 422);
  // Anyone can report a problem.
  await kp.getByRole('link', { name: 'Report a problem' }).click();
  await drawn(kp);
  await axe(kp, 'report a problem');
  await screenshots(kp, 'devices-report');

  for (const p of [page, tablet, dsl, kp]) assertNoProblems(p);
  for (const p of [page, tablet, dsl, kp]) await p.context().close();
});
