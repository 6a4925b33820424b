// form.js — a GOV.UK form wired to the API.
//
// A Form holds fields (from govuk.js) by their API name. On submit it checks
// only what must be filled in, then hands the values to the page's submit
// function, which calls the API. Any error answer is shown the GOV.UK way:
// an error summary at the top of the page, focused, linking to the field, and
// the same message beside the field (the API names it in error.field).
// "Error: " is put in front of the page title while errors are shown.

import { h } from './dom.js';
import { errorSummary, button, buttonGroup } from './govuk.js';
import { errorOf } from './api.js';
import { humanise } from './format.js';

export class Form {
  /* host: the element the error summary goes at the top of (the page's
   * content). submit(values, form) → Promise; throw nothing: return the
   * API answer when it failed, or undefined when done. */
  constructor({ host, submitText = 'Save', submit, secondary = [], kind = '', labels = {}, required = {} }) {
    this.host = host;
    this.fields = new Map();
    this.labels = { ...labels };
    this.required = required; // name → message when empty
    this.submitFn = submit;
    this.summary = null;
    this.busy = false;
    this.submitButton = button(submitText, { kind });
    this.el = h('form', { novalidate: true, on: { submit: (ev) => this.onSubmit(ev) } });
    this.fieldsEl = h('div');
    this.el.append(this.fieldsEl, buttonGroup(this.submitButton, ...secondary));
  }

  /* Add a field (or any node). A field's label becomes the name used in the
   * API's messages. */
  add(...items) {
    for (const f of items) {
      if (!f) continue;
      if (f instanceof Node) {
        this.fieldsEl.append(f);
        continue;
      }
      this.fields.set(f.name, f);
      if (f.label && !this.labels[f.name]) this.labels[f.name] = f.label;
      this.fieldsEl.append(f.el);
    }
    return this;
  }

  /* A field that lives inside another (a conditional reveal): readable and
   * able to show errors, but placed by the caller. */
  register(f) {
    this.fields.set(f.name, f);
    return f;
  }

  values() {
    const v = {};
    for (const [name, f] of this.fields) v[name] = f.get();
    return v;
  }

  clearErrors() {
    for (const f of this.fields.values()) f.setError(null);
    if (this.summary) this.summary.remove();
    this.summary = null;
    document.title = document.title.replace(/^Error: /, '');
  }

  /* errors: [{field?, message}] — messages already in plain English or as
   * the API wrote them (humanised here). */
  showErrors(errors) {
    this.clearErrors();
    const items = [];
    for (const e of errors) {
      const text = humanise(e.message, this.labels);
      const f = e.field && this.fields.get(e.field);
      if (f) f.setError(text);
      items.push({ focusId: f ? f.focusId : null, text });
    }
    this.summary = errorSummary(items);
    this.host.prepend(this.summary);
    if (!document.title.startsWith('Error: ')) document.title = 'Error: ' + document.title;
    this.summary.focus();
  }

  /* Show an API error answer. */
  showApiError(r) {
    const e = errorOf(r);
    // The API lists every bad field in details.fields; the first is e.field.
    const all = e.details && Array.isArray(e.details.fields) ? e.details.fields : null;
    this.showErrors(all && all.length ? all : [{ field: e.field, message: e.message }]);
  }

  async onSubmit(ev) {
    ev.preventDefault();
    if (this.busy) return; // a double press sends once
    const values = this.values();
    const missing = [];
    for (const [name, message] of Object.entries(this.required)) {
      const v = values[name];
      if (v === '' || v === undefined || (Array.isArray(v) && v.length === 0)) missing.push({ field: name, message });
    }
    if (missing.length) {
      this.showErrors(missing);
      return;
    }
    this.busy = true;
    this.submitButton.setAttribute('aria-disabled', 'true');
    try {
      const r = await this.submitFn(values, this);
      if (r && r.status !== undefined && (r.status === 0 || r.status >= 400)) this.showApiError(r);
    } finally {
      this.busy = false;
      this.submitButton.removeAttribute('aria-disabled');
    }
  }
}

/* The changed fields only (PATCH sends what changed: the API refuses an edit
 * that changes nothing). Empty text means "none" (null). */
export function changes(values, record, fields) {
  const out = {};
  for (const name of fields) {
    if (!(name in values)) continue;
    let v = values[name];
    const before = record[name] === undefined ? null : record[name];
    if (v === '') v = null;
    if (Array.isArray(v) && Array.isArray(before)) {
      const a = [...v].sort().join(',');
      const b = [...before].sort().join(',');
      if (a !== b) out[name] = v;
    } else if (String(v ?? '') !== String(before ?? '')) {
      out[name] = v;
    }
  }
  return out;
}

/* Values for a POST: empty text left out. */
export function compact(values) {
  const out = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === '' || v === null || v === undefined) continue;
    out[k] = v;
  }
  return out;
}
