// backup.test.mjs — `safeguard backup` takes a consistent copy while the
// server runs and a writer is writing (DATA-03); the README's restore
// procedure gives a data directory whose audit chain verifies and which
// holds everything written before the backup; a backup never overwrites.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  bearer, cli, cliAsync, initDir, login, rmrf, sleep, sqlRows, startServer, tempDir,
} from './lib.mjs';

let data, work;
const servers = [];

before(() => {
  data = initDir({ email: 'manager@backup.example', password: 'manager-password-1' });
  work = tempDir('sgbackup-');
});

after(async () => {
  for (const s of servers) await s.kill();
  data?.cleanup();
  rmrf(work);
});

test('DATA-03 backup while the server runs and a writer writes; the restored copy verifies and has the earlier rows', async (t) => {
  const srv = await startServer(data.dir);
  servers.push(srv);
  const mgr = await login(srv.url, data.email, data.password);
  const tok = await mgr.post('/api/v1/tokens', { name: 'backup writer' });
  assert.equal(tok.status, 201, tok.text);
  const w = bearer(srv.url, tok.json.token);

  const acked = [];
  let stop = false;
  let writerError = null;
  const writer = (async () => {
    for (let i = 0; !stop; i++) {
      const r = await w.post('/api/v1/rooms', { name: `Backup Room ${i}`, class: 'children' });
      if (r.status !== 201) {
        writerError = new Error(`write ${i}: ${r.status} ${r.text}`);
        return;
      }
      acked.push(r.json.id);
    }
  })();

  const t0 = Date.now();
  while ((Date.now() - t0 < 300 || acked.length < 10) && Date.now() - t0 < 15000 && !writerError) await sleep(20);
  const beforeBackup = [...acked];
  const file = path.join(work, 'safeguard-backup.db');
  const b = await cliAsync(['backup', '--data', data.dir, '--to', file]);
  const duringBackup = acked.length - beforeBackup.length;
  await sleep(200);
  stop = true;
  await writer;
  assert.equal(writerError, null, String(writerError));
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stdout, /backed up to /);
  assert.ok(fs.existsSync(file));
  assert.ok(!fs.existsSync(file + '.partial'), 'no partial file is left behind');
  assert.ok(beforeBackup.length >= 5, `the writer was writing before the backup (${beforeBackup.length})`);
  t.diagnostic(`${beforeBackup.length} rooms before the backup, ${duringBackup} while it ran, ${acked.length} in all`);

  // A second backup to the same file is refused and leaves the file alone.
  const size = fs.statSync(file).size;
  const again = cli(['backup', '--data', data.dir, '--to', file]);
  assert.equal(again.code, 1, again.stdout);
  assert.match(again.stderr, /^safeguard: already_exists: /);
  assert.equal(fs.statSync(file).size, size);
  await srv.stop();
  servers.pop();

  // Restore per the README: the old safeguard.ini and keys/, the backup
  // renamed safeguard.db, no -wal or -shm beside it.
  const restored = path.join(work, 'restored');
  fs.mkdirSync(restored, { mode: 0o700 });
  fs.copyFileSync(path.join(data.dir, 'safeguard.ini'), path.join(restored, 'safeguard.ini'));
  fs.cpSync(path.join(data.dir, 'keys'), path.join(restored, 'keys'), { recursive: true });
  fs.copyFileSync(file, path.join(restored, 'safeguard.db'));
  for (const x of ['-wal', '-shm']) fs.rmSync(path.join(restored, 'safeguard.db' + x), { force: true });

  const v = cli(['audit', 'verify', '--data', restored]);
  assert.equal(v.code, 0, v.stderr);
  const db = path.join(restored, 'safeguard.db');
  const ids = new Set(sqlRows(db, 'SELECT id FROM rooms').map((r) => Number(r[0])));
  for (const id of beforeBackup) assert.ok(ids.has(id), `room ${id}, written before the backup, is in it`);
  // Whatever it holds, it is one consistent moment: every room has its event.
  const [[rooms, events]] = sqlRows(db, "SELECT (SELECT count(*) FROM rooms), (SELECT count(*) FROM audit_events WHERE action = 'room.add')");
  assert.equal(rooms, events);
  assert.match(v.stdout, /audit log intact: \d+ events/);

  // The restored directory serves, and the old log-in works there.
  const srv2 = await startServer(restored);
  servers.push(srv2);
  const m2 = await login(srv2.url, data.email, data.password);
  const r = await m2.get(`/api/v1/rooms/${beforeBackup[0]}`);
  assert.equal(r.status, 200, r.text);
  const more = await m2.post('/api/v1/rooms', { name: 'After Restore', class: 'private' });
  assert.equal(more.status, 201, more.text);
  await srv2.stop();
  servers.pop();
  assert.equal(cli(['audit', 'verify', '--data', restored]).code, 0);
});

test('DATA-03 backup needs --data and --to, and refuses a file that exists', () => {
  const existing = path.join(work, 'exists.db');
  fs.writeFileSync(existing, 'precious');
  const r = cli(['backup', '--data', data.dir, '--to', existing]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^safeguard: already_exists: /);
  assert.equal(fs.readFileSync(existing, 'utf8'), 'precious');
  const u = cli(['backup', '--data', data.dir]);
  assert.equal(u.code, 2);
  assert.match(u.stderr, /^safeguard: usage: /);
  const d = cli(['backup', '--data', path.join(work, 'no-such-dir'), '--to', path.join(work, 'x.db')]);
  assert.equal(d.code, 1);
  assert.ok(!fs.existsSync(path.join(work, 'x.db')));
});
