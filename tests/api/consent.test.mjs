// consent.test.mjs — consent to images: the versioned form (CONSENT-22, -18),
// scanned paper forms checked by content and encrypted, paper consent and
// its rules (CONSENT-04, -05, -07, PEOPLE-11), withdrawal (CONSENT-11),
// restrictions whose reason staff never see (PEOPLE-09, CONSENT-21), the
// overview (CONSENT-09), adults' own consent (CONSENT-08), press visits
// (CONSENT-13), the parent portal (S-01), and renewal and expiry under
// faketime (CONSENT-03, -12).
//
// Every rule runs on SQLite and, when SG_TEST_PG is set (scripts/with-pg.sh),
// on PostgreSQL. Every refusal asserts the status, the code and that the
// database — audit log included — is unchanged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  assertError, cli, initDir, login, request, setIni, snapshot, sqlRows, startServer, CSRF,
} from './lib.mjs';

const LIB = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', '/usr/lib/faketime/libfaketimeMT.so.1']
  .find((p) => fs.existsSync(p));
assert.ok(LIB, 'libfaketime is needed (Debian package faketime)');
const at = (when) => ({
  LD_PRELOAD: LIB, FAKETIME: `@${when}:00`, TZ: 'UTC', FAKETIME_DONT_FAKE_MONOTONIC: '1',
});

const PG = process.env.SG_TEST_PG;

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
  const name = `sgcon_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
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
      return psql(url, `SELECT x FROM (${tables.map((t) => `SELECT '${t}:' || r::text AS x FROM ${t} r`).join(' UNION ALL ')}) s ORDER BY x`);
    },
    done() {
      data?.cleanup();
      psql(PG, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

const PDF = Buffer.from('%PDF-1.4\n% signed consent form, Amira\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.from('0000000d4944415478da63f8ffff3f0005fe02fea7d6a4bf', 'hex'),
  Buffer.from('0000000049454e44ae426082', 'hex'),
]);
const PURPOSES = ['journal', 'other_journals', 'display', 'public_display', 'website', 'brochure', 'press', 'video',
  'events', 'event_publicity'];
const FORM = {
  title: 'Photographs, video and your child',
  intro: 'We take photographs only on our own devices.',
  purposes: PURPOSES.map((p) => ({ purpose: p, text: `What ${p} means here.` })),
};

const kinds = ['sqlite'];
if (PG) kinds.push('pg');

for (const kind of kinds) {
  describe(`consent on ${kind}`, () => {
    const db = backend(kind);
    let data, srv, mgr, office, chloe, eleanor, chair, other;
    const ids = {};
    const PASSWORD = 'a-long-password-1';
    const unchanged = async (fn) => {
      const before = db.snap();
      const out = await fn();
      assert.equal(db.snap(), before, 'the database (audit log included) changed');
      return out;
    };
    const audit = () => db.rows('SELECT seq, actor, action, object_type, object_id, detail FROM audit_events'
      + ' WHERE setting_id = 1 ORDER BY seq')
      .map(([seq, actor, action, objectType, objectId, detail]) => ({
        seq: Number(seq), actor, action, object_type: objectType, object_id: objectId === '' ? null : Number(objectId),
        detail: JSON.parse(detail),
      }));
    const states = async (who, child) => {
      const r = await who.get(`/api/v1/children/${child}/consent`);
      assert.equal(r.status, 200, r.text);
      return Object.fromEntries(r.json.purposes.map((p) => [p.purpose, p.state]));
    };
    const paper = (signer, decisions, extra = {}) => ({
      signer_id: signer, form_id: ids.form1, decisions, signed_name: 'Signed Name', scan_id: ids.scan, ...extra,
    });

    before(async () => {
      data = db.init({ email: 'manager@consent.example', password: 'manager-password-1', managerName: 'Sarah Manager' });
      setIni(data.dir, 'every_seconds', '0');
      // Another setting with a child and a parent of its own.
      db.rows(`INSERT INTO organisations (name, kind, created_at) VALUES ('Other Trust', 'single', 0)`);
      db.rows(`INSERT INTO settings (organisation_id, name, kind, created_at)
               VALUES ((SELECT max(id) FROM organisations), 'Other Nursery', 'nursery', 0)`);
      db.rows(`INSERT INTO children (setting_id, first_name, last_name, date_of_birth, start_date, created_at)
               VALUES ((SELECT max(id) FROM settings), 'Otto', 'Other', '2023-01-01', '2025-01-01', 0)`);
      db.rows(`INSERT INTO parents (setting_id, first_name, last_name, created_at)
               VALUES ((SELECT max(id) FROM settings), 'Olga', 'Other', 0)`);
      const [[oc, op]] = db.rows('SELECT (SELECT max(id) FROM children), (SELECT max(id) FROM parents)');
      other = { child: Number(oc), parent: Number(op) };
      // Monday 2 March 2026, 09:00.
      srv = await startServer(data.dir, { env: at('2026-03-02 09:00') });
      mgr = await login(srv.url, data.email, data.password);
      for (const [key, first, roles] of [
        ['office', 'Sunita', ['office']], ['chloe', 'Chloe', ['key-person', 'staff']],
        ['eleanor', 'Eleanor', ['dsl']], ['chair', 'Graham', ['chair']],
      ]) {
        const r = await mgr.post('/api/v1/adults', {
          first_name: first, last_name: 'Tester', email: `${key}@consent.example`, roles, password: PASSWORD,
        });
        assert.equal(r.status, 201, r.text);
        ids[key] = r.json.id;
      }
      [office, chloe, eleanor, chair] = await Promise.all(['office', 'chloe', 'eleanor', 'chair']
        .map((k) => login(srv.url, `${k}@consent.example`, PASSWORD)));
      const child = async (first, extra = {}) => {
        const r = await mgr.post('/api/v1/children', { first_name: first, last_name: 'Test', date_of_birth: '2023-01-10', ...extra });
        assert.equal(r.status, 201, r.text);
        return r.json.id;
      };
      const contact = async (first, email) => {
        const r = await mgr.post('/api/v1/parents', { first_name: first, last_name: 'Test', ...(email ? { email } : {}) });
        assert.equal(r.status, 201, r.text);
        return r.json.id;
      };
      ids.amira = await child('Amira');
      ids.ben = await child('Ben');
      ids.ella = await child('Ella');
      ids.dylan = await child('Dylan', { looked_after: true, social_worker: 'Sam Worker', local_authority: 'Testshire' });
      ids.mum = await contact('Mum', 'mum@family.example');
      ids.stepdad = await contact('Stepdad');
      ids.benmum = await contact('BenMum');
      ids.birth = await contact('Birth');
      ids.carer = await contact('Carer');
      ids.sw = await contact('Social');
      ids.la = await contact('Authority');
      for (const [c, p, rel, extra] of [
        [ids.amira, ids.mum, 'mother', {}],
        [ids.amira, ids.stepdad, 'step-father', { parental_responsibility: false }],
        [ids.ben, ids.benmum, 'mother', {}],
        [ids.ella, ids.benmum, 'aunt', {}],
        [ids.dylan, ids.birth, 'mother', {}],
        [ids.dylan, ids.carer, 'foster carer', { kind: 'carer', parental_responsibility: false }],
        [ids.dylan, ids.sw, 'social worker', { kind: 'social_worker', parental_responsibility: false }],
        [ids.dylan, ids.la, 'local authority', { kind: 'local_authority' }],
      ]) {
        const r = await mgr.post(`/api/v1/children/${c}/parents`, { parent_id: p, relationship: rel, ...extra });
        assert.equal(r.status, 201, r.text);
      }
    });

    after(async () => {
      try {
        if (srv) await srv.stop();
      } finally {
        db.done();
      }
    });

    test('PEOPLE-11 a link says what the contact is for consent (kind), and a bad kind is refused', async () => {
      const r = await mgr.get(`/api/v1/children/${ids.dylan}`);
      assert.deepEqual(r.json.parents.map((p) => p.kind), ['parent', 'carer', 'social_worker', 'local_authority']);
      const p = await mgr.get(`/api/v1/parents/${ids.sw}`);
      assert.equal(p.json.children[0].kind, 'social_worker');
      assertError(await unchanged(() => mgr.post(`/api/v1/children/${ids.ben}/parents`,
        { parent_id: ids.carer, relationship: 'x', kind: 'uncle' })), 400, 'invalid_field', 'kind');
    });

    test('CONSENT-22/-18 the manager publishes the form as numbered versions; public uses say what publication implies', async () => {
      await unchanged(async () => {
        assertError(await office.post('/api/v1/consent/forms', FORM), 403, 'forbidden');
        const bad = await mgr.post('/api/v1/consent/forms', { ...FORM, purposes: [{ purpose: 'injury record', text: 't' }] });
        assertError(bad, 422, 'unknown_purpose');
        assert.match(bad.json.error.message, /unknown purpose/);
        assertError(await mgr.post('/api/v1/consent/forms', { ...FORM, purposes: [] }), 400, 'invalid_field', 'purposes');
        assertError(await mgr.post('/api/v1/consent/forms', { ...FORM, purposes: [FORM.purposes[0], FORM.purposes[0]] }), 400, 'invalid_field', 'purposes');
        assertError(await mgr.post('/api/v1/consent/forms', { ...FORM, title: '' }), 400, 'invalid_field', 'title');
        assertError(await mgr.post('/api/v1/consent/forms', { ...FORM, colour: 'red' }), 400, 'invalid_field', 'colour');
      });
      const r = await mgr.post('/api/v1/consent/forms', FORM);
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.version, 1);
      ids.form1 = r.json.id;
      const web = r.json.purposes.find((p) => p.purpose === 'website');
      assert.equal(web.public, true);
      assert.match(web.implies, /copied.*screenshotted.*search engines.*later in life/s);
      assert.equal(r.json.purposes.find((p) => p.purpose === 'journal').implies, null);
      const r2 = await mgr.post('/api/v1/consent/forms', { ...FORM, title: 'Version two', purposes: FORM.purposes.slice(0, 2) });
      assert.equal(r2.json.version, 2);
      ids.form2 = r2.json.id;
      const list = await chloe.get('/api/v1/consent/forms');
      assert.deepEqual(list.json.forms.map((f) => f.version), [2, 1]);
      assert.equal((await chloe.get(`/api/v1/consent/forms/${ids.form1}`)).json.purposes.length, 10);
      const ev = audit().filter((e) => e.action === 'consent.form_publish');
      assert.deepEqual(ev.map((e) => [e.object_id, e.detail.version]), [[ids.form1, 1], [ids.form2, 2]]);
      const purposes = await chloe.get('/api/v1/consent/purposes');
      assert.deepEqual(purposes.json.purposes.map((p) => p.id), PURPOSES);
    });

    test('scanned forms: checked by content, encrypted at rest, content-addressed, read back by the office only', async () => {
      await unchanged(async () => {
        for (const body of [Buffer.from('Just some text pretending to be a PDF'), Buffer.from('PK\x03\x04 a word document .docx'),
          Buffer.from('%PDF-1.4 but cut off before its trailer ........')]) {
          assertError(await office.post('/api/v1/consent/scans', body, { contentType: 'application/pdf' }), 415, 'not_a_document');
        }
        assertError(await office.post('/api/v1/consent/scans', Buffer.alloc(0), { contentType: 'application/pdf' }), 415, 'not_a_document');
        assertError(await chloe.post('/api/v1/consent/scans', PDF, { contentType: 'application/pdf' }), 403, 'forbidden');
        const big = Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]);
        assertError(await office.post('/api/v1/consent/scans', big, { contentType: 'application/pdf' }), 413, 'too_large');
      });
      const r = await office.post('/api/v1/consent/scans', PDF, { contentType: 'application/octet-stream' });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.content_type, 'application/pdf');
      ids.scan = r.json.id;
      const again = await office.post('/api/v1/consent/scans', PDF, { contentType: 'application/pdf' });
      assert.equal(again.json.id, ids.scan, 'the same scan is one record');
      const png = await office.post('/api/v1/consent/scans', PNG, { contentType: 'image/png' });
      assert.equal(png.status, 201, png.text);
      assert.equal(png.json.content_type, 'image/png');
      // No plaintext at rest.
      const dir = path.join(data.dir, 'scans');
      const files = fs.readdirSync(dir, { recursive: true }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
      assert.equal(files.length, 2);
      for (const f of files) assert.ok(!fs.readFileSync(f).includes('%PDF'), `${f} holds plaintext`);
      const back = await fetch(`${srv.url}/api/v1/consent/scans/${ids.scan}`, { headers: { Cookie: office.cookie } });
      assert.equal(back.status, 200);
      assert.equal(back.headers.get('content-type'), 'application/pdf');
      assert.ok(Buffer.from(await back.arrayBuffer()).equals(PDF));
      assertError(await chloe.get(`/api/v1/consent/scans/${ids.scan}`), 403, 'forbidden');
      assertError(await office.get('/api/v1/consent/scans/999'), 404, 'not_found');
      assert.equal(audit().filter((e) => e.action === 'consent.scan_store').length, 2);
    });

    test('CONSENT-04/-09 the office enters paper consent with its scan; the record proves who, how related, when, which version, until when', async () => {
      const r = await office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum,
        { journal: 'given', other_journals: 'given', display: 'given', website: 'given', press: 'refused' },
        { signed_name: 'Mum Test', signed_on: '2026-02-27' }));
      assert.equal(r.status, 201, r.text);
      const web = r.json.purposes.find((p) => p.purpose === 'website');
      assert.equal(web.state, 'allowed');
      const rec = web.records[0];
      assert.deepEqual([rec.signer_name, rec.relationship, rec.parental_responsibility, rec.form_version, rec.channel,
        rec.scan_id, rec.signed_on, rec.expires_on, rec.signed_name],
      ['Mum Test', 'mother', true, 1, 'paper', ids.scan, '2026-02-27', '2027-02-27', 'Mum Test']);
      ids.amiraWebsite = rec.id;
      const s = await states(chloe, ids.amira);
      assert.equal(s.press, 'refused');
      assert.equal(s.brochure, 'missing');
      // The chair reads no children's records at all.
      assertError(await chair.get(`/api/v1/children/${ids.amira}/consent`), 403, 'forbidden');
      const [ev] = audit().filter((e) => e.action === 'consent.give');
      assert.equal(ev.object_type, 'child');
      assert.equal(ev.object_id, ids.amira);
      assert.equal(ev.actor, `adult:${ids.office}`);
      assert.deepEqual([ev.detail.signer_id, ev.detail.relationship, ev.detail.form_version, ev.detail.scan_id, ev.detail.channel],
        [ids.mum, 'mother', 1, ids.scan, 'paper']);
    });

    test('every bad input the issue lists gets a clear 4xx with its code, and nothing changes', async () => {
      const ok = { journal: 'given' };
      await unchanged(async () => {
        const cases = [
          // a consent for a child not linked to the signer
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.benmum, ok)), 404, 'not_found'],
          // a signer without parental responsibility
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.stepdad, ok)), 422, 'no_parental_responsibility'],
          // a looked-after child's consent from a parent alone
          [office.post(`/api/v1/children/${ids.dylan}/consents`, paper(ids.birth, ok)), 422, 'looked_after'],
          // a form version that does not exist
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, ok, { form_id: 999 })), 422, 'unknown_form'],
          // a purpose that is not on the form signed, or none at all
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, { website: 'given' }, { form_id: ids.form2 })), 422, 'unknown_purpose'],
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, { 'injury record': 'given' })), 422, 'unknown_purpose'],
          // an expiry in the past
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, ok, { expires_on: '2026-01-31' })), 422, 'expiry_in_past'],
          // another setting's child
          [office.post(`/api/v1/children/${other.child}/consents`, paper(ids.mum, ok)), 404, 'not_found'],
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(other.parent, ok)), 404, 'not_found'],
          // paper needs its scan; the typed name is the signature
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, ok, { scan_id: undefined })), 400, 'invalid_field', 'scan_id'],
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, ok, { scan_id: 999 })), 400, 'invalid_field', 'scan_id'],
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, ok, { signed_name: ' ' })), 400, 'invalid_field', 'signed_name'],
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, { journal: 'yes' })), 400, 'invalid_field', 'decisions'],
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, {})), 400, 'invalid_field', 'decisions'],
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, ok, { signed_on: '2099-01-01' })), 400, 'invalid_field', 'signed_on'],
          [office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, ok, { signer_kind: 'social_worker' })), 400, 'invalid_field', 'signer_kind'],
          // a young person's own consent before the DSL's check
          [office.post(`/api/v1/children/${ids.amira}/consents`, { ...paper(undefined, ok), signer_kind: 'young_person' }), 409, 'young_person_check_missing'],
          // a key person may not enter consent
          [chloe.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, ok)), 403, 'forbidden'],
          [office.post(`/api/v1/children/${ids.amira}/consents`, 'not json', { contentType: 'application/json' }), 400, 'invalid_json'],
          [office.get(`/api/v1/children/${other.child}/consent`), 404, 'not_found'],
        ];
        for (const [p, status, code, field] of cases) assertError(await p, status, code, field);
      });
    });

    test('CONSENT-05/S-07 a looked-after child: a carer does not suffice; the social worker and then the local authority', async () => {
      const all = Object.fromEntries(PURPOSES.map((p) => [p, 'given']));
      let r = await office.post(`/api/v1/children/${ids.dylan}/consents`, paper(ids.carer, all));
      assert.equal(r.status, 201, r.text);
      assert.equal((await states(chloe, ids.dylan)).journal, 'needs_social_worker');
      r = await office.post(`/api/v1/children/${ids.dylan}/consents`, paper(ids.sw, { journal: 'given', website: 'refused' }));
      assert.equal(r.status, 201, r.text);
      const page = await chloe.get(`/api/v1/children/${ids.dylan}/consent`);
      const journal = page.json.purposes.find((p) => p.purpose === 'journal');
      assert.equal(journal.state, 'needs_local_authority');
      assert.match(journal.reason, /local authority/);
      r = await office.post(`/api/v1/children/${ids.dylan}/consents`, paper(ids.la, { journal: 'given', website: 'given' }));
      assert.equal(r.status, 201, r.text);
      const s = await states(chloe, ids.dylan);
      assert.equal(s.journal, 'allowed');
      assert.equal(s.website, 'refused');
      assert.equal(s.press, 'needs_social_worker');
    });

    test('CONSENT-11 withdrawal takes effect at once; its event says which child, purpose and when; twice is refused', async () => {
      await unchanged(async () => {
        assertError(await office.post(`/api/v1/consents/${ids.amiraWebsite}/withdraw`, {}), 400, 'invalid_field', 'reason');
        assertError(await chloe.post(`/api/v1/consents/${ids.amiraWebsite}/withdraw`, { reason: 'x' }), 403, 'forbidden');
        assertError(await office.post('/api/v1/consents/99999/withdraw', { reason: 'x' }), 404, 'not_found');
      });
      const r = await office.post(`/api/v1/consents/${ids.amiraWebsite}/withdraw`, { reason: 'Letter from Mum, 2 March' });
      assert.equal(r.status, 200, r.text);
      assert.equal((await states(chloe, ids.amira)).website, 'withdrawn');
      assert.equal((await states(chloe, ids.amira)).journal, 'allowed');
      const [ev] = audit().filter((e) => e.action === 'consent.withdraw');
      assert.equal(ev.object_id, ids.amiraWebsite);
      assert.equal(ev.detail.child_id, ids.amira);
      assert.equal(ev.detail.purpose, 'website');
      assert.match(ev.detail.withdrawn_at, /^2026-03-02T09:\d\d:\d\dZ$/);
      assertError(await unchanged(() => office.post(`/api/v1/consents/${ids.amiraWebsite}/withdraw`, { reason: 'again' })),
        409, 'already_withdrawn');
    });

    test('PEOPLE-09/CONSENT-21 a restriction overrides every consent; staff see "do not photograph", never the reason', async () => {
      const REASON = 'Mother fled domestic abuse; father must not find them';
      const r0 = await office.post(`/api/v1/children/${ids.ella}/consents`, paper(ids.benmum, Object.fromEntries(PURPOSES.map((p) => [p, 'given']))));
      assert.equal(r0.status, 201, r0.text);
      await unchanged(async () => {
        const body = { subject_type: 'child', subject_id: ids.ella, reason: REASON };
        assertError(await chloe.post('/api/v1/restrictions', body), 403, 'forbidden');
        assertError(await office.post('/api/v1/restrictions', body), 403, 'forbidden');
        assertError(await eleanor.post('/api/v1/restrictions', { ...body, reason: '' }), 400, 'invalid_field', 'reason');
        assertError(await eleanor.post('/api/v1/restrictions', { ...body, subject_id: other.child }), 400, 'invalid_field', 'subject_id');
        assertError(await eleanor.post('/api/v1/restrictions', { ...body, subject_type: 'dog' }), 400, 'invalid_field', 'subject_type');
      });
      const r = await eleanor.post('/api/v1/restrictions', { subject_type: 'child', subject_id: ids.ella, reason: REASON });
      assert.equal(r.status, 201, r.text);
      ids.restriction = r.json.id;
      assertError(await unchanged(() => eleanor.post('/api/v1/restrictions', { subject_type: 'child', subject_id: ids.ella, reason: 'again' })),
        409, 'conflict');
      const kp = await chloe.get(`/api/v1/children/${ids.ella}/consent`);
      assert.equal(kp.json.restricted, true);
      assert.ok(kp.json.purposes.every((p) => p.state === 'restricted' && /do not photograph/.test(p.reason)));
      assert.ok(!kp.text.includes('fled'), 'the key person must not see the reason');
      assert.ok(!('restriction' in kp.json));
      const ov = await chloe.get('/api/v1/consent/overview');
      assert.ok(!ov.text.includes('fled'));
      assertError(await chloe.get('/api/v1/restrictions'), 403, 'forbidden');
      const m = await mgr.get(`/api/v1/children/${ids.ella}/consent`);
      assert.equal(m.json.restriction.reason, REASON);
      assert.equal((await eleanor.get('/api/v1/restrictions')).json.restrictions[0].reason, REASON);
      // The audit log — which the chair reads — holds only a hash of the reason.
      assert.ok(!JSON.stringify(audit()).includes('fled'));
      const ch = await chair.get('/api/v1/audit?limit=500');
      assert.equal(ch.status, 200, ch.text);
      assert.ok(!ch.text.includes('fled'));
      assert.match(audit().find((e) => e.action === 'restriction.set').detail.reason_sha256, /^[0-9a-f]{64}$/);
      await unchanged(async () => assertError(await eleanor.post(`/api/v1/restrictions/${ids.restriction}/lift`, {}), 400, 'invalid_field', 'reason'));
      const lift = await eleanor.post(`/api/v1/restrictions/${ids.restriction}/lift`, { reason: 'safe now' });
      assert.equal(lift.status, 200, lift.text);
      assert.equal((await states(chloe, ids.ella)).website, 'allowed');
      assertError(await unchanged(() => eleanor.post(`/api/v1/restrictions/${ids.restriction}/lift`, { reason: 'x' })), 409, 'conflict');
    });

    test('CONSENT-09 the overview: every current child against every purpose', async () => {
      const r = await chloe.get('/api/v1/consent/overview');
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.purposes.map((p) => p.id), PURPOSES);
      const byName = Object.fromEntries(r.json.children.map((c) => [c.name, c.states]));
      assert.equal(byName['Amira Test'].website, 'withdrawn');
      assert.equal(byName['Amira Test'].press, 'refused');
      assert.equal(byName['Ben Test'].journal, 'missing');
      assert.equal(byName['Dylan Test'].journal, 'allowed');
      assert.ok(!('Otto Other' in byName));
    });

    test('CONSENT-07 a young person\'s own consent only after the DSL records the check', async () => {
      await unchanged(async () => {
        assertError(await office.post(`/api/v1/children/${ids.ben}/young-person-check`, { no_issues: true }), 403, 'forbidden');
        assertError(await eleanor.post(`/api/v1/children/${ids.ben}/young-person-check`, {}), 400, 'invalid_field', 'no_issues');
        assertError(await eleanor.post(`/api/v1/children/${other.child}/young-person-check`, { no_issues: true }), 404, 'not_found');
      });
      const c = await eleanor.post(`/api/v1/children/${ids.ben}/young-person-check`, { no_issues: true });
      assert.equal(c.status, 201, c.text);
      const r = await office.post(`/api/v1/children/${ids.ben}/consents`, {
        signer_kind: 'young_person', form_id: ids.form1, decisions: { journal: 'given' }, signed_name: 'Ben', scan_id: ids.scan,
      });
      assert.equal(r.status, 201, r.text);
      assert.equal((await states(chloe, ids.ben)).journal, 'allowed');
      assert.equal(audit().filter((e) => e.action === 'consent.young_person_check').length, 1);
    });

    test('CONSENT-08 adults record their own image consent, and may refuse', async () => {
      await unchanged(async () => {
        assertError(await chloe.post('/api/v1/me/image-consent', { form_id: ids.form1, decisions: { press: 'given' } }), 400, 'invalid_field', 'signed_name');
        // The current form (version 2) does not ask about the press.
        assertError(await chloe.post('/api/v1/me/image-consent', { decisions: { press: 'given' }, signed_name: 'Chloe' }), 422, 'unknown_purpose');
        assertError(await chloe.post('/api/v1/me/image-consent', { decisions: { selfies: 'given' }, signed_name: 'Chloe' }), 422, 'unknown_purpose');
      });
      const r = await chloe.post('/api/v1/me/image-consent', { form_id: ids.form1, decisions: { press: 'given', website: 'refused' }, signed_name: 'Chloe Tester' });
      assert.equal(r.status, 201, r.text);
      const s = Object.fromEntries(r.json.purposes.map((p) => [p.purpose, p.state]));
      assert.deepEqual([s.press, s.website, s.journal], ['allowed', 'refused', 'missing']);
      assert.equal((await chloe.get('/api/v1/me/image-consent')).json.purposes[6].records[0].signed_name, 'Chloe Tester');
    });

    test('CONSENT-13/VISITORS-08 a press visit is approved only when everyone on it has press consent', async () => {
      await unchanged(async () => {
        assertError(await chloe.post('/api/v1/press-visits', { visit_on: '2026-03-10', organisation: 'Gazette', child_ids: [ids.amira] }), 403, 'forbidden');
        assertError(await office.post('/api/v1/press-visits', { visit_on: 'soon', organisation: 'Gazette', child_ids: [ids.amira] }), 400, 'invalid_field', 'visit_on');
        assertError(await office.post('/api/v1/press-visits', { visit_on: '2026-03-10', organisation: 'Gazette', child_ids: [other.child] }), 400, 'invalid_field', 'child_ids');
        assertError(await office.post('/api/v1/press-visits', { visit_on: '2026-03-10', organisation: 'Gazette' }), 400, 'invalid_field', 'child_ids');
      });
      const v = await office.post('/api/v1/press-visits', {
        visit_on: '2026-03-10', organisation: 'Hollybrook Gazette', child_ids: [ids.amira, ids.dylan], adult_ids: [ids.chloe, ids.office],
      });
      assert.equal(v.status, 201, v.text);
      ids.visit = v.json.id;
      const refused = await unchanged(() => mgr.post(`/api/v1/press-visits/${ids.visit}/approve`, {}));
      assertError(refused, 409, 'consent_missing');
      assert.deepEqual(refused.json.error.details.children.map((c) => [c.id, c.state]),
        [[ids.amira, 'refused'], [ids.dylan, 'needs_social_worker']]);
      assert.deepEqual(refused.json.error.details.adults.map((a) => [a.id, a.state]), [[ids.office, 'missing']]);
      assertError(await unchanged(() => office.post(`/api/v1/press-visits/${ids.visit}/approve`, {})), 403, 'forbidden');
      // Everyone's press consent is recorded.
      assert.equal((await office.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum, { press: 'given' }))).status, 201);
      for (const s of [ids.sw, ids.la]) assert.equal((await office.post(`/api/v1/children/${ids.dylan}/consents`, paper(s, { press: 'given' }))).status, 201);
      assert.equal((await office.post('/api/v1/me/image-consent', { form_id: ids.form1, decisions: { press: 'given' }, signed_name: 'Sunita Tester' })).status, 201);
      const ok = await mgr.post(`/api/v1/press-visits/${ids.visit}/approve`, {});
      assert.equal(ok.status, 200, ok.text);
      assert.ok(ok.json.approved_at);
      assert.equal(audit().filter((e) => e.action === 'press_visit.approve').length, 1);
      assertError(await unchanged(() => mgr.post(`/api/v1/press-visits/${ids.visit}/approve`, {})), 409, 'conflict');
    });

    test('S-01 the parent portal: a mother sees her child, gives and withdraws website consent; another child is "not found"', async () => {
      const inv = await office.post(`/api/v1/parents/${ids.mum}/invite`, {});
      assert.equal(inv.status, 201, inv.text);
      const acc = await request(srv.url, 'POST', '/api/v1/accept-invite', { token: inv.json.token, password: PASSWORD }, { headers: CSRF });
      assert.equal(acc.status, 200, acc.text);
      const cookie = /sg_session=([^;]+)/.exec(acc.headers.get('set-cookie'))[0];
      const mum = {
        req: (m, p, body) => request(srv.url, m, p, body, { headers: { Cookie: cookie, ...CSRF } }),
        get(p) { return this.req('GET', p); },
        post(p, body) { return this.req('POST', p, body); },
      };
      const home = await mum.get('/api/v1/portal/children');
      assert.equal(home.status, 200, home.text);
      assert.deepEqual(home.json.children.map((c) => c.child.id), [ids.amira]);
      assert.equal(home.json.form.version, 2);
      const mine = home.json.children[0].purposes.find((p) => p.purpose === 'website');
      assert.equal(mine.state, 'withdrawn');
      await unchanged(async () => {
        assertError(await mum.post(`/api/v1/portal/children/${ids.ben}/consents`, { form_id: ids.form1, decisions: { website: 'given' }, signed_name: 'Mum Test' }), 404, 'not_found');
        assertError(await mum.post(`/api/v1/portal/children/${ids.amira}/consents`, { form_id: ids.form1, decisions: { website: 'given' }, signed_name: 'Mum Test', scan_id: ids.scan }), 400, 'invalid_field', 'scan_id');
        assertError(await mum.post(`/api/v1/portal/children/${ids.amira}/consents`, { form_id: 999, decisions: { website: 'given' }, signed_name: 'Mum Test' }), 422, 'unknown_form');
        assertError(await mum.get(`/api/v1/children/${ids.amira}/consent`), 403, 'portal_only');
        const benId = Number(db.rows(`SELECT id FROM consents WHERE subject_id = ${ids.ben} LIMIT 1`)[0][0]);
        assertError(await mum.post(`/api/v1/portal/consents/${benId}/withdraw`, {}), 404, 'not_found');
      });
      const g = await mum.post(`/api/v1/portal/children/${ids.amira}/consents`, { form_id: ids.form1, decisions: { website: 'given' }, signed_name: 'Mum Test' });
      assert.equal(g.status, 201, g.text);
      const rec = g.json.purposes.find((p) => p.purpose === 'website').records[0];
      assert.equal(rec.channel, 'portal');
      assert.equal((await states(chloe, ids.amira)).website, 'allowed');
      const w = await mum.post(`/api/v1/portal/consents/${rec.id}/withdraw`, {});
      assert.equal(w.status, 200, w.text);
      assert.equal((await states(chloe, ids.amira)).website, 'withdrawn', 'the key person sees it at once');
      const ev = audit().filter((e) => e.action === 'consent.withdraw').at(-1);
      assert.equal(ev.actor, `parent:${ids.mum}`);
      assert.equal(ev.detail.child_id, ids.amira);
      assertError(await chloe.get('/api/v1/portal/children'), 403, 'forbidden');
    });

    test('CONSENT-03/-12 renewal reminders ahead of expiry, expiry after, and a renewal clears them (faketime)', async () => {
      const sweep = (when) => cli(['sweep', '--data', data.dir], { env: at(when) });
      const open = () => db.rows("SELECT rule, subject, text FROM findings WHERE area = 'consent' AND resolved_at IS NULL ORDER BY rule, subject");
      assert.equal(sweep('2026-03-03 09:00').code, 0);
      assert.deepEqual(open(), []);
      // Amira's mother's paper form (signed 27 February 2026) expires on 27 February 2027.
      let r = sweep('2027-02-01 09:00');
      assert.equal(r.code, 0, r.stderr);
      const due = open().filter((f) => f[1] === 'Amira Test');
      assert.equal(due.length, 1);
      assert.equal(due[0][0], 'CONSENT-03');
      assert.match(due[0][2], /expires on 27 February 2027\. Ask the parents to renew it/);
      r = sweep('2027-02-28 09:00');
      // Journal, display … expired; press (renewed on 2 March 2026) is still only due.
      const gone = open().filter((f) => f[1] === 'Amira Test');
      assert.deepEqual(gone.map((f) => f[0]), ['CONSENT-03', 'CONSENT-12']);
      assert.match(gone[1][2], /expired on 27 February 2027 for displays inside, learning journal, other children's journals/);
      assert.match(gone[0][2], /renew it/); // still open for press (its text is kept from when it was raised)
      // The server, then, answers "expired" for the journal.
      await srv.stop();
      srv = await startServer(data.dir, { env: at('2027-02-28 10:00') });
      const kp = await login(srv.url, 'chloe@consent.example', PASSWORD);
      assert.equal((await states(kp, ids.amira)).journal, 'expired');
      const off = await login(srv.url, 'office@consent.example', PASSWORD);
      const renew = await off.post(`/api/v1/children/${ids.amira}/consents`, paper(ids.mum,
        { journal: 'given', other_journals: 'given', display: 'given', press: 'given' }));
      assert.equal(renew.status, 201, renew.text);
      assert.equal((await states(kp, ids.amira)).journal, 'allowed');
      assert.deepEqual(open().filter((f) => f[1] === 'Amira Test'), [], 'the renewal cleared the finding in its own transaction');
    });
  });
}
