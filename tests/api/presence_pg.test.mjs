// presence_pg.test.mjs — the locker ledger, a break overrun found by the
// sweep, and a manager's permission, on PostgreSQL (S-05 in brief). Runs
// with SG_TEST_PG (scripts/with-pg.sh); skipped without it unless
// SG_REQUIRE_PG=1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { assertError, cli, initDir, login, request, startServer } from './lib.mjs';

const BASE = process.env.SG_TEST_PG;
const LIB = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', '/usr/lib/faketime/libfaketimeMT.so.1']
  .find((p) => fs.existsSync(p));
const at = (t) => ({ LD_PRELOAD: LIB, FAKETIME: `@2026-11-25 ${t}:00`, TZ: 'UTC', FAKETIME_DONT_FAKE_MONOTONIC: '1' });

if (!BASE) {
  test('PG presence on PostgreSQL (set SG_TEST_PG)', { skip: process.env.SG_REQUIRE_PG !== '1' && 'SG_TEST_PG is not set' }, () => {
    assert.fail('SG_TEST_PG is not set');
  });
} else {
  const dbName = `sgpres_${process.pid}`;
  const url = BASE.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
  const psql = (u, q) => {
    const r = spawnSync('psql', [u, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-c', q], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  let data, srv;
  const serverAt = async (t) => {
    if (srv) await srv.stop();
    srv = await startServer(data.dir, { env: at(t) });
  };
  before(() => {
    psql(BASE, `CREATE DATABASE ${dbName}`);
    data = initDir({ email: 'manager@pgpres.example', extra: ['--database', url] });
    fs.writeFileSync(`${data.dir}/safeguard.ini`, fs.readFileSync(`${data.dir}/safeguard.ini`, 'utf8')
      .replace(/every_seconds = \d+/, 'every_seconds = 0'));
  });
  after(async () => {
    if (srv) await srv.kill();
    data?.cleanup();
    psql(BASE, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  test('PG PERSONAL-DEVICES-03/-05/-06/-09 on PostgreSQL: sign-on, check-in, break, overrun finding, permission', async () => {
    await serverAt('07:00');
    let m = await login(srv.url, data.email, data.password);
    const room = async (body) => (await m.post('/api/v1/rooms', body)).json.id;
    const staff = await room({ name: 'Staff room', class: 'adults-only', mobile_zone: true });
    const office = await room({ name: 'Office', class: 'adults-only' });
    assertError(await m.post('/api/v1/rooms', { name: 'Ladybirds', class: 'children', mobile_zone: true }), 422, 'refused_by_policy');
    const a = await m.post('/api/v1/adults', { first_name: 'Chloe', last_name: 'Bennett', roles: ['staff'], locker: '7' });
    assert.equal(a.status, 201, a.text);
    const id = a.json.id;
    assert.equal((await m.post('/api/v1/shifts', { adult_id: id, date: '2026-11-25', start: '08:00', end: '16:00', break_start: '12:00' })).status, 201);
    await serverAt('08:00');
    m = await login(srv.url, data.email, data.password);
    let r = await m.post(`/api/v1/presence/adults/${id}/sign-on`, {});
    assert.equal(r.status, 200, r.text);
    assert.equal((await m.get('/api/v1/findings')).json.findings[0].rule, 'PERSONAL-DEVICES-05');
    r = await m.post(`/api/v1/presence/adults/${id}/check-in`, { devices: ['phone', 'smart-watch'], switched: 'off' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual((await m.get('/api/v1/findings')).json.findings, []);
    assertError(await m.post(`/api/v1/presence/adults/${id}/check-out`, {}), 409, 'not_allowed_now');
    await serverAt('12:00');
    m = await login(srv.url, data.email, data.password);
    r = await m.post(`/api/v1/presence/adults/${id}/check-out`, { devices: ['phone'] });
    assert.equal(r.status, 200, r.text);
    const s = cli(['sweep', '--data', data.dir], { env: at('12:31') });
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /1 finding raised/);
    await serverAt('12:35');
    m = await login(srv.url, data.email, data.password);
    assert.equal((await m.get('/api/v1/findings')).json.findings[0].rule, 'PERSONAL-DEVICES-06');
    assert.equal((await m.post(`/api/v1/presence/adults/${id}/check-in`, { devices: ['phone'], switched: 'off' })).status, 200);
    r = await m.post('/api/v1/grants', { adult_id: id, kind: 'emergency', reason: 'school rang', room_id: office, ends_at: '2026-11-25T12:50:00Z' });
    assert.equal(r.status, 201, r.text);
    r = await m.post(`/api/v1/presence/adults/${id}/check-out`, { devices: ['phone'] });
    assert.equal(r.json.devices.find((d) => d.kind === 'phone').out_purpose, 'permission');
    const b = await m.get('/api/v1/presence');
    assert.equal(b.json.adults[0].status, 'device-out');
    assert.deepEqual(b.json.zones.map((z) => z.id), [staff]);
    const l = await m.get(`/api/v1/presence/ledger?adult_id=${id}`);
    assert.equal(l.json.events.length, 5);
    const v = cli(['audit', 'verify', '--data', data.dir]);
    assert.equal(v.code, 0, v.stderr);
  });
}
