// portal.test.mjs — a parent's way into the parent portal, in headless
// Chromium against the real server and the demo setting (issue 7): Sunita in
// the office invites Nadia Ahmed; Nadia opens the welcome link, chooses a
// password (a slip in typing it twice is caught on screen) and lands on the
// portal with its own short menu; she signs out and logs in again on the
// ordinary log-in page and is taken to the portal; a staff page shows her
// "You cannot do that", as /portal does to a member of staff; the used link
// is refused in plain words (PEOPLE-14).
//
// Every page visited is checked with axe; screenshots at 1280×800 and
// 800×1280 (kept in docs/screenshots/ with SG_SCREENSHOTS=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LOGINS, SETTING, demoServer, launch, newPage, login, goto, apiFromPage, axe, printAxeSummary, screenshots,
  assertNoProblems,
} from './lib.mjs';

const NADIA = 'nadia.ahmed@example.com';
const PASSWORD = 'kettle-garden-river';

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
/* The page's heading without its caption. */
const h1 = (page) => page.locator('main h1').evaluate((el) => [...el.childNodes]
  .filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim());
const menu = (page) => page.getByRole('navigation', { name: 'Menu' });
const menuLinks = (page) => menu(page).getByRole('link').allTextContents();

test('PEOPLE-14 a parent is invited, sets a password, uses the portal, signs out and logs in again', async () => {
  // The office invites Nadia Ahmed (the API; the office's page for it comes with the consent pages).
  const office = await open();
  await login(office, LOGINS.office);
  const found = await apiFromPage(office, 'GET', '/parents?q=Nadia');
  assert.equal(found.status, 200);
  const nadia = found.json.parents.find((p) => p.email === NADIA);
  assert.ok(nadia, 'Nadia Ahmed is in the demo');
  const inv = await apiFromPage(office, 'POST', `/parents/${nadia.id}/invite`, {});
  assert.equal(inv.status, 201, JSON.stringify(inv.json));
  assert.match(inv.json.link, /^\/welcome#token=sgi_/);

  // Nadia opens the link on her own phone.
  const parent = await open();
  await goto(parent, inv.json.link);
  assert.equal(await h1(parent), 'Set up your parent portal account');
  await axe(parent, 'portal: welcome');
  await screenshots(parent, 'portal-welcome');
  await parent.getByLabel('Choose a password').fill(PASSWORD);
  await parent.getByLabel('Type the password again').fill(PASSWORD + 'x');
  await parent.getByRole('button', { name: 'Set my password' }).click();
  const summary = parent.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /The two passwords are not the same/);
  await axe(parent, 'portal: welcome (error)');
  await parent.getByLabel('Type the password again').fill(PASSWORD);
  await parent.getByRole('button', { name: 'Set my password' }).click();
  await parent.waitForURL((u) => u.pathname === '/portal');
  await parent.locator('main h1').waitFor();
  assert.equal(await h1(parent), 'Your children');
  assert.match(await parent.locator('main').textContent(), /Your password is set/);
  assert.match(await parent.locator('main h1').textContent(), /Nadia Ahmed/);
  assert.deepEqual(await menuLinks(parent), ['Your children', 'Change password', 'Sign out']);
  assert.match(await parent.locator('#sg-setting').textContent(), new RegExp(SETTING));
  assert.match(await parent.locator('#sg-user').textContent(), /Nadia Ahmed/);
  await axe(parent, 'portal: your children');
  await screenshots(parent, 'portal-home');

  // Sign out, then in again from the ordinary log-in page: the portal again.
  await menu(parent).getByRole('link', { name: 'Sign out' }).click();
  await parent.waitForURL((u) => u.pathname === '/login');
  await login(parent, [NADIA, PASSWORD]);
  assert.equal(new URL(parent.url()).pathname, '/portal');
  assert.equal(await h1(parent), 'Your children');

  // A staff page is not for her; the home page is the portal.
  await goto(parent, '/children');
  assert.equal(await h1(parent), 'You cannot do that');
  assert.deepEqual(await menuLinks(parent), ['Your children', 'Change password', 'Sign out']);
  await axe(parent, 'portal: staff page refused');
  await goto(parent, '/');
  await parent.waitForURL((u) => u.pathname === '/portal');

  // The used link is refused in plain words.
  const again = await open();
  await goto(again, inv.json.link);
  await again.getByLabel('Choose a password').fill('another-password-1');
  await again.getByLabel('Type the password again').fill('another-password-1');
  await again.getByRole('button', { name: 'Set my password' }).click();
  await again.locator('.govuk-error-summary').waitFor();
  assert.match(await again.locator('.govuk-error-summary').textContent(), /already been used/);

  // And /portal is not a staff page.
  await goto(office, '/portal');
  assert.equal(await h1(office), 'You cannot do that');
  for (const p of [office, parent, again]) assertNoProblems(p);
  await Promise.all([office, parent, again].map((p) => p.context().close()));
});

test('PEOPLE-14 a demo parent with a ready password changes it on the portal', async () => {
  const claire = await open();
  await login(claire, ['claire.walsh@example.com', 'demo-parent-1']);
  assert.equal(new URL(claire.url()).pathname, '/portal');
  await menu(claire).getByRole('link', { name: 'Change password' }).click();
  await claire.waitForURL((u) => u.pathname === '/portal/password');
  assert.equal(await h1(claire), 'Change your password');
  await claire.getByLabel('Current password').fill('not-my-password');
  await claire.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
  await claire.getByLabel('Type the new password again').fill('a-brand-new-password');
  await claire.getByRole('button', { name: 'Change password' }).click();
  await claire.locator('.govuk-error-summary').waitFor();
  assert.match(await claire.locator('.govuk-error-summary').textContent(), /current password is wrong/i);
  await axe(claire, 'portal: change password (error)');
  await screenshots(claire, 'portal-password');
  await claire.getByLabel('Current password').fill('demo-parent-1');
  await claire.getByRole('button', { name: 'Change password' }).click();
  await claire.waitForURL((u) => u.pathname === '/portal');
  await claire.locator('main h1').waitFor();
  assert.match(await claire.locator('main').textContent(), /Your password is changed/);
  assertNoProblems(claire);
  await claire.context().close();
});
