// govuk.js — GOV.UK Frontend components, built as DOM.
//
// The markup follows the GOV.UK Design System's templates (the Nunjucks
// macros' output), so GOV.UK's CSS styles it and its accessibility carries
// over: labels for every input, hints and errors tied in aria-describedby,
// fieldsets with legends for groups of radios or checkboxes.
//
// Form fields return {name, el, focusId, get(), setError(msg)} so that
// form.js can read them and put an API error next to the right one.

import { h, nextId } from './dom.js';

export function heading(text, { caption, size = 'l' } = {}) {
  return h('h1', { class: `govuk-heading-${size}`, tabindex: '-1' },
    caption ? h('span', { class: `govuk-caption-${size}`, text: caption }) : null,
    text);
}

export function para(...children) {
  return h('p', { class: 'govuk-body' }, ...children);
}

export function link(href, text, { cls = '', hidden } = {}) {
  return h('a', { href, class: ['govuk-link', cls] }, text,
    hidden ? h('span', { class: 'govuk-visually-hidden', text: ' ' + hidden }) : null);
}

export function button(text, { kind = '', type = 'submit', on } = {}) {
  return h('button', {
    type, class: ['govuk-button', kind && `govuk-button--${kind}`], 'data-module': 'govuk-button', on,
  }, text);
}

/* A link that looks like a button: navigation stays a link. */
export function buttonLink(href, text, { kind = 'secondary' } = {}) {
  return h('a', { href, class: ['govuk-button', kind && `govuk-button--${kind}`], draggable: 'false' }, text);
}

export function buttonGroup(...children) {
  return h('div', { class: 'govuk-button-group' }, ...children);
}

export function backLink(href, text = 'Back') {
  return h('a', { href, class: 'govuk-back-link' }, text);
}

export function tag(text, colour) {
  return h('strong', { class: ['govuk-tag', colour && `govuk-tag--${colour}`] }, text);
}

export function insetText(...children) {
  return h('div', { class: 'govuk-inset-text' }, ...children);
}

export function warningText(text) {
  return h('div', { class: 'govuk-warning-text' },
    h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true', text: '!' }),
    h('strong', { class: 'govuk-warning-text__text' },
      h('span', { class: 'govuk-visually-hidden', text: 'Warning' }), text));
}

/* Success or information banner; a success banner is announced. */
export function notificationBanner(text, { success = true, title } = {}) {
  const titleId = nextId('banner-title');
  return h('div', {
    class: ['govuk-notification-banner', success && 'govuk-notification-banner--success'],
    role: success ? 'alert' : 'region', 'aria-labelledby': titleId, 'data-module': 'govuk-notification-banner',
  },
  h('div', { class: 'govuk-notification-banner__header' },
    h('h2', { class: 'govuk-notification-banner__title', id: titleId, text: title || (success ? 'Success' : 'Important') })),
  h('div', { class: 'govuk-notification-banner__content' },
    h('p', { class: 'govuk-notification-banner__heading', text })));
}

export function panel(title, text) {
  return h('div', { class: 'govuk-panel govuk-panel--confirmation' },
    h('h1', { class: 'govuk-panel__title', tabindex: '-1', text: title }),
    text ? h('div', { class: 'govuk-panel__body', text }) : null);
}

/* rows: [{key, value: string|Node|array, actions: [{href, text, hidden}]}] */
export function summaryList(rows, { noBorder = false } = {}) {
  rows = rows.filter(Boolean);
  const anyActions = rows.some((r) => r.actions && r.actions.length);
  return h('dl', { class: ['govuk-summary-list', noBorder && 'govuk-summary-list--no-border'] },
    rows.map((r) => h('div', {
      class: ['govuk-summary-list__row', anyActions && !(r.actions && r.actions.length) && 'govuk-summary-list__row--no-actions'],
    },
    h('dt', { class: 'govuk-summary-list__key', text: r.key }),
    h('dd', { class: 'govuk-summary-list__value' }, r.value === '' || r.value === null || r.value === undefined ? 'Not recorded' : r.value),
    r.actions && r.actions.length
      ? h('dd', { class: 'govuk-summary-list__actions' },
        r.actions.length === 1
          ? link(r.actions[0].href, r.actions[0].text, { hidden: r.actions[0].hidden })
          : h('ul', { class: 'govuk-summary-list__actions-list' },
            r.actions.map((a) => h('li', { class: 'govuk-summary-list__actions-list-item' }, link(a.href, a.text, { hidden: a.hidden })))))
      : null)));
}

/* A summary card: a titled box around a summary list, with actions about
 * the whole card (one per record, e.g. one per parent of a child). */
export function summaryCard({ title, titleLevel = 'h3', actions = [], rows }) {
  return h('div', { class: 'govuk-summary-card' },
    h('div', { class: 'govuk-summary-card__title-wrapper' },
      h(titleLevel, { class: 'govuk-summary-card__title' }, title),
      actions.length ? h('ul', { class: 'govuk-summary-card__actions' },
        actions.map((a) => h('li', { class: 'govuk-summary-card__action' }, link(a.href, a.text, { hidden: a.hidden })))) : null),
    h('div', { class: 'govuk-summary-card__content' }, summaryList(rows)));
}

/* head: [text | {text, numeric}], rows: [[cell | {value, numeric, header}]] */
export function table({ caption, captionSize = 'm', head, rows, empty = 'None', small = false }) {
  const cell = (c, i) => {
    const spec = c !== null && typeof c === 'object' && !(c instanceof Node) && !Array.isArray(c) ? c : { value: c };
    const th = i === 0 && spec.header !== false;
    const numeric = spec.numeric || (head[i] && head[i].numeric);
    return h(th ? 'th' : 'td', {
      class: [th ? 'govuk-table__header' : 'govuk-table__cell', numeric && `govuk-table__${th ? 'header' : 'cell'}--numeric`],
      scope: th ? 'row' : null,
    }, spec.value);
  };
  return h('table', { class: ['govuk-table', small && 'govuk-table--small-text-until-tablet'] },
    caption ? h('caption', { class: `govuk-table__caption govuk-table__caption--${captionSize}`, text: caption }) : null,
    h('thead', { class: 'govuk-table__head' },
      h('tr', { class: 'govuk-table__row' },
        head.map((c) => {
          const spec = typeof c === 'string' ? { text: c } : c;
          return h('th', { scope: 'col', class: ['govuk-table__header', spec.numeric && 'govuk-table__header--numeric'], text: spec.text });
        }))),
    h('tbody', { class: 'govuk-table__body' },
      rows.length
        ? rows.map((r) => h('tr', { class: 'govuk-table__row' }, r.map(cell)))
        : h('tr', { class: 'govuk-table__row' }, h('td', { class: 'govuk-table__cell', colspan: String(head.length), text: empty }))));
}

/* A wide table in a box that scrolls sideways and takes keyboard focus. */
export function scrollable(node, label) {
  return h('div', { class: 'sg-scroll', tabindex: '0', role: 'region', 'aria-label': label }, node);
}

/* Previous/next paging links (GOV.UK pagination, block style). */
export function pagination({ prev, next, label = 'Pages' }) {
  if (!prev && !next) return null;
  const arrow = (dir) => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', `govuk-pagination__icon govuk-pagination__icon--${dir}`);
    svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    svg.setAttribute('height', '13');
    svg.setAttribute('width', '15');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    svg.setAttribute('viewBox', '0 0 15 13');
    const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    p.setAttribute('d', dir === 'prev'
      ? 'm6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z'
      : 'm8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z');
    svg.append(p);
    return svg;
  };
  return h('nav', { class: 'govuk-pagination govuk-pagination--block', 'aria-label': label },
    prev ? h('div', { class: 'govuk-pagination__prev' },
      h('a', { class: 'govuk-link govuk-pagination__link', href: prev.href, rel: 'prev' }, arrow('prev'),
        h('span', { class: 'govuk-pagination__link-title', text: prev.text }))) : null,
    next ? h('div', { class: 'govuk-pagination__next' },
      h('a', { class: 'govuk-link govuk-pagination__link', href: next.href, rel: 'next' }, arrow('next'),
        h('span', { class: 'govuk-pagination__link-title', text: next.text }))) : null);
}

// ---- form fields -----------------------------------------------------------

function errorMessage(id, text) {
  return h('p', { id, class: 'govuk-error-message' },
    h('span', { class: 'govuk-visually-hidden', text: 'Error: ' }), text);
}

/* The parts every field shares: the form group, the error slot, and
 * aria-describedby kept in step with the hint and the error. */
function fieldShell({ name, label, id, group, controls, hintId, inputClassError, focusId }) {
  const errId = `${id}-error`;
  let errEl = null;
  const describe = () => {
    const ids = [hintId, errEl ? errId : null].filter(Boolean).join(' ');
    for (const c of controls()) {
      if (c.dataset.describe === 'no') continue;
      if (ids) c.setAttribute('aria-describedby', ids);
      else c.removeAttribute('aria-describedby');
    }
  };
  describe();
  return {
    name,
    label,
    el: group,
    focusId: focusId || id,
    setError(msg) {
      if (errEl) errEl.remove();
      errEl = null;
      group.classList.toggle('govuk-form-group--error', !!msg);
      for (const c of controls()) if (inputClassError) c.classList.toggle(inputClassError, !!msg);
      if (msg) {
        errEl = errorMessage(errId, msg);
        const anchor = group.querySelector('[data-error-slot]');
        anchor.after(errEl);
      }
      describe();
    },
  };
}

/* A text input (type text, email, tel, date, password, number…). */
export function textInput({ name, label, hint, value = '', type = 'text', width, autocomplete, inputmode, spellcheck, isPageHeading = false, id }) {
  id = id || name;
  const hintId = hint ? `${id}-hint` : null;
  if (type === 'date' && !width) width = 10;
  const input = h('input', {
    class: ['govuk-input', width && `govuk-input--width-${width}`], id, name, type,
    value: value === null || value === undefined ? '' : String(value), autocomplete, inputmode,
    spellcheck: spellcheck === undefined ? null : String(spellcheck),
  });
  const lab = h('label', { class: ['govuk-label', isPageHeading && 'govuk-label--l'], for: id, text: label });
  const group = h('div', { class: 'govuk-form-group' },
    isPageHeading ? h('h1', { class: 'govuk-label-wrapper' }, lab) : lab,
    hint ? h('div', { id: hintId, class: 'govuk-hint', text: hint }) : null,
    h('span', { hidden: true, 'data-error-slot': '' }),
    input);
  return { ...fieldShell({ name, label, id, group, controls: () => [input], hintId, inputClassError: 'govuk-input--error' }),
    input, get: () => input.value.trim() };
}

/* A select. options: [[value, text], …]; value '' is "none chosen". */
export function select({ name, label, hint, options, value = '', id }) {
  id = id || name;
  const hintId = hint ? `${id}-hint` : null;
  const sel = h('select', { class: 'govuk-select', id, name },
    options.map(([v, t]) => h('option', { value: String(v), selected: String(v) === String(value ?? '') }, t)));
  const group = h('div', { class: 'govuk-form-group' },
    h('label', { class: 'govuk-label', for: id, text: label }),
    hint ? h('div', { id: hintId, class: 'govuk-hint', text: hint }) : null,
    h('span', { hidden: true, 'data-error-slot': '' }),
    sel);
  return { ...fieldShell({ name, label, id, group, controls: () => [sel], hintId, inputClassError: 'govuk-select--error' }),
    input: sel, get: () => sel.value };
}

/* Radios or checkboxes in a fieldset. items: [{value, text, hint, conditional: Node}]
 * The first input gets the field's id, so an error summary link lands on it. */
function choices(kind, { name, legend, legendSize = 'm', hint, items, value, values, inline = false, small = false, isPageHeading = false, id }) {
  id = id || name;
  const base = kind === 'radio' ? 'govuk-radios' : 'govuk-checkboxes';
  const hintId = hint ? `${id}-hint` : null;
  const inputs = [];
  const chosen = (v) => (kind === 'radio' ? String(v) === String(value ?? '') : (values || []).map(String).includes(String(v)));
  const list = h('div', {
    class: [`${base}`, inline && `${base}--inline`, small && `${base}--small`],
    'data-module': `${base}`,
  });
  const reveals = [];
  items.forEach((it, i) => {
    const iid = i === 0 ? id : `${id}-${i + 1}`;
    const itemHintId = it.hint ? `${iid}-item-hint` : null;
    const condId = it.conditional ? `conditional-${iid}` : null;
    const input = h('input', {
      class: `${base}__input`, id: iid, name, type: kind, value: String(it.value),
      checked: chosen(it.value), 'aria-controls': condId,
    });
    if (itemHintId) input.dataset.describe = 'no';
    if (itemHintId) input.setAttribute('aria-describedby', itemHintId);
    inputs.push(input);
    list.append(h('div', { class: `${base}__item` },
      input,
      h('label', { class: `govuk-label ${base}__label`, for: iid, text: it.text }),
      it.hint ? h('div', { id: itemHintId, class: `govuk-hint ${base}__hint`, text: it.hint }) : null));
    if (it.conditional) {
      const cond = h('div', { class: `${base}__conditional`, id: condId }, it.conditional);
      list.append(cond);
      reveals.push([input, cond]);
    }
  });
  // Conditional reveals (what GOV.UK's Radios/Checkboxes JS does).
  const sync = () => {
    for (const [input, cond] of reveals) {
      cond.classList.toggle(`${base}__conditional--hidden`, !input.checked);
    }
  };
  list.addEventListener('change', sync);
  sync();
  const legendEl = h('legend', { class: `govuk-fieldset__legend govuk-fieldset__legend--${legendSize}` },
    isPageHeading ? h('h1', { class: 'govuk-fieldset__heading', text: legend }) : legend);
  const fieldset = h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': hintId },
    legendEl,
    hint ? h('div', { id: hintId, class: 'govuk-hint', text: hint }) : null,
    h('span', { hidden: true, 'data-error-slot': '' }),
    list);
  const group = h('div', { class: 'govuk-form-group' }, fieldset);
  const shell = fieldShell({ name, label: legend, id, group, controls: () => [fieldset], hintId });
  return {
    ...shell,
    inputs,
    get: () => (kind === 'radio'
      ? (inputs.find((i) => i.checked) || { value: '' }).value
      : inputs.filter((i) => i.checked).map((i) => i.value)),
  };
}

export function radios(opts) { return choices('radio', opts); }
export function checkboxes(opts) { return choices('checkbox', opts); }

/* One checkbox on its own (e.g. "Show people who have left"). */
export function checkbox({ name, label, checked = false, value = '1', hint }) {
  const f = choices('checkbox', {
    name, legend: label, items: [{ value, text: label, hint }], values: checked ? [value] : [], small: true,
  });
  // A lone checkbox needs no legend repeating its label.
  const fs = f.el.querySelector('fieldset');
  fs.querySelector('legend').classList.add('govuk-visually-hidden');
  return { ...f, get: () => f.inputs[0].checked };
}

/* The error summary: a list of links to the fields at fault. Focused when
 * shown (GOV.UK pattern), and a link moves focus to its field with the
 * field's label in view. errors: [{focusId?, text}] */
export function errorSummary(errors, { title = 'There is a problem' } = {}) {
  const box = h('div', { class: 'govuk-error-summary', 'data-module': 'govuk-error-summary', tabindex: '-1' },
    h('div', { role: 'alert' },
      h('h2', { class: 'govuk-error-summary__title', text: title }),
      h('div', { class: 'govuk-error-summary__body' },
        h('ul', { class: 'govuk-list govuk-error-summary__list' },
          errors.map((e) => h('li', null, e.focusId ? h('a', { href: `#${e.focusId}`, text: e.text }) : e.text))))));
  box.addEventListener('click', (ev) => {
    const a = ev.target.closest('a');
    if (!a || !a.hash) return;
    const input = document.getElementById(decodeURIComponent(a.hash.slice(1)));
    if (!input) return;
    ev.preventDefault();
    const fs = input.closest('fieldset');
    const legend = fs && fs.querySelector('legend');
    const lab = (legend && (input.type === 'checkbox' || input.type === 'radio')) ? legend
      : document.querySelector(`label[for="${CSS.escape(input.id)}"]`) || legend || input;
    lab.scrollIntoView();
    input.focus({ preventScroll: true });
  });
  return box;
}
