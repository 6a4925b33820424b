// concurrency.test.mjs — 16 script clients write at once; every write
// succeeds, and the audit chain stays gap-free and verifiable
// (REPORTING-01: seq is gap-free under concurrent writers).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, cli, dob, initDir, login, sqlRows, startServer } from './lib.mjs';

const CLIENTS = 16;
const WRITES = 25;

let data, srv;

before(async () => {
  data = initDir({ email: 'manager@busy.example', password: 'manager-password-1' });
  srv = await startServer(data.dir);
});

after(async () => {
  try {
    if (srv) await srv.stop();
  } finally {
    data?.cleanup();
  }
});

test(`REPORTING-01 ${CLIENTS} concurrent clients × ${WRITES} writes: all succeed, seq is exactly 1..N, verify passes`, async (t) => {
  const mgr = await login(srv.url, data.email, data.password);
  const room = await mgr.post('/api/v1/rooms', { name: 'Shared Room', class: 'children' });
  assert.equal(room.status, 201, room.text);
  const clients = [];
  for (let i = 0; i < CLIENTS; i++) {
    const t = await mgr.post('/api/v1/tokens', { name: `writer ${i}` });
    assert.equal(t.status, 201, t.text);
    clients.push(bearer(srv.url, t.json.token));
  }
  const base = sqlRows(data.db, 'SELECT seq FROM audit_heads WHERE setting_id = 1')[0].map(Number)[0];
  assert.equal(base, 3 + 1 + CLIENTS, 'setting, manager, log-in, room, tokens');

  const failures = [];
  const made = { rooms: [], children: [] };
  const t0 = Date.now();
  await Promise.all(clients.map(async (c, i) => {
    for (let j = 0; j < WRITES; j++) {
      const r = j % 2 === 0
        ? await c.post('/api/v1/rooms', { name: `Room ${i}-${j}`, class: j % 4 ? 'private' : 'children' }, { csrf: false })
        : await c.post('/api/v1/children', {
          first_name: `Child${i}`, last_name: `Number${j}`, date_of_birth: dob(1 + (j % 4)), room_id: room.json.id,
        }, { csrf: false });
      if (r.status !== 201) failures.push(`${i}/${j}: ${r.status} ${r.text}`);
      else (j % 2 === 0 ? made.rooms : made.children).push(r.json.id);
    }
  }));
  const secs = (Date.now() - t0) / 1000;
  assert.deepEqual(failures, [], 'every concurrent write succeeds');
  const total = CLIENTS * WRITES;
  assert.equal(made.rooms.length + made.children.length, total);
  assert.equal(new Set(made.rooms).size, made.rooms.length, 'room ids are unique');
  assert.equal(new Set(made.children).size, made.children.length, 'child ids are unique');
  t.diagnostic(`${total} writes from ${CLIENTS} clients in ${secs.toFixed(2)} s`);

  const seqs = sqlRows(data.db, 'SELECT seq FROM audit_events WHERE setting_id = 1 ORDER BY seq').map((r) => Number(r[0]));
  const N = base + total;
  assert.equal(seqs.length, N);
  assert.deepEqual(seqs, Array.from({ length: N }, (_, k) => k + 1), 'seq is exactly 1..N');
  const head = Number(sqlRows(data.db, 'SELECT seq FROM audit_heads WHERE setting_id = 1')[0][0]);
  assert.equal(head, N);
  const [[rooms, children]] = sqlRows(data.db, 'SELECT (SELECT count(*) FROM rooms), (SELECT count(*) FROM children)');
  assert.equal(Number(rooms), 1 + made.rooms.length);
  assert.equal(Number(children), made.children.length);
  const byAction = sqlRows(data.db, "SELECT action, count(*) FROM audit_events WHERE setting_id = 1 AND seq > " + base + ' GROUP BY action ORDER BY action');
  assert.deepEqual(byAction, [['child.add', String(made.children.length)], ['room.add', String(made.rooms.length)]]);

  const api = await mgr.get('/api/v1/audit/verify');
  assert.equal(api.json.intact, true, api.text);
  assert.equal(api.json.events, N);
  const r = cli(['audit', 'verify', '--data', data.dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`intact: ${N} events`));
  const room1 = await mgr.get(`/api/v1/rooms/${room.json.id}`);
  assert.equal(room1.json.children, made.children.length);
});
