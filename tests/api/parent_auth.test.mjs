// parent_auth.test.mjs — parents' log-in to the parent portal: invitations
// (one-time, hashed, replaced by a newer one, expiring), accepting one to
// set a password, log-in on the staff's log-in endpoint, lock-out, the
// portal session that may use the portal's endpoints and nothing else,
// change of password and log-out (PEOPLE-14, DATA-04, DATA-07, CONSENT-04;
// issue 7).
//
// Every rule runs on SQLite and, when SG_TEST_PG is set (scripts/with-pg.sh),
// again on PostgreSQL. Every refusal asserts the status, the error code and
// that the database — audit log included — is unchanged. Expiry is tested
// with the server under faketime, eight days on.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  assertError, cli, initDir, login, request, setIni, snapshot, sqlRows, startServer, CSRF,
} from './lib.mjs';

const LIB = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', '/usr/lib/faketime/libfaketimeMT.so.1']
  .find((p) => fs.existsSync(p));
assert.ok(LIB, 'libfaketime is needed (Debian package faketime)');
/* A process `days` days in the future. */
const later = (days) => ({ LD_PRELOAD: LIB, FAKETIME: `+${days}d`, FAKETIME_DONT_FAKE_MONOTONIC: '1' });

const PG = process.env.SG_TEST_PG;
const REQUIRED = process.env.SG_REQUIRE_PG === '1';
const sha256 = (s) => crypto.createHash('sha256').update(s).digest('hex');

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

/* Sessions' last_seen may tick during a test: the snapshots hold which
 * sessions exist and whether they ended, not when they were last used. */
const SESSIONS = 'SELECT id, parent_id, created_at, ended_at FROM parent_sessions ORDER BY id';

function backend(kind) {
  if (kind === 'sqlite') {
    let data;
    return {
      kind,
      init(opts) { data = initDir(opts); return data; },
      rows: (q) => sqlRows(data.db, q),
      snap: () => snapshot(data.db).split('\n').filter((l) => !/^INSERT INTO "?parent_sessions"? /.test(l)).join('\n')
        + JSON.stringify(sqlRows(data.db, SESSIONS)),
      done() { data?.cleanup(); },
    };
  }
  const name = `sgpar_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
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
        + " AND table_type = 'BASE TABLE' AND table_name NOT IN ('sessions', 'parent_sessions') ORDER BY 1")
        .split('\n').filter(Boolean);
      return psql(url, `SELECT x FROM (${tables.map((t) => `SELECT '${t}:' || r::text AS x FROM ${t} r`).join(' UNION ALL ')}) s ORDER BY x`)
        + psql(url, SESSIONS);
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

/* A client holding a parent's portal cookie (from a log-in or an accepted
 * invitation's answer). */
function cookieClient(url, r) {
  const m = /sg_session=([^;]+)/.exec(r.headers.get('set-cookie') || '');
  assert.ok(m, `no session cookie: ${r.status} ${r.text}`);
  const headers = { Cookie: `sg_session=${m[1]}` };
  return {
    token: m[1],
    get: (p) => request(url, 'GET', p, undefined, { headers }),
    post: (p, body, { csrf = true } = {}) => request(url, 'POST', p, body ?? {}, { headers: { ...headers, ...(csrf ? CSRF : {}) } }),
    patch: (p, body) => request(url, 'PATCH', p, body, { headers: { ...headers, ...CSRF } }),
  };
}

const kinds = ['sqlite'];
if (PG) kinds.push('pg');
else if (REQUIRED) {
  test('PG the parent portal log-in tests are required on PostgreSQL (SG_REQUIRE_PG=1) but SG_TEST_PG is not set', () => {
    assert.fail('run through scripts/with-pg.sh');
  });
}

for (const kind of kinds) {
  describe(`parent portal log-in on ${kind}`, () => {
    const db = backend(kind);
    let data, srv, mgr, office, keyPerson;
    const ids = {};
    const PASSWORD = 'a-long-password-1';
    const unchanged = async (fn) => {
      const before = db.snap();
      const out = await fn();
      assert.equal(db.snap(), before, 'the database (audit log included) changed');
      return out;
    };
    const loginReq = (email, password) => request(srv.url, 'POST', '/api/v1/login', { email, password }, { headers: CSRF });
    const accept = (token, password) => request(srv.url, 'POST', '/api/v1/accept-invite', { token, password }, { headers: CSRF });
    const invite = async (who, id) => {
      const r = await who.post(`/api/v1/parents/${id}/invite`, {});
      assert.equal(r.status, 201, r.text);
      return r.json;
    };

    before(async () => {
      data = db.init({ email: 'manager@portal.example', password: 'manager-password-1', managerName: 'Mary Manager' });
      setIni(data.dir, 'every_seconds', '0');
      srv = await startServer(data.dir);
      mgr = await login(srv.url, data.email, data.password);
      for (const [key, first, roles] of [['office', 'Olive', ['office']], ['kp', 'Kay', ['key-person']]]) {
        const r = await mgr.post('/api/v1/adults', {
          first_name: first, last_name: 'Staff', email: `${key}@portal.example`, roles, password: PASSWORD,
        });
        assert.equal(r.status, 201, r.text);
        ids[key] = r.json.id;
      }
      office = await login(srv.url, 'office@portal.example', PASSWORD);
      keyPerson = await login(srv.url, 'kp@portal.example', PASSWORD);
      const child = await mgr.post('/api/v1/children', { first_name: 'Amy', last_name: 'Child', date_of_birth: '2023-03-01' });
      assert.equal(child.status, 201, child.text);
      ids.child = child.json.id;
      const parent = async (key, body, { link = true } = {}) => {
        const r = await mgr.post('/api/v1/parents', { last_name: 'Parent', ...body });
        assert.equal(r.status, 201, r.text);
        ids[key] = r.json.id;
        if (link) {
          const l = await mgr.post(`/api/v1/children/${ids.child}/parents`, { parent_id: ids[key], relationship: 'mother' });
          assert.equal(l.status, 201, l.text);
        }
      };
      await parent('pat', { first_name: 'Pat', email: 'Pat.Parent@Parents.example' });
      await parent('lou', { first_name: 'Lou', email: 'lou@parents.example' });
      await parent('noemail', { first_name: 'Nell' });
      await parent('ended', { first_name: 'Ed', email: 'ed@parents.example' });
      assert.equal((await mgr.post(`/api/v1/parents/${ids.ended}/end`, {})).status, 200);
      await parent('unlinked', { first_name: 'Una', email: 'una@parents.example' }, { link: false });
      await parent('staffmail', { first_name: 'Sam', email: 'KP@portal.example' });
      await parent('twin', { first_name: 'Tess', email: 'pat.parent@parents.example' });
      await parent('late', { first_name: 'Lena', email: 'lena@parents.example' });
      await parent('gone', { first_name: 'Gus', email: 'gus@parents.example' });
      // Another setting in the same database, with a parent of its own.
      db.rows(`INSERT INTO organisations (name, kind, created_at) VALUES ('Other Trust', 'single', 0)`);
      db.rows(`INSERT INTO settings (organisation_id, name, kind, created_at)
               VALUES ((SELECT max(id) FROM organisations), 'Other Nursery', 'nursery', 0)`);
      db.rows(`INSERT INTO audit_heads (setting_id, seq, hash) VALUES ((SELECT max(id) FROM settings), 0, '${'0'.repeat(64)}')`);
      db.rows(`INSERT INTO parents (setting_id, first_name, last_name, email, created_at)
               VALUES ((SELECT max(id) FROM settings), 'Otto', 'Other', 'otto@other.example', 0)`);
      ids.other = Number(db.rows('SELECT max(id) FROM parents')[0][0]);
    });

    after(async () => {
      try {
        if (srv) await srv.stop();
      } finally {
        db.done();
      }
    });

    test('PEOPLE-14 the office invites a parent: a one-time link, shown once, only its hash stored, audited', async () => {
      const inv = await invite(office, ids.pat);
      assert.match(inv.token, /^sgi_[A-Za-z0-9_-]{43}$/);
      assert.equal(inv.link, `/welcome#token=${inv.token}`);
      assert.equal(inv.parent_id, ids.pat);
      assert.equal(inv.email, 'Pat.Parent@Parents.example');
      const days = (Date.parse(inv.expires_at) - Date.now()) / 86400e3;
      assert.ok(days > 6.9 && days <= 7, `expires in 7 days (${days})`);
      const [[hash, by, used]] = db.rows(`SELECT token_hash, created_by, coalesce(used_at, 0) FROM parent_invites WHERE id = ${inv.invite_id}`);
      assert.equal(hash, sha256(inv.token));
      assert.equal(by, `adult:${ids.office}`);
      assert.equal(used, '0');
      assert.ok(!db.snap().includes(inv.token), 'the token itself is stored nowhere');
      const ev = auditOf(db).filter((e) => e.action === 'parent.invite');
      assert.equal(ev.length, 1);
      assert.equal(ev[0].actor, `adult:${ids.office}`);
      assert.equal(ev[0].object_type, 'parent');
      assert.equal(ev[0].object_id, ids.pat);
      assert.deepEqual(ev[0].detail, { invite_id: inv.invite_id, expires_at: inv.expires_at });
      ids.patInvite = inv;
    });

    test('PEOPLE-14 a key person may not invite (403 forbidden); the manager may', async () => {
      const r = await unchanged(() => keyPerson.post(`/api/v1/parents/${ids.lou}/invite`, {}));
      assertError(r, 403, 'forbidden');
      ids.louInvite = await invite(mgr, ids.lou);
    });

    test('PEOPLE-14 an invitation is refused for another setting\'s parent (404), no e-mail, ended or unlinked (422)', async () => {
      assertError(await unchanged(() => office.post(`/api/v1/parents/${ids.other}/invite`, {})), 404, 'not_found');
      assertError(await unchanged(() => office.post('/api/v1/parents/999999/invite', {})), 404, 'not_found');
      assertError(await unchanged(() => office.post(`/api/v1/parents/${ids.noemail}/invite`, {})), 422, 'email_missing');
      assertError(await unchanged(() => office.post(`/api/v1/parents/${ids.ended}/invite`, {})), 422, 'parent_ended');
      assertError(await unchanged(() => office.post(`/api/v1/parents/${ids.unlinked}/invite`, {})), 422, 'no_linked_child');
    });

    test('PEOPLE-14 one e-mail, one person: refused (409 conflict) when it is a staff log-in or another parent\'s account', async () => {
      const staff = await unchanged(() => office.post(`/api/v1/parents/${ids.staffmail}/invite`, {}));
      assertError(staff, 409, 'conflict');
      assert.match(staff.json.error.message, /staff member's log-in/);
      // Pat's invitation is open; Tess has the same e-mail in another case.
      const twin = await unchanged(() => office.post(`/api/v1/parents/${ids.twin}/invite`, {}));
      assertError(twin, 409, 'conflict');
      assert.match(twin.json.error.message, /another parent's portal account/);
    });

    test('PEOPLE-14 a newer invitation replaces the older: the older answers 410 invite_expired and changes nothing', async () => {
      const first = ids.patInvite;
      const second = await invite(office, ids.pat);
      assert.notEqual(second.token, first.token);
      const r = await unchanged(() => accept(first.token, PASSWORD));
      assertError(r, 410, 'invite_expired');
      assert.match(r.json.error.message, /newer invitation/);
      ids.patInvite = second;
    });

    test('PEOPLE-14 accepting needs a password of 10 to 200 characters and a known token; refusals change nothing', async () => {
      assertError(await unchanged(() => accept(ids.patInvite.token, 'short')), 400, 'invalid_field', 'password');
      assertError(await unchanged(() => accept(ids.patInvite.token, 'x'.repeat(201))), 400, 'invalid_field', 'password');
      assertError(await unchanged(() => accept('sgi_not-a-token-anyone-was-given-xxxxxxxxxxxxxxxx', PASSWORD)), 404, 'invite_unknown');
      assertError(await unchanged(() => request(srv.url, 'POST', '/api/v1/accept-invite', { token: ids.patInvite.token, password: PASSWORD })),
        403, 'csrf_header_missing');
      assertError(await unchanged(() => accept(ids.patInvite.token, 12345678901)), 400, 'invalid_field', 'password');
    });

    test('PEOPLE-14 accepting sets the password, uses the invitation up and signs the parent in (audited)', async () => {
      const r = await accept(ids.patInvite.token, PASSWORD);
      assert.equal(r.status, 200, r.text);
      const sc = r.headers.get('set-cookie');
      assert.match(sc, /^sg_session=sgp_[A-Za-z0-9_-]+;/);
      assert.match(sc, /HttpOnly/);
      assert.match(sc, /SameSite=Strict/);
      assert.deepEqual(r.json.parent, { id: ids.pat, first_name: 'Pat', last_name: 'Parent' });
      assert.equal(r.json.portal, true);
      assert.deepEqual(r.json.roles, []);
      assert.deepEqual(r.json.permissions, []);
      assert.equal(r.json.setting.name, 'Test Nursery');
      const pat = cookieClient(srv.url, r);
      const me = await pat.get('/api/v1/me');
      assert.equal(me.status, 200, me.text);
      assert.equal(me.json.parent.id, ids.pat);
      const [[hash]] = db.rows(`SELECT password_hash FROM parents WHERE id = ${ids.pat}`);
      assert.match(hash, /^\$argon2id\$/);
      const ev = auditOf(db).slice(-2);
      assert.deepEqual(ev.map((e) => [e.actor, e.action, e.object_type]), [
        [`parent:${ids.pat}`, 'parent.invite_accept', 'parent_invite'],
        [`parent:${ids.pat}`, 'auth.login', 'parent_session'],
      ]);
      assert.equal(ev[0].object_id, ids.patInvite.invite_id);
      // Used once: the same link again is refused and changes nothing.
      assertError(await unchanged(() => accept(ids.patInvite.token, 'another-password-2')), 409, 'invite_used');
    });

    test('PEOPLE-14 an invitation expires after seven days: 410 invite_expired, nothing changed', async () => {
      const inv = await invite(office, ids.late);
      const future = await startServer(data.dir, { env: later(8) });
      try {
        const r = await unchanged(() => request(future.url, 'POST', '/api/v1/accept-invite', { token: inv.token, password: PASSWORD },
          { headers: CSRF }));
        assertError(r, 410, 'invite_expired');
        assert.match(r.json.error.message, /expired/);
      } finally {
        await future.stop();
      }
    });

    test('PEOPLE-14 a parent logs in on the staff log-in endpoint with their e-mail in any case', async () => {
      const r = await loginReq('PAT.parent@parents.EXAMPLE', PASSWORD);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.portal, true);
      assert.equal(r.json.parent.id, ids.pat);
      assert.match(r.headers.get('set-cookie'), /^sg_session=sgp_/);
      const ev = auditOf(db).at(-1);
      assert.deepEqual([ev.actor, ev.action, ev.object_type], [`parent:${ids.pat}`, 'auth.login', 'parent_session']);
    });

    test('PEOPLE-14 a wrong parent password gets the very answer of an unknown e-mail; five lock the account (429)', async () => {
      const accepted = await accept(ids.louInvite.token, PASSWORD);
      assert.equal(accepted.status, 200, accepted.text);
      const unknown = await loginReq('nobody@parents.example', 'not-the-password');
      assertError(unknown, 401, 'unauthenticated');
      for (let i = 1; i <= 4; i++) {
        const r = await loginReq('lou@parents.example', `wrong-${i}-password`);
        assertError(r, 401, 'unauthenticated');
        assert.deepEqual(r.json, unknown.json, 'the same body as for an unknown e-mail');
      }
      assertError(await loginReq('lou@parents.example', 'wrong-5-password'), 429, 'locked_out');
      const r = await loginReq('lou@parents.example', PASSWORD);
      assertError(r, 429, 'locked_out');
      assert.ok(!(r.headers.get('set-cookie') || '').includes('sgp_'), 'no session for a locked account');
      const ev = auditOf(db).filter((e) => e.object_type === 'parent' && e.object_id === ids.lou && e.action.startsWith('auth.'));
      assert.deepEqual(ev.map((e) => e.action), [
        'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.locked_out',
      ]);
      assert.ok(ev.every((e) => e.actor === 'login-attempt'));
      // The lock also stops the session the invitation opened.
      assertError(await cookieClient(srv.url, accepted).get('/api/v1/me'), 401, 'unauthenticated');
    });

    test('PEOPLE-14 a portal session may use the portal and nothing else: 403 portal_only, no data, nothing changed', async () => {
      const pat = cookieClient(srv.url, await loginReq('pat.parent@parents.example', PASSWORD));
      for (const p of ['/api/v1/children', `/api/v1/children/${ids.child}`, '/api/v1/parents', '/api/v1/audit',
        '/api/v1/devices', '/api/v1/presence', '/api/v1/setting', '/api/v1/findings', '/api/v1/tokens']) {
        const r = await unchanged(() => pat.get(p));
        assertError(r, 403, 'portal_only');
        assert.deepEqual(Object.keys(r.json), ['error'], `no data from ${p}`);
      }
      assertError(await unchanged(() => pat.post('/api/v1/children', { first_name: 'X', last_name: 'Y', date_of_birth: '2023-01-01' })),
        403, 'portal_only');
      assertError(await unchanged(() => pat.post(`/api/v1/parents/${ids.pat}/invite`)), 403, 'portal_only');
      assertError(await unchanged(() => pat.patch(`/api/v1/parents/${ids.pat}`, { phone: '1' })), 403, 'portal_only');
      // A script token is no way in either: the cookie is not a bearer token.
      assertError(await unchanged(() => request(srv.url, 'GET', '/api/v1/me', undefined,
        { headers: { Authorization: `Bearer ${pat.token}` } })), 401, 'unauthenticated');
      // The portal's own endpoints still work, and need the CSRF header.
      assert.equal((await pat.get('/api/v1/me')).status, 200);
      assertError(await unchanged(() => pat.post('/api/v1/logout', {}, { csrf: false })), 403, 'csrf_header_missing');
    });

    test('PEOPLE-14 a parent changes their own password: the current one is required; other sessions end', async () => {
      const one = cookieClient(srv.url, await loginReq('pat.parent@parents.example', PASSWORD));
      const two = cookieClient(srv.url, await loginReq('pat.parent@parents.example', PASSWORD));
      const wrong = await one.post('/api/v1/me/password', { current_password: 'not-it-at-all', new_password: 'a-new-password-22' });
      assertError(wrong, 400, 'invalid_field', 'current_password');
      assert.equal(auditOf(db).at(-1).action, 'auth.login_failed', 'a wrong guess counts towards the lock-out');
      assertError(await unchanged(() => one.post('/api/v1/me/password', { current_password: PASSWORD, new_password: 'short' })),
        400, 'invalid_field', 'new_password');
      const ok = await one.post('/api/v1/me/password', { current_password: PASSWORD, new_password: 'a-new-password-22' });
      assert.equal(ok.status, 200, ok.text);
      const ev = auditOf(db).at(-1);
      assert.deepEqual([ev.actor, ev.action, ev.object_type, ev.object_id], [`parent:${ids.pat}`, 'parent.password', 'parent', ids.pat]);
      assert.equal((await one.get('/api/v1/me')).status, 200, 'this session goes on');
      assertError(await two.get('/api/v1/me'), 401, 'unauthenticated');
      assertError(await loginReq('pat.parent@parents.example', PASSWORD), 401, 'unauthenticated');
      assert.equal((await loginReq('pat.parent@parents.example', 'a-new-password-22')).status, 200);
    });

    test('PEOPLE-14 log-out ends the portal session (audited); the cookie no longer works', async () => {
      const pat = cookieClient(srv.url, await loginReq('pat.parent@parents.example', 'a-new-password-22'));
      const r = await pat.post('/api/v1/logout');
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('set-cookie'), /sg_session=;.*Max-Age=0/);
      const ev = auditOf(db).at(-1);
      assert.deepEqual([ev.actor, ev.action, ev.object_type], [`parent:${ids.pat}`, 'auth.logout', 'parent_session']);
      assertError(await pat.get('/api/v1/me'), 401, 'unauthenticated');
    });

    test('PEOPLE-14 a parent whose record or last link to a child ends can no longer log in or use a session', async () => {
      const inv = await invite(office, ids.gone);
      const gus = cookieClient(srv.url, await accept(inv.token, PASSWORD));
      assert.equal((await gus.get('/api/v1/me')).status, 200);
      const links = (await mgr.get(`/api/v1/parents/${ids.gone}`)).json.children;
      const end = await mgr.post(`/api/v1/children/${ids.child}/parents/${links[0].link_id}/end`, {});
      assert.equal(end.status, 200, end.text);
      assertError(await gus.get('/api/v1/me'), 401, 'unauthenticated');
      const r = await unchanged(() => loginReq('gus@parents.example', PASSWORD));
      assertError(r, 401, 'unauthenticated');
      assert.equal(r.json.error.message, 'the e-mail address or password is wrong');
      // Pat's record ends: the same.
      assert.equal((await loginReq('pat.parent@parents.example', 'a-new-password-22')).status, 200);
      assert.equal((await mgr.post(`/api/v1/parents/${ids.pat}/end`, {})).status, 200);
      assertError(await unchanged(() => loginReq('pat.parent@parents.example', 'a-new-password-22')), 401, 'unauthenticated');
    });

    test('PEOPLE-14 staff log-in is unchanged: an adult still logs in first, and staff cannot call /portal pages as a parent', async () => {
      const r = await loginReq('office@portal.example', PASSWORD);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.adult.id, ids.office);
      assert.equal(r.json.portal, undefined);
      assert.match(r.headers.get('set-cookie'), /^sg_session=sgs_/);
    });

    test('PEOPLE-14 `safeguard parent invite` prints the link and the token; the token works once', async () => {
      const c = cli(['parent', 'invite', '--data', data.dir, '--id', String(ids.late)]);
      assert.equal(c.code, 0, c.stderr);
      const m = /\/welcome#token=(sgi_[A-Za-z0-9_-]+)/.exec(c.stdout);
      assert.ok(m, c.stdout);
      assert.match(c.stdout, new RegExp(`token: ${m[1]}`));
      assert.match(c.stdout, /lena@parents\.example/);
      const ev = auditOf(db).at(-1);
      assert.equal(ev.action, 'parent.invite');
      assert.match(ev.actor, /^cli:/);
      assert.equal((await accept(m[1], PASSWORD)).status, 200);
      const bad = cli(['parent', 'invite', '--data', data.dir, '--id', String(ids.noemail)]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /email_missing/);
      const usage = cli(['parent', 'invite', '--data', data.dir]);
      assert.equal(usage.code, 2);
    });
  });
}
