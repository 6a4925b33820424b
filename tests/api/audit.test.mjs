// audit.test.mjs — the audit chain is tamper-evident (REPORTING-01):
// editing, deleting, reordering or forging an event is named by
// `safeguard audit verify`; a held signed checkpoint catches a truncated
// chain whose head was made consistent again; checkpoints are signed every
// `[audit] checkpoint_every` events.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  auditRows, cli, copyDir, dob, initDir, login, setIni, sql, sqlRows, startServer, tempDir, rmrf,
} from './lib.mjs';

let data, work, N;
let cookie;
const servers = [];

before(async () => {
  data = initDir({ email: 'manager@audit.example', password: 'manager-password-1' });
  work = tempDir('sgaudit-');
  const srv = await startServer(data.dir);
  servers.push(srv);
  const mgr = await login(srv.url, data.email, data.password);
  cookie = mgr.cookie;
  const room = await mgr.post('/api/v1/rooms', { name: 'Robins', class: 'children' });
  assert.equal(room.status, 201, room.text);
  await mgr.post('/api/v1/rooms', { name: 'Wrens', class: 'children' });
  await mgr.post('/api/v1/rooms', { name: 'Kitchen', class: 'adults-only' });
  const c1 = await mgr.post('/api/v1/children', { first_name: 'Tia', last_name: 'Trail', date_of_birth: dob(3), room_id: room.json.id });
  assert.equal(c1.status, 201, c1.text);
  await mgr.post('/api/v1/children', { first_name: 'Ted', last_name: 'Trail', date_of_birth: dob(2) });
  const p = await mgr.post('/api/v1/parents', { first_name: 'Tom', last_name: 'Trail' });
  await mgr.post(`/api/v1/children/${c1.json.id}/parents`, { parent_id: p.json.id, relationship: 'father' });
  const e = await mgr.patch(`/api/v1/children/${c1.json.id}`, { first_name: 'Tiana' });
  assert.equal(e.status, 200, e.text);
  await srv.stop();
  servers.length = 0;
  N = Number(sql(data.db, 'SELECT seq FROM audit_heads WHERE setting_id = 1').trim());
  assert.equal(N, 11, 'setting.create, adult.add, auth.login and 8 changes');
});

after(async () => {
  for (const s of servers) await s.kill();
  data?.cleanup();
  rmrf(work);
});

let n = 0;
/* A fresh copy of the data directory, changed with sqlite3. */
function tampered(statements) {
  const d = copyDir(data.dir, path.join(work, `copy${++n}`));
  if (statements) sql(path.join(d, 'safeguard.db'), `BEGIN; ${statements}; COMMIT;`);
  return d;
}

function verify(dir, extra = []) {
  return cli(['audit', 'verify', '--data', dir, ...extra]);
}

function assertBroken(r, seq, why) {
  assert.equal(r.code, 1, `verify should fail: ${r.stdout} ${r.stderr}`);
  assert.match(r.stderr, /^safeguard: audit_broken: /);
  assert.match(r.stderr, new RegExp(`\\bevent ${seq}\\b`), r.stderr);
  if (why) assert.match(r.stderr, why);
  assert.equal(r.stdout, '');
}

const hashOf = (db, seq) => sql(db, `SELECT hash FROM audit_events WHERE setting_id = 1 AND seq = ${seq}`).trim();

test('REPORTING-01 an untouched copy verifies: exit 0 with the event count', () => {
  const d = tampered();
  const r = verify(d);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`audit log intact: ${N} events and 0 signed checkpoints verified in 1 chain\\b`));
  const all = verify(d, ['--all-settings']);
  assert.equal(all.code, 0, all.stderr);
});

test("REPORTING-01 tamper (a): one event's detail edited → verify names that event", () => {
  const d = tampered(`UPDATE audit_events SET detail = '{"name":"Tampered"}' WHERE setting_id = 1 AND seq = 5`);
  assertBroken(verify(d), 5, /altered/);
});

test("REPORTING-01 tamper (a'): one event's actor or time edited → verify names that event", () => {
  assertBroken(verify(tampered(`UPDATE audit_events SET actor = 'adult:99' WHERE setting_id = 1 AND seq = 6`)), 6);
  assertBroken(verify(tampered(`UPDATE audit_events SET at = at - 86400 WHERE setting_id = 1 AND seq = 7`)), 7);
  assertBroken(verify(tampered(`UPDATE audit_events SET action = 'room.edit' WHERE setting_id = 1 AND seq = 4`)), 4);
  assertBroken(verify(tampered(`UPDATE audit_events SET object_id = NULL WHERE setting_id = 1 AND seq = 8`)), 8);
});

test('REPORTING-01 tamper (b): a middle event deleted → verify names the missing event', () => {
  const d = tampered('DELETE FROM audit_events WHERE setting_id = 1 AND seq = 6');
  assertBroken(verify(d), 6, /missing/);
});

test('REPORTING-01 tamper (c): the newest event deleted → verify names it (the head is ahead)', () => {
  const d = tampered(`DELETE FROM audit_events WHERE setting_id = 1 AND seq = ${N}`);
  assertBroken(verify(d), N, /missing/);
});

test('REPORTING-01 tamper (d): two events swapped (reordered) → verify names the first', () => {
  const d = tampered(`UPDATE audit_events SET seq = -1 WHERE setting_id = 1 AND seq = 4;
    UPDATE audit_events SET seq = 4 WHERE setting_id = 1 AND seq = 5;
    UPDATE audit_events SET seq = 5 WHERE setting_id = 1 AND seq = -1`);
  assertBroken(verify(d), 4);
});

test('REPORTING-01 tamper (e): a forged event appended (head moved to it) → verify names it', () => {
  const head = hashOf(data.db, N);
  const forged = 'f'.repeat(64);
  const d = tampered(`INSERT INTO audit_events (setting_id, seq, at, actor, action, object_type, object_id, detail, prev_hash, hash)
      VALUES (1, ${N + 1}, strftime('%s','now'), 'adult:1', 'child.end', 'child', 1, '{"leave_date":"2024-01-01"}', '${head}', '${forged}');
    UPDATE audit_heads SET seq = ${N + 1}, hash = '${forged}' WHERE setting_id = 1`);
  assertBroken(verify(d), N + 1, /altered/);
});

test('REPORTING-01 tamper (e\'): a forged event slipped into the middle → verify names where the chain breaks', () => {
  // shift events 6.. up by one and put a forged event at 6 that links to event 5
  const prev = hashOf(data.db, 5);
  const d = tampered(`UPDATE audit_events SET seq = -(seq + 1) WHERE setting_id = 1 AND seq >= 6;
    UPDATE audit_events SET seq = -seq WHERE setting_id = 1 AND seq < 0;
    INSERT INTO audit_events (setting_id, seq, at, actor, action, object_type, object_id, detail, prev_hash, hash)
      VALUES (1, 6, strftime('%s','now'), 'adult:1', 'room.add', 'room', 9, '{}', '${prev}', '${'e'.repeat(64)}');
    UPDATE audit_heads SET seq = seq + 1 WHERE setting_id = 1`);
  assertBroken(verify(d), 6);
});

test('REPORTING-01 the API reports a broken chain too: intact false with the first break', async () => {
  const d = tampered(`UPDATE audit_events SET detail = '{}' WHERE setting_id = 1 AND seq = 5`);
  const srv = await startServer(d);
  servers.push(srv);
  const r = await fetch(srv.url + '/api/v1/audit/verify', { headers: { Cookie: cookie } });
  const j = await r.json();
  assert.equal(r.status, 200, JSON.stringify(j));
  assert.equal(j.intact, false);
  assert.equal(j.first_break.seq, 5);
  assert.equal(j.events, 4, 'events before the break');
  await srv.stop();
  servers.pop();
});

test('REPORTING-01 a held checkpoint: passes on an untouched copy, fails when the newest events are cut and the head made consistent', () => {
  const d = tampered();
  const cp = cli(['audit', 'checkpoint', '--data', d]);
  assert.equal(cp.code, 0, cp.stderr);
  const held = JSON.parse(cp.stdout);
  assert.equal(held.seq, N);
  assert.equal(held.setting_id, 1);
  assert.equal(held.hash, hashOf(data.db, N));
  assert.match(held.signature, /^[0-9a-f]{128}$/);
  const cpFile = path.join(work, 'cp.json');
  fs.writeFileSync(cpFile, cp.stdout);

  let r = verify(d, ['--checkpoint', cpFile]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /audit log intact: \d+ events and 2 signed checkpoints/);

  // Cut the two newest events and make the head agree with what is left.
  const cut = `DELETE FROM audit_events WHERE setting_id = 1 AND seq > ${N - 2};
    UPDATE audit_heads SET seq = ${N - 2}, hash = '${hashOf(data.db, N - 2)}' WHERE setting_id = 1`;
  // With the checkpoint row still in the database, plain verify already sees it.
  const t1 = copyDir(d, path.join(work, 'cut-with-row'));
  sql(path.join(t1, 'safeguard.db'), `BEGIN; ${cut}; COMMIT;`);
  assertBroken(verify(t1), N, /checkpoint/);
  // An intruder also deletes the signed checkpoints kept in the database:
  const t2 = copyDir(d, path.join(work, 'cut-all'));
  sql(path.join(t2, 'safeguard.db'), `BEGIN; ${cut}; DELETE FROM audit_checkpoints; COMMIT;`);
  r = verify(t2);
  assert.equal(r.code, 0, 'without a held checkpoint a consistent cut cannot be seen: ' + r.stderr);
  assert.match(r.stdout, new RegExp(`intact: ${N - 2} events`));
  // …but the checkpoint kept elsewhere catches it.
  assertBroken(verify(t2, ['--checkpoint', cpFile]), N, /checkpoint you hold/);

  // A held checkpoint that was itself altered is refused.
  const bad = path.join(work, 'cp-bad.json');
  fs.writeFileSync(bad, JSON.stringify({ ...held, seq: N - 2, hash: hashOf(data.db, N - 2) }));
  assertBroken(verify(d, ['--checkpoint', bad]), N - 2, /not validly signed/);
  // An unreadable checkpoint file is an I/O error, not a pass.
  const missing = verify(d, ['--checkpoint', path.join(work, 'nope.json')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^safeguard: io_error: /);
});

test('REPORTING-01 [audit] checkpoint_every = 5: after 12 changes there are signed checkpoints and verify counts them', async () => {
  const d = initDir({ email: 'cp@audit.example', password: 'manager-password-1', root: path.join(work, 'every5') });
  setIni(d.dir, 'checkpoint_every', 5);
  const srv = await startServer(d.dir);
  servers.push(srv);
  const mgr = await login(srv.url, d.email, d.password); // event 3
  for (let i = 1; i <= 12; i++) {
    const r = i % 2
      ? await mgr.post('/api/v1/rooms', { name: `Room ${i}`, class: 'children' })
      : await mgr.post('/api/v1/parents', { first_name: 'P', last_name: `Parent ${i}` });
    assert.equal(r.status, 201, r.text);
  }
  assert.equal(auditRows(d.db).length, 15);
  const cps = sqlRows(d.db, 'SELECT seq, hash, public_key, signature FROM audit_checkpoints WHERE setting_id = 1 ORDER BY seq');
  assert.deepEqual(cps.map((c) => Number(c[0])), [5, 10, 15]);
  for (const [seq, hash, pk, sig] of cps) {
    assert.equal(hash, hashOf(d.db, seq), `checkpoint ${seq} signs that event's hash`);
    assert.match(pk, /^[0-9a-f]{64}$/);
    assert.match(sig, /^[0-9a-f]{128}$/);
  }
  const v = await mgr.get('/api/v1/audit/verify');
  assert.equal(v.json.intact, true, v.text);
  assert.equal(v.json.events, 15);
  assert.equal(v.json.checkpoints, 3);
  // on demand, through the API (the chair or manager)
  const c = await mgr.post('/api/v1/audit/checkpoint');
  assert.equal(c.status, 201, c.text);
  assert.equal(c.json.seq, 15);
  await srv.stop();
  servers.pop();
  const r = verify(d.dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /intact: 15 events and 3 signed checkpoints/);
  // A checkpoint signature tampered in the database is caught.
  sql(d.db, `UPDATE audit_checkpoints SET signature = '${'0'.repeat(128)}' WHERE seq = 10`);
  assertBroken(verify(d.dir), 10, /bad signature/);
});
