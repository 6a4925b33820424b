// lib.mjs — helpers for the black-box API tests: data directories, the real
// server, logged-in clients, database snapshots and the CLI.
// Node built-ins only (node --test runs these files).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.resolve(REPO, process.env.SAFEGUARD_BIN || './safeguard');
export const CSRF = { 'X-Safeguard-Request': '1' };
export const USER = os.userInfo().username;

if (!fs.existsSync(BIN)) {
  throw new Error(`safeguard binary not found at ${BIN}: run 'make safeguard' or set SAFEGUARD_BIN`);
}

/* A fresh temporary directory; removed by the returned cleanup(). */
export function tempDir(prefix = 'sgapi-') {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function rmrf(p) {
  if (p) fs.rmSync(p, { recursive: true, force: true });
}

/* A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/* Run the binary synchronously. */
export function cli(args, { input, env, cwd } = {}) {
  const r = spawnSync(BIN, args, {
    input,
    encoding: 'utf8',
    env: { ...process.env, ...(env || {}) },
    cwd: cwd || REPO,
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/* Run the binary without blocking the event loop (for use beside a server
 * the same test talks to). */
export function cliAsync(args, { input, env } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, args, { env: { ...process.env, ...(env || {}) }, cwd: REPO });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
    if (input !== undefined) p.stdin.end(input);
    else p.stdin.end();
  });
}

/* `safeguard init` into a fresh temp dir. Returns {root, dir, db, email,
 * password, cleanup}. `dir` is the data directory (root/data). */
export function initDir({
  kind = 'nursery',
  setting = 'Test Nursery',
  email = 'manager@test.example',
  password = 'manager-password-1',
  managerName = 'Mary Manager',
  extra = [],
  root,
} = {}) {
  if (root) fs.mkdirSync(root, { recursive: true });
  root = root || tempDir();
  const dir = path.join(root, 'data');
  const pwf = path.join(root, 'manager.pw');
  fs.writeFileSync(pwf, password + '\n', { mode: 0o600 });
  const r = cli([
    'init', '--data', dir, '--setting', setting, '--kind', kind, '--manager', email,
    '--manager-name', managerName, '--password-file', pwf, ...extra,
  ]);
  assert.equal(r.code, 0, `safeguard init failed: ${r.stderr}`);
  return {
    root, dir, db: path.join(dir, 'safeguard.db'), email, password,
    cleanup: () => rmrf(root),
  };
}

/* Change one `key = value` line of a data directory's safeguard.ini. */
export function setIni(dir, key, value) {
  const f = path.join(dir, 'safeguard.ini');
  const text = fs.readFileSync(f, 'utf8');
  const re = new RegExp(`^${key}\\s*=.*$`, 'm');
  assert.match(text, re, `${key} not in safeguard.ini`);
  fs.writeFileSync(f, text.replace(re, `${key} = ${value}`));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export { sleep };

/* `safeguard serve` on a free port; resolves once /healthz answers.
 * stop() sends SIGTERM and asserts exit code 0; kill() sends SIGKILL. */
export async function startServer(dir, opts = {}) {
  // The free port may be taken by someone else before the server binds it:
  // try again on another port when the server could not listen.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(dir, opts);
    } catch (e) {
      if (attempt >= 3 || !/cannot listen/.test(String(e.message))) throw e;
    }
  }
}

async function startServerOnce(dir, { env } = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(BIN, ['serve', '--data', dir, '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, ...(env || {}) },
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => {
    err += d;
    if (err.length > 2_000_000) err = err.slice(-1_000_000);
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  let done = null;
  exited.then((x) => (done = x));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (done) throw new Error(`server exited early (${JSON.stringify(done)}):\n${out}\n${err}`);
    try {
      const r = await fetch(url + '/healthz');
      if (r.status === 200) {
        await r.arrayBuffer();
        break;
      }
    } catch {
      /* not yet listening */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server did not answer /healthz:\n${out}\n${err}`);
    }
    await sleep(25);
  }
  const srv = {
    url, port, proc,
    get stdout() { return out; },
    get stderr() { return err; },
    exited,
    async stop() {
      if (done) return done;
      proc.kill('SIGTERM');
      const x = await exited;
      assert.equal(x.code, 0, `server exit ${JSON.stringify(x)}; stderr tail:\n${err.slice(-2000)}`);
      return x;
    },
    async kill() {
      if (done) return done;
      proc.kill('SIGKILL');
      return exited;
    },
  };
  return srv;
}

/* One HTTP request; the answer as {status, json, text, headers}. */
export async function request(url, method, p, body, { headers = {}, contentType, raw = false } = {}) {
  const h = { ...headers };
  let payload;
  if (body !== undefined && body !== null) {
    if (raw || typeof body === 'string' || body instanceof Uint8Array) {
      payload = body;
    } else {
      payload = JSON.stringify(body);
    }
    h['Content-Type'] = contentType === undefined ? 'application/json' : contentType;
  } else if (contentType) {
    h['Content-Type'] = contentType;
  }
  if (h['Content-Type'] === null || h['Content-Type'] === undefined) delete h['Content-Type'];
  const r = await fetch(url + p, { method, headers: h, body: payload });
  const text = await r.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, json, text, headers: r.headers };
}

function makeClient(url, authHeaders, extra = {}) {
  return {
    url,
    ...extra,
    /* req(method, path, body, {headers, csrf=true, contentType, raw}) */
    req(method, p, body, { headers = {}, csrf = true, contentType, raw } = {}) {
      const h = { ...authHeaders, ...(csrf ? CSRF : {}), ...headers };
      return request(url, method, p, body, { headers: h, contentType, raw });
    },
    get(p, opts) { return this.req('GET', p, undefined, opts); },
    post(p, body, opts) { return this.req('POST', p, body, opts); },
    patch(p, body, opts) { return this.req('PATCH', p, body, opts); },
  };
}

/* Log in; a client that sends the session cookie and the CSRF header. */
export async function login(url, email, password) {
  const r = await request(url, 'POST', '/api/v1/login', { email, password }, { headers: CSRF });
  assert.equal(r.status, 200, `log-in of ${email} failed: ${r.text}`);
  const sc = r.headers.get('set-cookie') || '';
  const m = /sg_session=([^;]+)/.exec(sc);
  assert.ok(m, `no session cookie in ${sc}`);
  const cookie = `sg_session=${m[1]}`;
  return makeClient(url, { Cookie: cookie }, { cookie, setCookie: sc, me: r.json, id: r.json.adult.id });
}

/* A client using a script token (no CSRF header needed). */
export function bearer(url, token) {
  return makeClient(url, { Authorization: `Bearer ${token}` }, { token });
}

export function sql(dbPath, query) {
  const r = spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 10000', dbPath, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}\n${query}`);
  return r.stdout;
}

/* Rows of a query as arrays of strings (separator: tab). */
export function sqlRows(dbPath, query) {
  const r = spawnSync('sqlite3', ['-batch', '-separator', '\t', '-cmd', '.timeout 10000', dbPath, query],
    { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}\n${query}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/* The whole database content that matters for "nothing changed": a dump of
 * every table but `sessions` (whose last_seen may tick). */
export function snapshot(dbPath) {
  const r = spawnSync('sqlite3', ['-batch', '-cmd', '.timeout 10000', dbPath, '.dump'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`sqlite3 .dump failed: ${r.stderr}`);
  // Session rows hold no newlines, so dropping their lines drops exactly them.
  return r.stdout.split('\n').filter((l) => !/^INSERT INTO "?sessions"? /.test(l)).join('\n');
}

/* Copy a data directory (database, -wal/-shm, ini, keys). */
export function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
  return to;
}

/* Audit events of setting 1 straight from the database, oldest first. */
export function auditRows(dbPath, settingId = 1) {
  return sqlRows(dbPath, `SELECT seq, actor, action, object_type, ifnull(object_id, ''), detail FROM audit_events WHERE setting_id = ${settingId} ORDER BY seq`)
    .map(([seq, actor, action, object_type, object_id, detail]) => ({
      seq: Number(seq), actor, action, object_type, object_id: object_id === '' ? null : Number(object_id),
      detail: JSON.parse(detail),
    }));
}

/* Assert an error answer: status, code and (for invalid_field) field. */
export function assertError(r, status, code, field) {
  const where = `answer ${r.status} ${r.text}`;
  assert.equal(r.status, status, where);
  assert.ok(r.json && r.json.error, `no error object: ${where}`);
  assert.equal(r.json.error.code, code, where);
  assert.equal(typeof r.json.error.message, 'string', where);
  if (field !== undefined) assert.equal(r.json.error.field, field ?? undefined, where);
}

/* A child's date of birth exactly `years` ago (day of month clamped to 28),
 * so that age_months is years * 12. */
export function dob(years = 3) {
  const d = new Date();
  const y = d.getFullYear() - years;
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(Math.min(d.getDate(), 28)).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/* Whether a program is on PATH. */
export function have(prog) {
  return spawnSync('sh', ['-c', `command -v ${prog}`]).status === 0;
}
