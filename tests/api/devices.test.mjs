// devices.test.mjs — the setting's own devices: the register, apps, who holds
// which device when, devices home and on outings, the end-of-day lock-up
// check, enrolment with a one-time QR code and the device credential,
// evidence quarantine and problem reports (PRO-DEVICES-01…20, OUTINGS-01,
// -02, -06, CONFIG-07, -08, REPORTING-04; scenario S-09's device half).
//
// Every rule is tested on SQLite and, when SG_TEST_PG is set (make check,
// scripts/with-pg.sh), again on PostgreSQL. Every refusal asserts the status,
// the error code and that the database — audit log included — is unchanged.
// Time comes from faketime only: the server and the CLI run at the
// scenario's instants.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  assertError, cli, initDir, login, request, setIni, sleep, snapshot, sqlRows, startServer, CSRF,
} from './lib.mjs';

const LIB = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', '/usr/lib/faketime/libfaketimeMT.so.1']
  .find((p) => fs.existsSync(p));
assert.ok(LIB, 'libfaketime is needed (Debian package faketime)');

/* The environment that puts a process at `when` ('YYYY-MM-DD HH:MM'). */
const at = (when) => ({
  LD_PRELOAD: LIB, FAKETIME: `@${when}:00`, TZ: 'UTC', FAKETIME_DONT_FAKE_MONOTONIC: '1',
});

const PG = process.env.SG_TEST_PG;
const REQUIRED = process.env.SG_REQUIRE_PG === '1';

/* ---- the database under test, whichever backend ---- */

function pgUrl(name) {
  const m = /^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?(\?.*)?$/.exec(PG);
  assert.ok(m, `cannot parse SG_TEST_PG ${PG}`);
  return `${m[1]}/${name}${m[3] || ''}`;
}

function psql(url, q) {
  const r = spawnSync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', q],
    { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `psql: ${q}\n${r.stderr}`);
  return r.stdout;
}

/* {init(data dir options), rows(sql), snap(), audit(), done()} for one backend. */
function backend(kind) {
  if (kind === 'sqlite') {
    let data;
    return {
      kind,
      init(opts) { data = initDir(opts); return data; },
      rows: (q) => sqlRows(data.db, q),
      snap: () => snapshot(data.db),
      done() { data?.cleanup(); },
    };
  }
  const name = `sgdev_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const url = pgUrl(name);
  let data;
  let tables = null;
  return {
    kind,
    init(opts) {
      psql(PG, `CREATE DATABASE ${name}`);
      data = initDir({ ...opts, extra: ['--database', url] });
      return data;
    },
    rows: (q) => psql(url, q).split('\n').filter((l) => l !== '').map((l) => l.split('\t')),
    snap() {
      tables ||= psql(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        + " AND table_type = 'BASE TABLE' AND table_name <> 'sessions' ORDER BY 1").split('\n').filter(Boolean);
      return psql(url, `SELECT x FROM (${tables.map((t) => `SELECT '${t}:' || r::text AS x FROM ${t} r`).join(' UNION ALL ')}) s ORDER BY x`);
    },
    done() {
      data?.cleanup();
      psql(PG, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function auditOf(db) {
  return db.rows('SELECT seq, actor, action, object_type, object_id, detail FROM audit_events WHERE setting_id = 1 ORDER BY seq')
    .map(([seq, actor, action, objectType, objectId, detail]) => ({
      seq: Number(seq), actor, action, object_type: objectType, object_id: objectId === '' ? null : Number(objectId),
      detail: JSON.parse(detail),
    }));
}

/* Another setting in the same database, with a device and an adult of its own. */
function otherSetting(db) {
  db.rows(`INSERT INTO organisations (name, kind, created_at) VALUES ('Other Trust', 'single', 0)`);
  db.rows(`INSERT INTO settings (organisation_id, name, kind, created_at)
           VALUES ((SELECT max(id) FROM organisations), 'Other Nursery', 'nursery', 0)`);
  db.rows(`INSERT INTO audit_heads (setting_id, seq, hash) VALUES ((SELECT max(id) FROM settings), 0, '${'0'.repeat(64)}')`);
  db.rows(`INSERT INTO adults (setting_id, first_name, last_name, email, start_date, created_at)
           VALUES ((SELECT max(id) FROM settings), 'Otto', 'Other', 'otto@other.example', '2024-01-01', 0)`);
  db.rows(`INSERT INTO devices (setting_id, kind, label, kept_in, passcode_set, designated_use, created_at)
           VALUES ((SELECT max(id) FROM settings), 'tablet', 'OT-1', 'Their cupboard', 1, 'staff', 0)`);
  const [[setting, adult, device]] = db.rows(`SELECT (SELECT max(id) FROM settings), (SELECT max(id) FROM adults),
           (SELECT max(id) FROM devices)`);
  return { setting: Number(setting), adult: Number(adult), device: Number(device) };
}

const kinds = ['sqlite'];
if (PG) kinds.push('pg');
else if (REQUIRED) {
  test('PG the devices tests are required on PostgreSQL (SG_REQUIRE_PG=1) but SG_TEST_PG is not set', () => {
    assert.fail('run through scripts/with-pg.sh');
  });
}

for (const kind of kinds) {
  describe(`devices on ${kind}`, () => {
    const db = backend(kind);
    let data, srv, mgr, chloe, priya, eleanor, vera, other;
    const ids = {};
    const EMAILS = {
      chloe: 'chloe@devices.example', priya: 'priya@devices.example', eleanor: 'eleanor@devices.example',
      vera: 'vera@devices.example',
    };
    const PASSWORD = 'a-long-password-1';
    const unchanged = async (before, fn) => {
      await fn();
      assert.equal(db.snap(), before, 'the database (audit log included) changed');
    };
    const devCli = (args, when, as) => cli(['device', ...args.map(String), '--data', data.dir, ...(as ? ['--as', as] : [])],
      { env: at(when) });
    const openFindings = () => db.rows("SELECT rule, subject, text FROM findings WHERE area = 'devices'"
      + " AND resolved_at IS NULL ORDER BY rule, subject")
      .map(([rule, subject, text]) => ({ rule, subject, text }));

    before(async () => {
      data = db.init({ email: 'manager@devices.example', password: 'manager-password-1', managerName: 'Sarah Manager' });
      setIni(data.dir, 'every_seconds', '0'); // sweeps only when a test runs one
      other = otherSetting(db);
      // Tuesday 24 November 2026, 09:00 at the setting.
      srv = await startServer(data.dir, { env: at('2026-11-24 09:00') });
      mgr = await login(srv.url, data.email, data.password);
      for (const [key, first, roles] of [
        ['chloe', 'Chloe', ['key-person', 'staff']], ['priya', 'Priya', ['deputy', 'key-person']],
        ['eleanor', 'Eleanor', ['dsl', 'key-person']], ['vera', 'Vera', ['volunteer']],
      ]) {
        const r = await mgr.post('/api/v1/adults', {
          first_name: first, last_name: 'Tester', email: EMAILS[key], roles, password: PASSWORD,
        });
        assert.equal(r.status, 201, r.text);
        ids[key] = r.json.id;
      }
      [chloe, priya, eleanor, vera] = await Promise.all(['chloe', 'priya', 'eleanor', 'vera']
        .map((k) => login(srv.url, EMAILS[k], PASSWORD)));
    });

    after(async () => {
      try {
        if (srv) await srv.stop();
      } finally {
        db.done();
      }
    });

    test('PRO-DEVICES-01/-02/-07/-18 the register: kind, label, place, passcode set (never the passcode), virus protection, use', async () => {
      const add = async (body) => {
        const r = await mgr.post('/api/v1/devices', body);
        assert.equal(r.status, 201, r.text);
        return r.json;
      };
      const t3 = await add({ kind: 'tablet', label: 'Tablet 3', serial: 'DMPQ4F3MN2', kept_in: 'Locked cupboard, Bumblebee Room', passcode_set: true, designated_use: 'children' });
      assert.equal(t3.status, 'locked-away');
      assert.equal(t3.holder, null);
      assert.equal(t3.enrolled, false);
      assert.equal(t3.passcode_set, true);
      assert.ok(!Object.keys(t3).some((k) => /passcode$/.test(k)), 'no passcode field in the answer');
      ids.t3 = t3.id;
      ids.t5 = (await add({ kind: 'tablet', label: 'T-05', kept_in: 'Office safe', passcode_set: true, designated_use: 'staff' })).id;
      const l1 = await add({ kind: 'laptop', label: 'L-1', kept_in: 'Office', passcode_set: true, virus_protection: true, designated_use: 'staff' });
      assert.equal(l1.virus_protection, true);
      ids.l1 = l1.id;
      ids.l2 = (await add({ kind: 'laptop', label: 'L-2', kept_in: 'Office', passcode_set: true, virus_protection: true, designated_use: 'allocated', designated_user_id: ids.priya })).id;
      ids.sp1 = (await add({ kind: 'phone', label: 'SP-1', kept_in: 'Office safe', passcode_set: true, designated_use: 'staff' })).id;
      ids.sp2 = (await add({ kind: 'phone', label: 'SP-2', kept_in: 'Office desk', passcode_set: true, designated_use: 'office-phone' })).id;
      ids.c1 = (await add({ kind: 'camera', label: 'C-1', kept_in: 'Office safe', passcode_set: true, designated_use: 'staff' })).id;
      ids.mc1 = (await add({ kind: 'memory-card', label: 'MC-1', kept_in: 'Office safe', passcode_set: true, designated_use: 'staff' })).id;
      const ev = auditOf(db).filter((e) => e.action === 'device.add');
      assert.equal(ev.length, 8);
      assert.equal(ev[0].object_id, ids.t3);
      assert.equal(ev[0].detail.label, 'Tablet 3');
      assert.equal(ev[0].actor, `adult:1`);

      const r = await mgr.get('/api/v1/devices');
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.devices.map((d) => d.label), ['C-1', 'L-1', 'L-2', 'MC-1', 'SP-1', 'SP-2', 'T-05', 'Tablet 3']);
      assert.equal(r.json.devices.find((d) => d.label === 'L-2').designated_user_name, 'Priya Tester');
      // Every adult sees the register (they take devices from it).
      assert.equal((await vera.get('/api/v1/devices')).status, 200);
      assert.equal((await mgr.get('/api/v1/devices?kind=phone')).json.devices.length, 2);
      assert.equal((await mgr.get('/api/v1/devices?q=bumblebee')).json.devices[0].label, 'Tablet 3');
    });

    test('PRO-DEVICES-02/-07/-11/-15/-18 bad register entries are refused with a clear code, nothing changed', async () => {
      const before = db.snap();
      await unchanged(before, async () => {
        const base = { kind: 'tablet', label: 'T-09', kept_in: 'Office', passcode_set: true, designated_use: 'staff' };
        for (const [body, status, code, field] of [
          [{ ...base, passcode: '1234' }, 400, 'invalid_field', 'passcode'],          // never stored
          [{ ...base, kind: 'smart-fridge' }, 400, 'invalid_field', 'kind'],
          [{ ...base, label: 7 }, 400, 'invalid_field', 'label'],
          [{ ...base, passcode_set: 'yes' }, 400, 'invalid_field', 'passcode_set'],
          [{ ...base, kept_in: undefined }, 400, 'invalid_field', 'kept_in'],
          [{ ...base, kind: 'laptop' }, 400, 'invalid_field', 'virus_protection'],   // PRO-DEVICES-18
          [{ ...base, virus_protection: true }, 400, 'invalid_field', 'virus_protection'],
          [{ ...base, designated_use: 'office-phone' }, 400, 'invalid_field', 'designated_use'],
          [{ ...base, designated_use: 'allocated' }, 400, 'invalid_field', 'designated_user_id'],
          [{ ...base, designated_use: 'allocated', designated_user_id: other.adult }, 400, 'invalid_field', 'designated_user_id'],
          [{ ...base, designated_user_id: ids.priya }, 400, 'invalid_field', 'designated_user_id'],
          [{ ...base, label: 'tablet 3' }, 409, 'already_exists', 'label'],           // labels are unique in any case
          [{ ...base, retired_on: '2026-01-01' }, 400, 'invalid_field', 'retired_on'],
        ]) {
          assertError(await mgr.post('/api/v1/devices', body), status, code, field);
        }
        assertError(await mgr.post('/api/v1/devices', 'not json', { contentType: 'application/json' }), 400, 'invalid_json');
        assertError(await chloe.post('/api/v1/devices', base), 403, 'forbidden');
        assertError(await mgr.get(`/api/v1/devices/${other.device}`), 404, 'not_found');
        assertError(await mgr.patch(`/api/v1/devices/${other.device}`, { kept_in: 'Here' }), 404, 'not_found');
        assertError(await mgr.patch(`/api/v1/devices/${ids.t3}`, { kind: 'camera' }), 400, 'invalid_field', 'kind');
        assertError(await mgr.get('/api/v1/devices?kind=toaster'), 400, 'bad_request');
      });
    });

    test('PRO-DEVICES-05/-06/-17 only management approves apps, each checked; social media and messaging refused', async () => {
      const before = db.snap();
      await unchanged(before, async () => {
        const ok = { name: 'Story Time', category: 'stories-and-music', checked_safe: true, age_appropriate: true };
        assertError(await mgr.post(`/api/v1/devices/${ids.t3}/apps`, { ...ok, category: 'social-media', name: 'Chatter' }), 422, 'refused_by_policy', 'category');
        assertError(await mgr.post(`/api/v1/devices/${ids.t3}/apps`, { ...ok, category: 'messaging', name: 'Chatter' }), 422, 'refused_by_policy', 'category');
        const wa = await mgr.post(`/api/v1/devices/${ids.t5}/apps`, { ...ok, name: 'WhatsApp Business', category: 'office' });
        assertError(wa, 422, 'refused_by_policy', 'name');
        assert.match(wa.json.error.message, /PRO-DEVICES-05/);
        assertError(await mgr.post(`/api/v1/devices/${ids.t3}/apps`, { ...ok, checked_safe: false }), 400, 'invalid_field', 'checked_safe');
        assertError(await mgr.post(`/api/v1/devices/${ids.t3}/apps`, { ...ok, age_appropriate: false }), 400, 'invalid_field', 'age_appropriate');
        assertError(await priya.post(`/api/v1/devices/${ids.t3}/apps`, ok), 403, 'forbidden');
        assertError(await mgr.post(`/api/v1/devices/${other.device}/apps`, ok), 404, 'not_found');
      });
      const r = await mgr.post(`/api/v1/devices/${ids.t3}/apps`, { name: 'Story Time', category: 'stories-and-music', checked_safe: true, age_appropriate: true });
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(r.json.apps.map((a) => [a.name, a.checked_safe, a.age_appropriate, a.approved_by]), [['Story Time', true, true, 'adult:1']]);
      assertError(await mgr.post(`/api/v1/devices/${ids.t3}/apps`, { name: 'story time', category: 'learning', checked_safe: true, age_appropriate: true }), 409, 'already_exists', 'name');
      // A staff tablet's office app need not be for children.
      const s = await mgr.post(`/api/v1/devices/${ids.t5}/apps`, { name: 'Rota Planner', category: 'office', checked_safe: true, age_appropriate: false });
      assert.equal(s.status, 201, s.text);
      const ev = auditOf(db).filter((e) => e.action === 'device.app_approve');
      assert.deepEqual(ev.map((e) => [e.object_id, e.detail.name]), [[ids.t3, 'Story Time'], [ids.t5, 'Rota Planner']]);
      const appId = s.json.apps[0].id;
      const rm = await mgr.post(`/api/v1/devices/${ids.t5}/apps/${appId}/remove`, {});
      assert.equal(rm.status, 200, rm.text);
      assert.ok(rm.json.apps[0].removed_at);
      assertError(await mgr.post(`/api/v1/devices/${ids.t5}/apps/${appId}/remove`, {}), 409, 'conflict');
      assert.equal(auditOf(db).filter((e) => e.action === 'device.app_remove').length, 1);
    });

    test('PRO-DEVICES-03, REPORTING-04 who holds Tablet 3 now, and who held it at 10:40 last Tuesday', async () => {
      // Last Tuesday (17 November): Chloe takes it at 10:00, gives it back
      // at 11:00; Priya takes it at 11:30 and still has it.
      let r = devCli(['handout', '--id', String(ids.t3), '--purpose', 'children-session'], '2026-11-17 10:00', EMAILS.chloe);
      assert.equal(r.code, 0, r.stderr);
      r = devCli(['return', '--id', String(ids.t3)], '2026-11-17 11:00', EMAILS.chloe);
      assert.equal(r.code, 0, r.stderr);
      r = devCli(['handout', '--id', String(ids.t3)], '2026-11-17 11:30', EMAILS.priya);
      assert.equal(r.code, 0, r.stderr);

      const holder = async (iso) => (await chloe.get(`/api/v1/devices/${ids.t3}/holder?at=${iso}`)).json.holder;
      assert.equal((await holder('2026-11-17T10:40:00Z')).name, 'Chloe Tester');
      assert.equal((await holder('2026-11-17T10:40:00Z')).purpose, 'children-session');
      assert.equal(await holder('2026-11-17T09:59:59Z'), null);
      assert.equal(await holder('2026-11-17T11:10:00Z'), null, 'back in the cupboard between 11:00 and 11:30');
      assert.equal((await holder('2026-11-17T11:30:00Z')).name, 'Priya Tester');
      const now = await mgr.get(`/api/v1/devices/${ids.t3}`);
      assert.equal(now.json.status, 'in-use');
      assert.equal(now.json.holder.name, 'Priya Tester');
      assert.equal(now.json.custody.length, 2);
      assertError(await mgr.get(`/api/v1/devices/${ids.t3}/holder?at=tuesday`), 400, 'bad_request', 'at');
      assertError(await mgr.get(`/api/v1/devices/${other.device}/holder`), 404, 'not_found');

      // REPORTING-04: the links over a period, for a device or for an adult.
      const byAdult = await mgr.get(`/api/v1/devices/custody?adult_id=${ids.chloe}&from=2026-11-17T00:00:00Z&to=2026-11-18T00:00:00Z`);
      assert.deepEqual(byAdult.json.custody.map((c) => [c.label, c.out_at, c.returned_at]),
        [['Tablet 3', '2026-11-17T10:00:00Z', '2026-11-17T11:00:00Z']]);
      const window = await mgr.get(`/api/v1/devices/custody?device_id=${ids.t3}&from=2026-11-17T10:30:00Z&to=2026-11-17T11:15:00Z`);
      assert.deepEqual(window.json.custody.map((c) => c.name), ['Chloe Tester']);

      const ev = auditOf(db).filter((e) => e.object_id === ids.t3 && /^device\.(handout|return)$/.test(e.action));
      assert.deepEqual(ev.map((e) => [e.action, e.actor, e.detail.adult]), [
        ['device.handout', `adult:${ids.chloe}`, 'Chloe Tester'],
        ['device.return', `adult:${ids.chloe}`, 'Chloe Tester'],
        ['device.handout', `adult:${ids.priya}`, 'Priya Tester'],
      ]);
    });

    test('PRO-DEVICES-03 a second hand-out of a held device, or a return by someone who does not hold it, is refused; nothing changed', async () => {
      const before = db.snap();
      await unchanged(before, async () => {
        const r = await chloe.post(`/api/v1/devices/${ids.t3}/handout`, {});
        assertError(r, 409, 'conflict');
        assert.match(r.json.error.message, /already held by Priya Tester/);
        assertError(await chloe.post(`/api/v1/devices/${ids.t3}/return`, {}), 409, 'conflict', 'adult_id');
        assertError(await mgr.post(`/api/v1/devices/${ids.t3}/return`, {}), 409, 'conflict', 'adult_id');
        assertError(await chloe.post(`/api/v1/devices/${ids.t5}/return`, {}), 409, 'conflict');
        // Recording for someone else is the manager's or deputy's.
        assertError(await chloe.post(`/api/v1/devices/${ids.t5}/handout`, { adult_id: ids.vera }), 403, 'forbidden');
        for (const [body, field] of [
          [{ adult_id: 'chloe' }, 'adult_id'], [{ adult_id: other.adult }, 'adult_id'], [{ adult_id: 999999 }, 'adult_id'],
          [{ purpose: 'fun' }, 'purpose'], [{ colour: 'red' }, 'colour'],
        ]) {
          assertError(await mgr.post(`/api/v1/devices/${ids.t5}/handout`, { adult_id: ids.chloe, ...body }), 400, 'invalid_field', field);
        }
        assertError(await mgr.post(`/api/v1/devices/${other.device}/handout`, { adult_id: ids.chloe }), 404, 'not_found');
        assertError(await mgr.post(`/api/v1/devices/${ids.t5}/handout`, { adult_id: ids.chloe, purpose: 'children-session' }), 422, 'refused_by_policy', 'purpose');
        // PRO-DEVICES-11: the allocated laptop is Priya's alone.
        assertError(await mgr.post(`/api/v1/devices/${ids.l2}/handout`, { adult_id: ids.chloe }), 422, 'refused_by_policy', 'adult_id');
      });
      // The holder gives it back; the manager may record a return for the holder.
      const r = await mgr.post(`/api/v1/devices/${ids.t3}/return`, { adult_id: ids.priya, note: 'left on the office desk' });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 'locked-away');
      const ev = auditOf(db).at(-1);
      assert.equal(ev.action, 'device.return');
      assert.equal(ev.actor, 'adult:1');
      assert.equal(ev.detail.adult_id, ids.priya);
    });

    test('PRO-DEVICES-13, CONFIG-08 private use: never by default; with permission only as the manager records it', async () => {
      const before = db.snap();
      await unchanged(before, async () => {
        assertError(await chloe.post(`/api/v1/devices/${ids.t5}/handout`, { purpose: 'private-use', note: 'a call home' }), 422, 'refused_by_policy', 'purpose');
      });
      assert.equal((await mgr.patch('/api/v1/policy', { 'devices.private_use': 'with-permission' })).status, 200);
      const snap2 = db.snap();
      await unchanged(snap2, async () => {
        assertError(await chloe.post(`/api/v1/devices/${ids.t5}/handout`, { purpose: 'private-use', note: 'a call home' }), 422, 'refused_by_policy', 'purpose');
        assertError(await mgr.post(`/api/v1/devices/${ids.t5}/handout`, { adult_id: ids.chloe, purpose: 'private-use' }), 400, 'invalid_field', 'note');
      });
      const r = await mgr.post(`/api/v1/devices/${ids.t5}/handout`, { adult_id: ids.chloe, purpose: 'private-use', note: 'Permission: to print her course certificate' });
      assert.equal(r.status, 200, r.text);
      assert.equal(auditOf(db).at(-1).detail.purpose, 'private-use');
      assert.equal((await chloe.post(`/api/v1/devices/${ids.t5}/return`, {})).status, 200);
      assert.equal((await mgr.patch('/api/v1/policy', { 'devices.private_use': 'never' })).status, 200);
    });

    test('PRO-DEVICES-09, CONFIG-07 a device home only with the manager, an unforeseen reason, an undertaking and a return date', async () => {
      const home = { kind: 'home', adult_id: ids.chloe, reason: 'The building is flooded; planning at home', undertaking: true, expected_return: '2026-11-26' };
      const before = db.snap();
      await unchanged(before, async () => {
        for (const [body, field] of [
          [{ ...home, reason: undefined }, 'reason'],
          [{ ...home, expected_return: undefined }, 'expected_return'],
          [{ ...home, expected_return: '2026-11-01' }, 'expected_return'],
          [{ ...home, undertaking: false }, 'undertaking'],
          [{ ...home, outing_ref: 'Park' }, 'outing_ref'],
          [{ ...home, expected_return: '26/11/2026' }, 'expected_return'],
          [{ ...home, kind: 'holiday' }, 'kind'],
        ]) {
          assertError(await mgr.post(`/api/v1/devices/${ids.t5}/off-site`, body), 400, 'invalid_field', field);
        }
        assertError(await chloe.post(`/api/v1/devices/${ids.t5}/off-site`, home), 403, 'forbidden');
        assertError(await priya.post(`/api/v1/devices/${ids.t5}/off-site`, home), 403, 'forbidden');
      });
      // CONFIG-07 (a): devices that take images never leave; a laptop may.
      assert.equal((await mgr.patch('/api/v1/policy', { 'devices.off_site': 'imaging-never' })).status, 200);
      const snap2 = db.snap();
      await unchanged(snap2, async () => {
        assertError(await mgr.post(`/api/v1/devices/${ids.t5}/off-site`, home), 422, 'refused_by_policy');
      });
      let r = await mgr.post(`/api/v1/devices/${ids.l1}/off-site`, home);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 'off-site');
      assert.equal(r.json.holder.expected_return, '2026-11-26');
      const ev = auditOf(db).at(-1);
      assert.equal(ev.action, 'device.off_site');
      assert.equal(ev.detail.reason, home.reason);
      assert.equal(ev.detail.due_at, '2026-11-27T00:00:00Z');
      assert.equal((await chloe.post(`/api/v1/devices/${ids.l1}/return`, {})).status, 200);
      // CONFIG-07 (c): the allocated laptop goes home with its own user.
      assert.equal((await mgr.patch('/api/v1/policy', { 'devices.off_site': 'allocated-laptops' })).status, 200);
      r = await priya.post(`/api/v1/devices/${ids.l2}/off-site`, { kind: 'home', adult_id: ids.priya, undertaking: true });
      assert.equal(r.status, 200, r.text);
      assert.equal((await priya.post(`/api/v1/devices/${ids.l2}/return`, {})).status, 200);
      assert.equal((await mgr.patch('/api/v1/policy', { 'devices.off_site': 'unforeseen-only' })).status, 200);
    });

    test('PRO-DEVICES-07/-18, PRO-DEVICES-20 findings as soon as it happens: no passcode, no virus protection, a reported problem', async () => {
      const r = await mgr.post('/api/v1/devices', { kind: 'computer', label: 'PC-1', kept_in: 'Office', passcode_set: false, virus_protection: false, designated_use: 'staff' });
      assert.equal(r.status, 201, r.text);
      ids.pc1 = r.json.id;
      const f = (await mgr.get('/api/v1/findings')).json.findings.filter((x) => x.area === 'devices');
      assert.deepEqual(f.map((x) => [x.rule, x.subject]).sort(), [['PRO-DEVICES-07', 'PC-1'], ['PRO-DEVICES-18', 'PC-1']]);
      assert.match(f.find((x) => x.rule === 'PRO-DEVICES-07').text, /no passcode/);
      // Fixed: both resolve with the edit that fixes them.
      const e = await mgr.patch(`/api/v1/devices/${ids.pc1}`, { passcode_set: true, virus_protection: true });
      assert.equal(e.status, 200, e.text);
      assert.deepEqual(openFindings(), []);
      const resolves = auditOf(db).filter((x) => x.action === 'finding.resolve');
      assert.equal(resolves.length, 2);

      // Any adult reports a problem (PRO-DEVICES-20); a banned app found is PRO-DEVICES-05.
      let rep = await vera.post(`/api/v1/devices/${ids.c1}/reports`, { kind: 'fault', text: 'The lens cover is stuck.' });
      assert.equal(rep.status, 201, rep.text);
      rep = await chloe.post(`/api/v1/devices/${ids.t5}/reports`, { kind: 'prohibited-app', text: 'A chat app icon on the home screen.' });
      assert.equal(rep.status, 201, rep.text);
      rep = await chloe.post(`/api/v1/devices/${ids.mc1}/reports`, { kind: 'loss', text: 'Not in the camera bag after the outing.' });
      assert.equal(rep.status, 201, rep.text);
      assert.deepEqual(openFindings().map((x) => [x.rule, x.subject]),
        [['PRO-DEVICES-05', 'T-05'], ['PRO-DEVICES-12', 'MC-1'], ['PRO-DEVICES-20', 'C-1']]);
      assert.equal(auditOf(db).filter((x) => x.action === 'device.report').length, 3);
      const before = db.snap();
      await unchanged(before, async () => {
        assertError(await chloe.post(`/api/v1/devices/${ids.c1}/reports`, { kind: 'rumour', text: 'x' }), 400, 'invalid_field', 'kind');
        assertError(await chloe.post(`/api/v1/devices/${ids.c1}/reports`, { kind: 'fault' }), 400, 'invalid_field', 'text');
        assertError(await chloe.post(`/api/v1/devices/${other.device}/reports`, { kind: 'fault', text: 'x' }), 404, 'not_found');
        const id = rep.json.reports[0].id;
        assertError(await chloe.post(`/api/v1/devices/${ids.mc1}/reports/${id}/close`, { outcome: 'found' }), 403, 'forbidden');
        assertError(await mgr.post(`/api/v1/devices/${ids.c1}/reports/${id}/close`, { outcome: 'found' }), 404, 'not_found');
      });
      for (const d of [ids.c1, ids.t5, ids.mc1]) {
        const dev = await mgr.get(`/api/v1/devices/${d}`);
        const c = await mgr.post(`/api/v1/devices/${d}/reports/${dev.json.reports[0].id}/close`, { outcome: 'Dealt with.' });
        assert.equal(c.status, 200, c.text);
      }
      assert.deepEqual(openFindings(), []);
    });

    test('PRO-DEVICES-14 evidence quarantine by the DSL: credential locked, hand-outs, edits, retirement refused, every action logged', async () => {
      const before = db.snap();
      await unchanged(before, async () => {
        assertError(await chloe.post(`/api/v1/devices/${ids.t5}/quarantine`, { reason: 'x' }), 403, 'forbidden');
        assertError(await priya.post(`/api/v1/devices/${ids.t5}/quarantine`, { reason: 'x' }), 403, 'forbidden');
        assertError(await eleanor.post(`/api/v1/devices/${ids.t5}/quarantine`, {}), 400, 'invalid_field', 'reason');
        assertError(await eleanor.post(`/api/v1/devices/${other.device}/quarantine`, { reason: 'x' }), 404, 'not_found');
        assertError(await eleanor.post(`/api/v1/devices/${ids.t5}/release`, { reason: 'x' }), 409, 'conflict');
      });
      const q = await eleanor.post(`/api/v1/devices/${ids.t5}/quarantine`, { reason: 'Images of concern reported on it', concern_ref: 'C-2026-014' });
      assert.equal(q.status, 200, q.text);
      assert.equal(q.json.status, 'quarantined');
      assert.equal(q.json.quarantine.reason, 'Images of concern reported on it');
      assert.equal(auditOf(db).at(-1).action, 'device.quarantine');
      assert.equal(auditOf(db).at(-1).actor, `adult:${ids.eleanor}`);
      const snap2 = db.snap();
      await unchanged(snap2, async () => {
        assertError(await chloe.post(`/api/v1/devices/${ids.t5}/handout`, {}), 422, 'refused_by_policy');
        assertError(await mgr.post(`/api/v1/devices/${ids.t5}/off-site`, { kind: 'outing', adult_id: ids.chloe }), 422, 'refused_by_policy');
        assertError(await mgr.patch(`/api/v1/devices/${ids.t5}`, { designated_use: 'children' }), 422, 'refused_by_policy');
        assertError(await mgr.post(`/api/v1/devices/${ids.t5}/retire`, {}), 422, 'refused_by_policy');
        assertError(await mgr.post(`/api/v1/devices/${ids.t5}/enrolment`, { base_url: 'http://127.0.0.1:8080' }), 422, 'refused_by_policy');
        assertError(await mgr.post(`/api/v1/devices/${ids.t5}/apps`, { name: 'Maps', category: 'learning', checked_safe: true, age_appropriate: true }), 422, 'refused_by_policy');
        assertError(await eleanor.post(`/api/v1/devices/${ids.t5}/quarantine`, { reason: 'again' }), 409, 'conflict');
      });
      const rel = await mgr.post(`/api/v1/devices/${ids.t5}/release`, { reason: 'Police returned it; no further action' });
      assert.equal(rel.status, 200, rel.text);
      assert.equal(rel.json.status, 'locked-away');
      const h = db.rows(`SELECT reason, concern_ref, placed_by, released_by, release_reason FROM device_quarantines WHERE device_id = ${ids.t5}`);
      assert.deepEqual(h, [['Images of concern reported on it', 'C-2026-014', `adult:${ids.eleanor}`, 'adult:1', 'Police returned it; no further action']]);
      assert.equal((await chloe.post(`/api/v1/devices/${ids.t5}/handout`, {})).status, 200);
      assert.equal((await chloe.post(`/api/v1/devices/${ids.t5}/return`, {})).status, 200);
    });

    test('enrolment: a QR code with a one-time URL; the tablet receives a credential; twice refused; revocation immediate', async () => {
      const before = db.snap();
      await unchanged(before, async () => {
        assertError(await priya.post(`/api/v1/devices/${ids.t3}/enrolment`, {}), 403, 'forbidden');
        assertError(await mgr.post(`/api/v1/devices/${ids.c1}/enrolment`, {}), 409, 'conflict');
        assertError(await mgr.post(`/api/v1/devices/${ids.t3}/enrolment`, { base_url: 'javascript:alert(1)' }), 400, 'invalid_field', 'base_url');
        assertError(await mgr.post(`/api/v1/devices/${ids.t3}/enrolment`, { base_url: 'http://x/evil?y' }), 400, 'invalid_field', 'base_url');
        assertError(await mgr.post(`/api/v1/devices/${other.device}/enrolment`, {}), 404, 'not_found');
      });
      const s = await mgr.post(`/api/v1/devices/${ids.t3}/enrolment`, {});
      assert.equal(s.status, 201, s.text);
      const m = new RegExp(`^${srv.url}/enrol/([A-Za-z0-9_-]{43})$`).exec(s.json.url);
      assert.ok(m, `the URL is under the server the manager used: ${s.json.url}`);
      const code = m[1];
      assert.match(s.json.qr_svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
      assert.match(s.json.expires_at, /^2026-11-24T09:[1-5]\d:\d\dZ$/, 'the code lasts 15 minutes');
      // Only the code's hash is kept.
      const sha = (x) => crypto.createHash('sha256').update(x).digest('hex');
      assert.deepEqual(db.rows(`SELECT code_hash FROM device_credentials WHERE device_id = ${ids.t3}`), [[sha(code)]]);
      assert.ok(!db.snap().includes(code), 'the code itself is nowhere in the database');
      assert.equal(auditOf(db).at(-1).action, 'device.enrol_start');

      // The tablet's browser, not logged in, opens the URL: the page asks what it enrols, then posts the code.
      const p = await request(srv.url, 'GET', `/api/v1/enrol?code=${code}`);
      assert.equal(p.status, 200, p.text);
      assert.deepEqual(p.json.device, { id: ids.t3, label: 'Tablet 3', kind: 'tablet' });
      assert.equal(p.json.setting.name, 'Test Nursery');
      const page = await request(srv.url, 'GET', `/enrol/${code}`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type'), /text\/html/);
      const snap2 = db.snap();
      await unchanged(snap2, async () => {
        assertError(await request(srv.url, 'POST', '/api/v1/enrol', { code }), 403, 'csrf_header_missing');
        assertError(await request(srv.url, 'POST', '/api/v1/enrol', { code: 'not-a-code' }, { headers: CSRF }), 404, 'not_found');
        assertError(await request(srv.url, 'POST', '/api/v1/enrol', { code: 42 }, { headers: CSRF }), 400, 'invalid_field', 'code');
        assertError(await request(srv.url, 'GET', '/api/v1/device-credential'), 401, 'unauthenticated');
      });
      const done = await request(srv.url, 'POST', '/api/v1/enrol', { code }, { headers: CSRF });
      assert.equal(done.status, 200, done.text);
      assert.equal(done.json.device.label, 'Tablet 3');
      const sc = done.headers.get('set-cookie');
      const cm = /^sg_device=(sgd_[A-Za-z0-9_-]{43}); Path=\/; HttpOnly; SameSite=Strict; Max-Age=31536000$/.exec(sc);
      assert.ok(cm, `device cookie: ${sc}`);
      const cookie = { Cookie: `sg_device=${cm[1]}` };
      assert.deepEqual(db.rows(`SELECT token_hash FROM device_credentials WHERE device_id = ${ids.t3} AND enrolled_at IS NOT NULL`), [[sha(cm[1])]]);
      const ev = auditOf(db).at(-1);
      assert.deepEqual([ev.action, ev.actor, ev.object_id], ['device.enrol', `device:${ids.t3}`, ids.t3]);
      let w = await request(srv.url, 'GET', '/api/v1/device-credential', undefined, { headers: cookie });
      assert.equal(w.status, 200, w.text);
      assert.equal(w.json.device.id, ids.t3);
      assert.equal((await mgr.get(`/api/v1/devices/${ids.t3}`)).json.enrolled, true);

      // The code worked once; enrolling again is refused while the credential stands.
      const snap3 = db.snap();
      await unchanged(snap3, async () => {
        assertError(await request(srv.url, 'POST', '/api/v1/enrol', { code }, { headers: CSRF }), 404, 'not_found');
        assertError(await mgr.post(`/api/v1/devices/${ids.t3}/enrolment`, {}), 409, 'already_exists');
        assertError(await request(srv.url, 'GET', '/api/v1/device-credential', undefined, { headers: { Cookie: 'sg_device=sgd_forged' } }), 401, 'unauthenticated');
      });
      // Quarantine locks the credential; release unlocks it.
      assert.equal((await eleanor.post(`/api/v1/devices/${ids.t3}/quarantine`, { reason: 'Incident in the Bumblebee Room' })).status, 200);
      assertError(await request(srv.url, 'GET', '/api/v1/device-credential', undefined, { headers: cookie }), 422, 'refused_by_policy');
      assert.equal((await eleanor.post(`/api/v1/devices/${ids.t3}/release`, { reason: 'Cleared' })).status, 200);
      assert.equal((await request(srv.url, 'GET', '/api/v1/device-credential', undefined, { headers: cookie })).status, 200);
      // Revocation is immediate.
      const rv = await mgr.post(`/api/v1/devices/${ids.t3}/credential/revoke`, {});
      assert.equal(rv.status, 200, rv.text);
      assert.equal(rv.json.enrolled, false);
      assert.equal(auditOf(db).at(-1).action, 'device.credential_revoke');
      w = await request(srv.url, 'GET', '/api/v1/device-credential', undefined, { headers: cookie });
      assertError(w, 401, 'unauthenticated');
      assert.match(w.json.error.message, /revoked/);
      assertError(await mgr.post(`/api/v1/devices/${ids.t3}/credential/revoke`, {}), 409, 'conflict');
      // After revocation the device may be enrolled afresh; a new code replaces an unused one.
      const a = await mgr.post(`/api/v1/devices/${ids.t3}/enrolment`, { base_url: 'http://192.168.1.20:8080' });
      assert.equal(a.status, 201, a.text);
      assert.match(a.json.url, /^http:\/\/192\.168\.1\.20:8080\/enrol\//);
      const b = await mgr.post(`/api/v1/devices/${ids.t3}/enrolment`, { base_url: 'http://192.168.1.20:8080' });
      assert.equal(b.status, 201);
      const oldCode = a.json.url.split('/').pop();
      assertError(await request(srv.url, 'GET', `/api/v1/enrol?code=${oldCode}`), 404, 'not_found');
    });

    test('PRO-DEVICES-08 the lock-up check via the API: bad lists refused, nothing changed; the sheet shows the last check', async () => {
      const before = db.snap();
      await unchanged(before, async () => {
        for (const body of [{}, { locked: 'all' }, { locked: [ids.t3, ids.t3] }, { locked: [other.device] }, { locked: [999999] },
          { locked: ['T-03'] }, { locked: [ids.t3], extra: 1 }]) {
          const r = await vera.post('/api/v1/devices/lockup', body);
          assert.equal(r.status, 400, r.text);
          assert.equal(r.json.error.code, 'invalid_field');
        }
      });
      const sheet = await vera.get('/api/v1/devices/lockup');
      assert.equal(sheet.status, 200);
      assert.equal(sheet.json.last, null);
      assert.equal(sheet.json.close_at, '2026-11-24T18:00:00Z');
      const all = sheet.json.devices.map((d) => d.id);
      // Chloe still has T-05 out on site: she forgot it. Everything else is ticked.
      assert.equal((await chloe.post(`/api/v1/devices/${ids.t5}/handout`, {})).status, 200);
      const r = await vera.post('/api/v1/devices/lockup', { locked: all.filter((x) => x !== ids.t5) });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.missing, 1);
      assert.equal(r.json.checked_by, 'Vera Tester');
      assert.deepEqual(r.json.items.filter((i) => i.outcome !== 'locked').map((i) => [i.label, i.outcome]), [['T-05', 'missing']]);
      const ev = auditOf(db).filter((e) => e.action === 'device.lockup').at(-1);
      assert.deepEqual(ev.detail.missing, ['T-05']);
      assert.deepEqual(openFindings().map((f) => [f.rule, f.subject]), [['PRO-DEVICES-08', 'T-05']]);
      const home = (await mgr.get('/api/v1/findings')).json.findings.find((f) => f.rule === 'PRO-DEVICES-08');
      assert.match(home.text, /T-05 was not accounted for at the lock-up check on 2026-11-24/);
      assert.equal((await vera.get('/api/v1/devices/lockup')).json.last.id, r.json.id);
      // Chloe brings it back (a moment later): accounted for, the finding resolves.
      await sleep(1100);
      assert.equal((await chloe.post(`/api/v1/devices/${ids.t5}/return`, {})).status, 200);
      assert.deepEqual(openFindings(), []);
    });

    test('CLI: safeguard device list, handout refused with its code', () => {
      const l = cli(['device', 'list', '--data', data.dir]);
      assert.equal(l.code, 0, l.stderr);
      assert.match(l.stdout, /Tablet 3\s+tablet\s+locked-away/);
      const h = cli(['device', 'handout', '--data', data.dir, '--id', String(other.device), '--as', EMAILS.chloe]);
      assert.equal(h.code, 1);
      assert.match(h.stderr, /not_found/);
      const u = cli(['device', 'fly', '--data', data.dir]);
      assert.equal(u.code, 2);
    });
  });

  describe(`devices on ${kind}: the lock-up and overdue sweeps under faketime (S-09, OUTINGS-02/-06)`, () => {
    const db = backend(kind);
    let data;
    const id = {};
    const run = (args, when, as) => {
      const r = cli([...args.map(String), '--data', data.dir, ...(as ? ['--as', as] : [])], { env: at(when) });
      assert.equal(r.code, 0, `${args.join(' ')} at ${when}: ${r.stderr}`);
      return r.stdout;
    };
    const fail = (args, when, as) => cli([...args.map(String), '--data', data.dir, ...(as ? ['--as', as] : [])], { env: at(when) });
    const open = () => db.rows("SELECT rule, subject FROM findings WHERE area = 'devices' AND resolved_at IS NULL ORDER BY rule, subject")
      .map(([rule, subject]) => `${rule} ${subject}`);
    const sweep = (when) => run(['sweep'], when);

    before(() => {
      data = db.init({ email: 'manager@s09.example', password: 'manager-password-1' });
      const adult = (first, email, roles) => JSON.parse(run(['adult', 'add', '--first-name', first, '--last-name', 'Test',
        '--email', email, '--roles', roles, '--password', 'a-long-password-1', '--json'], '2026-08-03 08:00')).id;
      id.priya = adult('Priya', 'priya@s09.example', 'deputy,key-person');
      id.chloe = adult('Chloe', 'chloe@s09.example', 'key-person,staff');
      for (const [label, kind2] of [['T-02', 'tablet'], ['T-03', 'tablet'], ['T-04', 'tablet'], ['SP-1', 'phone']]) {
        id[label] = JSON.parse(run(['device', 'add', '--kind', kind2, '--label', label, '--kept-in', 'Cupboard',
          '--passcode-set', 'true', '--designated-use', 'staff'], '2026-08-03 08:00')).id;
      }
    });
    after(() => db.done());

    test('S-09 PRO-DEVICES-08/-09: T-02 home recorded, T-03 missing at the lock-up; T-02 overdue on 7 August', () => {
      run(['device', 'handout', '--id', id['T-03']], '2026-08-05 09:00', 'chloe@s09.example');
      run(['device', 'off-site', '--id', id['T-02'], '--kind', 'home', '--adult-id', String(id.priya),
        '--reason', 'The building floods', '--undertaking', 'true', '--expected-return', '2026-08-06'], '2026-08-05 10:00');
      const lock = JSON.parse(run(['device', 'lockup', '--locked', `${id['T-04']},${id['SP-1']}`], '2026-08-05 18:05', 'priya@s09.example'));
      assert.deepEqual(lock.items.map((i) => [i.label, i.outcome]),
        [['SP-1', 'locked'], ['T-02', 'off-site'], ['T-03', 'missing'], ['T-04', 'locked']]);
      assert.deepEqual(open(), ['PRO-DEVICES-08 T-03']);
      sweep('2026-08-06 12:00');
      assert.deepEqual(open(), ['PRO-DEVICES-08 T-03'], 'T-02 is due back on the 6th: not overdue yet');
      assert.match(sweep('2026-08-07 00:01'), /raised/);
      assert.deepEqual(open(), ['PRO-DEVICES-08 T-03', 'PRO-DEVICES-09 T-02']);
      const raised = db.rows("SELECT actor, detail FROM audit_events WHERE action = 'finding.raise' ORDER BY seq").map(([a, d]) => [a, JSON.parse(d).rule]);
      assert.deepEqual(raised.at(-1), ['system:sweep', 'PRO-DEVICES-09']);
      // Chloe cannot give back what Priya holds; Priya can, and the finding clears at once.
      const bad = fail(['device', 'return', '--id', id['T-02']], '2026-08-07 09:00', 'chloe@s09.example');
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /conflict/);
      run(['device', 'return', '--id', id['T-02']], '2026-08-07 09:30', 'priya@s09.example');
      run(['device', 'return', '--id', id['T-03']], '2026-08-07 09:35', 'chloe@s09.example');
      assert.deepEqual(open(), []);
    });

    test('PRO-DEVICES-08 a day with hand-outs and no lock-up check after the last is flagged at closing time', () => {
      run(['device', 'handout', '--id', id['T-04']], '2026-08-10 09:00', 'chloe@s09.example');
      sweep('2026-08-10 17:59');
      assert.deepEqual(open(), []);
      sweep('2026-08-10 18:01');
      assert.deepEqual(open(), ['PRO-DEVICES-08 Lock-up check']);
      // The last adult out ticks T-04, which Chloe left in the cupboard without recording it.
      const lock = JSON.parse(run(['device', 'lockup', '--locked', [id['T-02'], id['T-03'], id['T-04'], id['SP-1']].join(',')], '2026-08-10 18:10', 'priya@s09.example'));
      assert.equal(lock.missing, 0);
      assert.deepEqual(open(), []);
      const c = db.rows(`SELECT returned_by, return_note FROM device_custody WHERE device_id = ${id['T-04']} ORDER BY id DESC LIMIT 1`);
      assert.deepEqual(c, [[`adult:${id.priya}`, 'found locked away at the lock-up check']]);
    });

    test('OUTINGS-01/-02/-06 outing devices: no setting phone flagged; not back by closing time flagged; back, cleared', () => {
      run(['device', 'off-site', '--id', id['T-04'], '--kind', 'outing', '--adult-id', String(id.chloe), '--outing-ref', 'Park 11 Aug'], '2026-08-11 09:30', 'chloe@s09.example');
      assert.deepEqual(open(), ['OUTINGS-02 Park 11 Aug']);
      run(['device', 'off-site', '--id', id['SP-1'], '--kind', 'outing', '--adult-id', String(id.priya), '--outing-ref', 'Park 11 Aug'], '2026-08-11 09:31');
      assert.deepEqual(open(), []);
      // An outing device cannot be recorded as going home.
      const bad = fail(['device', 'off-site', '--id', id['T-02'], '--kind', 'outing', '--adult-id', String(id.chloe), '--reason', 'x'], '2026-08-11 09:32');
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /invalid_field/);
      sweep('2026-08-11 17:00');
      assert.deepEqual(open(), []);
      const lock = JSON.parse(run(['device', 'lockup', '--locked', `${id['T-02']},${id['T-03']}`], '2026-08-11 17:50', 'priya@s09.example'));
      assert.deepEqual(lock.items.filter((i) => i.outcome === 'on-outing').map((i) => i.label), ['SP-1', 'T-04']);
      assert.deepEqual(open(), ['OUTINGS-06 SP-1', 'OUTINGS-06 T-04']);
      sweep('2026-08-11 18:05'); // overdue too: still one finding each
      assert.deepEqual(open(), ['OUTINGS-06 SP-1', 'OUTINGS-06 T-04']);
      run(['device', 'return', '--id', id['SP-1']], '2026-08-11 18:20', 'priya@s09.example');
      run(['device', 'return', '--id', id['T-04']], '2026-08-11 18:21', 'chloe@s09.example');
      assert.deepEqual(open(), []);
    });
  });
}
