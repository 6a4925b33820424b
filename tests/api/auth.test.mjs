// auth.test.mjs — log-in, lock-out, session cookies, CSRF header, bearer
// tokens and role permissions (PEOPLE-14, DATA-04, DATA-07).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertError, auditRows, bearer, initDir, login, request, snapshot, sql, startServer, CSRF,
} from './lib.mjs';

let data, srv, mgr;
const ids = {};

before(async () => {
  data = initDir({ email: 'manager@auth.example', password: 'manager-password-1' });
  srv = await startServer(data.dir);
  mgr = await login(srv.url, data.email, data.password);
  const add = async (body) => {
    const r = await mgr.post('/api/v1/adults', body);
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  ids.kp = await add({ first_name: 'Kay', last_name: 'Key', email: 'kay@auth.example', roles: ['key-person'], password: 'kay-password-123' });
  ids.lock = await add({ first_name: 'Lou', last_name: 'Locked', email: 'lou@auth.example', roles: ['staff'], password: 'lou-password-123' });
  ids.pia = await add({ first_name: 'Pia', last_name: 'Password', email: 'pia@auth.example', roles: ['office'], password: 'pia-password-123' });
  ids.wrong = await add({ first_name: 'Wes', last_name: 'Wrong', email: 'wes@auth.example', roles: ['staff'], password: 'wes-password-123' });
});

after(async () => {
  try {
    if (srv) await srv.stop();
  } finally {
    data?.cleanup();
  }
});

const loginReq = (email, password, headers = CSRF) =>
  request(srv.url, 'POST', '/api/v1/login', { email, password }, { headers });

test('PEOPLE-14 a wrong password answers 401 unauthenticated; an unknown e-mail gets the very same answer', async () => {
  const wrong = await loginReq('wes@auth.example', 'not-the-password');
  assertError(wrong, 401, 'unauthenticated');
  assert.equal(wrong.headers.get('set-cookie')?.includes('sgs_') ?? false, false, 'no session cookie');
  const unknown = await loginReq('nobody@auth.example', 'not-the-password');
  assertError(unknown, 401, 'unauthenticated');
  assert.deepEqual(unknown.json, wrong.json, 'same body for unknown e-mail and wrong password');
  // the failure is counted and audited, attributed to no-one yet
  const ev = auditRows(data.db).filter((e) => e.action === 'auth.login_failed');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].object_id, ids.wrong);
  assert.equal(ev[0].actor, 'login-attempt');
  // the right password still works and resets the count
  const ok = await loginReq('wes@auth.example', 'wes-password-123');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(sql(data.db, `SELECT failed_logins FROM adults WHERE id = ${ids.wrong}`).trim(), '0');
});

test('PEOPLE-14 five wrong passwords lock the account: 429 locked_out, even with the right password', async () => {
  for (let i = 1; i <= 4; i++) {
    assertError(await loginReq('lou@auth.example', `wrong-${i}-password`), 401, 'unauthenticated');
  }
  assertError(await loginReq('lou@auth.example', 'wrong-5-password'), 429, 'locked_out');
  const r = await loginReq('lou@auth.example', 'lou-password-123');
  assertError(r, 429, 'locked_out');
  assert.ok(!(r.headers.get('set-cookie') || '').includes('sgs_'), 'no session for a locked account');
  const a = await mgr.get(`/api/v1/adults/${ids.lock}`);
  assert.equal(a.json.locked_out, true);
  const ev = auditRows(data.db).filter((e) => e.object_id === ids.lock && e.action.startsWith('auth.'));
  assert.deepEqual(ev.map((e) => e.action), [
    'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.locked_out',
  ]);
  // a new password set by the manager unlocks
  const p = await mgr.post(`/api/v1/adults/${ids.lock}/password`, { password: 'lou-new-password-1' });
  assert.equal(p.status, 200, p.text);
  assert.equal((await loginReq('lou@auth.example', 'lou-new-password-1')).status, 200);
});

test('DATA-04 the session cookie is HttpOnly and SameSite=Strict', async () => {
  const c = mgr.setCookie;
  assert.match(c, /^sg_session=sgs_[A-Za-z0-9_-]+;/);
  assert.match(c, /;\s*HttpOnly/i);
  assert.match(c, /;\s*SameSite=Strict/i);
  assert.match(c, /;\s*Path=\//);
  // the token is stored only as a hash
  const tok = /sg_session=([^;]+)/.exec(c)[1];
  assert.equal(sql(data.db, `SELECT count(*) FROM sessions WHERE token_hash = '${tok}'`).trim(), '0');
  // and security headers come with every answer
  const r = await mgr.get('/api/v1/me');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
});

test('DATA-04 log-out ends the session: afterwards the cookie answers 401', async () => {
  const c = await login(srv.url, 'wes@auth.example', 'wes-password-123');
  assert.equal((await c.get('/api/v1/me')).status, 200);
  const r = await c.post('/api/v1/logout');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('set-cookie') || '', /sg_session=;.*Max-Age=0/);
  assertError(await c.get('/api/v1/me'), 401, 'unauthenticated');
  assertError(await c.post('/api/v1/logout'), 401, 'unauthenticated');
  assert.ok(auditRows(data.db).some((e) => e.action === 'auth.logout' && e.actor === `adult:${ids.wrong}`));
});

test('DATA-04 changing one\'s own password ends one\'s other sessions, not the one in use (docs/api.md)', async () => {
  const here = await login(srv.url, 'pia@auth.example', 'pia-password-123');
  const elsewhere = await login(srv.url, 'pia@auth.example', 'pia-password-123');
  let before = snapshot(data.db);
  assertError(await here.post('/api/v1/me/password', { current_password: 'pia-password-123', new_password: 'short' }),
    400, 'invalid_field', 'password');
  assert.equal(snapshot(data.db), before);
  // A wrong current password is a guess: it counts towards the lock-out and
  // is audited, exactly like a failed log-in — and changes nothing else.
  const events = auditRows(data.db).length;
  assertError(await here.post('/api/v1/me/password', { current_password: 'not-my-password', new_password: 'pia-password-456' }),
    400, 'invalid_field', 'current_password');
  assert.equal(sql(data.db, "SELECT failed_logins FROM adults WHERE email = 'pia@auth.example'").trim(), '1');
  const after = auditRows(data.db);
  assert.equal(after.length, events + 1);
  assert.equal(after[after.length - 1].action, 'auth.login_failed');
  const r = await here.post('/api/v1/me/password', { current_password: 'pia-password-123', new_password: 'pia-password-456' });
  assert.equal(r.status, 200, r.text);
  assertError(await elsewhere.get('/api/v1/me'), 401, 'unauthenticated');
  assertError(await loginReq('pia@auth.example', 'pia-password-123'), 401, 'unauthenticated');
  assert.equal((await loginReq('pia@auth.example', 'pia-password-456')).status, 200);
  assert.equal((await here.get('/api/v1/me')).status, 200, 'the session that changed the password goes on');
});

test('DATA-07 an idle session expires: 401 session_expired', async () => {
  const c = await login(srv.url, 'wes@auth.example', 'wes-password-123');
  assert.equal((await c.get('/api/v1/me')).status, 200);
  // Age the session as if 31 minutes had passed without a request (idle_minutes = 30).
  const tok = /sg_session=([^;]+)/.exec(c.cookie)[1];
  const hash = (await import('node:crypto')).createHash('sha256').update(tok).digest('hex');
  sql(data.db, `UPDATE sessions SET last_seen = last_seen - 31 * 60, created_at = created_at - 31 * 60 WHERE token_hash = '${hash}'`);
  const r = await c.get('/api/v1/me');
  assertError(r, 401, 'session_expired');
  assert.match(r.headers.get('set-cookie') || '', /sg_session=;.*Max-Age=0/);
});

test('DATA-04 a cookie request that changes something needs X-Safeguard-Request: 403 csrf_header_missing, nothing changed', async () => {
  const before = snapshot(data.db);
  assertError(await mgr.post('/api/v1/rooms', { name: 'Sneaky', class: 'children' }, { csrf: false }), 403, 'csrf_header_missing');
  assertError(await mgr.patch(`/api/v1/adults/${ids.kp}`, { phone: '1' }, { csrf: false }), 403, 'csrf_header_missing');
  assertError(await mgr.post(`/api/v1/adults/${ids.kp}/end`, {}, { csrf: false }), 403, 'csrf_header_missing');
  assertError(await mgr.post('/api/v1/tokens', { name: 'x' }, { csrf: false }), 403, 'csrf_header_missing');
  assertError(await mgr.post('/api/v1/logout', undefined, { csrf: false }), 403, 'csrf_header_missing');
  // a form-encoded cross-site post is refused the same way
  assertError(await mgr.req('POST', '/api/v1/rooms', 'name=Sneaky&class=children',
    { csrf: false, contentType: 'application/x-www-form-urlencoded' }), 403, 'csrf_header_missing');
  // log-in itself needs it too
  assertError(await loginReq(data.email, data.password, {}), 403, 'csrf_header_missing');
  assert.equal(snapshot(data.db), before);
  // reads do not need it
  assert.equal((await mgr.get('/api/v1/rooms', { csrf: false })).status, 200);
  assert.equal((await mgr.get('/api/v1/me', { csrf: false })).status, 200, 'the session still works');
});

test('DATA-04 a bearer token works without the CSRF header, is shown once and stops working when revoked', async () => {
  let r = await mgr.post('/api/v1/tokens', { name: 'nightly import' });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.token, /^sgt_[A-Za-z0-9_-]{20,}$/);
  assert.equal(r.json.name, 'nightly import');
  assert.equal(r.json.adult_id, mgr.id);
  assert.equal(r.json.revoked_at, null);
  const { id, token } = r.json;
  const script = bearer(srv.url, token);

  r = await script.post('/api/v1/rooms', { name: 'Script Room', class: 'children' }, { csrf: false });
  assert.equal(r.status, 201, r.text);
  const ev = auditRows(data.db).filter((e) => e.action === 'room.add' && e.object_id === r.json.id);
  assert.equal(ev[0].actor, `adult:${mgr.id}`, 'a token acts as its adult');

  r = await mgr.get('/api/v1/tokens');
  assert.equal(r.status, 200, r.text);
  const t = r.json.tokens.find((x) => x.id === id);
  assert.ok(t, r.text);
  assert.equal(t.token, undefined);
  assert.ok(!r.text.includes(token), 'the token value is never listed again');
  assert.ok(!r.text.includes(token.slice(4)), 'not even without its prefix');
  assert.equal(sql(data.db, `SELECT count(*) FROM api_tokens WHERE token_hash = '${token}'`).trim(), '0');

  r = await mgr.post(`/api/v1/tokens/${id}/revoke`);
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.revoked_at, /^\d{4}-\d\d-\d\dT/);
  const before = snapshot(data.db);
  assertError(await script.get('/api/v1/me', { csrf: false }), 401, 'unauthenticated');
  assertError(await script.post('/api/v1/rooms', { name: 'After Revoke', class: 'children' }, { csrf: false }), 401, 'unauthenticated');
  assertError(await mgr.post(`/api/v1/tokens/${id}/revoke`), 409, 'conflict');
  assertError(await mgr.post('/api/v1/tokens/999999/revoke'), 404, 'not_found');
  assertError(await bearer(srv.url, 'sgt_madeup').get('/api/v1/me'), 401, 'unauthenticated');
  assert.equal(snapshot(data.db), before);
  // a script cannot "log out"
  const t2 = await mgr.post('/api/v1/tokens', { name: 'second' });
  const r2 = await bearer(srv.url, t2.json.token).post('/api/v1/logout');
  assertError(r2, 400, 'bad_request');
});

test('PEOPLE-04 a key person may not create tokens, add adults, import or read the audit log: 403 forbidden, nothing changed', async () => {
  const kp = await login(srv.url, 'kay@auth.example', 'kay-password-123');
  const before = snapshot(data.db);
  assertError(await kp.post('/api/v1/tokens', { name: 'mine' }), 403, 'forbidden');
  assertError(await kp.get('/api/v1/tokens'), 403, 'forbidden');
  assertError(await kp.post('/api/v1/adults', { first_name: 'New', last_name: 'Person', roles: ['manager'] }), 403, 'forbidden');
  assertError(await kp.patch(`/api/v1/adults/${ids.kp}`, { roles: ['manager'] }), 403, 'forbidden');
  assertError(await kp.post(`/api/v1/adults/${mgr.id}/end`, {}), 403, 'forbidden');
  assertError(await kp.post(`/api/v1/adults/${mgr.id}/password`, { password: 'taken-over-123' }), 403, 'forbidden');
  assertError(await kp.req('POST', '/api/v1/import/staff', 'first_name,last_name,roles\nEve,Evil,manager\n',
    { contentType: 'text/csv' }), 403, 'forbidden');
  assertError(await kp.req('POST', '/api/v1/import/children', 'first_name,last_name,date_of_birth\nA,B,2022-01-01\n',
    { contentType: 'text/csv' }), 403, 'forbidden');
  assertError(await kp.get('/api/v1/audit'), 403, 'forbidden');
  assertError(await kp.get('/api/v1/audit/verify'), 403, 'forbidden');
  assertError(await kp.post('/api/v1/audit/checkpoint'), 403, 'forbidden');
  assertError(await kp.post('/api/v1/rooms', { name: 'KP room', class: 'children' }), 403, 'forbidden');
  assertError(await kp.post('/api/v1/children', { first_name: 'A', last_name: 'B', date_of_birth: '2022-01-01' }), 403, 'forbidden');
  assert.equal(snapshot(data.db), before);
  // what a key person may do
  const me = await kp.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.deepEqual(me.json.roles, ['key-person']);
  assert.ok(!me.json.permissions.includes('token.manage'));
  assert.ok(me.json.permissions.includes('child.read'));
  assert.equal((await kp.get('/api/v1/children')).status, 200);
  assert.equal((await kp.get('/api/v1/rooms')).status, 200);
});

test('DATA-04 no credentials at all: 401 unauthenticated on every API path', async () => {
  for (const [m, p] of [['GET', '/api/v1/me'], ['GET', '/api/v1/children'], ['POST', '/api/v1/rooms'], ['GET', '/api/v1/audit']]) {
    assertError(await request(srv.url, m, p, m === 'POST' ? { name: 'x', class: 'children' } : undefined, { headers: CSRF }), 401, 'unauthenticated');
  }
  assertError(await request(srv.url, 'GET', '/api/v1/me', undefined, { headers: { Cookie: 'sg_session=sgs_forged' } }), 401, 'unauthenticated');
});
