// PEOPLE-11 from the command line: link a parent to a child, refuse a
// second identical link and consent without parental responsibility, end it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, initDir, snapshot, auditRows } from './lib.mjs';

const data = initDir();
after(() => data.cleanup());

function ok(args) {
  const r = cli([...args, '--data', data.dir, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('PEOPLE-11 safeguard child link / unlink', () => {
  const child = ok(['child', 'add', '--first-name', 'Ivy', '--last-name', 'Hart', '--date-of-birth', '2023-04-02']);
  const parent = ok(['parent', 'add', '--first-name', 'Rosa', '--last-name', 'Hart', '--email', 'rosa@hart.example']);
  const linked = ok(['child', 'link', '--id', String(child.id), '--parent-id', String(parent.id), '--relationship', 'mother']);
  assert.equal(linked.parents.length, 1);
  assert.equal(linked.parents[0].may_consent, true);

  const before = snapshot(data.db);
  let r = cli(['child', 'link', '--data', data.dir, '--id', String(child.id), '--parent-id', String(parent.id),
    '--relationship', 'mother']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^safeguard: conflict: /);
  r = cli(['child', 'link', '--data', data.dir, '--id', String(child.id), '--parent-id', String(parent.id),
    '--relationship', 'aunt', '--parental-responsibility', 'false', '--may-consent', 'true']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^safeguard: invalid_field: .*parental responsibility/);
  assert.equal(snapshot(data.db), before);

  const ended = ok(['child', 'unlink', '--id', String(child.id), '--link-id', String(linked.parents[0].link_id)]);
  assert.equal(ended.parents.length, 0);
  const actions = auditRows(data.db).map((e) => e.action);
  assert.ok(actions.includes('child.parent_link') && actions.includes('child.parent_unlink'));
});
