// session.js — who is logged in, and what their roles let them do.
//
// The answer of GET /api/v1/me (or of the log-in) is kept here:
// {adult, setting, roles, permissions} for staff, or {parent, setting,
// roles: [], permissions: [], portal: true} for a parent signed in to the
// parent portal. The UI offers only what `permissions` allows; the API
// enforces the same table regardless.

import { api } from './api.js';

let me = null;
let kiosk = false; // this browser is a locker kiosk: it may use /kiosk only

export function current() {
  return me;
}

export function set(answer) {
  me = answer;
}

export function clear() {
  me = null;
  kiosk = false;
}

/* Load /me once; a 401 sends the browser to the log-in page (api.js). */
export async function load() {
  if (me) return me;
  const r = await api('GET', '/me');
  if (r.status === 200) me = r.json;
  kiosk = r.status === 403 && !!r.json && !!r.json.error && r.json.error.code === 'kiosk_only';
  return me;
}

/* The last /me said this browser is a locker kiosk (the router sends it to
 * /kiosk, the only page a kiosk may use). */
export function isKiosk() {
  return kiosk;
}

/* A parent signed in to the parent portal: the portal's pages only. */
export function isPortal() {
  return !!(me && me.portal);
}

export function can(perm) {
  return !!(me && me.permissions && me.permissions.includes(perm));
}

export function settingName() {
  return me && me.setting ? me.setting.name : '';
}
