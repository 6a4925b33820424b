// layout.js — the parts around every page: the header with the setting's
// name and who is logged in, and the menu (GOV.UK service navigation).
//
// The menu (menu.js) lists only what the person's permissions allow: a key
// person is not offered the audit log or the import page. A parent signed in to the
// parent portal gets the portal's own short menu instead.

import { h, replace } from './dom.js';
import * as session from './session.js';
import { fullName } from './format.js';
import { MENU, PORTAL_MENU, visibleMenu } from './menu.js';

let menuOpen = false;

export function renderHeader() {
  const me = session.current();
  const setting = document.getElementById('sg-setting');
  const user = document.getElementById('sg-user');
  const product = document.getElementById('sg-product');
  if (!setting || !user) return;
  // Logged in, the header names the setting, then the product; logged out,
  // only the product.
  if (product) product.hidden = !me;
  if (me) {
    replace(setting, h('a', { href: '/', class: 'sg-header__link', text: me.setting.name }));
    replace(user,
      h('span', { class: 'govuk-visually-hidden', text: 'Logged in as ' }),
      fullName(me.adult || me.parent),
      h('a', { href: '/logout', class: 'sg-header__link', text: me.portal ? 'Sign out' : 'Log out' }));
  } else {
    replace(setting, h('a', { href: '/', class: 'sg-header__link', text: 'safeguard' }));
    replace(user);
  }
}

/* Draw the menu with `section` marked as the current page. */
export function renderNav(section) {
  const host = document.getElementById('sg-nav');
  if (!host) return;
  const me = session.current();
  if (!me) {
    replace(host);
    return;
  }
  const items = visibleMenu(session.can, session.isPortal() ? PORTAL_MENU : MENU).map(({ href, text, sections }) => {
    const active = section != null && sections.includes(section);
    return h('li', { class: ['govuk-service-navigation__item', active && 'govuk-service-navigation__item--active'] },
      h('a', { class: 'govuk-service-navigation__link', href, 'aria-current': active ? 'page' : null },
        active ? h('strong', { class: 'govuk-service-navigation__active-fallback', text }) : text));
  });
  const list = h('ul', { class: 'govuk-service-navigation__list', id: 'navigation' }, items);
  const toggle = h('button', {
    type: 'button', class: 'govuk-service-navigation__toggle govuk-js-service-navigation-toggle',
    'aria-controls': 'navigation', text: 'Menu',
  });
  toggle.addEventListener('click', () => {
    menuOpen = !menuOpen;
    syncMenu(toggle, list);
  });
  replace(host, h('section', { 'aria-label': 'Menu', class: 'govuk-service-navigation', 'data-module': 'govuk-service-navigation' },
    h('div', { class: 'govuk-width-container' },
      h('div', { class: 'govuk-service-navigation__container' },
        h('nav', { 'aria-label': 'Menu', class: 'govuk-service-navigation__wrapper' }, toggle, list)))));
  syncMenu(toggle, list);
}

// On a narrow screen the menu folds behind a "Menu" button (what GOV.UK's
// ServiceNavigation JS does); from the tablet breakpoint it is always open.
const wide = window.matchMedia('(min-width: 40.0625em)');
function syncMenu(toggle, list) {
  if (wide.matches) {
    list.removeAttribute('hidden');
    toggle.setAttribute('hidden', '');
    toggle.setAttribute('aria-hidden', 'true');
  } else {
    toggle.removeAttribute('hidden');
    toggle.removeAttribute('aria-hidden');
    toggle.setAttribute('aria-expanded', String(menuOpen));
    if (menuOpen) list.removeAttribute('hidden');
    else list.setAttribute('hidden', '');
  }
}
wide.addEventListener('change', () => {
  const toggle = document.querySelector('.govuk-js-service-navigation-toggle');
  const list = document.getElementById('navigation');
  if (toggle && list) syncMenu(toggle, list);
});

/* After a navigation on a narrow screen the menu folds again. */
export function closeMenu() {
  menuOpen = false;
}
