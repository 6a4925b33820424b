// dom.js — building the page from data without ever parsing data as HTML.
//
// Every element is made with document.createElement and every piece of text
// goes in as a text node, so a child called "<script>" is shown, not run
// (and the Content-Security-Policy forbids inline script anyway).

/* h('a', {href: '/children', class: 'govuk-link'}, 'Children')
 * attrs: `class`, `text`, `on` ({click: fn}), `dataset`, and any attribute;
 * true sets an empty attribute, false/null/undefined leaves it out.
 * children: nodes, strings, numbers, arrays (flattened); null is skipped. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === false || v === null || v === undefined) continue;
      if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'value' && 'value' in el) el.value = v;
      else if (k === 'checked' || k === 'selected') el[k] = !!v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

/* Append nodes/strings/arrays to el, skipping null and false. */
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/* Replace everything inside el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/* Text with a visually hidden part for screen readers, e.g. the name of the
 * record an "Edit" link is about. */
export function withHidden(text, hidden) {
  return [text, h('span', { class: 'govuk-visually-hidden', text: ' ' + hidden })];
}

let uid = 0;
/* A fresh id for elements that need one (hints, error messages). */
export function nextId(prefix = 'sg') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/* add(el, a, b, …): like el.append, but null/false are skipped rather than
 * written out as "null". */
export function add(el, ...children) {
  return append(el, children);
}
