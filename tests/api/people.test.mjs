// people.test.mjs — rooms, adults, children, parents through the API, as the
// manager, with every change checked in the audit log (PEOPLE-01…14).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  assertError, bearer, cli, dob, initDir, login, request, snapshot, startServer, CSRF,
} from './lib.mjs';

let data, srv, mgr;
const ids = {};

before(async () => {
  data = initDir({ email: 'manager@people.example', password: 'manager-password-1' });
  srv = await startServer(data.dir);
  mgr = await login(srv.url, data.email, data.password);
});

after(async () => {
  try {
    if (srv) await srv.stop();
  } finally {
    data?.cleanup();
  }
});

const sorted = (a) => [...a].sort();

test('PEOPLE-01 the setting is there, with its organisation', async () => {
  const r = await mgr.get('/api/v1/setting');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, 'Test Nursery');
  assert.equal(r.json.kind, 'nursery');
  assert.equal(r.json.organisation.kind, 'single');
  assert.deepEqual(mgr.me.roles, ['manager']);
});

test('PEOPLE-02 rooms of each class: children, adults-only, private (and outdoor)', async () => {
  let r = await mgr.get('/api/v1/rooms');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.rooms, []);

  const want = [
    { name: 'Caterpillars', class: 'children', min_age_months: 0, max_age_months: 24 },
    { name: 'Butterflies', class: 'children' },
    { name: 'Garden', class: 'children', outdoor: true },
    { name: 'Office', class: 'adults-only' },
    { name: 'Toilets', class: 'private' },
  ];
  for (const w of want) {
    r = await mgr.post('/api/v1/rooms', w);
    assert.equal(r.status, 201, r.text);
    assert.ok(Number.isInteger(r.json.id) && r.json.id > 0);
    assert.equal(r.json.name, w.name);
    assert.equal(r.json.class, w.class);
    assert.equal(r.json.outdoor, w.outdoor ?? false);
    assert.equal(r.json.ended_on, null);
    assert.equal(r.json.children, 0);
    ids[w.name] = r.json.id;
  }
  r = await mgr.get('/api/v1/rooms');
  assert.equal(r.status, 200);
  assert.deepEqual(sorted(r.json.rooms.map((x) => x.name)), sorted(want.map((w) => w.name)));
  const cat = r.json.rooms.find((x) => x.name === 'Caterpillars');
  assert.equal(cat.min_age_months, 0);
  assert.equal(cat.max_age_months, 24);
  r = await mgr.get(`/api/v1/rooms/${ids.Office}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.class, 'adults-only');
});

test('PEOPLE-04 an adult holds several roles; PEOPLE-05 a line manager', async () => {
  let r = await mgr.post('/api/v1/adults', {
    first_name: 'Dina', last_name: 'Deputy', email: 'Dina.Deputy@People.Example',
    roles: ['deputy', 'dsl', 'key-person'], start_date: '2024-09-01',
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(sorted(r.json.roles), ['deputy', 'dsl', 'key-person']);
  assert.equal(r.json.email, 'dina.deputy@people.example', 'e-mail is stored lower-case');
  assert.equal(r.json.start_date, '2024-09-01');
  assert.equal(r.json.has_login, false);
  assert.equal(r.json.left, false);
  ids.deputy = r.json.id;

  r = await mgr.post('/api/v1/adults', {
    first_name: 'Kim', last_name: 'Keyworker', email: 'kim@people.example', phone: '01234 567890',
    roles: ['key-person', 'staff'], line_manager_id: ids.deputy, password: 'kim-password-12',
  });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(sorted(r.json.roles), ['key-person', 'staff']);
  assert.equal(r.json.line_manager_id, ids.deputy);
  assert.equal(r.json.line_manager_name, 'Dina Deputy');
  assert.equal(r.json.has_login, true);
  assert.equal(r.json.password, undefined, 'the password is never returned');
  ids.kim = r.json.id;

  r = await mgr.post('/api/v1/adults', {
    first_name: 'Olly', last_name: 'Office', email: 'olly@people.example', roles: ['office'],
  });
  assert.equal(r.status, 201, r.text);
  ids.office = r.json.id;

  r = await mgr.get(`/api/v1/adults/${ids.kim}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.line_manager_name, 'Dina Deputy');

  // The password is audited only as "set".
  r = await mgr.get(`/api/v1/audit?action=adult.add&object_id=${ids.kim}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.events.length, 1);
  assert.equal(r.json.events[0].detail.password, undefined);
  assert.equal(r.json.events[0].detail.password_set, true);
  assert.ok(!r.text.includes('kim-password-12'));
});

test('PEOPLE-03 editing an adult changes the record and audits the difference', async () => {
  let r = await mgr.patch(`/api/v1/adults/${ids.office}`, { phone: '07700 900123', roles: ['office', 'staff'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.phone, '07700 900123');
  assert.deepEqual(sorted(r.json.roles), ['office', 'staff']);
  r = await mgr.get(`/api/v1/audit?action=adult.edit&object_id=${ids.office}`);
  assert.equal(r.json.events.length, 1);
  assert.deepEqual(r.json.events[0].detail.phone, { from: null, to: '07700 900123' });
  assert.equal(r.json.events[0].actor, `adult:${mgr.id}`);
});

test('PEOPLE-07 a child with a room and a key person; the key person must hold the key-person role', async () => {
  const before = snapshot(data.db);
  let r = await mgr.post('/api/v1/children', {
    first_name: 'Ava', last_name: 'Able', date_of_birth: dob(2), room_id: ids.Caterpillars, key_person_id: ids.office,
  });
  assertError(r, 400, 'invalid_field', 'key_person_id');
  r = await mgr.post('/api/v1/children', {
    first_name: 'Ava', last_name: 'Able', date_of_birth: dob(2), room_id: ids.Office,
  });
  assertError(r, 400, 'invalid_field', 'room_id');
  assert.equal(snapshot(data.db), before, 'refused adds change nothing');

  r = await mgr.post('/api/v1/children', {
    first_name: 'Ava', last_name: 'Able', date_of_birth: dob(2), room_id: ids.Caterpillars, key_person_id: ids.kim,
    start_date: '2025-01-06',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.room_id, ids.Caterpillars);
  assert.equal(r.json.room_name, 'Caterpillars');
  assert.equal(r.json.key_person_id, ids.kim);
  assert.equal(r.json.key_person_name, 'Kim Keyworker');
  assert.equal(r.json.looked_after, false);
  assert.equal(r.json.left, false);
  assert.equal(r.json.start_date, '2025-01-06');
  assert.equal(r.json.age_months, 24);
  assert.deepEqual(r.json.parents, []);
  ids.ava = r.json.id;

  r = await mgr.post('/api/v1/children', { first_name: 'Ben', last_name: 'Able', date_of_birth: dob(3), room_id: ids.Butterflies });
  assert.equal(r.status, 201, r.text);
  ids.ben = r.json.id;

  r = await mgr.get(`/api/v1/rooms/${ids.Caterpillars}`);
  assert.equal(r.json.children, 1);
});

test('PEOPLE-14 a student who leaves can no longer use their session or token', async () => {
  let r = await mgr.post('/api/v1/adults', {
    first_name: 'Sam', last_name: 'Student', email: 'sam@people.example', roles: ['student'],
    password: 'sam-password-123',
  });
  assert.equal(r.status, 201, r.text);
  ids.sam = r.json.id;
  const sam = await login(srv.url, 'sam@people.example', 'sam-password-123');
  const t = cli(['token', 'create', '--data', data.dir, '--adult', 'sam@people.example', '--name', 'sam script']);
  assert.equal(t.code, 0, t.stderr);
  const token = /(sgt_[A-Za-z0-9_-]+)/.exec(t.stdout)[1];
  const samTok = bearer(srv.url, token);
  assert.equal((await sam.get('/api/v1/me')).status, 200);
  assert.equal((await samTok.get('/api/v1/me')).status, 200);
  assert.equal((await sam.get('/api/v1/children')).status, 200, 'a student reads children');

  r = await mgr.post(`/api/v1/adults/${ids.sam}/end`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.left, true);
  assert.match(r.json.leave_date, /^\d{4}-\d\d-\d\d$/);

  assertError(await sam.get('/api/v1/me'), 401, 'unauthenticated');
  assertError(await samTok.get('/api/v1/me'), 401, 'unauthenticated');
  assertError(await sam.get('/api/v1/children'), 401, 'unauthenticated');
  // and cannot log in again
  r = await request(srv.url, 'POST', '/api/v1/login', { email: 'sam@people.example', password: 'sam-password-123' }, { headers: CSRF });
  assertError(r, 401, 'unauthenticated');
  // the leaver is kept, dated (never deleted)
  r = await mgr.get(`/api/v1/adults/${ids.sam}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.left, true);
  r = await mgr.get('/api/v1/adults');
  assert.ok(!r.json.adults.some((a) => a.id === ids.sam), 'leavers are not in the default list');
  r = await mgr.get('/api/v1/adults?include_ended=1');
  assert.ok(r.json.adults.some((a) => a.id === ids.sam));
});

test('PEOPLE-11 parents linked to a child with parental responsibility; may_consent needs it', async () => {
  let r = await mgr.post('/api/v1/parents', { first_name: 'Pat', last_name: 'Able', email: 'pat@home.example', phone: '0161 496 0000' });
  assert.equal(r.status, 201, r.text);
  ids.pat = r.json.id;
  r = await mgr.post('/api/v1/parents', { first_name: 'Gran', last_name: 'Able' });
  assert.equal(r.status, 201, r.text);
  ids.gran = r.json.id;

  r = await mgr.post(`/api/v1/children/${ids.ava}/parents`, { parent_id: ids.pat, relationship: 'mother', parental_responsibility: true });
  assert.equal(r.status, 201, r.text);
  const link = r.json.parents.find((p) => p.parent_id === ids.pat);
  assert.ok(link, r.text);
  assert.equal(link.relationship, 'mother');
  assert.equal(link.parental_responsibility, true);
  assert.equal(link.may_consent, true, 'may_consent defaults to parental responsibility');
  assert.equal(link.email, 'pat@home.example');
  ids.patLink = link.link_id;

  const before = snapshot(data.db);
  r = await mgr.post(`/api/v1/children/${ids.ava}/parents`, {
    parent_id: ids.gran, relationship: 'grandmother', parental_responsibility: false, may_consent: true,
  });
  assertError(r, 400, 'invalid_field', 'may_consent');
  r = await mgr.post(`/api/v1/children/${ids.ava}/parents`, { parent_id: ids.pat, relationship: 'mother' });
  assertError(r, 409, 'conflict', 'parent_id');
  assert.equal(snapshot(data.db), before);

  r = await mgr.post(`/api/v1/children/${ids.ava}/parents`, { parent_id: ids.gran, relationship: 'grandmother', parental_responsibility: false });
  assert.equal(r.status, 201, r.text);
  const g = r.json.parents.find((p) => p.parent_id === ids.gran);
  assert.equal(g.parental_responsibility, false);
  assert.equal(g.may_consent, false);
  ids.granLink = g.link_id;

  r = await mgr.get(`/api/v1/parents/${ids.pat}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.children.map((c) => c.child_id), [ids.ava]);

  // Ending a link keeps it, dated.
  r = await mgr.post(`/api/v1/children/${ids.ava}/parents/${ids.granLink}/end`);
  assert.equal(r.status, 200, r.text);
  assert.ok(!r.json.parents.some((p) => p.parent_id === ids.gran));
  r = await mgr.post(`/api/v1/children/${ids.ava}/parents/${ids.granLink}/end`);
  assertError(r, 409, 'conflict');
});

test('PEOPLE-08 a looked-after child needs a social worker and a local authority', async () => {
  const base = { first_name: 'Lola', last_name: 'Looked', date_of_birth: dob(3), room_id: ids.Butterflies, key_person_id: ids.kim };
  const before = snapshot(data.db);
  let r = await mgr.post('/api/v1/children', { ...base, looked_after: true });
  assertError(r, 400, 'invalid_field', 'social_worker');
  r = await mgr.post('/api/v1/children', { ...base, looked_after: true, social_worker: 'Sue Social' });
  assertError(r, 400, 'invalid_field', 'local_authority');
  r = await mgr.post('/api/v1/children', { ...base, looked_after: true, local_authority: 'Anyshire CC' });
  assertError(r, 400, 'invalid_field', 'social_worker');
  r = await mgr.post('/api/v1/children', { ...base, looked_after: true, social_worker: '   ', local_authority: 'Anyshire CC' });
  assertError(r, 400, 'invalid_field', 'social_worker');
  assert.equal(snapshot(data.db), before);

  r = await mgr.post('/api/v1/children', { ...base, looked_after: true, social_worker: 'Sue Social', local_authority: 'Anyshire CC' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.looked_after, true);
  assert.equal(r.json.social_worker, 'Sue Social');
  assert.equal(r.json.local_authority, 'Anyshire CC');
  ids.lola = r.json.id;

  // Clearing the social worker of a looked-after child is refused too.
  const b2 = snapshot(data.db);
  r = await mgr.patch(`/api/v1/children/${ids.lola}`, { social_worker: null });
  assertError(r, 400, 'invalid_field', 'social_worker');
  assert.equal(snapshot(data.db), b2);
});

test('PEOPLE-08 a key person sees the looked-after marker but not the social worker or local authority', async () => {
  const kim = await login(srv.url, 'kim@people.example', 'kim-password-12');
  let r = await kim.get(`/api/v1/children/${ids.lola}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.looked_after, true);
  assert.ok(!('social_worker' in r.json), r.text);
  assert.ok(!('local_authority' in r.json), r.text);
  assert.ok(!r.text.includes('Sue Social') && !r.text.includes('Anyshire'));
  r = await kim.get('/api/v1/children');
  assert.equal(r.status, 200);
  const l = r.json.children.find((c) => c.id === ids.lola);
  assert.equal(l.looked_after, true);
  assert.ok(!('social_worker' in l) && !('local_authority' in l));
  assert.ok(!r.text.includes('Sue Social'));
  // nor may they set those fields
  const before = snapshot(data.db);
  r = await kim.patch(`/api/v1/children/${ids.ava}`, { looked_after: true, social_worker: 'X', local_authority: 'Y' });
  assertError(r, 403, 'forbidden');
  assert.equal(snapshot(data.db), before);
  // the manager sees them
  r = await mgr.get(`/api/v1/children/${ids.lola}`);
  assert.equal(r.json.social_worker, 'Sue Social');
});

test('PEOPLE-08 the office edits a looked-after child without seeing or changing the looked-after details', async () => {
  let r = await mgr.post(`/api/v1/adults/${ids.office}/password`, { password: 'olly-password-1' });
  assert.equal(r.status, 200, r.text);
  const office = await login(srv.url, 'olly@people.example', 'olly-password-1');
  r = await office.get(`/api/v1/children/${ids.lola}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.looked_after, true);
  assert.ok(!('social_worker' in r.json));
  const before = snapshot(data.db);
  for (const body of [{ social_worker: 'Someone Else' }, { local_authority: null }, { looked_after: false }]) {
    r = await office.patch(`/api/v1/children/${ids.lola}`, body);
    assertError(r, 403, 'forbidden');
  }
  r = await office.post('/api/v1/children', { first_name: 'New', last_name: 'Looked', date_of_birth: dob(2), looked_after: true, social_worker: 'A', local_authority: 'B' });
  assertError(r, 403, 'forbidden');
  assert.equal(snapshot(data.db), before);
  r = await office.patch(`/api/v1/children/${ids.lola}`, { first_name: 'Lolita' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.first_name, 'Lolita');
  assert.ok(!('social_worker' in r.json));
  r = await mgr.get(`/api/v1/children/${ids.lola}`);
  assert.equal(r.json.social_worker, 'Sue Social', 'the hidden details are kept');
  assert.equal(r.json.local_authority, 'Anyshire CC');
  const ev = await mgr.get(`/api/v1/audit?action=child.edit&object_id=${ids.lola}`);
  assert.equal(ev.json.events.length, 1);
  assert.equal(ev.json.events[0].actor, `adult:${ids.office}`);
  assert.deepEqual(ev.json.events[0].detail, { first_name: { from: 'Lola', to: 'Lolita' } });
});

test('PEOPLE-08 the chair, who reads the audit log, does not see looked-after details there', async () => {
  let r = await mgr.post('/api/v1/adults', {
    first_name: 'Rebecca', last_name: 'Chair', email: 'chair@people.example', roles: ['chair'], password: 'chair-password-1',
  });
  assert.equal(r.status, 201, r.text);
  const chair = await login(srv.url, 'chair@people.example', 'chair-password-1');
  assertError(await chair.get(`/api/v1/children/${ids.lola}`), 403, 'forbidden');
  r = await chair.get('/api/v1/audit?limit=500');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.events.some((e) => e.action === 'child.add' && e.object_id === ids.lola), 'the event itself is listed');
  assert.ok(!r.text.includes('Sue Social'), 'the social worker is not shown to the chair through the audit log');
  assert.ok(!r.text.includes('Anyshire CC'), 'the local authority is not shown to the chair through the audit log');
});

test('PEOPLE-07 a child leaves with a date and is never deleted; include_ended lists them', async () => {
  let r = await mgr.post(`/api/v1/children/${ids.ben}/end`, {});
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.left, true);
  assert.match(r.json.leave_date, /^\d{4}-\d\d-\d\d$/);
  const before = snapshot(data.db);
  assertError(await mgr.post(`/api/v1/children/${ids.ben}/end`, {}), 409, 'conflict');
  assertError(await mgr.patch(`/api/v1/children/${ids.ben}`, { leave_date: null }), 400, 'invalid_field', 'leave_date');
  assert.equal(snapshot(data.db), before);

  r = await mgr.get(`/api/v1/children/${ids.ben}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.left, true);
  r = await mgr.get('/api/v1/children');
  assert.ok(!r.json.children.some((c) => c.id === ids.ben));
  assert.ok(r.json.children.some((c) => c.id === ids.ava));
  r = await mgr.get('/api/v1/children?include_ended=1');
  assert.ok(r.json.children.some((c) => c.id === ids.ben));
  assert.ok(r.json.children.some((c) => c.id === ids.ava));
  r = await mgr.get(`/api/v1/rooms/${ids.Butterflies}`);
  assert.equal(r.json.children, 1, 'only current children count in a room');
});

test('PEOPLE search with q finds children, adults, parents and rooms by name', async () => {
  let r = await mgr.get('/api/v1/children?q=' + encodeURIComponent('lOoKeD'));
  assert.deepEqual(r.json.children.map((c) => c.id), [ids.lola]);
  r = await mgr.get('/api/v1/children?q=able');
  assert.deepEqual(r.json.children.map((c) => c.id), [ids.ava]);
  r = await mgr.get('/api/v1/children?q=able&include_ended=1');
  assert.deepEqual(sorted(r.json.children.map((c) => c.id)), sorted([ids.ava, ids.ben]));
  r = await mgr.get('/api/v1/children?q=' + encodeURIComponent('Ava Able'));
  assert.deepEqual(r.json.children.map((c) => c.id), [ids.ava]);
  r = await mgr.get('/api/v1/children?q=nobody-by-this-name');
  assert.deepEqual(r.json.children, []);
  r = await mgr.get(`/api/v1/children?room_id=${ids.Caterpillars}`);
  assert.deepEqual(r.json.children.map((c) => c.id), [ids.ava]);
  r = await mgr.get('/api/v1/adults?q=keyw');
  assert.deepEqual(r.json.adults.map((a) => a.id), [ids.kim]);
  r = await mgr.get('/api/v1/parents?q=gran');
  assert.deepEqual(r.json.parents.map((p) => p.id), [ids.gran]);
  r = await mgr.get('/api/v1/rooms?q=pillar');
  assert.deepEqual(r.json.rooms.map((x) => x.id), [ids.Caterpillars]);
});

test('PEOPLE-02 a room closes with a date, not while children are in it', async () => {
  const before = snapshot(data.db);
  assertError(await mgr.post(`/api/v1/rooms/${ids.Caterpillars}/end`, {}), 409, 'conflict');
  assertError(await mgr.patch(`/api/v1/rooms/${ids.Caterpillars}`, { class: 'private' }), 409, 'conflict', 'class');
  assert.equal(snapshot(data.db), before);
  let r = await mgr.post(`/api/v1/rooms/${ids.Toilets}/end`, {});
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.ended_on, /^\d{4}-\d\d-\d\d$/);
  r = await mgr.get('/api/v1/rooms');
  assert.ok(!r.json.rooms.some((x) => x.id === ids.Toilets));
  r = await mgr.get('/api/v1/rooms?include_ended=1');
  assert.ok(r.json.rooms.some((x) => x.id === ids.Toilets));
  r = await mgr.patch(`/api/v1/rooms/${ids.Garden}`, { name: 'Back Garden' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.name, 'Back Garden');
});

test('PEOPLE parents: edit and end a parent (their links end too)', async () => {
  let r = await mgr.patch(`/api/v1/parents/${ids.pat}`, { phone: '0161 496 0001' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.phone, '0161 496 0001');
  r = await mgr.post(`/api/v1/parents/${ids.gran}/end`, {});
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.ended_on, /^\d{4}-\d\d-\d\d$/);
  r = await mgr.get('/api/v1/parents');
  assert.ok(!r.json.parents.some((p) => p.id === ids.gran));
  r = await mgr.get('/api/v1/parents?include_ended=1');
  assert.ok(r.json.parents.some((p) => p.id === ids.gran));
});

test('REPORTING-01 every change is in the audit log with its action and actor adult:<id>; verify says intact', async () => {
  const r = await mgr.get('/api/v1/audit?limit=500');
  assert.equal(r.status, 200, r.text);
  const ev = r.json.events;
  assert.equal(r.json.next_before_seq, null);
  // newest first, gap-free
  const seqs = ev.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
  assert.equal(seqs[seqs.length - 1], 1);
  assert.equal(seqs[0], seqs.length);
  const me = `adult:${mgr.id}`;
  const find = (action, objectId) => ev.filter((e) => e.action === action && (objectId === undefined || e.object_id === objectId));
  const expectOne = (action, objectType, objectId) => {
    const m = find(action, objectId);
    assert.equal(m.length, 1, `one ${action} event for ${objectType} ${objectId}: ${JSON.stringify(m)}`);
    assert.equal(m[0].actor, me, `${action} actor`);
    assert.equal(m[0].object_type, objectType);
    assert.match(m[0].hash, /^[0-9a-f]{64}$/);
    return m[0];
  };
  assert.equal(find('setting.create').length, 1);
  for (const n of ['Caterpillars', 'Butterflies', 'Garden', 'Office', 'Toilets']) {
    assert.equal(expectOne('room.add', 'room', ids[n]).detail.name, n);
  }
  expectOne('room.end', 'room', ids.Toilets);
  assert.deepEqual(expectOne('room.edit', 'room', ids.Garden).detail.name, { from: 'Garden', to: 'Back Garden' });
  expectOne('adult.add', 'adult', ids.deputy);
  expectOne('adult.add', 'adult', ids.kim);
  expectOne('adult.add', 'adult', ids.sam);
  expectOne('adult.edit', 'adult', ids.office);
  expectOne('adult.end', 'adult', ids.sam);
  assert.equal(expectOne('child.add', 'child', ids.ava).detail.first_name, 'Ava');
  expectOne('child.add', 'child', ids.lola);
  assert.equal(expectOne('child.end', 'child', ids.ben).detail.leave_date.length, 10);
  expectOne('parent.add', 'parent', ids.pat);
  expectOne('parent.edit', 'parent', ids.pat);
  expectOne('parent.end', 'parent', ids.gran);
  expectOne('child.parent_link', 'child_parent', ids.patLink);
  expectOne('child.parent_unlink', 'child_parent', ids.granLink);
  // refused requests left nothing behind
  assert.equal(find('child.add').length, 3);
  assert.deepEqual(find('child.edit').map((e) => [e.object_id, e.actor]), [[ids.lola, `adult:${ids.office}`]]);
  assert.deepEqual(find('adult.password').map((e) => [e.object_id, e.actor]), [[ids.office, me]]);
  // log-ins are audited as the adult
  assert.ok(find('auth.login').some((e) => e.actor === me));
  // the token made with the CLI is the operator's
  const tok = find('token.create');
  assert.equal(tok.length, 1);
  assert.match(tok[0].actor, /^cli:/);

  // filters
  let f = await mgr.get('/api/v1/audit?action=child.&limit=500');
  assert.ok(f.json.events.length >= 5 && f.json.events.every((e) => e.action.startsWith('child.')));
  f = await mgr.get(`/api/v1/audit?actor=${encodeURIComponent(me)}&object_type=room&limit=500`);
  assert.equal(f.json.events.length, 7);
  f = await mgr.get('/api/v1/audit?limit=3');
  assert.equal(f.json.events.length, 3);
  assert.equal(f.json.next_before_seq, f.json.events[2].seq);
  const page2 = await mgr.get(`/api/v1/audit?limit=3&before_seq=${f.json.next_before_seq}`);
  assert.equal(page2.json.events[0].seq, f.json.events[2].seq - 1);

  const v = await mgr.get('/api/v1/audit/verify');
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.intact, true);
  assert.equal(v.json.events, seqs.length);
  assert.equal(v.json.first_break, undefined);
});
