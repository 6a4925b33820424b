// cli.test.mjs — the command line: usage and exit codes, init's refusal to
// touch an existing directory, add/list/show/edit/end for every record with
// its audit event (actor cli:<user>, or adult:<id> with --as and that adult's
// permissions), and CSV imports (all or nothing, --dry-run saves nothing).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { auditRows, cli, dob, initDir, snapshot, sqlRows, USER } from './lib.mjs';

let data;
const ids = {};
const ME = `cli:${USER}`;

before(() => {
  data = initDir({ email: 'manager@cli.example', password: 'manager-password-1' });
});

after(() => data?.cleanup());

const D = () => ['--data', data.dir];
function ok(args) {
  const r = cli(args);
  assert.equal(r.code, 0, `safeguard ${args.join(' ')}\n${r.stderr}`);
  return r;
}
const okJson = (args) => JSON.parse(ok(args).stdout);
const lastEvent = () => auditRows(data.db).at(-1);
function file(name, text) {
  const f = path.join(data.root, name);
  fs.writeFileSync(f, text);
  return f;
}

test('CLI no arguments, or an unknown command: exit 2 with the usage on stderr', () => {
  let r = cli([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^usage: safeguard COMMAND/m);
  assert.match(r.stderr, /\binit\b.*\n(.|\n)*\bserve\b/);
  assert.equal(r.stdout, '');
  r = cli(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
  assert.match(r.stderr, /^usage: safeguard COMMAND/m);
  r = cli(['help', 'frobnicate']);
  assert.equal(r.code, 2);
});

test('CLI --help prints the usage and exits 0', () => {
  let r = cli(['room', 'add', '--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /safeguard room add\s+--data DIR --name NAME --class/);
  r = cli(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: safeguard COMMAND/);
  r = cli(['help', 'import']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /safeguard import children\|staff/);
});

test('CLI an unknown flag or a missing value: exit 2 (usage) and nothing changed', () => {
  const before = snapshot(data.db);
  for (const args of [
    ['room', 'list', ...D(), '--bogus', '1'],
    ['child', 'show', ...D(), '--id', '1', '--colour', 'red'],
    ['audit', 'verify', ...D(), '--bogus'],
    ['init', '--data', path.join(data.root, 'new'), '--setting', 'S', '--kind', 'nursery', '--manager', 'a@b.example', '--bogus', 'x'],
    ['backup', ...D(), '--to', path.join(data.root, 'b.db'), '--fast', 'yes'],
    ['token', 'list', ...D(), '--all'],
    ['room', 'list'],
    ['room', 'show', ...D(), '--id', 'abc'],
    ['room', 'fly', ...D()],
    ['room', 'add', ...D(), '--name'],
    ['import', 'children', ...D()],
  ]) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /^safeguard: usage: /m, args.join(' '));
    assert.match(r.stderr, /^usage:/m, 'the command\'s usage follows');
  }
  assert.ok(!fs.existsSync(path.join(data.root, 'new')), 'init with a bad flag made nothing');
  assert.equal(snapshot(data.db), before);
  // A record flag the record does not have is refused by the record's rules.
  const r = cli(['room', 'add', ...D(), '--name', 'Colourful', '--class', 'children', '--colour', 'red']);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /colour/);
  assert.equal(snapshot(data.db), before);
});

test('CLI init refuses an existing non-empty directory: exit 1, already_exists', () => {
  const before = snapshot(data.db);
  const ini = fs.readFileSync(path.join(data.dir, 'safeguard.ini'), 'utf8');
  const r = cli(['init', '--data', data.dir, '--setting', 'Again', '--kind', 'nursery', '--manager', 'again@cli.example']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^safeguard: already_exists: /);
  assert.equal(fs.readFileSync(path.join(data.dir, 'safeguard.ini'), 'utf8'), ini);
  assert.equal(snapshot(data.db), before);
  // a file in the way is refused too; an empty directory is fine
  const f = file('not-a-dir', 'x');
  const r2 = cli(['init', '--data', f, '--setting', 'S', '--kind', 'nursery', '--manager', 'f@cli.example']);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /^safeguard: already_exists: /);
  const empty = path.join(data.root, 'empty');
  fs.mkdirSync(empty);
  const r3 = cli(['init', '--data', empty, '--setting', 'Empty', '--kind', 'childminder', '--manager', 'e.mpty@cli.example']);
  assert.equal(r3.code, 0, r3.stderr);
  assert.match(r3.stdout, /manager e\.mpty@cli\.example: password \S{20} \(shown once/);
  // bad values are refused before anything is made
  const bad = path.join(data.root, 'badkind');
  const r4 = cli(['init', '--data', bad, '--setting', 'S', '--kind', 'zoo', '--manager', 'z@cli.example']);
  assert.equal(r4.code, 1);
  assert.match(r4.stderr, /^safeguard: invalid_field: /);
});

test('CLI room add/list/show/edit/end, each audited as cli:<user>', () => {
  let j = okJson(['room', 'add', ...D(), '--name', 'Ladybirds', '--class', 'children', '--min-age-months', '24', '--max-age-months', '48']);
  assert.equal(j.name, 'Ladybirds');
  assert.equal(j.min_age_months, 24);
  ids.room = j.id;
  let e = lastEvent();
  assert.deepEqual([e.action, e.actor, e.object_id], ['room.add', ME, ids.room]);
  j = okJson(['room', 'add', ...D(), '--name', 'Yard', '--class', 'children', '--outdoor', 'true']);
  assert.equal(j.outdoor, true);
  ids.yard = j.id;
  const list = ok(['room', 'list', ...D()]).stdout;
  assert.match(list, new RegExp(`^${ids.room}\\s+Ladybirds\\s+children\\s+0 children$`, 'm'));
  assert.match(list, /Yard/);
  const lj = okJson(['room', 'list', ...D(), '--json', '--q', 'lady']);
  assert.deepEqual(lj.rooms.map((r) => r.id), [ids.room]);
  assert.equal(okJson(['room', 'show', ...D(), '--id', String(ids.room)]).name, 'Ladybirds');
  j = okJson(['room', 'edit', ...D(), '--id', String(ids.yard), '--name', 'Back Yard']);
  assert.equal(j.name, 'Back Yard');
  e = lastEvent();
  assert.deepEqual([e.action, e.actor, e.object_id], ['room.edit', ME, ids.yard]);
  assert.deepEqual(e.detail.name, { from: 'Yard', to: 'Back Yard' });
  j = okJson(['room', 'end', ...D(), '--id', String(ids.yard), '--date', '2025-07-18']);
  assert.equal(j.ended_on, '2025-07-18');
  e = lastEvent();
  assert.deepEqual([e.action, e.actor, e.detail], ['room.end', ME, { ended_on: '2025-07-18' }]);
  assert.doesNotMatch(ok(['room', 'list', ...D()]).stdout, /Back Yard/);
  assert.match(ok(['room', 'list', ...D(), '--include-ended']).stdout, /Back Yard.*\(closed\)/);
  const r = cli(['room', 'end', ...D(), '--id', String(ids.yard)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^safeguard: conflict: /);
  const r2 = cli(['room', 'show', ...D(), '--id', '9999']);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /^safeguard: not_found: /);
});

test('CLI adult add/list/show/edit/end with several roles and a line manager', () => {
  let j = okJson(['adult', 'add', ...D(), '--first-name', 'Kate', '--last-name', 'Keyperson', '--email', 'kate@cli.example',
    '--roles', 'key-person,staff', '--password', 'kate-password-1', '--start-date', '2024-09-02']);
  assert.deepEqual([...j.roles].sort(), ['key-person', 'staff']);
  assert.equal(j.has_login, true);
  ids.kate = j.id;
  let e = lastEvent();
  assert.deepEqual([e.action, e.actor], ['adult.add', ME]);
  assert.equal(e.detail.password, undefined);
  j = okJson(['adult', 'add', ...D(), '--first-name', 'Vic', '--last-name', 'Volunteer', '--roles', 'volunteer',
    '--line-manager-id', String(ids.kate)]);
  assert.equal(j.line_manager_id, ids.kate);
  assert.equal(j.line_manager_name, 'Kate Keyperson');
  ids.vic = j.id;
  const list = ok(['adult', 'list', ...D()]).stdout;
  assert.match(list, new RegExp(`^${ids.kate}\\s+Kate Keyperson\\s+key-person,staff$`, 'm'));
  assert.equal(okJson(['adult', 'show', ...D(), '--id', String(ids.vic)]).first_name, 'Vic');
  j = okJson(['adult', 'edit', ...D(), '--id', String(ids.vic), '--phone', '07700 900000']);
  assert.equal(j.phone, '07700 900000');
  assert.deepEqual([lastEvent().action, lastEvent().actor], ['adult.edit', ME]);
  j = okJson(['adult', 'end', ...D(), '--id', String(ids.vic)]);
  assert.equal(j.left, true);
  e = lastEvent();
  assert.deepEqual([e.action, e.actor, e.object_id], ['adult.end', ME, ids.vic]);
  assert.match(ok(['adult', 'list', ...D(), '--include-ended']).stdout, /Vic Volunteer.*\(left \d{4}-\d\d-\d\d\)/);
  const r = cli(['adult', 'add', ...D(), '--first-name', 'No', '--last-name', 'Roles']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^safeguard: invalid_field: .*roles/);
});

test('CLI child and parent add/list/show/edit/end', () => {
  let j = okJson(['child', 'add', ...D(), '--first-name', 'Cleo', '--last-name', 'Cli', '--date-of-birth', dob(3),
    '--room-id', String(ids.room), '--key-person-id', String(ids.kate)]);
  assert.equal(j.room_name, 'Ladybirds');
  assert.equal(j.key_person_name, 'Kate Keyperson');
  ids.cleo = j.id;
  assert.deepEqual([lastEvent().action, lastEvent().actor], ['child.add', ME]);
  j = okJson(['child', 'add', ...D(), '--first-name', 'Lee', '--last-name', 'Looked', '--date-of-birth', dob(2),
    '--looked-after', 'true', '--social-worker', 'Sara Worker', '--local-authority', 'Anyshire']);
  assert.equal(j.looked_after, true);
  ids.lee = j.id;
  const list = ok(['child', 'list', ...D()]).stdout;
  assert.match(list, /Cleo Cli\s+\d{4}-\d\d-\d\d Ladybirds\s+key person: Kate Keyperson/);
  assert.match(list, /Lee Looked.*\[looked after\]/);
  assert.deepEqual(okJson(['child', 'list', ...D(), '--json', '--room-id', String(ids.room)]).children.map((c) => c.id), [ids.cleo]);
  assert.equal(okJson(['child', 'show', ...D(), '--id', String(ids.lee)]).social_worker, 'Sara Worker');
  j = okJson(['child', 'edit', ...D(), '--id', String(ids.cleo), '--first-name', 'Cleopatra']);
  assert.equal(j.first_name, 'Cleopatra');
  assert.deepEqual(lastEvent().detail, { first_name: { from: 'Cleo', to: 'Cleopatra' } });
  j = okJson(['child', 'end', ...D(), '--id', String(ids.lee)]);
  assert.equal(j.left, true);
  assert.deepEqual([lastEvent().action, lastEvent().actor], ['child.end', ME]);

  j = okJson(['parent', 'add', ...D(), '--first-name', 'Paddy', '--last-name', 'Cli', '--email', 'paddy@home.example']);
  ids.paddy = j.id;
  assert.deepEqual([lastEvent().action, lastEvent().actor], ['parent.add', ME]);
  assert.match(ok(['parent', 'list', ...D()]).stdout, /Paddy Cli\s+paddy@home\.example/);
  assert.equal(okJson(['parent', 'show', ...D(), '--id', String(ids.paddy)]).email, 'paddy@home.example');
  j = okJson(['parent', 'edit', ...D(), '--id', String(ids.paddy), '--phone', '0113 496 0000']);
  assert.equal(j.phone, '0113 496 0000');
  assert.deepEqual([lastEvent().action, lastEvent().actor], ['parent.edit', ME]);
  j = okJson(['parent', 'end', ...D(), '--id', String(ids.paddy)]);
  assert.match(j.ended_on, /^\d{4}-\d\d-\d\d$/);
  assert.deepEqual([lastEvent().action, lastEvent().actor], ['parent.end', ME]);
});

test('CLI text that reads "null" or "true" is still text: a parent called Jennifer Null', () => {
  const j = okJson(['parent', 'add', ...D(), '--first-name', 'Jennifer', '--last-name', 'Null']);
  assert.equal(j.last_name, 'Null');
});

test('CLI --as EMAIL acts as that adult: audited as adult:<id>, limited to their roles', () => {
  const mgrId = Number(sqlRows(data.db, "SELECT id FROM adults WHERE email = 'manager@cli.example'")[0][0]);
  const j = okJson(['room', 'add', ...D(), '--as', 'manager@cli.example', '--name', 'Manager Room', '--class', 'private']);
  let e = lastEvent();
  assert.deepEqual([e.action, e.actor, e.object_id], ['room.add', `adult:${mgrId}`, j.id]);
  // a key person may not add adults, rooms or children, nor import
  const before = snapshot(data.db);
  for (const args of [
    ['adult', 'add', ...D(), '--as', 'kate@cli.example', '--first-name', 'Evil', '--last-name', 'Twin', '--roles', 'manager'],
    ['room', 'add', ...D(), '--as', 'KATE@cli.example', '--name', 'Kate Room', '--class', 'children'],
    ['child', 'edit', ...D(), '--as', 'kate@cli.example', '--id', String(ids.cleo), '--first-name', 'X'],
    ['adult', 'end', ...D(), '--as', 'kate@cli.example', '--id', String(mgrId)],
    ['import', 'staff', ...D(), '--as', 'kate@cli.example', file('evil.csv', 'first_name,last_name,roles\nEve,Il,manager\n')],
  ]) {
    const r = cli(args);
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^safeguard: forbidden: /, args.join(' '));
  }
  // a key person does not see looked-after details
  const seen = okJson(['child', 'show', ...D(), '--as', 'kate@cli.example', '--id', String(ids.lee)]);
  assert.equal(seen.looked_after, true);
  assert.equal(seen.social_worker, undefined);
  // an unknown or another setting's e-mail is not an identity
  const r = cli(['room', 'list', ...D(), '--as', 'nobody@cli.example']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^safeguard: not_found: /);
  assert.equal(snapshot(data.db), before);
  e = lastEvent();
  assert.equal(e.action, 'room.add');
});

test('CLI import children: siblings sharing a parent e-mail share one parent record', () => {
  const csv = file('class.csv', [
    'first_name,last_name,date_of_birth,room,key_person_email,start_date,parent_first_name,parent_last_name,parent_email,parent_phone,parent_relationship,parent_responsibility',
    `Amy,Sibling,${dob(3)},Ladybirds,kate@cli.example,2025-09-01,Pam,Sibling,pam@home.example,0161 000,mother,yes`,
    `Alf,Sibling,${dob(2)},ladybirds,kate@cli.example,2025-09-01,Pam,Sibling,PAM@home.example,0161 000,mother,yes`,
    `"O'Neill, Bo",Other,${dob(4)},Ladybirds,kate@cli.example,2025-09-01,Pete,Other,pete@home.example,0161 001,step-father,no`,
    '',
  ].join('\n'));
  const before = auditRows(data.db).length;
  const r = ok(['import', 'children', ...D(), csv]);
  assert.match(r.stdout, /^imported 3 children$/m);
  const kids = okJson(['child', 'list', ...D(), '--json', '--q', 'sibling']).children;
  assert.deepEqual(kids.map((c) => c.first_name).sort(), ['Alf', 'Amy']);
  const pams = okJson(['parent', 'list', ...D(), '--json', '--q', 'pam']).parents;
  assert.equal(pams.length, 1, 'one parent record for both siblings');
  assert.deepEqual(pams[0].children.map((c) => c.name).sort(), ['Alf Sibling', 'Amy Sibling']);
  assert.ok(pams[0].children.every((c) => c.parental_responsibility && c.may_consent));
  const amy = kids.find((c) => c.first_name === 'Amy');
  assert.equal(amy.key_person_name, 'Kate Keyperson');
  assert.equal(amy.room_name, 'Ladybirds');
  assert.equal(amy.start_date, '2025-09-01');
  const bo = okJson(['child', 'list', ...D(), '--json', '--q', "o'neill"]).children[0];
  assert.equal(bo.first_name, "O'Neill, Bo");
  assert.equal(bo.parents[0].relationship, 'step-father');
  assert.equal(bo.parents[0].parental_responsibility, false);
  assert.equal(bo.parents[0].may_consent, false);
  const ev = auditRows(data.db).slice(before);
  assert.ok(ev.every((e) => e.actor === ME));
  const count = (a) => ev.filter((e) => e.action === a).length;
  assert.equal(count('child.add'), 3);
  assert.equal(count('parent.add'), 2);
  assert.equal(count('child.parent_link'), 3);
  const imp = ev.filter((e) => e.action === 'import.children');
  assert.equal(imp.length, 1);
  assert.equal(imp[0].detail.rows, 3);
  assert.match(imp[0].detail.sha256, /^[0-9a-f]{64}$/);
});

test('CLI import children with bad rows: each named with row number and reason, exit 1, nothing saved', () => {
  const csv = file('bad-class.csv', [
    'first_name,last_name,date_of_birth,room',
    `Good,Row,${dob(3)},Ladybirds`,
    'Bad,Date,2023-02-30,Ladybirds',
    `Good,Again,${dob(2)},Ladybirds`,
    `Bad,Room,${dob(2)},Nowhere`,
  ].join('\n') + '\n');
  const before = snapshot(data.db);
  const r = cli(['import', 'children', ...D(), csv]);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /^safeguard: import_rejected: 2 of 4 rows are bad; nothing was saved/m);
  assert.match(r.stderr, /^ {2}row 3, date_of_birth: .*YYYY-MM-DD/m);
  assert.match(r.stderr, /^ {2}row 5, room: .*Nowhere/m);
  assert.doesNotMatch(r.stderr, /row [24]\b/);
  assert.equal(snapshot(data.db), before);
  // one bad row is enough to save nothing
  const one = file('one-bad.csv', `first_name,last_name,date_of_birth\nFine,Child,${dob(3)}\nNo,Birthday,\n`);
  const r1 = cli(['import', 'children', ...D(), one]);
  assert.equal(r1.code, 1);
  assert.match(r1.stderr, /^ {2}row 3, date_of_birth: /m);
  assert.equal(snapshot(data.db), before);
  // an unknown column and a ragged row
  const r2 = cli(['import', 'children', ...D(), file('col.csv', `first_name,last_name,dob\nA,B,${dob(2)}\n`)]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /^safeguard: import_rejected: .*'dob'/m);
  const r3 = cli(['import', 'children', ...D(), file('ragged.csv', `first_name,last_name,date_of_birth\nA,B\n`)]);
  assert.equal(r3.code, 1);
  assert.match(r3.stderr, /row 2\b.*columns/);
  assert.equal(snapshot(data.db), before);
});

test('CLI import staff, with roles and a line manager from the same file', () => {
  const csv = file('staff.csv', [
    'first_name,last_name,email,phone,roles,start_date,line_manager_email',
    'Lena,Lead,lena@cli.example,0113 001,deputy;dsl,2024-01-08,manager@cli.example',
    'Sid,Staffer,sid@cli.example,0113 000,staff; key-person,2024-02-01,lena@cli.example',
  ].join('\n') + '\n');
  ok(['import', 'staff', ...D(), csv]);
  const adults = okJson(['adult', 'list', ...D(), '--json']).adults;
  const lena = adults.find((a) => a.email === 'lena@cli.example');
  const sid = adults.find((a) => a.email === 'sid@cli.example');
  assert.deepEqual([...lena.roles].sort(), ['deputy', 'dsl']);
  assert.deepEqual([...sid.roles].sort(), ['key-person', 'staff']);
  assert.equal(sid.line_manager_id, lena.id);
  assert.equal(sid.start_date, '2024-02-01');
  assert.equal(lastEvent().action, 'import.staff');
  // a bad staff file: unknown role, duplicate e-mail, unknown line manager
  const before = snapshot(data.db);
  const bad = file('bad-staff.csv', [
    'first_name,last_name,email,roles,line_manager_email',
    'Wiz,Ard,wiz@cli.example,wizard,lena@cli.example',
    'Dup,Licate,lena@cli.example,staff,lena@cli.example',
    'Lone,Worker,lone@cli.example,staff,ghost@cli.example',
  ].join('\n') + '\n');
  const r = cli(['import', 'staff', ...D(), bad]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^ {2}row 2, roles: /m);
  assert.match(r.stderr, /^ {2}row 3, email: /m);
  assert.match(r.stderr, /^ {2}row 4, line_manager_email: /m);
  assert.equal(snapshot(data.db), before);
});

test('CLI import: a blank cell in an optional column means "not given" (spreadsheets leave them blank)', () => {
  const csv = file('blanks.csv', [
    'first_name,last_name,date_of_birth,room,key_person_email,start_date,looked_after,parent_first_name,parent_last_name,parent_email,parent_phone,parent_relationship,parent_responsibility',
    `Bea,Blank,${dob(3)},,,,,,,,,,`,
    `Bill,Blank,${dob(2)},Ladybirds,,,no,Bob,Blank,,,,`,
  ].join('\n') + '\n');
  const r = cli(['import', 'children', ...D(), csv]);
  assert.equal(r.code, 0, r.stderr);
  const kids = okJson(['child', 'list', ...D(), '--json', '--q', 'blank']).children;
  assert.deepEqual(kids.map((c) => c.first_name).sort(), ['Bea', 'Bill']);
  const bea = kids.find((c) => c.first_name === 'Bea');
  assert.equal(bea.room_id, null);
  assert.equal(bea.key_person_id, null);
  assert.deepEqual(bea.parents, []);
  const bill = kids.find((c) => c.first_name === 'Bill');
  assert.equal(bill.parents[0].name, 'Bob Blank');
  assert.equal(bill.parents[0].relationship, 'parent');
  assert.equal(bill.parents[0].email, null);
  const staff = cli(['import', 'staff', ...D(), file('blank-staff.csv',
    'first_name,last_name,email,phone,roles,start_date,line_manager_email\nBeth,Blankstaff,,,staff,,\n')]);
  assert.equal(staff.code, 0, staff.stderr);
});

test('CLI import --dry-run checks every row and saves nothing', () => {
  const before = snapshot(data.db);
  const csv = file('dry.csv', `first_name,last_name,date_of_birth,room\nDry,Run,${dob(2)},Ladybirds\nDry,Too,${dob(3)},Ladybirds\n`);
  const r = ok(['import', 'children', ...D(), '--dry-run', csv]);
  assert.match(r.stdout, /2 rows checked; all good; nothing saved \(dry run\)/);
  assert.equal(snapshot(data.db), before);
  const s = ok(['import', 'staff', ...D(), '--dry-run', file('dry-staff.csv', 'first_name,last_name,roles\nDrew,Dry,staff\n')]);
  assert.match(s.stdout, /nothing saved/);
  assert.equal(snapshot(data.db), before);
  const bad = cli(['import', 'children', ...D(), '--dry-run', file('dry-bad.csv', 'first_name,last_name,date_of_birth\nX,Y,2023-13-01\n')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /row 2, date_of_birth/);
  assert.equal(snapshot(data.db), before);
});

test('CLI the audit log of all this verifies', () => {
  const r = ok(['audit', 'verify', ...D()]);
  assert.match(r.stdout, new RegExp(`intact: ${auditRows(data.db).length} events`));
  const l = okJson(['audit', 'list', ...D(), '--action', 'import.', '--limit', '10']);
  const actions = l.events.map((e) => e.action);
  assert.ok(actions.includes('import.staff') && actions.includes('import.children'), actions.join());
  assert.ok(actions.every((a) => a.startsWith('import.')), actions.join());
});
