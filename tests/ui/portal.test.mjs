// portal.test.mjs — a parent's way into the parent portal, in headless
// Chromium against the real server and the demo setting (issue 7): Sunita in
// the office invites Nadia Ahmed; Nadia opens the welcome link, chooses a
// password (a slip in typing it twice is caught on screen) and lands on the
// portal with its own short menu; she signs out and logs in again on the
// ordinary log-in page and is taken to the portal; a staff page shows her
// "You cannot do that", as /portal does to a member of staff; the used link
// is refused in plain words (PEOPLE-14). Claire Walsh signs the consent
// form for Poppy, giving website consent, and withdraws it; Poppy's key
// person sees it withdrawn at once (CONSENT-04, -10, -11, -18, -22). The
// office is shown an invitation link once on a parent's page.
//
// Every page visited is checked with axe; screenshots at 1280×800 and
// 800×1280 (kept in docs/screenshots/ with SG_SCREENSHOTS=1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LOGINS, SETTING, demoServer, launch, newPage, login, goto, drawn, apiFromPage, axe, printAxeSummary, screenshots,
  assertNoProblems,
} from './lib.mjs';

const NADIA = 'nadia.ahmed@example.com';
const PASSWORD = 'kettle-garden-river';
// The password test below changes Claire's password, so the consent test
// comes before it.
const CLAIRE = ['claire.walsh@example.com', 'demo-parent-1'];
// Poppy Walsh's key person in the demo.
const MEGAN = ['megan.price@hollybrook.example', 'demo-keyperson-4'];

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
  await drawn(parent);
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

/* One child's entry in GET /portal/children, and one purpose in it. */
const childIn = (answer, name) => answer.json.children.find((c) => c.child.name === name);
const purposeIn = (c, purpose) => c.purposes.find((p) => p.purpose === purpose);

test('CONSENT-04/-11 S-01 a parent gives website consent on the portal, withdraws it, and the key person\'s view says withdrawn at once', async () => {
  const claire = await open();
  await login(claire, CLAIRE);
  const before = await apiFromPage(claire, 'GET', '/portal/children');
  assert.equal(before.status, 200);
  const poppy = childIn(before, 'Poppy Walsh');
  assert.ok(poppy, 'Poppy Walsh is Claire\'s child in the demo');
  assert.equal(purposeIn(poppy, 'website').state, 'refused', 'the demo has website consent refused on paper');
  const poppyId = poppy.child.id;

  // From the portal home to Poppy's consent form.
  const poppySection = claire.getByRole('region', { name: 'Poppy Walsh' });
  await poppySection.getByRole('link', { name: /Review and sign the consent form/ }).click();
  await claire.waitForURL((u) => u.pathname === `/portal/children/${poppyId}/sign`);
  await drawn(claire);
  assert.equal(await h1(claire), before.json.form.title);
  assert.match(await claire.locator('main').textContent(), new RegExp(before.json.form.intro.slice(0, 40)));
  assert.match(await claire.locator('main').textContent(), /Consent form version 1/);

  // Pre-filled from her paper form; a public use says what publication
  // implies (CONSENT-18), an inside one does not.
  const website = claire.getByRole('group', { name: 'The setting\'s website' });
  const journal = claire.getByRole('group', { name: 'The child\'s own learning journal' });
  assert.equal(await website.getByLabel('No').isChecked(), true);
  assert.equal(await journal.getByLabel('Yes').isChecked(), true);
  assert.match(await website.textContent(), /This use is public\. .*search engines/);
  assert.doesNotMatch(await journal.textContent(), /This use is public/);
  // CONSENT-10: "individual photos only" can be asked for.
  const individual = claire.getByLabel(/Individual photos only — do not show my child in other children’s learning journals/);
  assert.equal(await individual.isChecked(), false);
  await website.getByLabel('Yes').check();
  await axe(claire, 'portal: consent form');
  await claire.evaluate(() => window.scrollTo(0, 0));
  await screenshots(claire, 'portal-sign');

  // No typed name: the error summary names the field and nothing is recorded.
  await claire.getByRole('button', { name: 'Sign and send my answers' }).click();
  const summary = claire.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /Type your full name to sign the form/);
  assert.equal(await summary.getByRole('link', { name: /full name/ }).getAttribute('href'), '#signed_name');
  assert.match(await claire.title(), /^Error: /);
  await axe(claire, 'portal: consent form (error)');
  const unchanged = await apiFromPage(claire, 'GET', '/portal/children');
  assert.equal(purposeIn(childIn(unchanged, 'Poppy Walsh'), 'website').state, 'refused', 'nothing was recorded');
  assert.deepEqual(purposeIn(childIn(unchanged, 'Poppy Walsh'), 'website').records.map((r) => r.id),
    purposeIn(poppy, 'website').records.map((r) => r.id));

  await claire.getByLabel('Your full name').fill('Claire Walsh');
  await claire.getByRole('button', { name: 'Sign and send my answers' }).click();
  await claire.waitForURL((u) => u.pathname === '/portal');
  await drawn(claire);
  assert.match(await claire.locator('main').textContent(), /Thank you — your consent is recorded/);
  const websiteRow = claire.getByRole('region', { name: 'Poppy Walsh' })
    .locator('.govuk-summary-list__row', { hasText: 'The setting\'s website' });
  assert.match(await websiteRow.locator('dd').first().textContent(), /^Given$/);

  // CONSENT-04/-22: who signed, how, as what, which version of the form.
  const given = await apiFromPage(claire, 'GET', '/portal/children');
  const web = purposeIn(childIn(given, 'Poppy Walsh'), 'website');
  assert.equal(web.state, 'allowed');
  const rec = web.records.find((r) => r.current && r.decision === 'given');
  assert.ok(rec, JSON.stringify(web.records));
  assert.equal(rec.channel, 'portal');
  assert.equal(rec.signed_name, 'Claire Walsh');
  assert.equal(rec.signer_id, 5);
  assert.equal(rec.relationship, 'mother');
  assert.equal(rec.form_id, before.json.form.id);
  assert.equal(rec.form_version, before.json.form.version);
  assert.equal(rec.individual_only, false);
  // Her other answers were sent as they stood.
  assert.equal(purposeIn(childIn(given, 'Poppy Walsh'), 'brochure').state, 'refused');
  assert.equal(purposeIn(childIn(given, 'Poppy Walsh'), 'journal').state, 'allowed');

  // Withdraw it (CONSENT-11).
  await websiteRow.getByRole('link', { name: /Withdraw/ }).click();
  await claire.waitForURL((u) => u.pathname === `/portal/consents/${rec.id}/withdraw`);
  await drawn(claire);
  assert.equal(await h1(claire), 'Withdraw consent for the setting\'s website');
  assert.match(await claire.locator('main').textContent(), /Withdrawal takes effect at once/);
  await claire.getByLabel(/Why are you withdrawing it/).fill('We would rather Poppy was not online after all.');
  await axe(claire, 'portal: withdraw consent');
  await screenshots(claire, 'portal-withdraw');
  await claire.getByRole('button', { name: 'Withdraw consent' }).click();
  await claire.waitForURL((u) => u.pathname === '/portal');
  await drawn(claire);
  assert.match(await claire.locator('main').textContent(), /Your consent for the setting's website is withdrawn \(Poppy Walsh\)/);
  assert.match(await websiteRow.locator('dd').first().textContent(), /^Withdrawn$/);
  assert.equal(await websiteRow.getByRole('link', { name: /Withdraw/ }).count(), 0);

  // The key person sees it withdrawn at once.
  const megan = await open();
  await login(megan, MEGAN);
  const staffView = await apiFromPage(megan, 'GET', `/children/${poppyId}/consent`);
  assert.equal(staffView.status, 200);
  const staffWebsite = purposeIn(staffView.json, 'website');
  assert.equal(staffWebsite.state, 'withdrawn');
  const withdrawn = staffWebsite.records.find((r) => r.id === rec.id);
  assert.ok(withdrawn && withdrawn.withdrawn_at, 'the record says when it was withdrawn');

  // A used-up withdrawal link says so in plain words.
  await goto(claire, `/portal/consents/${rec.id}/withdraw`);
  assert.equal(await h1(claire), 'This consent cannot be withdrawn');
  assert.match(await claire.locator('main').textContent(), /already withdrawn/);
  for (const p of [claire, megan]) assertNoProblems(p);
  await Promise.all([claire, megan].map((p) => p.context().close()));
});

test('PEOPLE-14 the office invites a parent from their page and is shown the link once', async () => {
  const office = await open();
  await login(office, LOGINS.office);
  const found = await apiFromPage(office, 'GET', '/parents?q=Bethan');
  const bethan = found.json.parents.find((p) => p.email === 'bethan.evans@example.com');
  assert.ok(bethan, 'Bethan Evans is in the demo');
  await goto(office, `/parents/${bethan.id}`);
  await office.getByRole('button', { name: 'Invite to the parent portal' }).click();
  const box = office.getByLabel('Invitation link for Bethan Evans');
  await box.waitFor();
  const origin = new URL(office.url()).origin;
  const url = await box.inputValue();
  assert.ok(url.startsWith(`${origin}/welcome#token=sgi_`), url);
  const text = await office.locator('main').textContent();
  assert.match(text, /Print it or e-mail it to bethan\.evans@example\.com/);
  assert.match(text, /only once, and only for 7 days/);
  assert.match(text, /Shown only now/);
  await axe(office, 'parents: invitation shown');
  await screenshots(office, 'parent-invite');

  // The link works: it opens the welcome page.
  const parent = await open();
  await goto(parent, url.slice(origin.length));
  assert.equal(await h1(parent), 'Set up your parent portal account');

  // Refused in plain words: a parent with no e-mail address.
  const added = await apiFromPage(office, 'POST', '/parents', { first_name: 'Robin', last_name: 'Noemail' });
  assert.equal(added.status, 201, JSON.stringify(added.json));
  const link = await apiFromPage(office, 'POST', '/children/3/parents', { parent_id: added.json.id, relationship: 'aunt', parental_responsibility: false });
  assert.ok(link.status === 200 || link.status === 201, JSON.stringify(link.json));
  await goto(office, `/parents/${added.json.id}`);
  await office.getByRole('button', { name: 'Invite to the parent portal' }).click();
  const summary = office.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.textContent(), /Robin Noemail has no e-mail address/);
  assert.equal(await office.locator('#invite-link').count(), 0);
  await axe(office, 'parents: invitation refused');

  // Someone who may not invite has no button.
  const megan = await open();
  await login(megan, MEGAN);
  await goto(megan, `/parents/${bethan.id}`);
  assert.equal(await megan.getByRole('button', { name: 'Invite to the parent portal' }).count(), 0);
  for (const p of [office, parent, megan]) assertNoProblems(p);
  await Promise.all([office, parent, megan].map((p) => p.context().close()));
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
  await drawn(claire);
  assert.match(await claire.locator('main').textContent(), /Your password is changed/);
  assertNoProblems(claire);
  await claire.context().close();
});
