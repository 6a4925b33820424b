// crash.test.mjs — a server killed with SIGKILL in the middle of a stream of
// writes loses nothing it acknowledged, and its audit chain still verifies
// (every commit is durable; the record and its audit event commit together).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { bearer, cli, dob, initDir, login, sleep, sqlRows, startServer } from './lib.mjs';

const WRITERS = 6;

let data;
const servers = [];

before(() => {
  data = initDir({ email: 'manager@crash.example', password: 'manager-password-1' });
});

after(async () => {
  for (const s of servers) await s.kill();
  data?.cleanup();
});

test('REPORTING-01 SIGKILL during writes: every acknowledged write survives a restart and the chain verifies', async (t) => {
  let srv = await startServer(data.dir);
  servers.push(srv);
  const mgr = await login(srv.url, data.email, data.password);
  const tokens = [];
  for (let i = 0; i < WRITERS; i++) {
    const r = await mgr.post('/api/v1/tokens', { name: `crash writer ${i}` });
    assert.equal(r.status, 201, r.text);
    tokens.push(r.json.token);
  }

  const acked = [];   // [path, id, name]
  let failed = 0;
  let stop = false;
  let writerError = null;
  const writers = tokens.map(async (tok, i) => {
    const c = bearer(srv.url, tok);
    for (let j = 0; !stop; j++) {
      const kind = j % 3;
      const [p, body] = kind === 0
        ? ['/api/v1/rooms', { name: `Crash ${i}-${j}`, class: 'children' }]
        : kind === 1
          ? ['/api/v1/children', { first_name: `C${i}`, last_name: `Crash${j}`, date_of_birth: dob(2) }]
          : ['/api/v1/parents', { first_name: `P${i}`, last_name: `Crash${j}` }];
      try {
        const r = await c.post(p, body);
        if (r.status >= 200 && r.status < 300) acked.push([p, r.json.id, body.name || body.last_name]);
        else if (!srv.proc.killed) throw new Error(`write refused before the crash: ${r.status} ${r.text}`);
      } catch (e) {
        if (!srv.proc.killed) throw e; // nothing may fail before the crash
        failed++;
        return;
      }
    }
  }).map((p) => p.catch((e) => { writerError ??= e; }));

  // About a second of writing (longer on a loaded machine, until 30 are in).
  const t0 = Date.now();
  while ((Date.now() - t0 < 1000 || acked.length < 30) && Date.now() - t0 < 15000 && !writerError) await sleep(20);
  const beforeKill = acked.length;
  const killed = srv.kill(); // the signal goes now, with writes in flight
  stop = true;
  const x = await killed;
  assert.equal(x.signal, 'SIGKILL');
  await Promise.all(writers);
  servers.pop();
  assert.equal(writerError, null, `a write failed before the crash: ${writerError}`);
  t.diagnostic(`${acked.length} writes acknowledged (${beforeKill} before the kill signal), ${failed} cut off`);
  assert.ok(acked.length >= 20, `enough writes were acknowledged to mean something (${acked.length})`);

  // Restart on the same directory; the script tokens are still valid.
  srv = await startServer(data.dir);
  servers.push(srv);
  const c = bearer(srv.url, tokens[0]);
  for (const [p, id, name] of acked) {
    const r = await c.get(`${p}/${id}`);
    assert.equal(r.status, 200, `${p}/${id} was acknowledged but is gone: ${r.text}`);
    assert.equal(r.json.name ?? r.json.last_name, name);
  }

  // Every row has its audit event and every event its row; seq has no gaps.
  const seqs = sqlRows(data.db, 'SELECT seq FROM audit_events WHERE setting_id = 1 ORDER BY seq').map((r) => Number(r[0]));
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, k) => k + 1));
  const [[rooms, children, parents, ra, ca, pa]] = sqlRows(data.db, `SELECT
    (SELECT count(*) FROM rooms), (SELECT count(*) FROM children), (SELECT count(*) FROM parents),
    (SELECT count(*) FROM audit_events WHERE action = 'room.add'),
    (SELECT count(*) FROM audit_events WHERE action = 'child.add'),
    (SELECT count(*) FROM audit_events WHERE action = 'parent.add')`);
  assert.equal(rooms, ra);
  assert.equal(children, ca);
  assert.equal(parents, pa);
  assert.ok(Number(rooms) + Number(children) + Number(parents) >= acked.length);

  const v = await c.get('/api/v1/audit/verify');
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.intact, true, v.text);
  // the server still takes writes after the crash
  const w = await c.post('/api/v1/rooms', { name: 'After The Crash', class: 'children' });
  assert.equal(w.status, 201, w.text);
  await srv.stop();
  servers.pop();
  const r = cli(['audit', 'verify', '--data', data.dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`intact: ${seqs.length + 1} events`));
});
