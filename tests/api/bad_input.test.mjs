// bad_input.test.mjs — every malformed or out-of-bounds request to rooms,
// adults, children and parents is refused with the documented status, error
// code and field, and changes nothing: the database (every table but
// sessions) is byte-identical before and after, so no row and no audit event
// was written (docs/errors.md: "A request that fails changes nothing").
//
// Another setting's records are made directly with sqlite3 in the same
// database (there is no CLI for a second setting on SQLite) to prove that
// the first setting's manager cannot reach them (PEOPLE-01).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertError, dob, initDir, login, snapshot, sqlRows, startServer,
} from './lib.mjs';

let data, srv, mgr;
const my = {};
const other = {};
const MISSING = 999999;

before(async () => {
  data = initDir({ email: 'manager@bad.example', password: 'manager-password-1' });
  // A second organisation and setting in the same database, with its own
  // (empty) audit chain, a room, a key person, a child and a parent.
  const rows = sqlRows(data.db, `
    BEGIN;
    INSERT INTO organisations (name, kind, created_at) VALUES ('Other Trust', 'single', 0);
    INSERT INTO settings (organisation_id, name, kind, created_at)
      VALUES ((SELECT max(id) FROM organisations), 'Other Nursery', 'nursery', 0);
    INSERT INTO audit_heads (setting_id, seq, hash)
      VALUES ((SELECT max(id) FROM settings), 0, '${'0'.repeat(64)}');
    INSERT INTO rooms (setting_id, name, class, outdoor, created_at)
      VALUES ((SELECT max(id) FROM settings), 'Otherroom', 'children', 0, 0);
    INSERT INTO adults (setting_id, first_name, last_name, email, start_date, created_at)
      VALUES ((SELECT max(id) FROM settings), 'Otto', 'Otherperson', 'otto@other.example', '2024-01-01', 0);
    INSERT INTO adult_roles (setting_id, adult_id, role)
      VALUES ((SELECT max(id) FROM settings), (SELECT max(id) FROM adults), 'key-person');
    INSERT INTO children (setting_id, first_name, last_name, date_of_birth, room_id, key_person_id, start_date, created_at)
      VALUES ((SELECT max(id) FROM settings), 'Olive', 'Otherchild', '${dob(2)}', (SELECT max(id) FROM rooms),
              (SELECT max(id) FROM adults), '2024-01-01', 0);
    INSERT INTO parents (setting_id, first_name, last_name, created_at)
      VALUES ((SELECT max(id) FROM settings), 'Opal', 'Otherparent', 0);
    INSERT INTO child_parents (setting_id, child_id, parent_id, relationship, created_at)
      VALUES ((SELECT max(id) FROM settings), (SELECT max(id) FROM children), (SELECT max(id) FROM parents), 'mother', 0);
    COMMIT;
    SELECT (SELECT max(id) FROM settings), (SELECT max(id) FROM rooms), (SELECT max(id) FROM adults),
           (SELECT max(id) FROM children), (SELECT max(id) FROM parents), (SELECT max(id) FROM child_parents);`);
  [other.setting, other.room, other.adult, other.child, other.parent, other.link] = rows[0].map(Number);
  assert.equal(other.setting, 2);

  srv = await startServer(data.dir);
  mgr = await login(srv.url, data.email, data.password);
  const ok = async (p, body, status = 201) => {
    const r = await mgr.post(p, body);
    assert.equal(r.status, status, r.text);
    return r.json;
  };
  my.room = (await ok('/api/v1/rooms', { name: 'Ladybirds', class: 'children' })).id;
  my.office = (await ok('/api/v1/rooms', { name: 'Office', class: 'adults-only' })).id;
  my.kp = (await ok('/api/v1/adults', { first_name: 'Kit', last_name: 'Keyperson', email: 'kit@bad.example', roles: ['key-person'], start_date: '2024-01-01' })).id;
  my.staff = (await ok('/api/v1/adults', { first_name: 'Sid', last_name: 'Staff', roles: ['staff'], start_date: '2024-01-01' })).id;
  my.child = (await ok('/api/v1/children', { first_name: 'Cara', last_name: 'Child', date_of_birth: dob(3), room_id: my.room, key_person_id: my.kp, start_date: '2024-09-02' })).id;
  my.parent = (await ok('/api/v1/parents', { first_name: 'Paula', last_name: 'Parent', email: 'paula@home.example' })).id;
  const linked = await ok(`/api/v1/children/${my.child}/parents`, { parent_id: my.parent, relationship: 'mother' });
  my.link = linked.parents[0].link_id;
});

after(async () => {
  try {
    if (srv) await srv.stop();
  } finally {
    data?.cleanup();
  }
});

/* One refused request: status, code, field (null: none), nothing changed. */
async function refused(t, name, send, status, code, field) {
  await t.test(name, async () => {
    const before = snapshot(data.db);
    const r = await send();
    assertError(r, status, code, code === 'invalid_field' ? field : undefined);
    assert.equal(snapshot(data.db), before, `${name}: the database changed`);
  });
}

const post = (p, body, opts) => () => mgr.post(p, body, opts);
const patch = (p, body, opts) => () => mgr.patch(p, body, opts);
const raw = (method, p, text, contentType = 'application/json') => () => mgr.req(method, p, text, { contentType, raw: true });
const long = (n) => 'x'.repeat(n);

// Bodies that are not a JSON object, for every POST and PATCH route.
function notJsonCases() {
  const targets = [
    ['POST', '/api/v1/rooms'], ['PATCH', `/api/v1/rooms/${my.room}`], ['POST', `/api/v1/rooms/${my.room}/end`],
    ['POST', '/api/v1/adults'], ['PATCH', `/api/v1/adults/${my.staff}`], ['POST', `/api/v1/adults/${my.staff}/end`],
    ['POST', '/api/v1/children'], ['PATCH', `/api/v1/children/${my.child}`], ['POST', `/api/v1/children/${my.child}/end`],
    ['POST', `/api/v1/children/${my.child}/parents`],
    ['POST', '/api/v1/parents'], ['PATCH', `/api/v1/parents/${my.parent}`], ['POST', `/api/v1/parents/${my.parent}/end`],
  ];
  const bodies = [
    ['malformed JSON', '{"name": "Broken",'],
    ['a JSON array', '[{"name":"Array","class":"children"}]'],
    ['a JSON string', '"just text"'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['duplicate keys', '{"first_name":"A","first_name":"B"}'],
    ['a NUL character', '{"first_name":"A\\u0000B"}'],
    ['trailing garbage', '{"first_name":"A"} x'],
  ];
  const out = [];
  for (const [m, p] of targets) for (const [what, text] of bodies) out.push([`${m} ${p} with ${what}`, m, p, text]);
  return out;
}

test('API bodies that are not one JSON object: 400 invalid_json, nothing changed', async (t) => {
  for (const [name, m, p, text] of notJsonCases()) {
    await refused(t, name, raw(m, p, text), 400, 'invalid_json');
  }
});

test('API wrong Content-Type: 415 unsupported_media_type, nothing changed', async (t) => {
  const good = {
    '/api/v1/rooms': { name: 'Typed', class: 'children' },
    '/api/v1/adults': { first_name: 'T', last_name: 'T', roles: ['staff'] },
    '/api/v1/children': { first_name: 'T', last_name: 'T', date_of_birth: dob(2) },
    '/api/v1/parents': { first_name: 'T', last_name: 'T' },
  };
  for (const [p, body] of Object.entries(good)) {
    const text = JSON.stringify(body);
    await refused(t, `POST ${p} as text/plain`, raw('POST', p, text, 'text/plain'), 415, 'unsupported_media_type');
    await refused(t, `POST ${p} as a form`, raw('POST', p, text, 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    await refused(t, `POST ${p} without a Content-Type`, () => mgr.req('POST', p, new TextEncoder().encode(text), { contentType: null }), 415, 'unsupported_media_type');
  }
  await refused(t, 'PATCH a room as text/csv', raw('PATCH', `/api/v1/rooms/${my.room}`, '{"name":"CSV"}', 'text/csv'), 415, 'unsupported_media_type');
  await refused(t, 'PATCH a child as text/plain', raw('PATCH', `/api/v1/children/${my.child}`, '{"first_name":"Plain"}', 'text/plain'), 415, 'unsupported_media_type');
  await refused(t, 'POST an import as JSON', raw('POST', '/api/v1/import/children', '{"rows":[]}', 'application/json'), 415, 'unsupported_media_type');
});

test('API a Content-Type that only starts with application/json is not JSON: 415', async (t) => {
  await refused(t, 'POST /api/v1/rooms as application/jsonx',
    raw('POST', '/api/v1/rooms', '{"name":"Prefix","class":"children"}', 'application/jsonx'), 415, 'unsupported_media_type');
  await refused(t, 'POST /api/v1/parents as application/json-seq',
    raw('POST', '/api/v1/parents', '{"first_name":"Pre","last_name":"Fix"}', 'application/json-seq'), 415, 'unsupported_media_type');
});

test('API a body over 1 MiB: 413 too_large, nothing changed', async (t) => {
  const huge = (obj) => JSON.stringify({ ...obj, filler: long(1024 * 1024 + 10) });
  await refused(t, 'POST /api/v1/rooms', raw('POST', '/api/v1/rooms', huge({ name: 'Huge', class: 'children' })), 413, 'too_large');
  await refused(t, 'POST /api/v1/adults', raw('POST', '/api/v1/adults', huge({ first_name: 'H', last_name: 'H', roles: ['staff'] })), 413, 'too_large');
  await refused(t, 'POST /api/v1/children', raw('POST', '/api/v1/children', huge({ first_name: 'H', last_name: 'H', date_of_birth: dob(2) })), 413, 'too_large');
  await refused(t, 'POST /api/v1/parents', raw('POST', '/api/v1/parents', huge({ first_name: 'H', last_name: 'H' })), 413, 'too_large');
  await refused(t, 'PATCH a child', raw('PATCH', `/api/v1/children/${my.child}`, huge({ first_name: 'Huge' })), 413, 'too_large');
  await refused(t, 'POST a CSV import', raw('POST', '/api/v1/import/children',
    'first_name,last_name,date_of_birth\n' + `Ann,Big,${dob(2)}\n`.repeat(60000), 'text/csv'), 413, 'too_large');
  // a streamed body (no Content-Length) over the limit
  await refused(t, 'POST /api/v1/rooms streamed without Content-Length', () => {
    const chunk = new TextEncoder().encode(long(64 * 1024));
    let n = 0;
    const body = new ReadableStream({
      pull(c) {
        if (n++ < 20) c.enqueue(chunk);
        else c.close();
      },
    });
    return fetch(srv.url + '/api/v1/rooms', {
      method: 'POST', body, duplex: 'half',
      headers: { Cookie: mgr.cookie, 'X-Safeguard-Request': '1', 'Content-Type': 'application/json' },
    }).then(async (r) => {
      const text = await r.text();
      return { status: r.status, text, json: JSON.parse(text), headers: r.headers };
    });
  }, 413, 'too_large');
});

test('API a path id that is not a positive number: 404 not_found; a wrong method: 405', async (t) => {
  for (const p of ['/api/v1/rooms/abc', '/api/v1/rooms/0', '/api/v1/rooms/-1', '/api/v1/rooms/1.5', '/api/v1/rooms/1abc',
    '/api/v1/children/01', '/api/v1/parents/1234567890123456789', '/api/v1/children/ 1',
    '/api/v1/rooms/', '/api/v1/children/1/parents/x/end', '/api/v1/nothing']) {
    await refused(t, `GET ${p}`, () => mgr.get(p), 404, 'not_found');
  }
  await refused(t, 'PATCH /api/v1/children/x', patch('/api/v1/children/x', { first_name: 'X' }), 404, 'not_found');
  await refused(t, 'POST /api/v1/adults/x/end', post('/api/v1/adults/x/end', {}), 404, 'not_found');
  for (const [m, p] of [
    ['DELETE', `/api/v1/rooms/${my.room}`], ['DELETE', `/api/v1/children/${my.child}`], ['DELETE', `/api/v1/adults/${my.staff}`],
    ['DELETE', `/api/v1/parents/${my.parent}`], ['PUT', `/api/v1/children/${my.child}`], ['PUT', '/api/v1/rooms'],
    ['PATCH', '/api/v1/children'], ['DELETE', '/api/v1/audit'], ['GET', `/api/v1/rooms/${my.room}/end`],
    ['POST', `/api/v1/rooms/${my.room}`], ['GET', '/api/v1/import/children'], ['GET', '/api/v1/login'],
  ]) {
    await refused(t, `${m} ${p}`, () => mgr.req(m, p, m === 'GET' || m === 'DELETE' ? undefined : { name: 'x' }), 405, 'method_not_allowed');
  }
});

test('API bad query parameters: 400 bad_request naming the parameter', async (t) => {
  for (const [q, field] of [
    ['/api/v1/children?limit=abc', 'limit'], ['/api/v1/children?limit=0', 'limit'], ['/api/v1/children?limit=100000', 'limit'],
    ['/api/v1/children?offset=-1', 'offset'], ['/api/v1/children?room_id=-1', 'room_id'], ['/api/v1/children?room_id=x', 'room_id'],
    ['/api/v1/rooms?include_ended=maybe', 'include_ended'], ['/api/v1/audit?limit=501', 'limit'], ['/api/v1/audit?from=yesterday', 'from'],
  ]) {
    await t.test(`GET ${q}`, async () => {
      const r = await mgr.get(q);
      assertError(r, 400, 'bad_request');
      assert.equal(r.json.error.field, field);
    });
  }
});

test('PEOPLE-02 room fields: types, required, unknown, lengths, ranges; nothing changed', async (t) => {
  const P = '/api/v1/rooms';
  const R = `/api/v1/rooms/${my.room}`;
  const ok = { name: 'New Room', class: 'children' };
  const cases = [
    ['name is a number', post(P, { name: 42, class: 'children' }), 'name'],
    ['name missing', post(P, { class: 'children' }), 'name'],
    ['name null', post(P, { name: null, class: 'children' }), 'name'],
    ['name only spaces', post(P, { name: '   ', class: 'children' }), 'name'],
    ['name with a control character', post(P, { name: 'Tab\there', class: 'children' }), 'name'],
    ['name of 81 characters', post(P, { name: long(81), class: 'children' }), 'name'],
    ['class missing', post(P, { name: 'No Class' }), 'class'],
    ['class not one of the three', post(P, { name: 'Garden', class: 'garden' }), 'class'],
    ['class is a list', post(P, { name: 'Garden', class: ['children'] }), 'class'],
    ['outdoor is a string', post(P, { ...ok, outdoor: 'yes' }), 'outdoor'],
    ['outdoor is 1', post(P, { ...ok, outdoor: 1 }), 'outdoor'],
    ['min_age_months is a string', post(P, { ...ok, min_age_months: '12' }), 'min_age_months'],
    ['min_age_months is fractional', post(P, { ...ok, min_age_months: 1.5 }), 'min_age_months'],
    ['min_age_months is negative', post(P, { ...ok, min_age_months: -1 }), 'min_age_months'],
    ['max_age_months over 18 years', post(P, { ...ok, max_age_months: 217 }), 'max_age_months'],
    ['min above max', post(P, { ...ok, min_age_months: 30, max_age_months: 20 }), 'max_age_months'],
    ['an unknown field', post(P, { ...ok, colour: 'red' }), 'colour'],
    ['setting_id smuggled in', post(P, { ...ok, setting_id: other.setting }), 'setting_id'],
    ['id smuggled in', post(P, { ...ok, id: 77 }), 'id'],
    ['already closed on creation', post(P, { ...ok, ended_on: '2024-01-01' }), 'ended_on'],
    ['an empty object', post(P, {}), 'name'],
    ['PATCH nothing', patch(R, {}), null],
    ['PATCH ended_on (use /end)', patch(R, { ended_on: '2024-01-01' }), 'ended_on'],
    ['PATCH name to a number', patch(R, { name: 5 }), 'name'],
    ['PATCH name of 81 characters', patch(R, { name: long(81) }), 'name'],
    ['PATCH class to null', patch(R, { class: null }), 'class'],
    ['PATCH an unknown field', patch(R, { colour: 'red' }), 'colour'],
    ['PATCH max below the stored min', async () => {
      const r1 = await mgr.patch(R, { min_age_months: 24 });
      assert.equal(r1.status, 200, r1.text);
      const s = snapshot(data.db);
      const r = await mgr.patch(R, { max_age_months: 12 });
      assert.equal(snapshot(data.db), s);
      return r;
    }, 'max_age_months', 'setup-changes'],
    ['end with an impossible date', post(`${R}/end`, { date: '2023-02-30' }), 'date'],
    ['end with a date written as a number', post(`${R}/end`, { date: 20230101 }), 'date'],
    ['end with an unknown field', post(`${R}/end`, { when: '2024-01-01' }), 'when'],
  ];
  for (const [name, send, field, flag] of cases) {
    if (flag === 'setup-changes') {
      await t.test(name, async () => assertError(await send(), 400, 'invalid_field', field));
      continue;
    }
    await refused(t, name, send, 400, 'invalid_field', field);
  }
  await refused(t, 'a name already used', post(P, { name: 'Ladybirds', class: 'children' }), 409, 'already_exists');
  await refused(t, 'PATCH to a name already used', patch(R, { name: 'Office' }), 409, 'already_exists');
  await refused(t, 'end a room with children in it', post(`${R}/end`, {}), 409, 'conflict');
  await refused(t, 're-class a room with children in it', patch(R, { class: 'private' }), 409, 'conflict');
  for (const id of [MISSING, other.room]) {
    const what = id === MISSING ? 'an unknown room' : "another setting's room";
    await refused(t, `GET ${what}`, () => mgr.get(`${P}/${id}`), 404, 'not_found');
    await refused(t, `PATCH ${what}`, patch(`${P}/${id}`, { name: 'Mine Now' }), 404, 'not_found');
    await refused(t, `end ${what}`, post(`${P}/${id}/end`, {}), 404, 'not_found');
  }
});

test('PEOPLE-03/04/05 adult fields: types, roles, e-mail, dates, password, references; nothing changed', async (t) => {
  const P = '/api/v1/adults';
  const A = `/api/v1/adults/${my.staff}`;
  const ok = { first_name: 'New', last_name: 'Adult', roles: ['staff'] };
  const cases = [
    ['first_name is a number', post(P, { ...ok, first_name: 12 }), 'first_name'],
    ['first_name missing', post(P, { last_name: 'Adult', roles: ['staff'] }), 'first_name'],
    ['last_name of 81 characters', post(P, { ...ok, last_name: long(81) }), 'last_name'],
    ['first_name with a newline', post(P, { ...ok, first_name: 'Line\nBreak' }), 'first_name'],
    ['roles missing', post(P, { first_name: 'New', last_name: 'Adult' }), 'roles'],
    ['roles is a string', post(P, { ...ok, roles: 'manager' }), 'roles'],
    ['roles is empty', post(P, { ...ok, roles: [] }), 'roles'],
    ['an unknown role', post(P, { ...ok, roles: ['staff', 'wizard'] }), 'roles'],
    ['a role twice', post(P, { ...ok, roles: ['staff', 'staff'] }), 'roles'],
    ['a role that is not text', post(P, { ...ok, roles: [1] }), 'roles'],
    ['an e-mail without @', post(P, { ...ok, email: 'not-an-email' }), 'email'],
    ['an e-mail without a domain dot', post(P, { ...ok, email: 'a@b' }), 'email'],
    ['an e-mail with a space', post(P, { ...ok, email: 'a b@c.example' }), 'email'],
    ['an e-mail of 201 characters', post(P, { ...ok, email: long(189) + '@x.example.uk' }), 'email'],
    ['phone of 41 characters', post(P, { ...ok, phone: '1'.repeat(41) }), 'phone'],
    ['start_date 2023-02-30', post(P, { ...ok, start_date: '2023-02-30' }), 'start_date'],
    ['start_date 2023-2-3', post(P, { ...ok, start_date: '2023-2-3' }), 'start_date'],
    ['start_date with a time', post(P, { ...ok, start_date: '2023-02-03T10:00:00Z' }), 'start_date'],
    ['start_date is a number', post(P, { ...ok, start_date: 20230203 }), 'start_date'],
    ['already left on creation', post(P, { ...ok, leave_date: '2024-01-01' }), 'leave_date'],
    ['a password under 10 characters', post(P, { ...ok, email: 'pw@bad.example', password: 'short' }), 'password'],
    ['a password that is not text', post(P, { ...ok, password: 1234567890123 }), 'password'],
    ['line_manager_id as text', post(P, { ...ok, line_manager_id: String(my.kp) }), 'line_manager_id'],
    ['line_manager_id 0', post(P, { ...ok, line_manager_id: 0 }), 'line_manager_id'],
    ['line_manager_id unknown', post(P, { ...ok, line_manager_id: MISSING }), 'line_manager_id'],
    ["line_manager_id of another setting's adult", post(P, { ...ok, line_manager_id: other.adult }), 'line_manager_id'],
    ['an unknown field', post(P, { ...ok, salary: 1 }), 'salary'],
    ['password_hash smuggled in', post(P, { ...ok, password_hash: 'x' }), 'password_hash'],
    ['PATCH nothing', patch(A, {}), null],
    ['PATCH the same values', patch(A, { first_name: 'Sid', last_name: 'Staff' }), null],
    ['PATCH password (use /password)', patch(A, { password: 'new-password-123' }), 'password'],
    ['PATCH leave_date (use /end)', patch(A, { leave_date: '2024-01-01' }), 'leave_date'],
    ['PATCH own line manager', patch(A, { line_manager_id: my.staff }), 'line_manager_id'],
    ["PATCH line manager from another setting", patch(A, { line_manager_id: other.adult }), 'line_manager_id'],
    ['PATCH roles to none', patch(A, { roles: [] }), 'roles'],
    ['PATCH first_name to empty', patch(A, { first_name: '' }), 'first_name'],
    ['PATCH first_name to null', patch(A, { first_name: null }), 'first_name'],
    ['PATCH start_date 2023-02-29', patch(A, { start_date: '2023-02-29' }), 'start_date'],
    ['end before the start date', post(`${A}/end`, { date: '2023-12-31' }), 'date'],
    ['end with an impossible date', post(`${A}/end`, { date: '2024-13-01' }), 'date'],
    ['set a password under 10 characters', post(`${A}/password`, { password: 'short' }), 'password'],
    ['set a password that is not text', post(`${A}/password`, { password: 12345678901 }), 'password'],
  ];
  for (const [name, send, field] of cases) await refused(t, name, send, 400, 'invalid_field', field);
  await refused(t, "an e-mail already used (in another case)", post(P, { ...ok, email: 'KIT@bad.example' }), 409, 'already_exists');
  await refused(t, "an e-mail used in another setting", post(P, { ...ok, email: 'otto@other.example' }), 409, 'already_exists');
  await refused(t, 'take the manager role from the only manager', patch(`${P}/${mgr.id}`, { roles: ['staff'] }), 409, 'conflict');
  await refused(t, 'the only manager leaves', post(`${P}/${mgr.id}/end`, {}), 409, 'conflict');
  await refused(t, 'a key person who still has children leaves', post(`${P}/${my.kp}/end`, {}), 409, 'conflict');
  await refused(t, 'the key-person role is taken from an adult who is still a key person', patch(`${P}/${my.kp}`, { roles: ['staff'] }), 409, 'conflict');
  for (const id of [MISSING, other.adult]) {
    const what = id === MISSING ? 'an unknown adult' : "another setting's adult";
    await refused(t, `GET ${what}`, () => mgr.get(`${P}/${id}`), 404, 'not_found');
    await refused(t, `PATCH ${what}`, patch(`${P}/${id}`, { phone: '1' }), 404, 'not_found');
    await refused(t, `end ${what}`, post(`${P}/${id}/end`, {}), 404, 'not_found');
    await refused(t, `set the password of ${what}`, post(`${P}/${id}/password`, { password: 'a-good-password-1' }), 404, 'not_found');
  }
});

test('PEOPLE-07/08 child fields: types, dates, room and key person references; nothing changed', async (t) => {
  const P = '/api/v1/children';
  const C = `/api/v1/children/${my.child}`;
  const ok = { first_name: 'New', last_name: 'Child', date_of_birth: dob(2) };
  const cases = [
    ['first_name is a number', post(P, { ...ok, first_name: 12 }), 'first_name'],
    ['first_name of 81 characters', post(P, { ...ok, first_name: long(81) }), 'first_name'],
    ['last_name missing', post(P, { first_name: 'New', date_of_birth: dob(2) }), 'last_name'],
    ['date_of_birth missing', post(P, { first_name: 'New', last_name: 'Child' }), 'date_of_birth'],
    ['date_of_birth 2023-02-30', post(P, { ...ok, date_of_birth: '2023-02-30' }), 'date_of_birth'],
    ['date_of_birth 2023-02-29 (not a leap year)', post(P, { ...ok, date_of_birth: '2023-02-29' }), 'date_of_birth'],
    ['date_of_birth written 30/01/2023', post(P, { ...ok, date_of_birth: '30/01/2023' }), 'date_of_birth'],
    ['date_of_birth 2023-00-10', post(P, { ...ok, date_of_birth: '2023-00-10' }), 'date_of_birth'],
    ['date_of_birth in the future', post(P, { ...ok, date_of_birth: `${new Date().getFullYear() + 1}-01-01` }), 'date_of_birth'],
    ['date_of_birth over 18 years ago', post(P, { ...ok, date_of_birth: dob(20) }), 'date_of_birth'],
    ['start_date before birth', post(P, { ...ok, date_of_birth: dob(1), start_date: dob(2) }), 'start_date'],
    ['looked_after as the string "true"', post(P, { ...ok, looked_after: 'true' }), 'looked_after'],
    ['looked_after without a social worker', post(P, { ...ok, looked_after: true, local_authority: 'LA' }), 'social_worker'],
    ['looked_after without a local authority', post(P, { ...ok, looked_after: true, social_worker: 'SW' }), 'local_authority'],
    ['social_worker of 201 characters', post(P, { ...ok, social_worker: long(201) }), 'social_worker'],
    ['room_id as text', post(P, { ...ok, room_id: String(my.room) }), 'room_id'],
    ['room_id 0', post(P, { ...ok, room_id: 0 }), 'room_id'],
    ['room_id negative', post(P, { ...ok, room_id: -3 }), 'room_id'],
    ['room_id unknown', post(P, { ...ok, room_id: MISSING }), 'room_id'],
    ["room_id of another setting's room", post(P, { ...ok, room_id: other.room }), 'room_id'],
    ['room_id of an adults-only room', post(P, { ...ok, room_id: my.office }), 'room_id'],
    ['key_person_id unknown', post(P, { ...ok, key_person_id: MISSING }), 'key_person_id'],
    ["key_person_id of another setting's key person", post(P, { ...ok, key_person_id: other.adult }), 'key_person_id'],
    ['key_person_id of an adult without the key-person role', post(P, { ...ok, key_person_id: my.staff }), 'key_person_id'],
    ['already left on creation', post(P, { ...ok, leave_date: '2024-01-01' }), 'leave_date'],
    ['an unknown field', post(P, { ...ok, nickname: 'Bug' }), 'nickname'],
    ['PATCH nothing', patch(C, {}), null],
    ['PATCH the same values', patch(C, { first_name: 'Cara' }), null],
    ['PATCH leave_date (use /end)', patch(C, { leave_date: '2025-01-01' }), 'leave_date'],
    ["PATCH room_id to another setting's room", patch(C, { room_id: other.room }), 'room_id'],
    ["PATCH key person to another setting's adult", patch(C, { key_person_id: other.adult }), 'key_person_id'],
    ['PATCH date_of_birth 2023-02-29', patch(C, { date_of_birth: '2023-02-29' }), 'date_of_birth'],
    ['PATCH start_date before birth', patch(C, { start_date: dob(4) }), 'start_date'],
    ['PATCH an unknown field', patch(C, { allergies: 'none' }), 'allergies'],
    ['end before the start date', post(`${C}/end`, { date: '2024-09-01' }), 'date'],
    ['end with an impossible date', post(`${C}/end`, { date: '2024-02-30' }), 'date'],
  ];
  for (const [name, send, field] of cases) await refused(t, name, send, 400, 'invalid_field', field);
  for (const id of [MISSING, other.child]) {
    const what = id === MISSING ? 'an unknown child' : "another setting's child";
    await refused(t, `GET ${what}`, () => mgr.get(`${P}/${id}`), 404, 'not_found');
    await refused(t, `PATCH ${what}`, patch(`${P}/${id}`, { first_name: 'Mine' }), 404, 'not_found');
    await refused(t, `end ${what}`, post(`${P}/${id}/end`, {}), 404, 'not_found');
    await refused(t, `link a parent to ${what}`, post(`${P}/${id}/parents`, { parent_id: my.parent, relationship: 'father' }), 404, 'not_found');
  }
  await refused(t, "end another setting's child-parent link", post(`${P}/${other.child}/parents/${other.link}/end`), 404, 'not_found');
  await refused(t, "end another setting's link through my child", post(`${C}/parents/${other.link}/end`), 404, 'not_found');
  await refused(t, 'end an unknown link', post(`${C}/parents/${MISSING}/end`), 404, 'not_found');
});

test('PEOPLE-11 parent and link fields; nothing changed', async (t) => {
  const P = '/api/v1/parents';
  const Q = `/api/v1/parents/${my.parent}`;
  const L = `/api/v1/children/${my.child}/parents`;
  const ok = { first_name: 'New', last_name: 'Parent' };
  const cases = [
    ['first_name is a number', post(P, { ...ok, first_name: 7 }), 'first_name'],
    ['last_name missing', post(P, { first_name: 'New' }), 'last_name'],
    ['first_name of 81 characters', post(P, { ...ok, first_name: long(81) }), 'first_name'],
    ['an e-mail without a dot', post(P, { ...ok, email: 'a@b' }), 'email'],
    ['an e-mail with two @', post(P, { ...ok, email: 'a@b@c.example' }), 'email'],
    ['phone is a number', post(P, { ...ok, phone: 1234567 }), 'phone'],
    ['phone of 41 characters', post(P, { ...ok, phone: '1'.repeat(41) }), 'phone'],
    ['already ended on creation', post(P, { ...ok, ended_on: '2024-01-01' }), 'ended_on'],
    ['an unknown field', post(P, { ...ok, address: '1 High St' }), 'address'],
    ['PATCH nothing', patch(Q, {}), null],
    ['PATCH the same values', patch(Q, { first_name: 'Paula' }), null],
    ['PATCH ended_on (use /end)', patch(Q, { ended_on: '2024-01-01' }), 'ended_on'],
    ['PATCH a bad e-mail', patch(Q, { email: 'nope' }), 'email'],
    ['end with an impossible date', post(`${Q}/end`, { date: '2024-04-31' }), 'date'],
    ['link: parent_id missing', post(L, { relationship: 'father' }), 'parent_id'],
    ['link: relationship missing', post(L, { parent_id: my.parent }), 'relationship'],
    ['link: parent_id as text', post(L, { parent_id: String(my.parent), relationship: 'mother' }), 'parent_id'],
    ['link: parent_id unknown', post(L, { parent_id: MISSING, relationship: 'father' }), 'parent_id'],
    ["link: another setting's parent", post(L, { parent_id: other.parent, relationship: 'father' }), 'parent_id'],
    ['link: relationship of 41 characters', post(L, { parent_id: my.parent, relationship: long(41) }), 'relationship'],
    ['link: may_consent as text', post(L, { parent_id: my.parent, relationship: 'x', may_consent: 'yes' }), 'may_consent'],
    ['link: may_consent without parental responsibility', post(L, { parent_id: my.parent, relationship: 'x', parental_responsibility: false, may_consent: true }), 'may_consent'],
    ['link: an unknown field', post(L, { parent_id: my.parent, relationship: 'x', primary: true }), 'primary'],
  ];
  for (const [name, send, field] of cases) await refused(t, name, send, 400, 'invalid_field', field);
  await refused(t, 'link the same parent twice', post(L, { parent_id: my.parent, relationship: 'mother' }), 409, 'conflict');
  for (const id of [MISSING, other.parent]) {
    const what = id === MISSING ? 'an unknown parent' : "another setting's parent";
    await refused(t, `GET ${what}`, () => mgr.get(`${P}/${id}`), 404, 'not_found');
    await refused(t, `PATCH ${what}`, patch(`${P}/${id}`, { phone: '1' }), 404, 'not_found');
    await refused(t, `end ${what}`, post(`${P}/${id}/end`, {}), 404, 'not_found');
  }
});

test("PEOPLE-01 another setting's records never appear in lists or searches", async () => {
  const names = ['Otherroom', 'Otto', 'Otherperson', 'Olive', 'Otherchild', 'Opal', 'Otherparent', 'otto@other.example'];
  for (const p of ['/api/v1/rooms?include_ended=1', '/api/v1/adults?include_ended=1', '/api/v1/children?include_ended=1',
    '/api/v1/parents?include_ended=1', '/api/v1/rooms?q=other', '/api/v1/adults?q=ott', '/api/v1/children?q=oliv',
    '/api/v1/parents?q=opal', `/api/v1/children?room_id=${other.room}`, '/api/v1/audit?limit=500',
    `/api/v1/parents/${my.parent}`, `/api/v1/children/${my.child}`]) {
    const r = await mgr.get(p);
    assert.equal(r.status, 200, `${p}: ${r.text}`);
    for (const n of names) assert.ok(!r.text.includes(n), `${p} shows ${n}: ${r.text}`);
  }
  const r = await mgr.get(`/api/v1/children?room_id=${other.room}`);
  assert.deepEqual(r.json.children, []);
  const v = await mgr.get('/api/v1/audit/verify');
  assert.equal(v.json.intact, true);
});

test('API names up to 80 characters means characters, not bytes: 80 accented letters are accepted', async () => {
  const name = 'é'.repeat(80);
  const r = await mgr.post('/api/v1/parents', { first_name: name, last_name: 'Zoë' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.first_name, name);
});

test('PEOPLE-02 a PATCH that changes nothing is refused like the other records (no empty room.edit event)', async () => {
  const before = snapshot(data.db);
  const r = await mgr.patch(`/api/v1/rooms/${my.office}`, { name: 'Office', class: 'adults-only' });
  assertError(r, 400, 'invalid_field', null);
  assert.equal(snapshot(data.db), before);
});

test('API CSV imports with bad rows: 422 import_rejected listing each row, nothing changed', async (t) => {
  const csv = (text) => () => mgr.req('POST', '/api/v1/import/children', text, { contentType: 'text/csv' });
  await t.test('one bad row among good ones', async () => {
    const before = snapshot(data.db);
    const r = await csv(`first_name,last_name,date_of_birth,room\nGood,Row,${dob(3)},Ladybirds\nBad,Row,2023-02-30,Ladybirds\n`)();
    assertError(r, 422, 'import_rejected');
    assert.deepEqual(r.json.error.details.errors.map((e) => [e.row, e.field]), [[3, 'date_of_birth']]);
    assert.equal(r.json.error.details.rows, 2);
    assert.equal(r.json.error.details.bad_rows, 1);
    assert.equal(snapshot(data.db), before);
  });
  await refused(t, 'an empty file', csv(''), 422, 'import_rejected');
  await refused(t, 'a header and no rows', csv('first_name,last_name,date_of_birth\n'), 422, 'import_rejected');
  await refused(t, 'an unknown column', csv(`first_name,last_name,birthday\nA,B,${dob(2)}\n`), 422, 'import_rejected');
  await refused(t, 'an unterminated quote', csv(`first_name,last_name,date_of_birth\n"A,B,${dob(2)}\n`), 422, 'import_rejected');
  await refused(t, "another setting's room by name", csv(`first_name,last_name,date_of_birth,room\nA,B,${dob(2)},Otherroom\n`), 422, 'import_rejected');
  await refused(t, "another setting's key person by e-mail", csv(`first_name,last_name,date_of_birth,key_person_email\nA,B,${dob(2)},otto@other.example\n`), 422, 'import_rejected');
  await refused(t, 'an import kind that does not exist', () => mgr.req('POST', '/api/v1/import/teachers', 'first_name\nA\n', { contentType: 'text/csv' }), 404, 'not_found');
  await t.test('dry_run must be true or false', async () => {
    const before = snapshot(data.db);
    const r = await mgr.req('POST', '/api/v1/import/children?dry_run=maybe', `first_name,last_name,date_of_birth\nA,B,${dob(2)}\n`, { contentType: 'text/csv' });
    assertError(r, 400, 'bad_request');
    assert.equal(r.json.error.field, 'dry_run');
    assert.equal(snapshot(data.db), before);
  });
  await t.test('a good file with dry_run=1 is checked and not saved', async () => {
    const before = snapshot(data.db);
    const r = await mgr.req('POST', '/api/v1/import/children?dry_run=1', `first_name,last_name,date_of_birth,room\nDry,Run,${dob(2)},Ladybirds\n`, { contentType: 'text/csv' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.dry_run, true);
    assert.equal(r.json.imported, 0);
    assert.equal(r.json.bad_rows, 0);
    assert.equal(snapshot(data.db), before);
  });
});
