// common.js — what the people pages share: the search-and-filter bar of a
// list, and the two-step "mark as left" (a date, then a confirmation).

import { h, add } from '../dom.js';
import { qs } from '../api.js';
import {
  heading, para, textInput, checkbox, button, link, warningText, select,
} from '../govuk.js';
import { Form } from '../form.js';
import { longDate, todayISO } from '../format.js';

/* The filter bar of a list page: a search box (q), any extra selects and
 * "Show people who have left" (include_ended=1). Submitting changes the URL,
 * so a search can be bookmarked and Back returns to it. */
export function filters(ctx, { base, searchLabel, searchHint, selects = [], leftLabel = 'Show people who have left' }) {
  const q = textInput({ name: 'q', label: searchLabel, hint: searchHint, value: ctx.query.get('q') || '', type: 'search', spellcheck: false });
  q.el.classList.add('sg-filters__search');
  const sels = selects.map((s) => select({ ...s, value: ctx.query.get(s.name) || '' }));
  const ended = checkbox({ name: 'include_ended', label: leftLabel, checked: ctx.query.get('include_ended') === '1' });
  const form = h('form', {
    class: 'sg-filters', role: 'search', 'aria-label': 'Find and filter',
    on: {
      submit: (ev) => {
        ev.preventDefault();
        const params = { q: q.get() };
        for (const s of sels) params[s.name] = s.get();
        params.include_ended = ended.get();
        ctx.navigate(base + qs(params));
      },
    },
  },
  q.el, sels.map((s) => s.el), ended.el,
  h('div', { class: 'govuk-form-group' }, button('Search', { kind: 'secondary' })));
  return form;
}

/* The API's query for a list page, from the page's URL. */
export function listQuery(ctx, names) {
  const p = {};
  for (const n of names) p[n] = ctx.query.get(n) || '';
  return qs(p);
}

/* Mark as left (or close), in two steps on one page: the date (today by
 * default), then a confirmation. question: the first step's heading;
 * confirm(date): the second's. submit(date) → API answer. */
export function endFlow(ctx, {
  what, question, confirm, back, dateLabel = 'Date', dateHint, confirmText = 'Yes, mark as left',
  warning, submit, done, flash,
}) {
  let date = todayISO();

  const step1 = (errors) => {
    const content = h('div', { class: 'govuk-grid-column-two-thirds' });
    const form = new Form({
      host: content,
      submitText: 'Continue',
      labels: { date: dateLabel },
      required: { date: `Enter the ${dateLabel.toLowerCase()}` },
      secondary: [link(back, 'Cancel')],
      submit: async (v) => {
        date = v.date;
        step2();
      },
    });
    form.add(textInput({ name: 'date', label: dateLabel, hint: dateHint || 'Today is filled in', value: date, type: 'date' }));
    add(content, heading(question, { caption: what }), warning ? warningText(warning) : null, form.el);
    ctx.render({ title: question, back }, h('div', { class: 'govuk-grid-row' }, content));
    if (errors) form.showErrors(errors);
  };

  const step2 = () => {
    const content = h('div', { class: 'govuk-grid-column-two-thirds' });
    const confirmForm = h('form', {
      novalidate: true,
      on: {
        submit: async (ev) => {
          ev.preventDefault();
          const btn = confirmForm.querySelector('button');
          if (btn.getAttribute('aria-disabled') === 'true') return;
          btn.setAttribute('aria-disabled', 'true');
          const r = await submit(date);
          btn.removeAttribute('aria-disabled');
          if (r.status >= 200 && r.status < 300) {
            ctx.navigate(done, { flash: flash(date) });
          } else {
            const e = r.json && r.json.error ? r.json.error : { message: `HTTP ${r.status}` };
            step1([{ field: 'date', message: e.message }]);
          }
        },
      },
    },
    h('div', { class: 'govuk-button-group' },
      button(confirmText, { kind: 'warning' }),
      link(back, 'Cancel')));
    const title = confirm(longDate(date));
    add(content,
      heading(title, { caption: what }),
      para('Nothing is deleted: the record is kept, marked with this date.'),
      confirmForm);
    ctx.render({ title, back }, h('div', { class: 'govuk-grid-row' }, content));
  };

  step1();
}
