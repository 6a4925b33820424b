// api.js — the one way the UI talks to the server.
//
// api(method, path, body) → Promise<{status, json}>. JSON in and out; a
// string body with {csv: true} is sent as text/csv (imports). Every
// state-changing request carries X-Safeguard-Request (the server refuses a
// cookie request without it: a cross-site form cannot send it). The session
// cookie is HttpOnly: the UI never sees it, it only rides along.
//
// A 401 anywhere but the log-in itself means the session has gone (log-out
// elsewhere, idle too long): the user is sent to the log-in page with `next`
// set to where they were, and the returned promise never settles, so the page
// that asked does not go on to draw an error over the log-in page.

let onUnauthenticated = () => {};

/* The router installs what a lost session does (go to /login?next=…). */
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

export async function api(method, path, body, { csv = false } = {}) {
  const headers = { Accept: 'application/json' };
  const opts = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (method !== 'GET' && method !== 'HEAD') headers['X-Safeguard-Request'] = '1';
  if (body !== undefined) {
    if (csv) {
      headers['Content-Type'] = 'text/csv';
      opts.body = body;
    } else {
      headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
  }
  let res;
  try {
    res = await fetch('/api/v1' + path, opts);
  } catch {
    return {
      status: 0,
      json: { error: { code: 'network', message: 'safeguard could not be reached. Check the connection and try again.' } },
    };
  }
  let json = null;
  try {
    json = await res.json();
  } catch {
    json = null;
  }
  if (res.status === 401 && path !== '/login') {
    onUnauthenticated(json && json.error ? json.error.code : 'unauthenticated');
    return new Promise(() => {});
  }
  return { status: res.status, json };
}

/* Query string from an object, leaving out empty values. */
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== false) u.set(k, v === true ? '1' : String(v));
  }
  const s = u.toString();
  return s ? '?' + s : '';
}

/* The error object of an answer (always has code and message). */
export function errorOf(r) {
  if (r.json && r.json.error) return r.json.error;
  return { code: 'internal_error', message: `Something went wrong (HTTP ${r.status}). Try again.` };
}
