// pg.test.mjs — the same binary on PostgreSQL (PEOPLE-01: a group keeps its
// settings in one database, each scoped and with its own audit chain).
// Runs only with SG_TEST_PG set (scripts/with-pg.sh sets it); with
// SG_REQUIRE_PG=1 and no SG_TEST_PG it fails instead of skipping.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { bearer, cli, dob, have, initDir, login, startServer } from './lib.mjs';

const BASE = process.env.SG_TEST_PG;
const REQUIRED = process.env.SG_REQUIRE_PG === '1';

if (!BASE) {
  if (REQUIRED) {
    test('PG PostgreSQL tests are required (SG_REQUIRE_PG=1) but SG_TEST_PG is not set', () => {
      assert.fail('SG_TEST_PG is not set: run these tests through scripts/with-pg.sh, e.g. '
        + '`scripts/with-pg.sh node --test tests/api/pg.test.mjs`');
    });
  } else {
    test('PG PostgreSQL API tests (set SG_TEST_PG, or run through scripts/with-pg.sh)', { skip: 'SG_TEST_PG is not set' }, () => {});
  }
} else {
  const dbName = `sgapi_${process.pid}`;
  /* The same URL with another database name. */
  const withDb = (url, name) => {
    const m = /^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(url);
    assert.ok(m, `cannot parse SG_TEST_PG ${url}`);
    return `${m[1]}/${name}${m[3] || ''}`;
  };
  const URL_ = withDb(BASE, dbName);
  const psql = (url, q) => {
    const r = spawnSync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-c', q], { encoding: 'utf8' });
    if (r.error) throw r.error;
    assert.equal(r.status, 0, `psql: ${q}\n${r.stderr}`);
    return r.stdout;
  };

  let a, b;
  const servers = [];
  let created = false;

  before(() => {
    assert.ok(have('psql'), 'psql is needed for the PostgreSQL tests');
    psql(BASE, `CREATE DATABASE ${dbName}`);
    created = true;
  });

  after(async () => {
    for (const s of servers) await s.kill();
    a?.cleanup();
    b?.cleanup();
    if (created) psql(BASE, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  test('PG init, serve, people records, 8 concurrent writers: verify passes and seq has no gaps', async (t) => {
    a = initDir({ email: 'manager@pg-one.example', password: 'manager-password-1', setting: 'PG One', extra: ['--database', URL_] });
    const srv = await startServer(a.dir);
    servers.push(srv);
    const mgr = await login(srv.url, a.email, a.password);
    const room = await mgr.post('/api/v1/rooms', { name: 'Squirrels', class: 'children' });
    assert.equal(room.status, 201, room.text);
    const kp = await mgr.post('/api/v1/adults', { first_name: 'Kerry', last_name: 'Key', roles: ['key-person', 'staff'], email: 'kerry@pg-one.example' });
    assert.equal(kp.status, 201, kp.text);
    const child = await mgr.post('/api/v1/children', { first_name: 'Polly', last_name: 'Postgres', date_of_birth: dob(3), room_id: room.json.id, key_person_id: kp.json.id });
    assert.equal(child.status, 201, child.text);
    const parent = await mgr.post('/api/v1/parents', { first_name: 'Pam', last_name: 'Postgres', email: 'pam@home.example' });
    assert.equal(parent.status, 201, parent.text);
    const link = await mgr.post(`/api/v1/children/${child.json.id}/parents`, { parent_id: parent.json.id, relationship: 'mother' });
    assert.equal(link.status, 201, link.text);
    assert.equal(link.json.parents[0].may_consent, true);
    const dup = await mgr.post('/api/v1/rooms', { name: 'Squirrels', class: 'children' });
    assert.equal(dup.status, 409, dup.text);
    assert.equal(dup.json.error.code, 'already_exists');
    const bad = await mgr.post('/api/v1/children', { first_name: 'X', last_name: 'Y', date_of_birth: '2023-02-30' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'date_of_birth');
    a.childId = child.json.id;
    a.roomId = room.json.id;

    const writers = [];
    for (let i = 0; i < 8; i++) {
      const tk = await mgr.post('/api/v1/tokens', { name: `pg writer ${i}` });
      assert.equal(tk.status, 201, tk.text);
      writers.push(bearer(srv.url, tk.json.token));
    }
    const base = Number(psql(URL_, 'SELECT seq FROM audit_heads WHERE setting_id = 1').trim());
    const failures = [];
    await Promise.all(writers.map(async (w, i) => {
      for (let j = 0; j < 10; j++) {
        const r = j % 2
          ? await w.post('/api/v1/children', { first_name: `W${i}`, last_name: `Child${j}`, date_of_birth: dob(2), room_id: room.json.id })
          : await w.post('/api/v1/rooms', { name: `PG Room ${i}-${j}`, class: 'children' });
        if (r.status !== 201) failures.push(`${i}/${j}: ${r.status} ${r.text}`);
      }
    }));
    assert.deepEqual(failures, []);
    const N = base + 80;
    const seqs = psql(URL_, 'SELECT seq FROM audit_events WHERE setting_id = 1 ORDER BY seq').trim().split('\n').map(Number);
    assert.deepEqual(seqs, Array.from({ length: N }, (_, k) => k + 1), 'seq is exactly 1..N');
    const v = await mgr.get('/api/v1/audit/verify');
    assert.equal(v.json.intact, true, v.text);
    assert.equal(v.json.events, N);
    await srv.stop();
    servers.pop();
    const r = cli(['audit', 'verify', '--data', a.dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`intact: ${N} events`));
    t.diagnostic(`${N} events on PostgreSQL database ${dbName}`);
  });

  test("PG a second setting of a group in the same database cannot see the first setting's records", async () => {
    assert.ok(a?.childId, 'the first test made records');
    b = initDir({
      email: 'manager@pg-two.example', password: 'manager-password-2', setting: 'PG Two', kind: 'pre-school',
      extra: ['--database', URL_, '--organisation', 'X Trust', '--organisation-kind', 'group'],
    });
    assert.equal(psql(URL_, "SELECT count(*) FROM settings").trim(), '2');
    const s1 = await startServer(a.dir);
    servers.push(s1);
    const s2 = await startServer(b.dir);
    servers.push(s2);
    const m2 = await login(s2.url, b.email, b.password);
    assert.equal(m2.me.setting.name, 'PG Two');
    assert.equal(m2.me.setting.organisation.name, 'X Trust');
    assert.equal(m2.me.setting.organisation.kind, 'group');
    for (const p of [`/api/v1/children/${a.childId}`, `/api/v1/rooms/${a.roomId}`]) {
      const r = await m2.get(p);
      assert.equal(r.status, 404, `${p}: ${r.text}`);
      assert.equal(r.json.error.code, 'not_found');
    }
    const e = await m2.patch(`/api/v1/children/${a.childId}`, { first_name: 'Stolen' });
    assert.equal(e.status, 404, e.text);
    const c = await m2.post('/api/v1/children', { first_name: 'Two', last_name: 'Child', date_of_birth: dob(3), room_id: a.roomId });
    assert.equal(c.status, 400, c.text);
    assert.equal(c.json.error.field, 'room_id');
    for (const p of ['/api/v1/children?include_ended=1', '/api/v1/rooms?include_ended=1', '/api/v1/parents?include_ended=1', '/api/v1/adults?include_ended=1']) {
      const r = await m2.get(p);
      assert.equal(r.status, 200, r.text);
      assert.ok(!/Polly|Squirrels|Pam|Kerry|pg-one/.test(r.text), `${p} shows the first setting: ${r.text}`);
    }
    // The second setting has its own chain, starting at 1.
    const room = await m2.post('/api/v1/rooms', { name: 'Squirrels', class: 'children' });
    assert.equal(room.status, 201, 'the same room name in another setting is fine: ' + room.text);
    const audit = await m2.get('/api/v1/audit?limit=500');
    assert.ok(audit.json.events.every((x) => !/pg-one|Polly/.test(JSON.stringify(x))));
    assert.deepEqual(audit.json.events.map((x) => x.seq).reverse(), Array.from({ length: audit.json.events.length }, (_, k) => k + 1));
    // The first setting's manager, on either server, sees only their own.
    const m1 = await login(s1.url, a.email, a.password);
    const r1 = await m1.get(`/api/v1/rooms/${room.json.id}`);
    assert.equal(r1.status, 404, r1.text);
    const m1b = await login(s2.url, a.email, a.password);
    assert.equal(m1b.me.setting.name, 'PG One', 'the setting comes from the log-in, not the server');
    for (const s of [s1, s2]) await s.stop();
    servers.length = 0;
    const all = cli(['audit', 'verify', '--data', b.dir, '--all-settings']);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /in 2 chains/);
  });
}
