// presence.test.mjs — shifts, the personal-device locker ledger, breaks,
// emergency use and the other permissions, the locker kiosk and the
// findings they raise (PERSONAL-DEVICES-01…09, -16…-19, -25, CONFIG-03…05,
// -15; scenario S-05). The product has no clock back door: each step runs
// the real server, or the CLI, under faketime at the scenario's time.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import {
  assertError, auditRows, cli, dob, initDir, login, request, snapshot, sqlRows, startServer, sleep, setIni,
} from './lib.mjs';

const DAY = '2026-11-25';
const LIB = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', '/usr/lib/faketime/libfaketimeMT.so.1']
  .find((p) => fs.existsSync(p));
assert.ok(LIB, 'libfaketime is needed (Debian package faketime)');

/* The environment that puts a process at `hhmm` (seconds optional) on `day`. */
const at = (hhmm, day = DAY) => ({
  LD_PRELOAD: LIB, FAKETIME: `@${day} ${hhmm.length === 5 ? hhmm + ':00' : hhmm}`, TZ: 'UTC',
  FAKETIME_DONT_FAKE_MONOTONIC: '1',
});

let data, srv;
const ids = {};
const PIN = '2468';

/* (Re)start the server at a time of day. */
async function serverAt(hhmm, day) {
  if (srv) await srv.stop();
  srv = await startServer(data.dir, { env: at(hhmm, day) });
  return srv;
}

const manager = () => login(srv.url, data.email, data.password);
const kioskClient = () => ({
  act: (body) => request(srv.url, 'POST', '/api/v1/kiosk/actions', body, { headers: { Authorization: `Bearer ${ids.kioskToken}` } }),
  home: () => request(srv.url, 'GET', '/api/v1/kiosk', undefined, { headers: { Authorization: `Bearer ${ids.kioskToken}` } }),
  get: (p) => request(srv.url, 'GET', p, undefined, { headers: { Authorization: `Bearer ${ids.kioskToken}` } }),
});
const chloe = (action, extra = {}) => kioskClient().act({ adult_id: ids.chloe, pin: PIN, action, ...extra });
const findings = async (m) => (await m.get('/api/v1/findings')).json.findings;
const sweep = (hhmm, day) => {
  const r = cli(['sweep', '--data', data.dir], { env: at(hhmm, day) });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};

before(async () => {
  data = initDir({ email: 'manager@presence.example', password: 'manager-password-1', managerName: 'Sarah Manager' });
  setIni(data.dir, 'every_seconds', '0'); // sweeps only when a test asks (one test turns it back on)
  await serverAt('07:00');
  const m = await manager();
  for (const [key, body] of [
    ['butterfly', { name: 'Butterfly Room', class: 'children' }],
    ['staff', { name: 'Staff room', class: 'adults-only' }],
    ['office', { name: 'Office', class: 'adults-only' }],
    ['toilets', { name: 'Toilets', class: 'private' }],
  ]) {
    const r = await m.post('/api/v1/rooms', body);
    assert.equal(r.status, 201, r.text);
    ids[key] = r.json.id;
  }
  let r = await m.post('/api/v1/adults', {
    first_name: 'Chloe', last_name: 'Bennett', email: 'chloe@presence.example', roles: ['key-person', 'staff'],
    password: 'chloe-password-1', locker: '7',
  });
  assert.equal(r.status, 201, r.text);
  ids.chloe = r.json.id;
  r = await m.post('/api/v1/adults', {
    first_name: 'Jane', last_name: 'Office', email: 'jane@presence.example', roles: ['office'], password: 'jane-password-1',
  });
  assert.equal(r.status, 201, r.text);
  ids.jane = r.json.id;
  r = await m.post(`/api/v1/adults/${ids.chloe}/pin`, { pin: PIN });
  assert.equal(r.status, 200, r.text);
  r = await m.post('/api/v1/kiosks', { name: 'Staff lockers' });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.token, /^sgk_/);
  ids.kioskToken = r.json.token;
  ids.kiosk = r.json.id;
});

after(async () => {
  try {
    if (srv) await srv.stop();
  } finally {
    data?.cleanup();
  }
});

test('PERSONAL-DEVICES-07 a mobile zone only in an adults-only room; refused for a children\'s room or a private area, nothing changed', async () => {
  const m = await manager();
  const before = snapshot(data.db);
  for (const room of [ids.butterfly, ids.toilets]) {
    const r = await m.patch(`/api/v1/rooms/${room}`, { mobile_zone: true });
    assertError(r, 422, 'refused_by_policy', 'mobile_zone');
    assert.match(r.json.error.message, /adults-only/);
  }
  const q = await m.patch(`/api/v1/rooms/${ids.butterfly}`, { quiet_space: true });
  assertError(q, 422, 'refused_by_policy', 'quiet_space');
  assert.equal(snapshot(data.db), before);
  const r = await m.patch(`/api/v1/rooms/${ids.staff}`, { mobile_zone: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.mobile_zone, true);
  // A zone's room cannot then be re-classed as a children's room.
  const c = await m.patch(`/api/v1/rooms/${ids.staff}`, { class: 'children' });
  assertError(c, 422, 'refused_by_policy', 'class');
  const ev = auditRows(data.db).filter((e) => e.action === 'room.edit' && e.object_id === ids.staff);
  assert.equal(ev.length, 1);
  assert.deepEqual(ev[0].detail.mobile_zone, { from: false, to: true });
});

test('shifts: the rota with a break; bad times refused and nothing changed', async () => {
  const m = await manager();
  const before = snapshot(data.db);
  for (const [body, field] of [
    [{ adult_id: ids.chloe, date: DAY, start: '16:00', end: '08:00' }, 'end'],
    [{ adult_id: ids.chloe, date: DAY, start: '8am', end: '16:00' }, 'start'],
    [{ adult_id: ids.chloe, date: DAY, start: '08:00', end: '16:00', break_start: '17:00' }, 'break_start'],
    [{ adult_id: 999, date: DAY, start: '08:00', end: '16:00' }, 'adult_id'],
    [{ adult_id: ids.chloe, date: '2026-02-30', start: '08:00', end: '16:00' }, 'date'],
    [{ adult_id: 'chloe', date: DAY, start: '08:00', end: '16:00' }, 'adult_id'],
  ]) {
    assertError(await m.post('/api/v1/shifts', body), 400, 'invalid_field', field);
  }
  assert.equal(snapshot(data.db), before);
  const r = await m.post('/api/v1/shifts', {
    adult_id: ids.chloe, date: DAY, start: '08:00', end: '16:00', break_start: '12:00', break_minutes: 30,
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.break_start, '12:00');
  assert.equal(r.json.break_end, '12:30');
  assert.equal(r.json.starts_at, `${DAY}T08:00:00Z`);
  ids.shift = r.json.id;
  // The same adult cannot be on two overlapping shifts.
  assertError(await m.post('/api/v1/shifts', { adult_id: ids.chloe, date: DAY, start: '15:00', end: '18:00' }), 409, 'conflict', 'start');
  const ev = auditRows(data.db).filter((e) => e.action === 'shift.plan');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].object_id, ids.shift);
});

test('the kiosk can do kiosk actions and nothing else (kiosk_only)', async () => {
  const k = kioskClient();
  for (const p of ['/api/v1/children', '/api/v1/adults', '/api/v1/presence', '/api/v1/me', '/api/v1/findings']) {
    assertError(await k.get(p), 403, 'kiosk_only');
  }
  const home = await k.home();
  assert.equal(home.status, 200, home.text);
  assert.equal(home.json.kiosk.name, 'Staff lockers');
  assert.deepEqual(home.json.zones.map((z) => z.name), ['Staff room']);
  const row = home.json.adults.find((a) => a.adult_id === ids.chloe);
  assert.equal(row.name, 'Chloe Bennett');
  assert.equal(row.status, 'planned');
  assert.ok(!JSON.stringify(home.json).includes('@presence.example'), 'no contact details on the kiosk');
  // A logged-in adult is not a kiosk.
  const m = await manager();
  assertError(await m.post('/api/v1/kiosk/actions', { adult_id: ids.chloe, pin: PIN, action: 'look' }), 403, 'forbidden');
});

test('S-05 step 1, PERSONAL-DEVICES-05: on shift without a check-in is on the manager\'s findings at once', async () => {
  await serverAt('08:00');
  const r = await chloe('start');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.on_shift, true);
  assert.equal(r.json.status, 'no-check-in');
  const m = await manager();
  const f = await findings(m);
  assert.equal(f.length, 1, JSON.stringify(f));
  assert.equal(f[0].rule, 'PERSONAL-DEVICES-05');
  assert.equal(f[0].severity, 'high');
  assert.equal(f[0].subject, 'Chloe Bennett');
  assert.equal(f[0].since, `${DAY}T08:00:00Z`);
  const ev = auditRows(data.db);
  const on = ev.find((e) => e.action === 'shift.sign_on');
  assert.equal(on.actor, `adult:${ids.chloe}@kiosk:${ids.kiosk}`);
  assert.ok(ev.some((e) => e.action === 'finding.raise' && e.detail.rule === 'PERSONAL-DEVICES-05'));
  // The board shows it too.
  const b = await m.get('/api/v1/presence');
  assert.equal(b.json.adults.find((a) => a.adult_id === ids.chloe).status, 'no-check-in');
});

test('S-05 step 2, PERSONAL-DEVICES-03/-04/-25: phone and smart watch into locker 7, silent; the finding clears', async () => {
  await serverAt('08:06');
  const before = snapshot(data.db);
  assertError(await chloe('in', { devices: ['phone', 'pager'], switched: 'silent' }), 400, 'invalid_field', 'devices');
  assertError(await chloe('in', { devices: ['phone'] }), 400, 'invalid_field', 'switched');
  assertError(await chloe('in', { devices: ['phone'], switched: 'loud' }), 400, 'invalid_field', 'switched');
  assertError(await chloe('in', { devices: [], switched: 'off' }), 400, 'invalid_field', 'devices');
  assert.equal(snapshot(data.db), before);
  const r = await chloe('in', { devices: ['phone', 'smart-watch'], switched: 'silent' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'devices-in');
  assert.equal(r.json.status_text, 'Phone, smart watch in locker 7');
  assert.deepEqual(r.json.devices.map((d) => [d.kind, d.state, d.locker]), [['phone', 'in', '7'], ['smart-watch', 'in', '7']]);
  const m = await manager();
  assert.deepEqual(await findings(m), []);
  const ledger = sqlRows(data.db, 'SELECT action, purpose, locker, switched FROM locker_events ORDER BY id');
  assert.deepEqual(ledger, [['in', 'start', '7', 'silent'], ['in', 'start', '7', 'silent']]);
  const ev = auditRows(data.db);
  const ci = ev.filter((e) => e.action === 'locker.check_in');
  assert.equal(ci.length, 1);
  assert.deepEqual(ci[0].detail.devices.map((d) => d.kind), ['phone', 'smart-watch']);
  assert.equal(ci[0].detail.switched, 'silent');
  assert.ok(ev.some((e) => e.action === 'finding.resolve' && e.detail.rule === 'PERSONAL-DEVICES-05'));
  // Checking the same phone in twice is refused.
  assertError(await chloe('in', { devices: ['phone'], switched: 'off' }), 409, 'conflict', 'devices');
});

test('S-05 step 3, PERSONAL-DEVICES-06: 10:15 taking the phone out is refused — not her break, no permission — nothing changed', async () => {
  await serverAt('10:15');
  const before = snapshot(data.db);
  const r = await chloe('out', { devices: ['phone'] });
  assertError(r, 409, 'not_allowed_now');
  assert.match(r.json.error.message, /12:00–12:30/);
  assert.equal(snapshot(data.db), before);
});

test('kiosk PIN: a wrong PIN is refused and counted; five lock it (429); nothing in the ledger changes', async () => {
  const before = sqlRows(data.db, 'SELECT count(*) FROM locker_events')[0][0];
  for (let i = 1; i <= 4; i++) {
    assertError(await kioskClient().act({ adult_id: ids.chloe, pin: '1357', action: 'out' }), 403, 'wrong_pin', 'pin');
  }
  assertError(await kioskClient().act({ adult_id: ids.chloe, pin: '1357', action: 'out' }), 429, 'locked_out');
  // Locked: even the right PIN is refused until the lock passes.
  assertError(await chloe('look'), 429, 'locked_out');
  assert.equal(sqlRows(data.db, 'SELECT count(*) FROM locker_events')[0][0], before);
  const fails = auditRows(data.db).filter((e) => e.action === 'kiosk.pin_failed');
  assert.equal(fails.length, 5);
  assert.equal(fails[4].detail.locked, true);
  // The manager resets the PIN, which unlocks it.
  const m = await manager();
  assert.equal((await m.post(`/api/v1/adults/${ids.chloe}/pin`, { pin: PIN })).status, 200);
  assert.equal((await chloe('look')).status, 200);
  assertError(await kioskClient().act({ adult_id: ids.chloe, pin: '12', action: 'look' }), 400, 'invalid_field', 'pin');
});

test('S-05 step 4, PERSONAL-DEVICES-06: out for the break to the mobile zone; not back at 12:30 → a finding at 12:31; back at 12:33, logged late', async () => {
  await serverAt('12:00');
  let r = await chloe('out', { devices: ['phone'] });
  assert.equal(r.status, 200, r.text);
  const phone = r.json.devices.find((d) => d.kind === 'phone');
  assert.equal(phone.state, 'out');
  assert.equal(phone.out_purpose, 'break');
  assert.equal(phone.due_back_at, `${DAY}T12:30:00Z`);
  assert.equal(r.json.devices.find((d) => d.kind === 'smart-watch').state, 'in');
  let row = sqlRows(data.db, "SELECT purpose, due_back_at, zone_room_id FROM locker_events WHERE action = 'out'");
  assert.deepEqual(row, [['break', String(Date.parse(`${DAY}T12:30:00Z`) / 1000), String(ids.staff)]]);
  // 12:29: nothing yet. 12:31: the sweep raises it.
  assert.match(sweep('12:29'), /0 findings raised/);
  assert.match(sweep('12:31'), /1 finding raised/);
  await serverAt('12:31');
  const m = await manager();
  const f = await findings(m);
  assert.equal(f.length, 1);
  assert.equal(f[0].rule, 'PERSONAL-DEVICES-06');
  assert.match(f[0].text, /phone was due back in the locker at 12:30/);
  const b = await m.get('/api/v1/presence');
  assert.equal(b.json.adults.find((a) => a.adult_id === ids.chloe).status, 'device-overdue');
  await serverAt('12:33');
  r = await chloe('in', { devices: ['phone'], switched: 'silent' });
  assert.equal(r.status, 200, r.text);
  row = sqlRows(data.db, "SELECT purpose, late_seconds FROM locker_events WHERE action = 'in' ORDER BY id DESC LIMIT 1");
  assert.equal(row[0][0], 'late-return');
  assert.ok(Number(row[0][1]) >= 180 && Number(row[0][1]) < 200, row[0][1]);
  assert.deepEqual(await findings(await manager()), []);
  assert.ok(auditRows(data.db).some((e) => e.action === 'locker.check_in' && e.detail.late_seconds >= 180));
});

test('S-05 step 5, PERSONAL-DEVICES-09/-19: emergency use only with the manager\'s permission, in an adults-only room, limited in time; never self-granted, never for images', async () => {
  await serverAt('14:00');
  const m = await manager();
  const me = await login(srv.url, 'chloe@presence.example', 'chloe-password-1');
  const until = `${DAY}T14:20:00Z`;
  const before = snapshot(data.db);
  // Chloe granting herself → refused (her role may not grant at all).
  assertError(await me.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'emergency', reason: 'son', room_id: ids.office, ends_at: until }), 403, 'forbidden');
  // The manager: wrong room, no end, too long, an imaging purpose, an unknown kind.
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'emergency', reason: 'son', room_id: ids.butterfly, ends_at: until }), 422, 'refused_by_policy', 'room_id');
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'emergency', reason: 'son', room_id: ids.toilets, ends_at: until }), 422, 'refused_by_policy', 'room_id');
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'emergency', reason: 'son', room_id: ids.office }), 400, 'invalid_field', 'ends_at');
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'emergency', reason: 'son', room_id: ids.office, ends_at: `${DAY}T16:00:00Z` }), 400, 'invalid_field', 'ends_at');
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'photos', reason: 'nativity', ends_at: until }), 422, 'refused_by_policy', 'kind');
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'taking-images', reason: 'x', ends_at: until }), 422, 'refused_by_policy', 'kind');
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'shopping', reason: 'x', ends_at: until }), 400, 'invalid_field', 'kind');
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'emergency', reason: 'son', room_id: ids.office, ends_at: `${DAY}T13:00:00Z` }), 400, 'invalid_field', 'ends_at');
  // Nobody grants themselves: not even the manager.
  assertError(await m.post('/api/v1/grants', { adult_id: m.id, kind: 'emergency', reason: 'x', room_id: ids.office, ends_at: until }), 403, 'forbidden', 'adult_id');
  assert.equal(snapshot(data.db), before);

  await serverAt('14:05');
  const m2 = await manager();
  const g = await m2.post('/api/v1/grants', {
    adult_id: ids.chloe, kind: 'emergency', reason: "Her son's school rang the setting phone", room_id: ids.office,
    starts_at: `${DAY}T14:05:00Z`, ends_at: until, requested_by: 'Chloe Bennett',
  });
  assert.equal(g.status, 201, g.text);
  assert.equal(g.json.room_name, 'Office');
  assert.match(g.json.granted_by, /^adult:/);
  const r = await chloe('out', { devices: ['phone'] });
  assert.equal(r.status, 200, r.text);
  const phone = r.json.devices.find((d) => d.kind === 'phone');
  assert.equal(phone.out_purpose, 'permission');
  assert.equal(phone.grant_id, g.json.id);
  assert.equal(phone.due_back_at, until);
  const ev = auditRows(data.db);
  const ge = ev.find((e) => e.action === 'grant.create');
  assert.equal(ge.detail.reason, "Her son's school rang the setting phone");
  assert.equal(ge.detail.adult, 'Chloe Bennett');
  assert.ok(ev.some((e) => e.action === 'locker.check_out' && e.detail.grant_id === g.json.id));
  // A grant that ends early makes the phone due at once.
  await serverAt('14:15');
  const m3 = await manager();
  const end = await m3.post(`/api/v1/grants/${g.json.id}/end`, {});
  assert.equal(end.status, 200, end.text);
  assert.notEqual(end.json.ended_at, null);
  assertError(await m3.post(`/api/v1/grants/${g.json.id}/end`, {}), 409, 'conflict');
  assert.match(sweep('14:16'), /1 finding raised/);
  assert.equal((await findings(m3))[0].rule, 'PERSONAL-DEVICES-09');
  assert.equal((await chloe('in', { devices: ['phone'], switched: 'silent' })).status, 200);
  assert.deepEqual(await findings(m3), []);
});

test('PERSONAL-DEVICES-16/-17/-18, CONFIG-05/-15: home-visit phone for managers only; outing phone only where allowed; virtual course away from children', async () => {
  await serverAt('14:30');
  const m = await manager();
  const until = `${DAY}T15:30:00Z`;
  const before = snapshot(data.db);
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'home-visit', reason: 'visit', ends_at: until }), 422, 'refused_by_policy', 'adult_id');
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'outing', reason: 'park', ends_at: until }), 422, 'refused_by_policy', 'kind');
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'virtual-course', reason: 'first aid', room_id: ids.office, ends_at: until }), 400, 'invalid_field', 'course_device');
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'virtual-course', reason: 'first aid', room_id: ids.butterfly, course_device: 'own-device', ends_at: until }), 422, 'refused_by_policy', 'room_id');
  assert.equal(snapshot(data.db), before);
  // A home-visit or outing phone belongs to a recorded trip the adult is on, and ends with it (OUTINGS-01, -05).
  let r = await m.post('/api/v1/children', { first_name: 'Finn', last_name: 'Walsh', date_of_birth: dob(3), room_id: ids.butterfly });
  assert.equal(r.status, 201, r.text);
  const finn = r.json.id;
  const visit = await m.post('/api/v1/home-visits', { visit_date: DAY, starts: '14:30', ends: '15:30', adult_ids: [m.id], child_id: finn, family: 'The Walsh family' });
  assert.equal(visit.status, 201, visit.text);
  const otherVisit = await m.post('/api/v1/home-visits', { visit_date: DAY, starts: '14:30', ends: '15:00', adult_ids: [ids.chloe], child_id: finn });
  assert.equal(otherVisit.status, 201, otherVisit.text);
  const outing = await m.post('/api/v1/outings', { outing_date: DAY, destination: 'Park', leaves: '14:30', returns: '15:30', adult_ids: [ids.chloe], child_ids: [finn] });
  assert.equal(outing.status, 201, outing.text);
  const before2 = snapshot(data.db);
  const hv = { adult_id: m.id, kind: 'home-visit', reason: 'Home visit to a new family', ends_at: until };
  assertError(await m.post('/api/v1/grants', hv), 400, 'invalid_field', 'home_visit_id');
  assertError(await m.post('/api/v1/grants', { ...hv, home_visit_id: otherVisit.json.id }), 400, 'invalid_field', 'home_visit_id');
  assertError(await m.post('/api/v1/grants', { ...hv, home_visit_id: 99999 }), 400, 'invalid_field', 'home_visit_id');
  assertError(await m.post('/api/v1/grants', { ...hv, home_visit_id: visit.json.id, ends_at: `${DAY}T16:00:00Z` }), 400, 'invalid_field', 'ends_at');
  assert.equal(snapshot(data.db), before2);
  // The manager records her own phone on a home visit.
  r = await m.post('/api/v1/grants', { ...hv, home_visit_id: visit.json.id });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.terms, /no photographs/);
  // The setting allows own phones on outings: then it is a grant with the emergency-only terms.
  r = await m.patch('/api/v1/policy', { 'outings.own_phone': 'own-for-emergencies' });
  assert.equal(r.status, 200, r.text);
  const before3 = snapshot(data.db);
  const og = { adult_id: ids.chloe, kind: 'outing', reason: 'Walk to the park', ends_at: until };
  assertError(await m.post('/api/v1/grants', og), 400, 'invalid_field', 'outing_id');
  assertError(await m.post('/api/v1/grants', { ...og, adult_id: ids.jane, outing_id: outing.json.id }), 400, 'invalid_field', 'outing_id');
  assert.equal(snapshot(data.db), before3);
  r = await m.post('/api/v1/grants', { ...og, outing_id: outing.json.id });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.terms, /no personal calls and no photographs/);
  await m.post(`/api/v1/grants/${r.json.id}/end`, {});
  // Where personal ICT is never allowed, no virtual course on an own device.
  await m.patch('/api/v1/policy', { personal_ict: 'never' });
  assertError(await m.post('/api/v1/grants', { adult_id: ids.chloe, kind: 'virtual-course', reason: 'first aid', room_id: ids.office, course_device: 'own-device', ends_at: until }), 422, 'refused_by_policy', 'kind');
  const set = auditRows(data.db).filter((e) => e.action === 'policy.set');
  assert.deepEqual(set.map((e) => [e.detail.name, e.detail.from, e.detail.to]), [
    ['outings.own_phone', 'setting-only', 'own-for-emergencies'], ['personal_ict', 'non-imaging', 'never'],
  ]);
  await m.patch('/api/v1/policy', { personal_ict: 'non-imaging', 'outings.own_phone': 'setting-only' });
});

test('policy choices: only the manager sets them; bad values refused, all or nothing', async () => {
  const m = await manager();
  const me = await login(srv.url, 'chloe@presence.example', 'chloe-password-1');
  const before = snapshot(data.db);
  assertError(await me.patch('/api/v1/policy', { 'breaks.device_use': 'none' }), 403, 'forbidden');
  assertError(await m.patch('/api/v1/policy', { 'breaks.device_use': 'sometimes' }), 400, 'invalid_field', 'breaks.device_use');
  assertError(await m.patch('/api/v1/policy', { 'emergency.max_minutes': 9999 }), 400, 'invalid_field', 'emergency.max_minutes');
  assertError(await m.patch('/api/v1/policy', { 'day.close_time': '25:00' }), 400, 'invalid_field', 'day.close_time');
  assertError(await m.patch('/api/v1/policy', { 'own_cameras': 'forbidden', 'no.such': 1 }), 400, 'invalid_field', 'no.such');
  assert.equal(snapshot(data.db), before);
  const r = await me.get('/api/v1/policy');
  assert.equal(r.status, 200);
  const c3 = r.json.policy.find((p) => p.name === 'breaks.device_use');
  assert.equal(c3.requirement, 'CONFIG-03');
  assert.equal(c3.value, 'mobile-zone');
});

test('PERSONAL-DEVICES-05: staff see their own state only; the board is for the manager', async () => {
  const me = await login(srv.url, 'chloe@presence.example', 'chloe-password-1');
  assertError(await me.get('/api/v1/presence'), 403, 'forbidden');
  assertError(await me.get('/api/v1/findings'), 403, 'forbidden');
  assertError(await me.get(`/api/v1/presence/adults/${ids.jane}`), 403, 'forbidden');
  const mine = await me.get('/api/v1/presence/me');
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.adult.locker, '7');
  // Another adult may not move Chloe's phone.
  const jane = await login(srv.url, 'jane@presence.example', 'jane-password-1');
  const m = await manager();
  const before = snapshot(data.db);
  assertError(await jane.post(`/api/v1/presence/adults/${ids.chloe}/check-out`, {}), 403, 'forbidden');
  // Jane is not on shift: no check-in for her.
  assertError(await jane.post(`/api/v1/presence/adults/${ids.jane}/check-in`, { devices: ['phone'], switched: 'off', locker: '3' }), 409, 'not_on_shift');
  assertError(await jane.post(`/api/v1/presence/adults/${ids.jane}/check-out`, {}), 409, 'not_on_shift');
  assertError(await jane.post('/api/v1/presence/adults/424242/check-in', {}), 403, 'forbidden');
  assertError(await m.post('/api/v1/presence/adults/424242/check-in', { devices: ['phone'], switched: 'off' }), 400, 'invalid_field', 'adult_id');
  assertError(await m.post(`/api/v1/presence/adults/${ids.chloe}/check-out`, { devices: ['laptop'] }), 409, 'conflict', 'devices');
  assertError(await m.post(`/api/v1/presence/adults/${ids.chloe}/check-out`, { purpose: 'lunch' }), 400, 'invalid_field', 'purpose');
  assert.equal(snapshot(data.db), before);
});

test('CONFIG-04: where own cameras are forbidden, a camera cannot be checked in', async () => {
  const m = await manager();
  await m.patch('/api/v1/policy', { own_cameras: 'forbidden' });
  const before = snapshot(data.db);
  assertError(await chloe('in', { devices: ['camera'], switched: 'off' }), 422, 'refused_by_policy', 'devices');
  assert.equal(snapshot(data.db), before);
  await m.patch('/api/v1/policy', { own_cameras: 'stored' });
});

test('S-05 step 7, CONFIG-03 (b): where no personal device is used in working hours, the break take-out is refused', async () => {
  const m = await manager();
  await m.patch('/api/v1/policy', { 'breaks.device_use': 'none' });
  await serverAt('12:05', '2026-11-25');
  const before = snapshot(data.db);
  // Still 12:05 today, in the break: refused by policy, not by time.
  assertError(await chloe('out', { devices: ['phone'] }), 422, 'refused_by_policy');
  assert.equal(snapshot(data.db), before);
  const m2 = await manager();
  await m2.patch('/api/v1/policy', { 'breaks.device_use': 'mobile-zone' });
});

test('the server sweeps on its own timer: a break overrun appears without anyone asking', async () => {
  await serverAt('12:10');
  assert.equal((await chloe('out', { devices: ['smart-watch'] })).status, 200);
  await srv.stop();
  srv = null;
  setIni(data.dir, 'every_seconds', '1');
  try {
    srv = await startServer(data.dir, { env: at('12:29:58') });
    const m = await manager();
    let f = [];
    for (let i = 0; i < 80 && f.length === 0; i++) {
      await sleep(100);
      f = await findings(m);
    }
    assert.equal(f.length, 1, 'the server raised the finding by itself');
    assert.equal(f[0].rule, 'PERSONAL-DEVICES-06');
    assert.match(f[0].text, /smart watch/);
    assert.ok(auditRows(data.db).some((e) => e.action === 'finding.raise' && e.actor === 'system:sweep'));
  } finally {
    setIni(data.dir, 'every_seconds', '0');
  }
  await serverAt('12:40');
  assert.equal((await chloe('in', { devices: ['smart-watch'], switched: 'silent' })).status, 200);
});

test('S-05 end of day, T-15: going home signs off and takes the devices; a device left in the locker after a shift is flagged', async () => {
  await serverAt('16:00');
  let r = await chloe('home');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.on_shift, false);
  assert.ok(r.json.devices.every((d) => d.state === 'out'));
  assertError(await chloe('home'), 409, 'not_on_shift');
  const ev = auditRows(data.db);
  const off = ev.filter((e) => e.action === 'shift.sign_off');
  assert.equal(off.length, 1);
  assert.equal(off[0].detail.early, false);
  // The manager signs Jane on (unplanned) with her phone, and she forgets to sign off.
  const m = await manager();
  r = await m.post(`/api/v1/presence/adults/${ids.jane}/sign-on`, { devices: ['phone'], switched: 'off', locker: '3' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.shift.planned, false);
  assert.equal(r.json.shift.end, '18:00');
  assert.match(sweep('18:20'), /1 finding raised/);
  await serverAt('18:20');
  const m2 = await manager();
  const f = await findings(m2);
  assert.equal(f[0].rule, 'PERSONAL-DEVICES-03');
  assert.match(f[0].text, /Jane Office's shift ended at 18:00/);
  // The ledger answers who put what where, and when (R-09, REPORTING-04).
  const l = await m2.get(`/api/v1/presence/ledger?adult_id=${ids.chloe}&from=${DAY}`);
  assert.equal(l.status, 200, l.text);
  const actions = l.json.events.map((e) => `${e.action}:${e.purpose}`).reverse();
  assert.deepEqual(actions.slice(0, 3), ['in:start', 'in:start', 'out:break']);
  assert.ok(actions.includes('in:late-return'));
  assert.ok(actions.includes('out:permission'));
  assert.equal(actions.filter((a) => a === 'out:home').length, 2);
  assertError(await m2.get('/api/v1/presence/ledger?from=yesterday'), 400, 'bad_request');
  // Every change above is in the audit chain, and it verifies.
  const v = cli(['audit', 'verify', '--data', data.dir]);
  assert.equal(v.code, 0, v.stderr);
});

test('kiosks: only the manager sets them up; a retired kiosk is refused at once', async () => {
  const me = await login(srv.url, 'chloe@presence.example', 'chloe-password-1');
  assertError(await me.post('/api/v1/kiosks', { name: 'x' }), 403, 'forbidden');
  const m = await manager();
  assertError(await m.post('/api/v1/kiosks', {}), 400, 'invalid_field', 'name');
  const r = await m.post('/api/v1/kiosks', { name: 'Hall tablet' });
  assert.equal(r.status, 201);
  const k = (p) => request(srv.url, 'GET', p, undefined, { headers: { Authorization: `Bearer ${r.json.token}` } });
  assert.equal((await k('/api/v1/kiosk')).status, 200);
  assert.equal((await m.post(`/api/v1/kiosks/${r.json.id}/revoke`, {})).status, 200);
  assertError(await k('/api/v1/kiosk'), 401, 'unauthenticated');
  assertError(await m.post(`/api/v1/kiosks/${r.json.id}/revoke`, {}), 409, 'conflict');
  assertError(await m.post('/api/v1/kiosks/999/revoke', {}), 404, 'not_found');
  // Setting this browser up as the kiosk: the kiosk cookie, and the manager's session on it ends.
  const here = await m.post('/api/v1/kiosks', { name: 'This tablet', this_device: true });
  assert.equal(here.status, 201, here.text);
  assert.equal(here.json.token, undefined, 'the token stays in the cookie');
  const sc = here.headers.get('set-cookie');
  assert.match(sc, /sg_kiosk=sgk_[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
  assert.match(sc, /sg_session=; /);
  assertError(await m.get('/api/v1/me'), 401, 'unauthenticated');
});
