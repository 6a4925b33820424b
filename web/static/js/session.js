// session.js — who is logged in, and what their roles let them do.
//
// The answer of GET /api/v1/me (or of the log-in) is kept here:
// {adult, setting, roles, permissions}. The UI offers only what
// `permissions` allows; the API enforces the same table regardless.

import { api } from './api.js';

let me = null;

export function current() {
  return me;
}

export function set(answer) {
  me = answer;
}

export function clear() {
  me = null;
}

/* Load /me once; a 401 sends the browser to the log-in page (api.js). */
export async function load() {
  if (me) return me;
  const r = await api('GET', '/me');
  if (r.status === 200) me = r.json;
  return me;
}

export function can(perm) {
  return !!(me && me.permissions && me.permissions.includes(perm));
}

export function settingName() {
  return me && me.setting ? me.setting.name : '';
}
