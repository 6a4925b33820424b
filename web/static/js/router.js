// router.js — pages in the browser with the History API.
//
// The server answers index.html for every page path, so a bookmarked or
// reloaded /children/7 lands here and is drawn like a click would. Clicks on
// same-origin links are intercepted (new tab, modifier keys and in-page
// #links are left to the browser); Back and Forward redraw (popstate).
//
// A route names the permission it needs: a person whose roles lack it gets
// the "You cannot do that" page, whatever the URL. Each draw has a number;
// a page that finishes loading after the person has moved on draws nothing.

import { h, replace } from './dom.js';
import { setUnauthenticatedHandler } from './api.js';
import * as session from './session.js';
import { renderHeader, renderNav, closeMenu } from './layout.js';
import { notificationBanner, heading, para, link } from './govuk.js';

const routes = [];
let drawCount = 0;
let flash = null;
let firstDraw = true;

/* route('/children/:id', page, {perm, section, public, kiosk, portal}): a
 * public page needs no log-in; kiosk marks the locker kiosk's own page;
 * portal marks a page of the parent portal, the only pages a parent may
 * see (and pages no staff member needs). */
export function route(pattern, page, opts = {}) {
  const keys = [];
  const re = new RegExp('^' + pattern.replace(/:(\w+)/g, (_, k) => {
    keys.push(k);
    return k === 'id' || k.endsWith('Id') ? '(\\d+)' : '([^/]+)';
  }) + '/?$');
  routes.push({ re, keys, page, ...opts });
}

/* pages('rooms'): the page functions of js/pages/rooms.js, fetched the
 * first time one of them is drawn. The shell loads only what the log-in and
 * home pages need, so the first page stays light however many areas the
 * product has; a page module is a few kilobytes, fetched once and cached. */
export function pages(name) {
  let loading = null;
  const load = () => {
    if (!loading) {
      loading = import(`./pages/${name}.js`).catch((e) => {
        loading = null;  // a dropped connection should not stick
        throw e;
      });
    }
    return loading;
  };
  return new Proxy({}, {
    get: (_, fn) => async (ctx) => {
      const mod = await load();
      if (typeof mod[fn] !== 'function') throw new Error(`pages/${name}.js has no ${String(fn)}`);
      return mod[fn](ctx);
    },
  });
}

/* Go to a page. flash: a success message shown at the top of it (or
 * {text} for a plain information banner). */
export function navigate(url, { replace: rep = false, flash: message } = {}) {
  if (message) flash = message;
  if (rep) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  return draw();
}

function match(path) {
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) {
      const params = {};
      r.keys.forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
      return { route: r, params };
    }
  }
  return null;
}

function setTitle(title) {
  const setting = session.settingName();
  document.title = [title, setting, 'safeguard'].filter(Boolean).join(' – ');
}

/* Draw the page for the current URL. */
export async function draw() {
  const n = ++drawCount;
  const main = document.getElementById('main-content');
  main.setAttribute('aria-busy', 'true');
  const path = location.pathname;
  const found = match(path);
  const r = found ? found.route : null;

  if (!(r && r.public)) await session.load();
  if (n !== drawCount) return;
  // A locker kiosk may use its own page and nothing else.
  if (session.isKiosk() && !(r && r.public)) return navigate('/kiosk', { replace: true });
  // A parent's home is the portal.
  if (session.isPortal() && path === '/') return navigate('/portal', { replace: true });
  document.body.classList.toggle('sg-kiosk-mode', !!(r && r.kiosk));
  renderHeader();
  closeMenu();

  let drawn = false;
  const ctx = {
    params: found ? found.params : {},
    query: new URLSearchParams(location.search),
    path,
    me: session.current(),
    can: session.can,
    main,
    navigate,
    get stale() { return n !== drawCount; },
    /* Put the page on screen: title (for <title>), back link, content. */
    render({ title, back, backText = 'Back', section = r && r.section } = {}, ...nodes) {
      if (n !== drawCount) return false;
      drawn = true;
      renderNav(section);
      const banner = flash
        ? (typeof flash === 'string' ? notificationBanner(flash) : notificationBanner(flash.text, { success: false }))
        : null;
      flash = null;
      replace(main, back ? h('a', { href: back, class: 'govuk-back-link', text: backText }) : null, banner, ...nodes);
      main.removeAttribute('aria-busy');
      setTitle(title);
      if (!firstDraw) {
        window.scrollTo(0, 0);
        const h1 = main.querySelector('h1');
        if (h1) h1.focus();
      }
      firstDraw = false;
      return true;
    },
    notFound: () => notFound(ctx),
    notAllowed: () => notAllowed(ctx),
  };

  try {
    if (!r) return notFound(ctx);
    if (r.perm && !session.can(r.perm)) return notAllowed(ctx);
    if (!r.public && !!r.portal !== session.isPortal()) return notAllowed(ctx);
    await r.page(ctx);
    if (!drawn && n === drawCount) main.removeAttribute('aria-busy');
  } catch (e) {
    console.error(e);
    ctx.render({ title: 'Sorry, there is a problem' },
      heading('Sorry, there is a problem'),
      para('The page could not be shown. Try again, or go to the ', link('/', 'home page'), '.'));
  }
}

/* "Page not found" — also for an id the API does not know. */
export function notFound(ctx) {
  return ctx.render({ title: 'Page not found', section: null },
    heading('Page not found'),
    para('If you typed the web address, check it is correct.'),
    para('If you followed a link, the record may not exist in your setting.'),
    para(link('/', 'Go to the home page')));
}

/* "You cannot do that" — for a page or action the roles do not allow
 * (the API answered 403 forbidden, or the menu would not have offered it). */
export function notAllowed(ctx) {
  return ctx.render({ title: 'You cannot do that', section: null },
    heading('You cannot do that'),
    para('Your role does not allow you to use this page.'),
    para('If you need to, ask the setting manager.'),
    para(link('/', 'Go to the home page')));
}

/* Draw the page for a failed API answer that means the page cannot be
 * shown (404 → not found, 403 → not allowed). Returns true when it did. */
export function failPage(ctx, res) {
  if (res.status === 404) {
    notFound(ctx);
    return true;
  }
  if (res.status === 403) {
    notAllowed(ctx);
    return true;
  }
  if (res.status >= 400 || res.status === 0) {
    const msg = res.json && res.json.error ? res.json.error.message : `HTTP ${res.status}`;
    ctx.render({ title: 'Sorry, there is a problem' },
      heading('Sorry, there is a problem'),
      para('The page could not be shown: ', msg, '.'),
      para(link(location.pathname + location.search, 'Try again')));
    return true;
  }
  return false;
}

function onClick(ev) {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = ev.target.closest('a[href]');
  if (!a || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/static/') || url.pathname === '/healthz') return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  ev.preventDefault();
  navigate(url.pathname + url.search);
}

export function start() {
  setUnauthenticatedHandler((code) => {
    session.clear();
    if (location.pathname === '/login') return;
    const next = location.pathname + location.search;
    const q = new URLSearchParams({ next });
    if (code === 'session_expired') q.set('reason', 'expired');
    navigate('/login?' + q.toString(), { replace: true });
  });
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => draw());
  return draw();
}
