// ui.test.mjs — the browser UI in headless Chromium against the real server
// and the demo setting (Hollybrook Forest Pre-School).
//
// Every page visited is checked with axe (no serious or critical problem),
// screenshots go to docs/screenshots/ at 1280×800 and 800×1280, and the home
// page's weight and first contentful paint are printed.
//
// run: make safeguard && SAFEGUARD_BIN=./safeguard node --test tests/ui/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  LOGINS, SETTING, TABLET, REPO, demoServer, launch, newPage, login, goto, drawn, apiFromPage, axe,
  printAxeSummary, screenshots, assertNoProblems,
} from './lib.mjs';

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([demoServer(), launch()]);
});

after(async () => {
  printAxeSummary();
  if (browser) await browser.close();
  if (server) await server.stop();
});

const open = (opts) => newPage(browser, server.url, opts);
const h1 = (page) => page.locator('main h1').innerText();

/* A date of birth `years` ago, written YYYY-MM-DD. */
function yearsAgo(years) {
  const d = new Date();
  return `${d.getFullYear() - years}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(Math.min(d.getDate(), 28)).padStart(2, '0')}`;
}

test('PEOPLE-14 log-in, then the home page: today, the setting, its rooms, what needs attention', async () => {
  const page = await open();
  await page.goto('/');
  // Not logged in: sent to the log-in page, remembering where to go.
  await page.waitForURL(/\/login\?next=%2F/);
  await drawn(page);
  assert.equal(await h1(page), 'Log in');
  assert.equal(await page.title(), 'Log in – safeguard');
  // The GOV.UK look, without GOV.UK's identity.
  const body = await page.content();
  assert.doesNotMatch(body, /GOV\.UK|govuk-header__logo|crown/i);
  // The shell preloads every module the log-in and home pages need (no
  // import-by-import waterfall); other pages' modules come when first drawn.
  const shell = await (await page.request.get('/')).text();
  const preloaded = [...shell.matchAll(/rel="modulepreload" href="\/static\/([^"]+)"/g)].map((m) => m[1]).sort();
  const modules = fs.readdirSync(path.join(REPO, 'web/static/js'), { recursive: true })
    .filter((f) => f.endsWith('.js') && (!f.startsWith('pages/') || /^pages\/(auth|home)\.js$/.test(f)))
    .map((f) => `js/${f}`).sort();
  assert.deepEqual(preloaded, modules, 'index.html preloads the shell: every module outside pages/, and the log-in and home pages');
  // Every area named in the route table has its module.
  const app = fs.readFileSync(path.join(REPO, 'web/static/app.js'), 'utf8');
  for (const [, name] of app.matchAll(/pages\('(\w+)'\)/g)) {
    assert.ok(fs.existsSync(path.join(REPO, `web/static/js/pages/${name}.js`)), `pages/${name}.js exists`);
  }
  const css = await (await page.request.get('/static/app.css')).text();
  assert.doesNotMatch(css, /GDS Transport|url\(/, 'no font files or images referred to');
  await axe(page, 'login');
  await screenshots(page, 'login');

  await login(page, LOGINS.manager);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.title(), `Home – ${SETTING} – safeguard`);
  const today = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date()).replace(',', '');
  const main = page.locator('main');
  await assert.doesNotReject(main.getByText(today).waitFor());
  assert.match(await h1(page), new RegExp(SETTING));
  assert.equal(await page.locator('header').getByText(SETTING).count(), 1);
  const rooms = page.getByRole('table', { name: 'Who is in which room' });
  assert.match(await rooms.innerText(), /Ladybird Room\s+Children's room\s+9/);
  assert.match(await rooms.innerText(), /Office\s+Adults only/);
  assert.match(await rooms.innerText(), /Toilets and changing area\s+Private/);
  const attention = page.getByRole('region', { name: 'Needs your attention' });
  // The demo has one adult on shift without a device check-in (PERSONAL-DEVICES-05).
  assert.match(await attention.innerText(), /High\s+Tomasz Nowak/);
  assert.match(await attention.innerText(), /without checking a personal device into the locker or declaring none/);
  assert.match(await page.getByRole('region', { name: 'Your phone and locker' }).innerText(), /Phone in locker 2/);
  // The manager's menu offers everything; the office's registers and the
  // people records each sit behind one entry.
  const menu = page.getByRole('navigation', { name: 'Menu' });
  assert.deepEqual(await menu.getByRole('link').allInnerTexts(),
    ['Home', 'Today', 'Office', 'Children', 'Consent', 'People', 'Devices', 'Audit log']);
  await axe(page, 'home');
  await screenshots(page, 'home');

  // The People page lists what is behind it, each with what it is for; the
  // menu marks People as the current page there and on each page behind it.
  await menu.getByRole('link', { name: 'People' }).click();
  await page.waitForURL('**/people');
  await drawn(page);
  assert.equal(await h1(page), 'People');
  assert.deepEqual(await page.locator('main h2').allInnerTexts(), ['Adults', 'Parents and carers', 'Rooms', 'Import']);
  assert.match(await page.locator('main').innerText(), /adults-only rooms and private areas/);
  assert.equal(await menu.locator('[aria-current="page"]').innerText(), 'People');
  await axe(page, 'people');
  await screenshots(page, 'people');

  // Client-side navigation: title follows, focus moves to the new h1.
  await page.locator('main').getByRole('link', { name: 'Rooms' }).click();
  await page.waitForURL('**/rooms');
  await drawn(page);
  assert.equal(await page.title(), `Rooms – ${SETTING} – safeguard`);
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  assert.equal(await menu.locator('[aria-current="page"]').innerText(), 'People');
  await axe(page, 'rooms');
  await page.goBack();
  await drawn(page);
  assert.equal(await page.title(), `People – ${SETTING} – safeguard`);
  await page.goBack();
  await drawn(page);
  assert.equal(await page.title(), `Home – ${SETTING} – safeguard`);

  // Log out: back to the log-in page, and the session is gone.
  await page.getByRole('link', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  await drawn(page);
  assert.match(await page.locator('main').innerText(), /You have logged out/);
  assert.equal((await apiFromPage(page, 'GET', '/me')).status, 401);
  assertNoProblems(page);
  await page.context().close();
});

test('keyboard only: skip link, log in, the menu, a search; a lost session comes back to the same page', async () => {
  const page = await open({ viewport: TABLET });
  await goto(page, '/login?next=%2Fchildren%3Fq%3Dholt');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to main content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main-content');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  await page.keyboard.type(LOGINS.keyPerson[0]);
  await page.keyboard.press('Tab');
  await page.keyboard.type(LOGINS.keyPerson[1]);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/children?q=holt');
  await drawn(page);
  assert.match(await page.locator('main table tbody').innerText(), /Esme Holt/);

  // The menu by Tab and Enter; focus lands on the new page's h1.
  const menuLink = page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Children' });
  await menuLink.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL('**/children');
  await drawn(page);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Children');

  // A search by keyboard: type, Enter submits.
  await goto(page, '/adults');
  await page.getByLabel('Search adults').focus();
  await page.keyboard.type('price');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=price/);
  await drawn(page);
  assert.match(await page.locator('main table tbody').innerText(), /Megan Price/);

  // The session ends elsewhere (log-out in another tab): the next page
  // asks for a log-in and then returns here.
  await page.context().clearCookies();
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Children' }).click();
  await page.waitForURL(/\/login\?next=%2Fchildren/);
  await drawn(page);
  await page.getByLabel('E-mail address').fill(LOGINS.keyPerson[0]);
  await page.getByLabel('Password').fill(LOGINS.keyPerson[1]);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => u.pathname === '/children');
  await drawn(page);
  assert.equal(await h1(page), 'Children');
  assertNoProblems(page);
  await page.context().close();
});

test('home page weight and first contentful paint', async () => {
  const page = await open();
  await login(page, LOGINS.manager);
  // A fresh context with the same session: nothing cached.
  const cookies = await page.context().cookies();
  await page.context().close();
  const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  await ctx.addCookies(cookies);
  const p2 = await ctx.newPage();
  // When the home page's h1 first appears (the UI drawn, data and all).
  await p2.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('main h1')) {
        window.sgDrawnAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const sizes = [];
  p2.on('response', async (res) => {
    try {
      sizes.push({ url: new URL(res.url()).pathname, bytes: (await res.body()).length });
    } catch { /* redirects have no body */ }
  });
  await p2.goto('/', { waitUntil: 'networkidle' });
  await drawn(p2);
  const perf = await p2.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
    return {
      transfer: nav.transferSize + res.reduce((n, r) => n + (r.transferSize || 0), 0),
      fcp: fcp ? Math.round(fcp.startTime) : null,
      requests: res.length + 1,
      drawnAt: Math.round(window.sgDrawnAt),
    };
  });
  const bodyBytes = sizes.reduce((n, s) => n + s.bytes, 0);
  console.log(`home page: ${sizes.length} responses, ${bodyBytes} bytes of bodies `
    + `(${(bodyBytes / 1024).toFixed(1)} KiB), ${perf.transfer} bytes transferred with headers; `
    + `first contentful paint ${perf.fcp} ms; home page drawn (h1 with data) at ${perf.drawnAt} ms`);
  for (const s of sizes.sort((a, b) => b.bytes - a.bytes)) console.log(`  ${String(s.bytes).padStart(7)}  ${s.url}`);
  assert.ok(perf.fcp !== null && perf.fcp < 3000, `first contentful paint ${perf.fcp} ms`);
  assert.ok(bodyBytes < 400_000, `home page is ${bodyBytes} bytes`);
  await ctx.close();
});

test('PEOPLE-07 the manager adds a child with a room and key person, edits her, marks her as left', async () => {
  const page = await open();
  await login(page, LOGINS.manager, '/children');
  assert.equal(await h1(page), 'Children');
  await axe(page, 'children');
  await screenshots(page, 'children');

  // A looked-after child's page: the manager sees the social worker.
  await page.getByRole('link', { name: 'Reggie Cole' }).click();
  await drawn(page);
  const reggie = await page.locator('main').innerText();
  assert.match(reggie, /Looked after/);
  assert.match(reggie, /Social worker\s+Joanne Pryce/);
  assert.match(reggie, /Denise Marsh\s+Relationship\s+foster carer\s+Parental responsibility\s+No\s+May consent\s+No/);
  await screenshots(page, 'child-detail');
  await goto(page, '/children');

  await page.getByRole('link', { name: 'Add a child' }).first().click();
  await drawn(page);
  assert.equal(await h1(page), 'Children\nAdd a child');
  await page.getByLabel('First name').fill('Isla');
  await page.getByLabel('Last name').fill('Moss');
  await page.getByLabel('Date of birth').fill(yearsAgo(3));
  await page.getByLabel('Room').selectOption({ label: 'Ladybird Room' });
  await page.getByLabel('Key person').selectOption({ label: 'Aisha Rahman' });
  await page.getByRole('button', { name: 'Add child' }).click();
  await page.waitForURL(/\/children\/\d+$/);
  await drawn(page);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  assert.match(await page.locator('main').innerText(), /Isla Moss was added/);
  const details = await page.locator('.govuk-summary-list').innerText();
  assert.match(details, /Room\s+Ladybird Room/);
  assert.match(details, /Key person\s+Aisha Rahman/);
  assert.match(details, /3 years/);
  await axe(page, 'child detail');

  // Listed, findable by search.
  await goto(page, '/children');
  await page.getByLabel('Search children').fill('moss');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/q=moss/);
  await drawn(page);
  const rows = page.locator('main table tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /Isla Moss\s+3 years\s+Ladybird Room\s+Aisha Rahman/);

  // Edit: a new room.
  await rows.first().getByRole('link', { name: 'Isla Moss' }).click();
  await drawn(page);
  await page.getByRole('link', { name: 'Change details' }).click();
  await drawn(page);
  await page.getByLabel('Room').selectOption({ label: 'Bumblebee Room' });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(`**/children/${id}`);
  await drawn(page);
  assert.match(await page.locator('.govuk-summary-list').innerText(), /Room\s+Bumblebee Room/);
  assert.match(await page.locator('main').innerText(), /Isla Moss’s details were saved/);

  // Mark as left: a date, then a confirmation.
  await page.getByRole('link', { name: /Mark as left/ }).click();
  await drawn(page);
  assert.equal(await h1(page), 'Children\nWhen did Isla Moss leave?');
  await page.getByRole('button', { name: 'Continue' }).click();
  await drawn(page);
  assert.match(await h1(page), /Mark Isla Moss as left on/);
  await axe(page, 'mark as left (confirm)');
  await page.getByRole('button', { name: 'Yes, mark as left' }).click();
  await page.waitForURL(`**/children/${id}`);
  await drawn(page);
  assert.match(await page.locator('main').innerText(), /Isla Moss was marked as left on/);
  assert.equal(await page.locator('main .govuk-tag', { hasText: 'Left' }).count(), 1);

  // Gone from the default list; back with "show left".
  await goto(page, '/children?q=moss');
  assert.match(await page.locator('main table tbody').innerText(), /No children match/);
  await page.getByLabel('Show people who have left').check();
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/include_ended=1/);
  await drawn(page);
  assert.match(await page.locator('main table tbody').innerText(), /Isla Moss\s+Left/);
  assertNoProblems(page);
  await page.context().close();
});

test('PEOPLE-07 bad input: the error summary links to the field and the field shows the message; nothing saved', async () => {
  const page = await open();
  await login(page, LOGINS.manager, '/children/new');
  const before = (await apiFromPage(page, 'GET', '/children?include_ended=1')).json.children.length;

  // Empty names are caught before anything is sent.
  await page.getByLabel('Date of birth').fill('2099-03-15');
  await page.getByRole('button', { name: 'Add child' }).click();
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('govuk-error-summary')), true);
  assert.match(await page.title(), /^Error: Add a child/);
  assert.deepEqual(await summary.getByRole('link').allInnerTexts(),
    ['Enter the child’s first name', 'Enter the child’s last name']);

  // A date of birth in the future: the API's message, beside the field.
  await page.getByLabel('First name').fill('Future');
  await page.getByLabel('Last name').fill('Child');
  await page.getByRole('button', { name: 'Add child' }).click();
  await summary.getByRole('link', { name: 'Date of birth is in the future' }).waitFor();
  const link = summary.getByRole('link', { name: 'Date of birth is in the future' });
  assert.equal(await link.getAttribute('href'), '#date_of_birth');
  assert.match(await page.locator('#date_of_birth-error').innerText(), /Error:\s*Date of birth is in the future/);
  assert.equal(await page.locator('#date_of_birth').getAttribute('aria-describedby'), 'date_of_birth-hint date_of_birth-error');
  assert.equal(await page.locator('.govuk-form-group--error').count(), 1);
  await axe(page, 'child form with errors');
  await screenshots(page, 'child-form-errors');
  // The link moves focus to the field (keyboard: Enter on the link).
  await link.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'date_of_birth');

  const after = (await apiFromPage(page, 'GET', '/children?include_ended=1')).json.children.length;
  assert.equal(after, before, 'nothing was saved');
  assertNoProblems(page);
  await page.context().close();
});

test('PEOPLE-04 a key person is offered only what her roles allow, and cannot reach the rest', async () => {
  const page = await open();
  await login(page, LOGINS.keyPerson);
  const menu = page.getByRole('navigation', { name: 'Menu' });
  assert.deepEqual(await menu.getByRole('link').allInnerTexts(),
    ['Home', 'Office', 'Children', 'Consent', 'People', 'Devices']);
  // Behind Office, the registers she uses (no visitors: the office signs them in).
  await menu.getByRole('link', { name: 'Office' }).click();
  await page.waitForURL('**/office');
  await drawn(page);
  assert.deepEqual(await page.locator('main h2').allInnerTexts(), ['Messages', 'Phone concerns', 'Locked drawer', 'Outings']);
  await goto(page, '/');
  // Her key children are on her home page.
  assert.match(await page.locator('main').innerText(), /Your key children/);
  await axe(page, 'home (key person)');

  // No add/edit/leave/import offered on the lists and records.
  await goto(page, '/children');
  assert.equal(await page.getByRole('link', { name: /Add a child|Import/ }).count(), 0);
  await page.locator('main table tbody a').first().click();
  await drawn(page);
  assert.equal(await page.getByRole('link', { name: /Change|Mark as left|Link a parent|End link/ }).count(), 0);
  await goto(page, '/adults');
  assert.equal(await page.getByRole('link', { name: /Add an adult|Import/ }).count(), 0);

  // Direct URLs: the not-allowed page.
  for (const p of ['/adults/new', '/import', '/audit', '/children/new', '/children/1/edit', '/rooms/new']) {
    await goto(page, p);
    assert.equal(await h1(page), 'You cannot do that', p);
    assert.match(await page.title(), /^You cannot do that/);
  }
  await goto(page, '/audit');
  await axe(page, 'not allowed');

  // And the API refuses, whatever the page does.
  const tries = [
    ['POST', '/adults', { first_name: 'Sly', last_name: 'Person', roles: ['manager'] }],
    ['POST', '/children', { first_name: 'A', last_name: 'B', date_of_birth: yearsAgo(2) }],
    ['GET', '/audit'],
  ];
  for (const [m, p, b] of tries) {
    const r = await apiFromPage(page, m, p, b);
    assert.equal(r.status, 403, `${m} ${p}`);
    assert.equal(r.json.error.code, 'forbidden');
  }
  const imp = await page.evaluate(() => fetch('/api/v1/import/children?dry_run=1', {
    method: 'POST', headers: { 'X-Safeguard-Request': '1', 'Content-Type': 'text/csv' }, body: 'first_name,last_name,date_of_birth\nA,B,2023-01-01\n',
  }).then((r) => r.status));
  assert.equal(imp, 403);
  assertNoProblems(page);
  await page.context().close();
});

test('PEOPLE-02/03/11 rooms, adults and parents: lists, records, and linking a parent to a child', async () => {
  const page = await open();
  await login(page, LOGINS.office, '/rooms');
  // The office may change children and parents, not rooms or adults.
  assert.equal(await page.getByRole('link', { name: 'Add a room' }).count(), 0);
  await goto(page, '/adults');
  assert.match(await page.locator('main table').innerText(), /Aisha Rahman\s+Key person, Staff/);
  await axe(page, 'adults');
  await page.getByLabel('Search adults').fill('nowak');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/q=nowak/);
  await drawn(page);
  await page.getByRole('link', { name: 'Tomasz Nowak' }).click();
  await drawn(page);
  assert.match(await page.locator('main').innerText(), /Key children[\s\S]*Reggie Cole/);
  await axe(page, 'adult detail');

  await goto(page, '/parents');
  await axe(page, 'parents');
  await page.getByLabel('Search parents and carers').fill('Marsh');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/q=Marsh/);
  await drawn(page);
  await page.getByRole('link', { name: 'Denise Marsh' }).click();
  await drawn(page);
  assert.match(await page.locator('main').innerText(), /Reggie Cole\s+foster carer\s+No\s+No/);
  await axe(page, 'parent detail');

  // A new carer, added from the child's page and linked to her.
  await goto(page, '/children?q=reggie');
  await page.getByRole('link', { name: 'Reggie Cole' }).click();
  await drawn(page);
  // The office sees the looked-after marker, not the social worker.
  assert.equal(await page.locator('main .govuk-tag', { hasText: 'Looked after' }).count() > 0, true);
  assert.doesNotMatch(await page.locator('main').innerText(), /Joanne Pryce|Social worker/);
  await page.getByRole('link', { name: 'Link a parent or carer' }).click();
  await drawn(page);
  await page.getByRole('link', { name: 'Add a new parent or carer' }).click();
  await drawn(page);
  await page.getByLabel('First name').fill('Rosa');
  await page.getByLabel('Last name').fill('Marsh');
  await page.getByLabel('Phone number').fill('07700 900999');
  await page.getByRole('button', { name: 'Add parent or carer' }).click();
  await page.waitForURL(/\/parents\/new\?parent_id=\d+$/);
  await drawn(page);
  assert.match(await page.getByLabel('Parent or carer').inputValue(), /^\d+$/);
  await page.getByLabel('Relationship to the child').fill('grandmother');
  // PEOPLE-11: consent needs parental responsibility.
  await page.getByRole('group', { name: 'Do they have parental responsibility?' }).getByLabel('No').check();
  await page.getByRole('group', { name: 'May they give consent for the child?' }).getByLabel('Yes').check();
  await page.getByRole('button', { name: 'Link parent or carer' }).click();
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /parental responsibility/i);
  await axe(page, 'link a parent (error)');
  await page.getByRole('group', { name: 'May they give consent for the child?' }).getByLabel('No').check();
  await page.getByRole('button', { name: 'Link parent or carer' }).click();
  await page.waitForURL(/\/children\/\d+$/);
  await drawn(page);
  const parents = await page.getByRole('region', { name: 'Parents and carers' }).innerText();
  assert.match(parents, /Rosa Marsh\s+(End link[^\n]*\s+)?Relationship\s+grandmother\s+Parental responsibility\s+No\s+May consent\s+No\s+Phone\s+07700 900999/);
  assertNoProblems(page);
  await page.context().close();
});

test('PEOPLE-02/03/04 the manager adds, changes and closes a room; adds an adult with roles, sets a password, marks her as left; the same for a parent', async () => {
  const page = await open();
  await login(page, LOGINS.manager, '/rooms/new');
  // A room: children's, with ages (a conditional reveal).
  await page.getByLabel('Name').fill('Hedgehog Room');
  await page.getByLabel("Children's room").check();
  await page.getByLabel('Youngest age, in months').fill('24');
  await page.getByLabel('Oldest age, in months').fill('36');
  await axe(page, 'room form');
  await page.getByRole('button', { name: 'Add room' }).click();
  await page.waitForURL(/\/rooms\/\d+$/);
  await drawn(page);
  assert.match(await page.locator('.govuk-summary-list').innerText(), /Ages\s+2 years to 3 years/);
  await page.getByRole('link', { name: 'Change details' }).click();
  await drawn(page);
  await page.getByLabel('Name').fill('Ladybird Room');
  await page.getByRole('button', { name: 'Save changes' }).click();
  const summary = page.locator('.govuk-error-summary');
  await summary.getByRole('link', { name: /already/ }).waitFor();
  await page.getByLabel('Name').fill('Hedgehog Room (upstairs)');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(/\/rooms\/\d+$/);
  await drawn(page);
  assert.equal(await h1(page), 'Room\nHedgehog Room (upstairs)');
  await page.getByRole('link', { name: /Close this room/ }).click();
  await drawn(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await drawn(page);
  await page.getByRole('button', { name: 'Yes, close the room' }).click();
  await page.waitForURL(/\/rooms\/\d+$/);
  await drawn(page);
  assert.match(await page.locator('main').innerText(), /Hedgehog Room \(upstairs\) was closed on/);

  // An adult with two roles and a password; she can log in.
  await goto(page, '/adults/new');
  await page.getByLabel('First name').fill('Beth');
  await page.getByLabel('Last name').fill('Quill');
  await page.getByLabel('Key person').check();
  await page.getByLabel('Staff', { exact: true }).check();
  await page.getByLabel('E-mail address').fill('beth.quill@hollybrook.example');
  await page.getByLabel('Line manager').selectOption({ label: 'Helen Ashworth (Manager)' });
  await page.getByLabel('Password (optional)').fill('beth-password-1');
  await axe(page, 'adult form');
  await page.getByRole('button', { name: 'Add adult' }).click();
  await page.waitForURL(/\/adults\/\d+$/);
  await drawn(page);
  const adultUrl = new URL(page.url()).pathname;
  const info = await page.locator('.govuk-summary-list').innerText();
  assert.match(info, /Roles\s+Key person\s+Staff/);
  assert.match(info, /Line manager\s+Helen Ashworth/);
  assert.match(info, /Can log in\s+Yes/);
  await page.getByRole('link', { name: /Set a new password/ }).click();
  await drawn(page);
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Set password' }).click();
  await summary.waitFor();
  assert.equal(await summary.getByRole('link').getAttribute('href'), '#password');
  await page.getByLabel('New password').fill('beth-password-2');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.waitForURL(`**${adultUrl}`);
  await drawn(page);
  assert.match(await page.locator('main').innerText(), /A new password was set for Beth Quill/);
  await page.getByRole('link', { name: /Mark as left/ }).click();
  await drawn(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await drawn(page);
  await page.getByRole('button', { name: 'Yes, mark as left' }).click();
  await page.waitForURL(`**${adultUrl}`);
  await drawn(page);
  assert.match(await page.locator('main').innerText(), /Beth Quill was marked as left on/);
  assert.equal(await page.getByRole('link', { name: /Change/ }).count(), 0, 'a record of someone who left is not edited');

  // A parent: add, change the phone, mark as left.
  await goto(page, '/parents/new');
  await page.getByLabel('First name').fill('Owen');
  await page.getByLabel('Last name').fill('Pike');
  await page.getByRole('button', { name: 'Add parent or carer' }).click();
  await page.waitForURL(/\/parents\/\d+$/);
  await drawn(page);
  await page.getByRole('link', { name: 'Change details' }).click();
  await drawn(page);
  await page.getByLabel('Phone number').fill('07700 900888');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForURL(/\/parents\/\d+$/);
  await drawn(page);
  assert.match(await page.locator('.govuk-summary-list').innerText(), /Phone number\s+07700 900888/);
  await page.getByRole('link', { name: /Mark as left/ }).click();
  await drawn(page);
  await page.getByRole('button', { name: 'Continue' }).click();
  await drawn(page);
  await page.getByRole('button', { name: 'Yes, mark as left' }).click();
  await page.waitForURL(/\/parents\/\d+$/);
  await drawn(page);
  assert.match(await page.locator('main').innerText(), /Owen Pike was marked as left on/);
  assertNoProblems(page);
  await page.context().close();
});

test('import: a CSV with one bad row is named in the preview, not offered for import, and saves nothing', async () => {
  const page = await open();
  await login(page, LOGINS.manager, '/import');
  assert.equal(await h1(page), 'Import\nImport a list');
  const count = async () => (await apiFromPage(page, 'GET', '/children?include_ended=1')).json.children.length;
  const before = await count();
  const csv = 'first_name,last_name,date_of_birth,room,key_person_email\n'
    + `Poppy,Lane,${yearsAgo(3)},Ladybird Room,aisha.rahman@hollybrook.example\n`
    + 'Max,Lane,2099-02-03,Ladybird Room,\n'
    + `Ruby,Lane,${yearsAgo(4)},Bumblebee Room,\n`;
  await page.getByLabel('Children (a class list)').check();
  await page.getByLabel('Choose the CSV file').setInputFiles({ name: 'class-list.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('heading', { name: 'The file cannot be imported' }).waitFor();
  const bad = page.getByRole('table', { name: 'Rows to fix' });
  assert.match(await bad.innerText(), /Row\s+Column\s+Problem\s+3\s+date_of_birth\s+Date of birth is in the future/);
  assert.equal(await bad.locator('tbody tr').count(), 1);
  assert.equal(await page.getByRole('button', { name: /^Import/ }).count(), 0, 'no Import button for a bad file');
  assert.equal(await count(), before, 'nothing was saved');
  await axe(page, 'import preview (bad row)');
  await screenshots(page, 'import-preview');

  // Fixed, the preview is clean and Import is offered; importing saves all.
  await page.getByRole('link', { name: 'Choose another file' }).first().click();
  await drawn(page);
  const fixed = csv.replace('2099-02-03', yearsAgo(2));
  await page.getByLabel('Choose the CSV file').setInputFiles({ name: 'class-list.csv', mimeType: 'text/csv', buffer: Buffer.from(fixed) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('heading', { name: 'Check the file before you import it' }).waitFor({ timeout: 5000 }).catch(async (e) => { console.log(await page.locator('main').innerText()); throw e; });
  assert.equal(await count(), before, 'the check saves nothing');
  await axe(page, 'import preview (clean)');
  await screenshots(page, 'import-preview-clean');
  await page.getByRole('button', { name: 'Import 3 children' }).click();
  await page.getByRole('heading', { name: 'Import complete' }).waitFor();
  assert.equal(await count(), before + 3);
  assertNoProblems(page);
  await page.context().close();
});

test('audit log: filters by action, person and date, pages with before_seq', async () => {
  const page = await open();
  await login(page, LOGINS.dsl, '/audit');
  assert.equal(await h1(page), 'Audit log');
  const rows = page.locator('main table tbody tr');
  assert.equal(await rows.count(), 50);
  await axe(page, 'audit');
  await screenshots(page, 'audit');

  await page.getByLabel('Action').selectOption('child.');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/action=child\./);
  await drawn(page);
  const actions = await page.locator('main table tbody tr code').allInnerTexts();
  assert.ok(actions.length > 0 && actions.every((a) => a.startsWith('child.')), actions.join(' '));

  // Older events, then back to the newest.
  const firstSeq = await page.locator('main table caption').innerText();
  await page.getByRole('link', { name: 'Older events' }).click();
  await page.waitForURL(/before_seq=\d+/);
  await drawn(page);
  assert.notEqual(await page.locator('main table caption').innerText(), firstSeq);
  assert.match(page.url(), /action=child\./, 'the filter is kept when paging');
  await page.getByRole('link', { name: 'Newest events' }).click();
  await page.waitForURL((u) => !u.search.includes('before_seq'));
  await drawn(page);
  assert.equal(await page.locator('main table caption').innerText(), firstSeq);

  // By person and date: the DSL's own log-in today.
  const today = new Date().toLocaleDateString('en-CA');
  await goto(page, '/audit');
  await page.getByLabel('Who').selectOption({ label: 'Eleanor Doyle' });
  await page.getByLabel('From').fill(today);
  await page.getByLabel('To').fill(today);
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/actor=adult%3A\d+/);
  await drawn(page);
  const text = await page.locator('main table tbody').innerText();
  assert.match(text, /Eleanor Doyle\s+Logged in/);
  assertNoProblems(page);
  await page.context().close();
});

test('PEOPLE-14 five wrong passwords lock the account, and the log-in page says so', async () => {
  const page = await open({ viewport: TABLET });
  await goto(page, '/login');
  const [email] = LOGINS.volunteer;
  const submit = async () => {
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/login'));
    await page.getByRole('button', { name: 'Log in' }).click();
    return (await answered).status();
  };
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(`wrong-password-${i}`);
    const status = await submit();
    assert.equal(status, i < 5 ? 401 : 429);
    if (i < 5) {
      await page.locator('.govuk-error-summary').getByText('The e-mail address or password is wrong').waitFor();
    }
  }
  const summary = page.locator('.govuk-error-summary');
  await summary.getByText('Your account is locked').waitFor();
  assert.match(await summary.innerText(), /locked because the password was wrong too many times\. Try again in 15 minutes/);
  // Even the right password is refused now.
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(LOGINS.volunteer[1]);
  assert.equal(await submit(), 429);
  await summary.getByText('Your account is locked').waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await axe(page, 'login (locked out)');
  assertNoProblems(page);
  await page.context().close();
});

test('page not found, for an unknown page and an unknown record', async () => {
  const page = await open();
  await login(page, LOGINS.chair);
  // The chair reads the audit log, and no children.
  const menu = page.getByRole('navigation', { name: 'Menu' });
  assert.deepEqual(await menu.getByRole('link').allInnerTexts(),
    ['Home', 'Office', 'People', 'Devices', 'Audit log']);
  await goto(page, '/no-such-page');
  assert.equal(await h1(page), 'Page not found');
  assert.match(await page.title(), /^Page not found – /);
  await axe(page, 'not found');
  await goto(page, '/adults/99999');
  assert.equal(await h1(page), 'Page not found');
  assertNoProblems(page);
  await page.context().close();
});
