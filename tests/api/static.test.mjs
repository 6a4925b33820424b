// The compiled-in browser UI: content types, ETags, gzip, and the shell for
// every page path — while the API keeps its JSON 404s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { initDir, startServer } from './lib.mjs';

let data, srv;
before(async () => {
  data = initDir();
  srv = await startServer(data.dir);
});
after(async () => {
  await srv.stop();
  data.cleanup();
});

/* Raw GET (fetch would decompress and hide Content-Encoding). */
function get(path, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(srv.url + path, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('UI files are served with their type, an ETag, and gzip when accepted', async () => {
  const plain = await get('/static/app.css');
  assert.equal(plain.status, 200);
  assert.match(plain.headers['content-type'], /^text\/css/);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers['cache-control'], 'no-cache');
  assert.match(plain.headers['content-security-policy'], /frame-ancestors 'none'/);
  const gz = await get('/static/app.css', { 'Accept-Encoding': 'gzip, deflate' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(gz.body.length < plain.body.length / 3, `gzip ${gz.body.length} vs ${plain.body.length}`);
  assert.deepEqual(zlib.gunzipSync(gz.body), plain.body);
  assert.notEqual(gz.headers.etag, plain.headers.etag);
  const again = await get('/static/app.css', { 'Accept-Encoding': 'gzip', 'If-None-Match': gz.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  const js = await get('/static/app.js');
  assert.match(js.headers['content-type'], /^text\/javascript/);
});

test('every page path gets the UI shell; unknown assets and API paths get 404', async () => {
  for (const p of ['/', '/children/3', '/login', '/no/such/page']) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.match(r.headers['content-type'], /^text\/html/);
    assert.match(r.body.toString(), /<script type="module" src="\/static\/app.js">/);
  }
  assert.equal((await get('/static/nope.js')).status, 404);
  const api = await get('/api/v1/nope');
  assert.equal(api.status, 404);
  assert.equal(JSON.parse(api.body.toString()).error.code, 'not_found');
});
