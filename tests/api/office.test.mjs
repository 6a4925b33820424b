// office.test.mjs — the office's side of presence through the API: visitors
// and their phones (VISITORS-01…04, -10, -11, CONFIG-06; S-06's visitor
// half), calls relayed to staff (PERSONAL-DEVICES-10), observed breaches
// (PERSONAL-DEVICES-08, -22, OUTINGS-03), children's confiscated devices
// (PERSONAL-DEVICES-21) and outings and home visits (OUTINGS-01, -05).
//
// Every change is checked in its record and its audit event; every refused
// request is checked for its status, code and field and for a database left
// exactly as it was. Time is the real server's under faketime at the
// scenario's times; close-of-day findings come from `safeguard sweep` under
// faketime. With SG_TEST_PG set (scripts/with-pg.sh) the same tests run on
// PostgreSQL.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import {
  assertError, cli, dob, initDir, login, request, setIni, snapshot, sqlRows, startServer, CSRF,
} from './lib.mjs';

const DAY = '2026-11-25';
const LIB = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', '/usr/lib/faketime/libfaketimeMT.so.1']
  .find((p) => fs.existsSync(p));
assert.ok(LIB, 'libfaketime is needed (Debian package faketime)');

/* The environment that puts a process at `hhmm` on `day` (UTC). */
const at = (hhmm, day = DAY) => ({
  LD_PRELOAD: LIB, FAKETIME: `@${day} ${hhmm}:00`, TZ: 'UTC', FAKETIME_DONT_FAKE_MONOTONIC: '1',
});

// ---- the database, SQLite or PostgreSQL ----------------------------------
const PG = process.env.SG_TEST_PG;
const PG_DB = `sgoffice_${process.pid}`;
function pgUrl(name) {
  const m = /^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(PG);
  assert.ok(m, `cannot parse SG_TEST_PG ${PG}`);
  return `${m[1]}/${name}${m[3] || ''}`;
}
function psql(url, q, extra = []) {
  const r = spawnSync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', ...extra, '-c', q],
    { encoding: 'utf8' });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `psql: ${q}\n${r.stderr}`);
  return r.stdout;
}
const db = {
  rows(q) {
    if (!PG) return sqlRows(data.db, q);
    return psql(pgUrl(PG_DB), q).split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
  },
  /* Everything but sessions, for "nothing changed". */
  snapshot() {
    if (!PG) return snapshot(data.db);
    const r = spawnSync('pg_dump', ['--data-only', '--exclude-table-data=sessions', pgUrl(PG_DB)],
      { encoding: 'utf8', maxBuffer: 1 << 30 });
    assert.equal(r.status, 0, r.stderr);
    // Not data: pg_dump's per-run restrict key, and identity sequences,
    // which PostgreSQL advances even for an insert that is rolled back.
    return r.stdout.split('\n').filter((l) => !/^\\(un)?restrict |pg_catalog\.setval/.test(l)).join('\n');
  },
  /* Audit events of setting 1, oldest first. */
  audit() {
    return this.rows('SELECT seq, actor, action, object_type, coalesce(CAST(object_id AS TEXT), \'\'), detail'
      + ' FROM audit_events WHERE setting_id = 1 ORDER BY seq')
      .map(([seq, actor, action, type, id, detail]) => ({
        seq: Number(seq), actor, action, object_type: type, object_id: id === '' ? null : Number(id),
        detail: JSON.parse(detail),
      }));
  },
};

let data, srv;
const ids = {};
const other = {};
const pw = (who) => `${who}-password-1`;
const people = {};

/* (Re)start the server at a time of day; sessions are made afresh. */
async function serverAt(hhmm, day) {
  if (srv) await srv.stop();
  srv = await startServer(data.dir, { env: at(hhmm, day) });
  for (const k of Object.keys(people)) delete people[k];
  return srv;
}
/* A logged-in client for one of the test's adults (cached per server). */
async function as(who) {
  if (!people[who]) {
    people[who] = who === 'manager' ? await login(srv.url, data.email, data.password)
      : await login(srv.url, `${who}@office.example`, pw(who));
  }
  return people[who];
}
const sweep = (hhmm, day) => {
  const r = cli(['sweep', '--data', data.dir], { env: at(hhmm, day) });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
};
const openFindings = (area = 'office') => db.rows(`SELECT rule, severity, subject_type, subject_id, subject, text FROM findings
  WHERE setting_id = 1 AND area = '${area}' AND resolved_at IS NULL ORDER BY id`)
  .map(([rule, severity, type, id, subject, text]) => ({ rule, severity, type, id: Number(id), subject, text }));
/* A server time: the minute it was asked at (the faked clock runs on). */
const assertAt = (actual, want) => assert.match(actual, new RegExp(`^${want.slice(0, 17)}[0-5]\\dZ$`), `${actual} is not about ${want}`);
const events = (action) => db.audit().filter((e) => e.action === action);

/* A refused request: status, code, field, and nothing changed at all. */
async function refused(send, status, code, field) {
  const before = db.snapshot();
  const r = await send();
  assertError(r, status, code, field);
  assert.equal(db.snapshot(), before, `a refused request changed the database: ${r.text}`);
  return r;
}

before(async () => {
  if (PG) psql(PG, `CREATE DATABASE ${PG_DB}`);
  data = initDir({
    email: 'manager@office.example', password: 'manager-password-1', managerName: 'Sarah Manager',
    extra: PG ? ['--database', pgUrl(PG_DB)] : [],
  });
  setIni(data.dir, 'every_seconds', '0'); // findings come from the changes and from the sweeps we run
  // A second setting in the same database, to prove its records cannot be
  // reached: a room, an adult, a child, a parent, a visitor.
  const insert = `
    INSERT INTO organisations (name, kind, created_at) VALUES ('Other Trust', 'single', 0);
    INSERT INTO settings (organisation_id, name, kind, created_at)
      VALUES ((SELECT max(id) FROM organisations), 'Other Nursery', 'nursery', 0);
    INSERT INTO audit_heads (setting_id, seq, hash) VALUES ((SELECT max(id) FROM settings), 0, '${'0'.repeat(64)}');
    INSERT INTO rooms (setting_id, name, class, outdoor, quiet_space, created_at)
      VALUES ((SELECT max(id) FROM settings), 'Other quiet room', 'adults-only', 0, 1, 0);
    INSERT INTO adults (setting_id, first_name, last_name, email, start_date, created_at)
      VALUES ((SELECT max(id) FROM settings), 'Otto', 'Other', 'otto@other.example', '2024-01-01', 0);
    INSERT INTO children (setting_id, first_name, last_name, date_of_birth, start_date, created_at)
      VALUES ((SELECT max(id) FROM settings), 'Olive', 'Other', '${dob(3)}', '2024-01-01', 0);
    INSERT INTO parents (setting_id, first_name, last_name, created_at)
      VALUES ((SELECT max(id) FROM settings), 'Opal', 'Other', 0);
    INSERT INTO visitors (setting_id, name, purpose, phone, watch, phones_policy, visit_date, signed_in_at,
                          signed_in_by, created_at)
      VALUES ((SELECT max(id) FROM settings), 'Oscar Other', 'Other visit', 'none', 'none', 'office', '${DAY}', 0, 'x', 0);`;
  const ask = 'SELECT (SELECT max(id) FROM settings), (SELECT max(id) FROM rooms), (SELECT max(id) FROM adults),'
    + ' (SELECT max(id) FROM children), (SELECT max(id) FROM parents), (SELECT max(id) FROM visitors)';
  if (PG) {
    psql(pgUrl(PG_DB), `BEGIN; ${insert} COMMIT;`);
  } else {
    sqlRows(data.db, `BEGIN; ${insert} COMMIT;`);
  }
  [other.setting, other.room, other.adult, other.child, other.parent, other.visitor] = db.rows(ask)[0].map(Number);
  assert.equal(other.setting, 2);

  await serverAt('09:00');
  const m = await as('manager');
  const ok = async (p, body) => {
    const r = await m.post(p, body);
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  ids.ladybird = await ok('/api/v1/rooms', { name: 'Ladybird Room', class: 'children' });
  ids.meeting = await ok('/api/v1/rooms', { name: 'Meeting Room', class: 'adults-only' });
  ids.office = await ok('/api/v1/rooms', { name: 'Office', class: 'adults-only' });
  for (const [who, first, last, roles] of [
    ['jane', 'Jane', 'Office', ['office']],
    ['chloe', 'Chloe', 'Bennett', ['key-person', 'staff']],
    ['kim', 'Kim', 'Keyworker', ['key-person']],
    ['priya', 'Priya', 'Deputy', ['deputy', 'key-person']],
    ['tom', 'Tom', 'Lead', ['dsl']],
  ]) {
    ids[who] = await ok('/api/v1/adults', {
      first_name: first, last_name: last, email: `${who}@office.example`, roles, password: pw(who),
    });
  }
  ids.finn = await ok('/api/v1/children', {
    first_name: 'Finn', last_name: 'Walsh', date_of_birth: dob(4), room_id: ids.ladybird, key_person_id: ids.chloe,
  });
  ids.poppy = await ok('/api/v1/children', {
    first_name: 'Poppy', last_name: 'Hughes', date_of_birth: dob(4), room_id: ids.ladybird, key_person_id: ids.kim,
  });
  ids.claire = await ok('/api/v1/parents', { first_name: 'Claire', last_name: 'Walsh' });
  ids.sarahH = await ok('/api/v1/parents', { first_name: 'Sarah', last_name: 'Hughes' });
  let r = await m.post(`/api/v1/children/${ids.finn}/parents`, { parent_id: ids.claire, relationship: 'mother' });
  assert.equal(r.status, 201, r.text);
  r = await m.post(`/api/v1/children/${ids.poppy}/parents`, { parent_id: ids.sarahH, relationship: 'mother' });
  assert.equal(r.status, 201, r.text);
});

after(async () => {
  try {
    if (srv) await srv.stop();
  } finally {
    data?.cleanup();
    if (PG) psql(PG, `DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
  }
});

// ---- visitors --------------------------------------------------------------

test('VISITORS-11 the manager names the Meeting Room a quiet space; a children\'s room cannot be one', async () => {
  const m = await as('manager');
  await refused(() => m.patch(`/api/v1/rooms/${ids.ladybird}`, { quiet_space: true }), 422, 'refused_by_policy', 'quiet_space');
  const r = await m.patch(`/api/v1/rooms/${ids.meeting}`, { quiet_space: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.quiet_space, true);
  const v = await (await as('jane')).get('/api/v1/visitors');
  assert.equal(v.status, 200, v.text);
  assert.deepEqual(v.json.quiet_spaces, [{ id: ids.meeting, name: 'Meeting Room' }]);
  assert.deepEqual(v.json.policy, { phones: 'office', lone_working: true });
  assert.equal(v.json.date, DAY);
});

test('S-06 step 1, VISITORS-01/-02: 09:30 Dave the plumber signs in, his phone left in the office; 11:00 he signs out and it is returned', async () => {
  await serverAt('09:30');
  const jane = await as('jane');
  let r = await jane.post('/api/v1/visitors', {
    name: 'Dave Lewis', organisation: 'Lewis Plumbing', purpose: 'Mend a radiator', visiting: 'Sarah Manager',
  });
  assert.equal(r.status, 201, r.text);
  const dave = r.json;
  ids.dave = dave.id;
  assert.equal(dave.phone, 'office', 'CONFIG-06 "office": the phone is left in the office by default');
  assert.equal(dave.watch, 'none');
  assert.equal(dave.lone_working, false);
  assert.equal(dave.told_not_to_use, false);
  assert.equal(dave.professional, false);
  assert.equal(dave.visit_date, DAY);
  assertAt(dave.signed_in_at, `${DAY}T09:30:00Z`);
  assert.equal(dave.signed_in_by_name, 'Jane Office');
  assert.equal(dave.on_site, true);
  assert.equal(dave.devices.length, 1);
  assert.equal(dave.devices[0].kind, 'phone');
  assert.equal(dave.devices[0].held, true);
  let ev = events('visitor.sign_in');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].object_id, ids.dave);
  assert.equal(ev[0].actor, `adult:${ids.jane}`);
  assert.equal(ev[0].detail.name, 'Dave Lewis');
  assert.equal(ev[0].detail.phone, 'office');

  r = await jane.get('/api/v1/visitors');
  assert.deepEqual(r.json.visitors.map((v) => v.name), ['Dave Lewis']);

  await serverAt('11:00');
  const jane11 = await as('jane');
  r = await jane11.post(`/api/v1/visitors/${ids.dave}/sign-out`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.on_site, false);
  assertAt(r.json.signed_out_at, `${DAY}T11:00:00Z`);
  assert.equal(r.json.signed_out_by_name, 'Jane Office');
  assert.equal(r.json.devices[0].held, false);
  assertAt(r.json.devices[0].returned_at, `${DAY}T11:00:00Z`);
  assert.equal(r.json.devices[0].returned_by_name, 'Jane Office');
  ev = events('visitor.sign_out');
  assert.equal(ev.length, 1);
  assert.deepEqual(ev[0].detail, { returned: ['phone'], not_returned: [] });

  // Signing out twice is refused and changes nothing.
  await refused(() => jane11.post(`/api/v1/visitors/${ids.dave}/sign-out`, {}), 409, 'conflict');
});

test('S-06 step 2, VISITORS-03/-10/-11: 10:00 Jo the health visitor keeps her phone under the lone-working exception, directed to the Meeting Room', async () => {
  await serverAt('10:00');
  const jane = await as('jane');
  const jo = {
    name: 'Jo Whitfield', organisation: 'Hollybrook Community Health', purpose: 'Two-year review', professional: true,
    phone: 'kept', lone_working_reason: 'Her trust\'s lone-working policy: she checks in with her base every two hours',
  };
  // Naming the Ladybird Room (a children's room) as the quiet space: refused.
  let r = await refused(() => jane.post('/api/v1/visitors', { ...jo, quiet_space_id: ids.ladybird }), 422, 'refused_by_policy', 'quiet_space_id');
  assert.match(r.json.error.message, /Ladybird Room is a children's area/);
  // An adults-only room not named as a quiet space: refused too.
  r = await refused(() => jane.post('/api/v1/visitors', { ...jo, quiet_space_id: ids.office }), 422, 'refused_by_policy', 'quiet_space_id');
  assert.match(r.json.error.message, /not one of the setting's quiet spaces/);
  // Another setting's quiet room, or none at all: a bad field.
  await refused(() => jane.post('/api/v1/visitors', { ...jo, quiet_space_id: other.room }), 400, 'invalid_field', 'quiet_space_id');
  await refused(() => jane.post('/api/v1/visitors', jo), 400, 'invalid_field', 'quiet_space_id');
  // The exception names the organisation whose policy needs it.
  await refused(() => jane.post('/api/v1/visitors', { ...jo, organisation: null, quiet_space_id: ids.meeting }), 400, 'invalid_field', 'organisation');

  r = await jane.post('/api/v1/visitors', { ...jo, quiet_space_id: ids.meeting });
  assert.equal(r.status, 201, r.text);
  ids.jo = r.json.id;
  assert.equal(r.json.phone, 'kept');
  assert.equal(r.json.lone_working, true);
  assert.equal(r.json.professional, true);
  assert.equal(r.json.organisation, 'Hollybrook Community Health');
  assert.equal(r.json.quiet_space_id, ids.meeting);
  assert.equal(r.json.quiet_space_name, 'Meeting Room');
  assert.equal(r.json.told_not_to_use, false);
  assert.deepEqual(r.json.devices, [], 'the office holds nothing for her');
  const ev = events('visitor.sign_in').find((e) => e.object_id === ids.jo);
  assert.equal(ev.detail.lone_working, true);
  assert.equal(ev.detail.quiet_space_id, ids.meeting);
  assert.match(ev.detail.lone_working_reason, /lone-working policy/);
});

test('S-06 step 3, VISITORS-03: Mark asks to keep his phone with no lone-working reason: refused; he leaves it in the office', async () => {
  const jane = await as('jane');
  const mark = { name: 'Mark Jones', organisation: 'County Council', purpose: 'Fire safety visit' };
  let r = await refused(() => jane.post('/api/v1/visitors', { ...mark, phone: 'kept' }), 422, 'refused_by_policy', 'lone_working_reason');
  assert.match(r.json.error.message, /left in the office/);
  // A smart watch is a device like a phone (PERSONAL-DEVICES-25).
  await refused(() => jane.post('/api/v1/visitors', { ...mark, watch: 'kept' }), 422, 'refused_by_policy', 'lone_working_reason');
  r = await jane.post('/api/v1/visitors', { ...mark, phone: 'office', watch: 'office' });
  assert.equal(r.status, 201, r.text);
  ids.mark = r.json.id;
  assert.deepEqual(r.json.devices.map((d) => [d.kind, d.held]), [['phone', true], ['smart-watch', true]]);
});

test('CONFIG-06 "keep-not-operated": visitors keep their phones and are recorded as told not to use them; with the exception off, no lone working', async () => {
  const m = await as('manager');
  let r = await m.patch('/api/v1/policy', { 'visitors.phones': 'keep-not-operated' });
  assert.equal(r.status, 200, r.text);
  const jane = await as('jane');
  r = await jane.post('/api/v1/visitors', { name: 'Amy Reader', purpose: 'Story time volunteer interview' });
  assert.equal(r.status, 201, r.text);
  ids.amy = r.json.id;
  assert.equal(r.json.phone, 'kept');
  assert.equal(r.json.told_not_to_use, true);
  assert.equal(r.json.phones_policy, 'keep-not-operated');
  assert.equal(events('visitor.sign_in').find((e) => e.object_id === ids.amy).detail.told_not_to_use, true);
  r = await m.patch('/api/v1/policy', { 'visitors.phones': 'office', 'visitors.lone_working': false });
  assert.equal(r.status, 200, r.text);
  r = await refused(() => jane.post('/api/v1/visitors', {
    name: 'Lee Worker', organisation: 'Care Agency', purpose: 'Visit', phone: 'kept', lone_working_reason: 'Agency policy',
    quiet_space_id: ids.meeting,
  }), 422, 'refused_by_policy', 'lone_working_reason');
  assert.match(r.json.error.message, /does not allow the lone-working exception/);
  r = await m.patch('/api/v1/policy', { 'visitors.lone_working': true });
  assert.equal(r.status, 200, r.text);
  r = await jane.post(`/api/v1/visitors/${ids.amy}/sign-out`, {});
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.devices, []);
});

test('VISITORS-01 bad input to the visitor log is refused and changes nothing', async () => {
  const jane = await as('jane');
  const url = srv.url;
  const raw = (method, p, body, type = 'application/json') => request(url, method, p, body,
    { headers: { Cookie: jane.cookie, ...CSRF }, contentType: type, raw: true });
  await refused(() => raw('POST', '/api/v1/visitors', '{"name": "Dave", '), 400, 'invalid_json');
  await refused(() => raw('POST', '/api/v1/visitors', '["Dave"]'), 400, 'invalid_json');
  await refused(() => raw('POST', '/api/v1/visitors', 'name=Dave', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
  await refused(() => jane.post('/api/v1/visitors', { name: 5, purpose: 'x' }), 400, 'invalid_field', 'name');
  await refused(() => jane.post('/api/v1/visitors', { name: 'Dave' }), 400, 'invalid_field', 'purpose');
  await refused(() => jane.post('/api/v1/visitors', { name: 'Dave', purpose: 'x', phone: 'pocket' }), 400, 'invalid_field', 'phone');
  await refused(() => jane.post('/api/v1/visitors', { name: 'Dave', purpose: 'x', professional: 'yes' }), 400, 'invalid_field', 'professional');
  await refused(() => jane.post('/api/v1/visitors', { name: 'Dave', purpose: 'x', signed_in_at: 0 }), 400, 'invalid_field', 'signed_in_at');
  await refused(() => jane.post('/api/v1/visitors', { name: 'Dave', purpose: 'x', quiet_space_id: ids.meeting }), 400, 'invalid_field', 'quiet_space_id');
  await refused(() => jane.post('/api/v1/visitors', { name: 'x'.repeat(121), purpose: 'x' }), 400, 'invalid_field', 'name');
  await refused(() => jane.post('/api/v1/visitors/999999/sign-out', {}), 404, 'not_found');
  await refused(() => jane.post(`/api/v1/visitors/${other.visitor}/sign-out`, {}), 404, 'not_found');
  await refused(() => jane.post(`/api/v1/visitors/${ids.mark}/sign-out`, { not_returned: ['laptop'] }), 400, 'invalid_field', 'not_returned');
  await refused(() => jane.post(`/api/v1/visitors/${ids.jo}/sign-out`, { not_returned: ['phone'] }), 400, 'invalid_field', 'not_returned');
  await refused(() => jane.post(`/api/v1/visitors/${ids.mark}/return`, {}), 409, 'conflict');
  assertError(await jane.get(`/api/v1/visitors/${other.visitor}`), 404, 'not_found');
  assertError(await jane.get('/api/v1/visitors?date=2026-13-01'), 400, 'invalid_field', 'date');
  // the visitor log is the office's, the manager's and the deputy's.
  const kim = await as('kim');
  await refused(() => kim.post('/api/v1/visitors', { name: 'Dave', purpose: 'x' }), 403, 'forbidden');
  assertError(await kim.get('/api/v1/visitors'), 403, 'forbidden');
  assertError(await (await as('tom')).get(`/api/v1/visitors/${ids.dave}`), 403, 'forbidden');
  assert.equal((await (await as('priya')).get('/api/v1/visitors')).status, 200);
});

test('S-06 step 4, VISITORS-02: at closing a visitor\'s phone still in the office, and a visitor not signed out, are findings until dealt with', async () => {
  await serverAt('16:30');
  const jane = await as('jane');
  // Mark leaves without his phone; his watch goes back.
  let r = await jane.post(`/api/v1/visitors/${ids.mark}/sign-out`, { not_returned: ['phone'], note: 'Left in a hurry; will collect' });
  assert.equal(r.status, 200, r.text);
  const phone = r.json.devices.find((d) => d.kind === 'phone');
  assert.equal(phone.held, true);
  assertAt(phone.not_returned_at, `${DAY}T16:30:00Z`);
  assert.equal(phone.note, 'Left in a hurry; will collect');
  assert.equal(r.json.devices.find((d) => d.kind === 'smart-watch').held, false);
  assert.deepEqual(events('visitor.sign_out').at(-1).detail,
    { returned: ['smart-watch'], not_returned: ['phone'], note: 'Left in a hurry; will collect' });
  assert.deepEqual(openFindings().filter((f) => f.rule === 'VISITORS-02'), [], 'nothing before closing');
  // Today's list still shows him: the office holds his phone.
  r = await jane.get('/api/v1/visitors');
  assert.ok(r.json.visitors.some((v) => v.id === ids.mark));

  assert.match(sweep('18:05'), /raised/);
  const f = openFindings().filter((x) => x.rule === 'VISITORS-02');
  assert.deepEqual(f.map((x) => [x.severity, x.type, x.id, x.subject]).sort(), [
    ['medium', 'visitor', ids.jo, 'Jo Whitfield'],
    ['medium', 'visitor', ids.mark, 'Mark Jones'],
  ]);
  assert.match(f.find((x) => x.id === ids.mark).text, /Mark Jones's phone is still held in the office after closing \(18:00\)/);
  assert.match(f.find((x) => x.id === ids.jo).text, /Jo Whitfield was not signed out by closing time/);
  assert.equal(events('finding.raise').filter((e) => e.detail.rule === 'VISITORS-02').length, 2);
  // The same sweep again raises nothing new.
  sweep('18:10');
  assert.equal(events('finding.raise').filter((e) => e.detail.rule === 'VISITORS-02').length, 2);

  // The next morning Mark collects his phone, and Jo is signed out: both clear.
  await serverAt('08:30', '2026-11-26');
  const j2 = await as('jane');
  r = await j2.post(`/api/v1/visitors/${ids.mark}/return`, {});
  assert.equal(r.status, 200, r.text);
  assertAt(r.json.devices.find((d) => d.kind === 'phone').returned_at, '2026-11-26T08:30:00Z');
  assert.deepEqual(events('visitor.return').at(-1).detail, { returned: ['phone'] });
  r = await j2.post(`/api/v1/visitors/${ids.jo}/sign-out`, {});
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(openFindings().filter((x) => x.rule === 'VISITORS-02'), []);
  assert.equal(events('finding.resolve').filter((e) => e.detail.rule === 'VISITORS-02').length, 2);
  await refused(() => j2.post(`/api/v1/visitors/${ids.mark}/return`, {}), 409, 'conflict');
  // The visitor log for the day before still lists them all.
  r = await j2.get(`/api/v1/visitors?date=${DAY}`);
  assert.deepEqual(r.json.visitors.map((v) => v.name), ['Dave Lewis', 'Jo Whitfield', 'Mark Jones', 'Amy Reader']);
});

// ---- calls relayed to staff ---------------------------------------------------

test('PERSONAL-DEVICES-10 the office takes an urgent call for Chloe; it is a high finding until relayed; only she and the office read it', async () => {
  await serverAt('14:00');
  const jane = await as('jane');
  let r = await jane.post('/api/v1/messages', {
    adult_id: ids.chloe, caller: 'Oakfield Primary School', caller_phone: '01632 960321',
    message: 'Sam has a temperature: please collect him', urgent: true,
  });
  assert.equal(r.status, 201, r.text);
  ids.msg = r.json.id;
  assert.equal(r.json.adult_name, 'Chloe Bennett');
  assert.equal(r.json.taken_by_name, 'Jane Office');
  assertAt(r.json.taken_at, `${DAY}T14:00:00Z`);
  assert.equal(r.json.relayed, false);
  const take = events('message.take').at(-1);
  assert.equal(take.object_id, ids.msg);
  assert.equal(take.actor, `adult:${ids.jane}`);
  assert.deepEqual(take.detail, { adult_id: ids.chloe, caller: 'Oakfield Primary School', urgent: true });
  assert.ok(!JSON.stringify(db.audit()).includes('temperature'), 'the message itself is not copied into the audit log');
  let f = openFindings().filter((x) => x.rule === 'PERSONAL-DEVICES-10');
  assert.deepEqual(f.map((x) => [x.severity, x.type, x.id]), [['high', 'adult', ids.chloe]]);
  assert.match(f[0].text, /urgent message for Chloe Bennett, taken at 14:00/);

  // the adult it is for reads it; nobody else outside the office does.
  const chloe = await as('chloe');
  r = await chloe.get('/api/v1/messages');
  assert.deepEqual(r.json.messages.map((x) => x.message), ['Sam has a temperature: please collect him']);
  for (const who of ['kim', 'tom']) {
    const c = await as(who);
    assertError(await c.get(`/api/v1/messages/${ids.msg}`), 404, 'not_found');
    r = await c.get('/api/v1/messages');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.messages, []);
  }
  assert.equal((await (await as('priya')).get(`/api/v1/messages/${ids.msg}`)).status, 200, 'the deputy reads it');

  // Telling her while she is still with the children is not a relay.
  await refused(() => jane.post(`/api/v1/messages/${ids.msg}/relay`, {}), 400, 'invalid_field', 'relieved');
  r = await refused(() => jane.post(`/api/v1/messages/${ids.msg}/relay`, { relieved: false }), 422, 'refused_by_policy', 'relieved');
  assert.match(r.json.error.message, /relieved them from the children/);
  await refused(() => jane.post(`/api/v1/messages/${ids.msg}/relay`, { relieved: true, relieved_by_id: ids.chloe }), 400, 'invalid_field', 'relieved_by_id');
  await refused(() => jane.post(`/api/v1/messages/${ids.msg}/relay`, { relieved: true, relieved_by_id: other.adult }), 400, 'invalid_field', 'relieved_by_id');
  // She cannot acknowledge what has not been passed on.
  await refused(() => chloe.post(`/api/v1/messages/${ids.msg}/acknowledge`, {}), 409, 'conflict');

  await serverAt('14:04');
  const j2 = await as('jane');
  r = await j2.post(`/api/v1/messages/${ids.msg}/relay`, { relieved: true, relieved_by_id: ids.priya, note: 'Priya covered the room' });
  assert.equal(r.status, 200, r.text);
  assertAt(r.json.relayed_at, `${DAY}T14:04:00Z`);
  assert.equal(r.json.relayed_by_name, 'Jane Office');
  assert.equal(r.json.relieved_by_name, 'Priya Deputy');
  assert.deepEqual(events('message.relay').at(-1).detail, { adult_id: ids.chloe, relieved_by_id: ids.priya });
  assert.deepEqual(openFindings().filter((x) => x.rule === 'PERSONAL-DEVICES-10'), []);
  await refused(() => j2.post(`/api/v1/messages/${ids.msg}/relay`, { relieved: true }), 409, 'conflict');

  // Only Chloe acknowledges, once.
  await refused(() => j2.post(`/api/v1/messages/${ids.msg}/acknowledge`, {}), 403, 'forbidden');
  const k2 = await as('kim');
  await refused(() => k2.post(`/api/v1/messages/${ids.msg}/acknowledge`, {}), 404, 'not_found');
  const c2 = await as('chloe');
  r = await c2.post(`/api/v1/messages/${ids.msg}/acknowledge`, {});
  assert.equal(r.status, 200, r.text);
  assertAt(r.json.acknowledged_at, `${DAY}T14:04:00Z`);
  const ack = events('message.acknowledge').at(-1);
  assert.equal(ack.actor, `adult:${ids.chloe}`);
  assert.equal(ack.object_id, ids.msg);
  await refused(() => c2.post(`/api/v1/messages/${ids.msg}/acknowledge`, {}), 409, 'conflict');
});

test('PERSONAL-DEVICES-10 a message not passed on after 15 minutes is flagged by the sweep; bad messages are refused', async () => {
  await serverAt('15:00');
  const jane = await as('jane');
  let r = await jane.post('/api/v1/messages', { adult_id: ids.kim, caller: 'Her dentist', message: 'Appointment moved to Friday' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.urgent, false);
  assert.deepEqual(openFindings().filter((x) => x.rule === 'PERSONAL-DEVICES-10'), [], 'not urgent: no finding yet');
  sweep('15:14');
  assert.deepEqual(openFindings().filter((x) => x.rule === 'PERSONAL-DEVICES-10'), []);
  sweep('15:16');
  const f = openFindings().filter((x) => x.rule === 'PERSONAL-DEVICES-10');
  assert.deepEqual(f.map((x) => [x.severity, x.id]), [['medium', ids.kim]]);
  assert.match(f[0].text, /not been passed on after 15 minutes/);

  await refused(() => jane.post('/api/v1/messages', { adult_id: other.adult, caller: 'x', message: 'y' }), 400, 'invalid_field', 'adult_id');
  await refused(() => jane.post('/api/v1/messages', { adult_id: 999999, caller: 'x', message: 'y' }), 400, 'invalid_field', 'adult_id');
  await refused(() => jane.post('/api/v1/messages', { adult_id: String(ids.kim), caller: 'x', message: 'y' }), 400, 'invalid_field', 'adult_id');
  await refused(() => jane.post('/api/v1/messages', { adult_id: ids.kim, caller: 'x' }), 400, 'invalid_field', 'message');
  await refused(() => jane.post('/api/v1/messages', { adult_id: ids.kim, caller: 'x', message: 'y', urgent: 'yes' }), 400, 'invalid_field', 'urgent');
  await refused(() => jane.post('/api/v1/messages/999999/relay', { relieved: true }), 404, 'not_found');
  const ckim1 = await as('kim');
  await refused(() => ckim1.post('/api/v1/messages', { adult_id: ids.chloe, caller: 'x', message: 'y' }), 403, 'forbidden');
  // The CLI takes and relays with the same rules.
  r = cli(['message', 'relay', '--data', data.dir, '--id', String(id), '--as', 'jane@office.example', '--relieved', 'true'], { env: at('15:20') });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).relayed, true);
  assert.equal(events('message.relay').at(-1).actor, `adult:${ids.jane}`);
  assert.deepEqual(openFindings().filter((x) => x.rule === 'PERSONAL-DEVICES-10'), []);
});

// ---- breaches ------------------------------------------------------------------

test('PERSONAL-DEVICES-22 any adult records a breach; it reaches the manager as a high finding; never readable by the adult it is about', async () => {
  await serverAt('10:15');
  const kim = await as('kim');
  let r = await kim.post('/api/v1/breaches', {
    kind: 'phone-used-with-children', subject_adult_id: ids.chloe, room_id: ids.ladybird,
    observed_at: `${DAY}T10:10:00Z`, what_seen: 'Chloe was texting while supervising the water tray',
    challenge: 'Asked her to put the phone in her locker; she did',
  });
  assert.equal(r.status, 201, r.text);
  ids.breach = r.json.id;
  assert.equal(r.json.subject, 'Chloe Bennett');
  assert.equal(r.json.room_name, 'Ladybird Room');
  assert.equal(r.json.observed_at, `${DAY}T10:10:00Z`);
  assert.equal(r.json.recorded_by_name, 'Kim Keyworker');
  assert.equal(r.json.open, true);
  const ev = events('breach.record').at(-1);
  assert.equal(ev.object_id, ids.breach);
  assert.equal(ev.actor, `adult:${ids.kim}`);
  assert.equal(ev.detail.subject_adult_id, ids.chloe);
  assert.equal(ev.detail.kind, 'phone-used-with-children');

  const f = openFindings().filter((x) => x.rule === 'PERSONAL-DEVICES-22');
  assert.deepEqual(f.map((x) => [x.severity, x.type, x.id]), [['high', 'breach', ids.breach]]);
  assert.ok(!f[0].text.includes('Chloe') && !f[0].subject.includes('Chloe'), 'the finding does not name the subject');

  // The subject never reads it, whatever she asks.
  const chloe = await as('chloe');
  assertError(await chloe.get(`/api/v1/breaches/${ids.breach}`), 404, 'not_found');
  r = await chloe.get('/api/v1/breaches');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.breaches, []);
  await refused(() => chloe.post(`/api/v1/breaches/${ids.breach}/review`, { outcome: 'spoken-to', action_taken: 'x' }), 403, 'forbidden');
  // The recorder reads her own record; the DSL reads it; the office does not.
  assert.equal((await kim.get(`/api/v1/breaches/${ids.breach}`)).status, 200);
  assert.deepEqual((await kim.get('/api/v1/breaches')).json.breaches.map((b) => b.id), [ids.breach]);
  assert.equal((await (await as('tom')).get(`/api/v1/breaches/${ids.breach}`)).status, 200);
  assertError(await (await as('jane')).get(`/api/v1/breaches/${ids.breach}`), 404, 'not_found');
  // The DSL reads; the manager or deputy reviews.
  const ctom2 = await as('tom');
  await refused(() => ctom2.post(`/api/v1/breaches/${ids.breach}/review`, { outcome: 'spoken-to', action_taken: 'x' }), 403, 'forbidden');

  const m = await as('manager');
  assert.deepEqual((await m.get('/api/v1/breaches?open=1')).json.breaches.map((b) => b.id), [ids.breach]);
  await refused(() => m.post(`/api/v1/breaches/${ids.breach}/review`, { outcome: 'told-off', action_taken: 'x' }), 400, 'invalid_field', 'outcome');
  await refused(() => m.post(`/api/v1/breaches/${ids.breach}/review`, { outcome: 'spoken-to' }), 400, 'invalid_field', 'action_taken');
  r = await m.post(`/api/v1/breaches/${ids.breach}/review`, { outcome: 'spoken-to', action_taken: 'Met Chloe; policy re-read and signed' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.open, false);
  assert.equal(r.json.reviewed_by_name, 'Sarah Manager');
  assertAt(r.json.reviewed_at, `${DAY}T10:15:00Z`);
  assert.deepEqual(events('breach.review').at(-1).detail.outcome, 'spoken-to');
  assert.deepEqual(openFindings().filter((x) => x.rule === 'PERSONAL-DEVICES-22'), []);
  await refused(() => m.post(`/api/v1/breaches/${ids.breach}/review`, { outcome: 'other', action_taken: 'again' }), 409, 'conflict');
  // Still hidden from Chloe after review.
  assertError(await chloe.get(`/api/v1/breaches/${ids.breach}`), 404, 'not_found');
});

test('PERSONAL-DEVICES-22 a breach about the manager is hidden from her and reviewed by the deputy', async () => {
  const kim = await as('kim');
  const managerId = Number(db.rows("SELECT id FROM adults WHERE email = 'manager@office.example'")[0][0]);
  let r = await kim.post('/api/v1/breaches', {
    kind: 'phone-seen-in-room', subject_adult_id: managerId, room_id: ids.ladybird,
    what_seen: 'Phone on the shelf in the Ladybird Room', challenge: 'Reminded her of the locker',
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  const m = await as('manager');
  assertError(await m.get(`/api/v1/breaches/${id}`), 404, 'not_found');
  assert.ok(!(await m.get('/api/v1/breaches')).json.breaches.some((b) => b.id === id));
  await refused(() => m.post(`/api/v1/breaches/${id}/review`, { outcome: 'spoken-to', action_taken: 'x' }), 404, 'not_found');
  // Nor does it reach her through the findings or the audit log; the DSL sees both.
  const about = (evs) => evs.filter((e) => (e.object_type === 'breach' && e.object_id === id)
    || (e.object_type === 'finding' && e.detail.subject_type === 'breach' && e.detail.subject_id === id));
  const mineF = (await m.get('/api/v1/findings')).json.findings;
  assert.ok(!mineF.some((f) => f.subject_type === 'breach' && f.subject_id === id), JSON.stringify(mineF));
  assert.ok((await (await as('priya')).get('/api/v1/findings')).json.findings.some((f) => f.subject_type === 'breach' && f.subject_id === id), 'the deputy sees it waiting');
  const mineA = await m.get('/api/v1/audit?limit=500');
  assert.equal(mineA.status, 200, mineA.text);
  assert.deepEqual(about(mineA.json.events), []);
  const tomA = await (await as('tom')).get('/api/v1/audit?limit=500');
  assert.ok(about(tomA.json.events).some((e) => e.action === 'breach.record'), 'the DSL reads the breach in the audit log');
  r = await (await as('priya')).post(`/api/v1/breaches/${id}/review`, { outcome: 'spoken-to', action_taken: 'Discussed with the chair' });
  assert.equal(r.status, 200, r.text);
  assert.equal(events('breach.review').at(-1).actor, `adult:${ids.priya}`);
});

test('VISITORS-04, OUTINGS-03 a parent on the phone at collection, a personal phone misused on an outing; bad breaches refused', async () => {
  const kim = await as('kim');
  let r = await kim.post('/api/v1/breaches', {
    kind: 'parent-phone-use', subject_name: 'A parent collecting a child', place: 'Front door at collection',
    what_seen: 'On a video call in the hallway', challenge: 'Asked to finish the call outside',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.subject, 'A parent collecting a child');
  assert.equal(r.json.subject_adult_id, null);
  const bad = [
    [{ kind: 'phone-seen-in-room', subject_name: 'Chloe', what_seen: 'x', challenge: 'y' }, 'subject_adult_id'],
    [{ kind: 'other', what_seen: 'x', challenge: 'y' }, 'subject_name'],
    [{ kind: 'other', subject_adult_id: ids.chloe, subject_name: 'Chloe', what_seen: 'x', challenge: 'y' }, 'subject_name'],
    [{ kind: 'phone-seen-in-room', subject_adult_id: other.adult, what_seen: 'x', challenge: 'y' }, 'subject_adult_id'],
    [{ kind: 'phone-seen-in-room', subject_adult_id: ids.chloe, room_id: other.room, what_seen: 'x', challenge: 'y' }, 'room_id'],
    [{ kind: 'outing-phone-misuse', subject_adult_id: ids.chloe, outing_id: 999999, what_seen: 'x', challenge: 'y' }, 'outing_id'],
    [{ kind: 'phone-seen-in-room', subject_adult_id: ids.chloe, observed_at: '2099-01-01T00:00:00Z', what_seen: 'x', challenge: 'y' }, 'observed_at'],
    [{ kind: 'phone-seen-in-room', subject_adult_id: ids.chloe, observed_at: 'yesterday', what_seen: 'x', challenge: 'y' }, 'observed_at'],
    [{ kind: 'phone-seen-in-room', subject_adult_id: ids.chloe, what_seen: 'x' }, 'challenge'],
    [{ kind: 'selfie', subject_name: 'x', what_seen: 'x', challenge: 'y' }, 'kind'],
  ];
  for (const [body, field] of bad) await refused(() => kim.post('/api/v1/breaches', body), 400, 'invalid_field', field);
  await refused(() => kim.post('/api/v1/breaches/999999/review', { outcome: 'other', action_taken: 'x' }), 403, 'forbidden');
  const cmanager3 = await as('manager');
  await refused(() => cmanager3.post('/api/v1/breaches/999999/review', { outcome: 'other', action_taken: 'x' }), 404, 'not_found');
});

// ---- children's devices --------------------------------------------------------

test('PERSONAL-DEVICES-21 a child\'s phone goes in the locked drawer and back only to that child\'s parent; flagged at close while held', async () => {
  await serverAt('09:40');
  const kim = await as('kim');
  let r = await kim.post('/api/v1/child-devices', { child_id: ids.finn, kind: 'phone', description: 'Blue phone', found_where: 'Coat pocket' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  assert.equal(r.json.child_name, 'Finn Walsh');
  assert.equal(r.json.drawer, 'Office locked drawer');
  assert.equal(r.json.held, true);
  assert.equal(r.json.taken_by_name, 'Kim Keyworker');
  assert.equal(r.json.session_date, DAY);
  let ev = events('child_device.take').at(-1);
  assert.equal(ev.object_id, id);
  assert.equal(ev.detail.child_id, ids.finn);

  // To another child's mother, to an unknown or another setting's parent: refused.
  r = await refused(() => kim.post(`/api/v1/child-devices/${id}/return`, { parent_id: ids.sarahH }), 422, 'refused_by_policy', 'parent_id');
  assert.match(r.json.error.message, /parent or carer of that child/);
  await refused(() => kim.post(`/api/v1/child-devices/${id}/return`, { parent_id: other.parent }), 400, 'invalid_field', 'parent_id');
  await refused(() => kim.post(`/api/v1/child-devices/${id}/return`, {}), 400, 'invalid_field', 'parent_id');
  await refused(() => kim.post('/api/v1/child-devices', { child_id: other.child, kind: 'phone' }), 400, 'invalid_field', 'child_id');
  await refused(() => kim.post('/api/v1/child-devices', { child_id: ids.finn, kind: 'knife' }), 400, 'invalid_field', 'kind');
  await refused(() => kim.post('/api/v1/child-devices/999999/return', { parent_id: ids.claire }), 404, 'not_found');

  // Still held at closing: a finding.
  sweep('18:05');
  let f = openFindings().filter((x) => x.rule === 'PERSONAL-DEVICES-21');
  assert.deepEqual(f.map((x) => [x.severity, x.type, x.id]), [['medium', 'child', ids.finn]]);
  assert.match(f[0].text, /Finn Walsh's phone, taken on 2026-11-25, is still in the locked drawer/);

  // Claire collects Finn and the phone.
  await serverAt('18:10');
  r = await (await as('jane')).post(`/api/v1/child-devices/${id}/return`, { parent_id: ids.claire });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.held, false);
  assert.equal(r.json.returned_to_name, 'Claire Walsh');
  assert.equal(r.json.returned_by_name, 'Jane Office');
  assertAt(r.json.returned_at, `${DAY}T18:10:00Z`);
  ev = events('child_device.return').at(-1);
  assert.equal(ev.actor, `adult:${ids.jane}`);
  assert.equal(ev.detail.returned_to_parent_id, ids.claire);
  f = openFindings().filter((x) => x.rule === 'PERSONAL-DEVICES-21');
  assert.deepEqual(f, []);
  const cjane4 = await as('jane');
  await refused(() => cjane4.post(`/api/v1/child-devices/${id}/return`, { parent_id: ids.claire }), 409, 'conflict');
  r = await (await as('jane')).get('/api/v1/child-devices');
  assert.deepEqual(r.json.devices.map((d) => [d.id, d.held]), [[id, false]]);
});

// ---- outings and home visits -----------------------------------------------------

test('OUTINGS-01, -05 an outing and a home visit are recorded with who, where and when; staff see their own', async () => {
  await serverAt('09:00', '2026-11-27');
  const m = await as('manager');
  let r = await m.post('/api/v1/outings', {
    outing_date: '2026-12-02', destination: 'Hollybrook Park', leaves: '10:00', returns: '11:30',
    adult_ids: [ids.chloe, ids.priya], child_ids: [ids.finn, ids.poppy], setting_phones: 'SP-1 (Priya)',
  });
  assert.equal(r.status, 201, r.text);
  const outing = r.json;
  assert.equal(outing.leaves_at, '2026-12-02T10:00:00Z');
  assert.equal(outing.returns_at, '2026-12-02T11:30:00Z');
  assert.deepEqual(outing.adults.map((a) => a.name), ['Chloe Bennett', 'Priya Deputy']);
  assert.deepEqual(outing.children.map((c) => c.name), ['Poppy Hughes', 'Finn Walsh']);
  assert.equal(outing.setting_phones, 'SP-1 (Priya)');
  assert.deepEqual(outing.personal_phones, []);
  let ev = events('outing.add').at(-1);
  assert.equal(ev.object_id, outing.id);
  assert.deepEqual(ev.detail.adult_ids, [ids.chloe, ids.priya]);
  assert.deepEqual(ev.detail.child_ids, [ids.finn, ids.poppy]);

  // Staff on it see it; others do not; the office may not record one.
  const chloe = await as('chloe');
  assert.deepEqual((await chloe.get('/api/v1/outings')).json.outings.map((o) => o.id), [outing.id]);
  assert.equal((await chloe.get(`/api/v1/outings/${outing.id}`)).status, 200);
  const kim = await as('kim');
  assert.deepEqual((await kim.get('/api/v1/outings')).json.outings, []);
  assertError(await kim.get(`/api/v1/outings/${outing.id}`), 404, 'not_found');
  const cjane5 = await as('jane');
  await refused(() => cjane5.post('/api/v1/outings', {
    outing_date: '2026-12-02', destination: 'x', leaves: '10:00', returns: '11:00', adult_ids: [ids.chloe], child_ids: [ids.finn],
  }), 403, 'forbidden');
  const base = { outing_date: '2026-12-02', destination: 'Park', leaves: '10:00', returns: '11:00', adult_ids: [ids.chloe], child_ids: [ids.finn] };
  for (const [body, field] of [
    [{ ...base, returns: '09:00' }, 'returns'],
    [{ ...base, leaves: '10am' }, 'leaves'],
    [{ ...base, outing_date: '2026-02-30' }, 'outing_date'],
    [{ ...base, adult_ids: [] }, 'adult_ids'],
    [{ ...base, adult_ids: [ids.chloe, ids.chloe] }, 'adult_ids'],
    [{ ...base, adult_ids: [other.adult] }, 'adult_ids'],
    [{ ...base, adult_ids: 'Chloe' }, 'adult_ids'],
    [{ ...base, child_ids: [other.child] }, 'child_ids'],
    [{ ...base, destination: undefined }, 'destination'],
    [{ ...base, minibus: true }, 'minibus'],
  ]) await refused(() => m.post('/api/v1/outings', body), 400, 'invalid_field', field);

  r = await m.post('/api/v1/home-visits', {
    visit_date: '2026-12-03', starts: '14:00', ends: '15:00', adult_ids: [ids.priya], child_id: ids.finn,
    family: 'The Walsh family', purpose: 'Settling-in visit',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.child_name, 'Finn Walsh');
  assert.equal(r.json.starts_at, '2026-12-03T14:00:00Z');
  assert.deepEqual(r.json.adults.map((a) => a.name), ['Priya Deputy']);
  ev = events('home_visit.add').at(-1);
  assert.equal(ev.object_id, r.json.id);
  await refused(() => m.post('/api/v1/home-visits', { visit_date: '2026-12-03', starts: '14:00', ends: '15:00', adult_ids: [ids.priya], child_id: other.child }), 400, 'invalid_field', 'child_id');
  assert.deepEqual((await (await as('priya')).get('/api/v1/home-visits')).json.home_visits.map((v) => v.family), ['The Walsh family']);
  assert.deepEqual((await chloe.get('/api/v1/home-visits')).json.home_visits, []);
  r = await m.get('/api/v1/outings?from=2026-12-03');
  assert.deepEqual(r.json.outings, []);
  assertError(await m.get('/api/v1/outings?from=someday'), 400, 'invalid_field', 'from');
});

test('the CLI signs visitors in and out and lists them, under the same rules', async () => {
  const env = at('09:15', '2026-11-27');
  let r = cli(['visitor', 'sign-in', '--data', data.dir, '--as', 'jane@office.example', '--name', 'Pat Painter',
    '--purpose', 'Quote for painting', '--phone', 'kept'], { env });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /refused_by_policy/);
  r = cli(['visitor', 'sign-in', '--data', data.dir, '--as', 'jane@office.example', '--name', 'Pat Painter',
    '--purpose', 'Quote for painting'], { env });
  assert.equal(r.code, 0, r.stderr);
  const id = JSON.parse(r.stdout).id;
  r = cli(['visitor', 'list', '--data', data.dir], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Pat Painter .* phone: office .*\(on site\)/);
  r = cli(['visitor', 'sign-out', '--data', data.dir, '--id', String(id), '--not-returned', 'phone', '--note', 'forgot it'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(events('visitor.sign_out').at(-1).actor.startsWith('cli:'), true);
  r = cli(['breach', 'list', '--data', data.dir], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /parent-phone-use/);
});
