// lib.mjs — helpers for the browser tests: the demo setting served by the
// real binary, headless Chromium, log-in, axe checks and screenshots.
// The server helpers are the API tests' (tests/api/lib.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { REPO, cli, startServer, tempDir, rmrf } from '../api/lib.mjs';

export { REPO };

export const LOGINS = {
  manager: ['manager@hollybrook.example', 'demo-manager-1'],
  keyPerson: ['aisha.rahman@hollybrook.example', 'demo-keyperson-1'],
  dsl: ['eleanor.doyle@hollybrook.example', 'demo-dsl-1'],
  chair: ['graham.hale@hollybrook.example', 'demo-chair-1'],
  office: ['sunita.kaur@hollybrook.example', 'demo-office-1'],
  volunteer: ['margaret.osei@hollybrook.example', 'demo-volunteer-1'],
};

export const SETTING = 'Hollybrook Forest Pre-School';
// Screenshots are taken on every run (so the pages are exercised at both
// sizes) but written into docs/screenshots only with SG_SCREENSHOTS=1
// (`make screenshots`), so that `make check` leaves the tree unchanged.
export const SHOTS = process.env.SG_SCREENSHOTS === '1'
  ? path.join(REPO, 'docs', 'screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'sg-shots-'));
if (process.env.SG_SCREENSHOTS !== '1') process.on('exit', () => fs.rmSync(SHOTS, { recursive: true, force: true }));
export const DESKTOP = { width: 1280, height: 800 };
export const TABLET = { width: 800, height: 1280 };

/* The demo setting in a fresh data directory, served on a free port. */
export async function demoServer() {
  const root = tempDir('sgui-');
  const dir = path.join(root, 'data');
  const r = cli(['demo', '--data', dir, '--no-serve']);
  assert.equal(r.code, 0, `safeguard demo failed: ${r.stderr}`);
  const srv = await startServer(dir);
  return {
    url: srv.url,
    dir,
    async stop() {
      try {
        await srv.stop();
      } finally {
        rmrf(root);
      }
    },
  };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // --lang: British, like the setting's tablets (date inputs still show
    // mm/dd/yyyy here: Debian's chromium has only the en-US locale files
    // unless chromium-l10n is installed).
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--lang=en-GB'],
  });
}

/* A fresh browser context (its own cookies) and page, British by default.
 * Fails the test on any script error, console error or failed request. */
export async function newPage(browser, baseURL, { viewport = DESKTOP } = {}) {
  const context = await browser.newContext({ baseURL, viewport, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // 4xx answers the page expects (a 403 probe, a wrong password) are
    // logged by Chromium as console errors; those are checked by the tests.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  page.on('response', (res) => {
    const u = new URL(res.url());
    if (res.status() >= 400 && !u.pathname.startsWith('/api/')) page.problems.push(`HTTP ${res.status()} ${u.pathname}`);
  });
  page.on('requestfailed', (req) => page.problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));
  return page;
}

export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], 'the page logged problems');
}

/* Wait until the router has drawn a page: the main landmark is not busy and
 * holds an h1. */
export async function drawn(page) {
  await page.waitForFunction(() => {
    const m = document.getElementById('main-content');
    return m && !m.hasAttribute('aria-busy') && m.querySelector('h1');
  });
}

export async function goto(page, p) {
  await page.goto(p);
  await drawn(page);
}

export async function login(page, [email, password], next = '/') {
  await goto(page, next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => u.pathname !== '/login');
  await drawn(page);
}

/* Call the API from inside the page (with its session cookie). */
export function apiFromPage(page, method, p, body) {
  return page.evaluate(async ([m, u, b]) => {
    const headers = { Accept: 'application/json' };
    if (m !== 'GET') headers['X-Safeguard-Request'] = '1';
    if (b !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch('/api/v1' + u, { method: m, headers, body: b === undefined ? undefined : JSON.stringify(b) });
    let json = null;
    try { json = await r.json(); } catch { /* no body */ }
    return { status: r.status, json };
  }, [method, p, body]);
}

/* axe on the page as it is now; fails on any serious or critical
 * violation. Every result is kept for the summary printed at the end. */
export const axeResults = [];
export async function axe(page, name) {
  const res = await new AxeBuilder({ page }).analyze();
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  axeResults.push({
    page: name,
    passes: res.passes.length,
    violations: res.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`),
    incomplete: res.incomplete.length,
  });
  assert.deepEqual(bad.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })), [],
    `axe found serious or critical problems on ${name}`);
}

export function printAxeSummary() {
  if (!axeResults.length) return;
  console.log('axe results (serious/critical must be none):');
  for (const r of axeResults) {
    console.log(`  ${r.page.padEnd(28)} passes ${String(r.passes).padStart(3)}  violations: ${r.violations.length ? r.violations.join(', ') : 'none'}  incomplete: ${r.incomplete}`);
  }
}

/* Screenshots at 1280×800 and at tablet size 800×1280 (viewport only, so
 * the files stay small); the viewport is put back afterwards. */
export async function screenshots(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const [size, suffix] of [[DESKTOP, '1280'], [TABLET, 'tablet']]) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(SHOTS, `${name}-${suffix}.png`) });
  }
  await page.setViewportSize(before);
}
