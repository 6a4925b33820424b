// import.js — importing a class list (children) or a staff list from a CSV
// file, all or nothing (docs/import.md).
//
// The file is always checked first (POST …?dry_run=1), and the preview names
// every bad row, its column and why. "Import" is offered only when the check
// found no bad row; then the same text is posted for real. Nothing is saved
// until then, and a file with a bad row is never saved at all.

import { h, add } from '../dom.js';
import { api } from '../api.js';
import {
  heading, para, link, table, summaryList, buttonLink, radios, button, panel, insetText, scrollable,
} from '../govuk.js';
import { Form } from '../form.js';
import { humanise } from '../format.js';

const KINDS = {
  children: {
    text: 'Children (a class list)', noun: ['child', 'children'], list: '/children',
    columns: [
      ['first_name, last_name', 'Yes', ''],
      ['date_of_birth', 'Yes', 'Written YYYY-MM-DD, for example 2023-03-27'],
      ['room', 'No', 'The name of an open children\u2019s room'],
      ['key_person_email', 'No', 'The e-mail address of an adult with the key-person role'],
      ['start_date', 'No', 'Today if left empty'],
      ['looked_after', 'No', 'yes or no; if yes, social_worker and local_authority are needed'],
      ['social_worker, local_authority', 'No', ''],
      ['parent_first_name, parent_last_name, parent_email, parent_phone', 'No', 'A parent whose e-mail is already known is reused, so brothers and sisters share parents'],
      ['parent_relationship', 'No', 'For example mother; "parent" if left empty'],
      ['parent_responsibility', 'No', 'yes or no; yes if left empty. Only a parent with responsibility may consent'],
    ],
  },
  staff: {
    text: 'Adults (a staff list)', noun: ['adult', 'adults'], list: '/adults',
    columns: [
      ['first_name, last_name', 'Yes', ''],
      ['roles', 'Yes', 'Separated by ;, for example key-person;staff'],
      ['email', 'No', 'Needed to log in; each adult\u2019s must be different'],
      ['phone, start_date', 'No', ''],
      ['line_manager_email', 'No', 'An adult already in the setting or earlier in the file'],
    ],
  },
};

const plural = (kind, n) => `${n} ${KINDS[kind].noun[n === 1 ? 0 : 1]}`;

/* A small CSV reader for the preview table (quotes, doubled quotes, CRLF). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  text = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((c) => c !== ''));
}

function columnsHelp(kind) {
  const k = KINDS[kind];
  return h('details', { class: 'govuk-details' },
    h('summary', { class: 'govuk-details__summary' },
      h('span', { class: 'govuk-details__summary-text', text: `What columns can a ${kind === 'children' ? 'class list' : 'staff list'} have?` })),
    h('div', { class: 'govuk-details__text' },
      para('The first row names the columns, in any order. A column not listed here is refused, so a misspelt column is never dropped without you knowing.'),
      table({
        caption: `Columns of a ${kind === 'children' ? 'class list' : 'staff list'}`,
        captionSize: 's',
        head: ['Column', 'Needed', 'Notes'],
        rows: k.columns.map(([c, req, note]) => [{ value: h('code', { text: c }) }, req, note]),
      })));
}

export async function importPage(ctx) {
  const kindParam = ctx.query.get('kind') === 'staff' ? 'staff' : 'children';

  // Step 1: choose what and which file.
  const choose = (errors, kindNow = kindParam) => {
    const content = h('div', { class: 'govuk-grid-column-two-thirds' });
    const fileInput = h('input', { class: 'govuk-file-upload', id: 'file', name: 'file', type: 'file', accept: '.csv,text/csv' });
    const fileField = {
      name: 'file',
      label: 'CSV file',
      el: h('div', { class: 'govuk-form-group' },
        h('label', { class: 'govuk-label govuk-label--s', for: 'file', text: 'Choose the CSV file' }),
        h('div', { class: 'govuk-hint', id: 'file-hint', text: 'Save the spreadsheet as \u201cCSV UTF-8\u201d. Up to 5,000 rows.' }),
        h('span', { hidden: true, 'data-error-slot': '' }),
        fileInput),
      focusId: 'file',
      get: () => (fileInput.files && fileInput.files[0]) || '',
      setError(msg) {
        const g = this.el;
        const old = g.querySelector('.govuk-error-message');
        if (old) old.remove();
        g.classList.toggle('govuk-form-group--error', !!msg);
        fileInput.classList.toggle('govuk-file-upload--error', !!msg);
        fileInput.setAttribute('aria-describedby', msg ? 'file-hint file-error' : 'file-hint');
        if (msg) {
          g.querySelector('[data-error-slot]').after(h('p', { class: 'govuk-error-message', id: 'file-error' },
            h('span', { class: 'govuk-visually-hidden', text: 'Error: ' }), msg));
        }
      },
    };
    fileInput.setAttribute('aria-describedby', 'file-hint');
    const kindField = radios({
      name: 'kind', legend: 'What are you importing?', legendSize: 's', value: kindNow,
      items: Object.entries(KINDS).map(([value, k]) => ({ value, text: k.text })),
    });
    const form = new Form({
      host: content,
      submitText: 'Check the file',
      labels: { file: 'CSV file', kind: 'What you are importing' },
      required: { file: 'Choose a CSV file' },
      submit: async (v) => {
        const file = v.file;
        const text = await file.text();
        const r = await api('POST', `/import/${v.kind}?dry_run=1`, text, { csv: true });
        preview(v.kind, file.name, text, r);
        return undefined;
      },
    });
    form.add(kindField, fileField);
    add(content,
      heading('Import a list', { caption: 'Import' }),
      para('Add many children or adults at once from a spreadsheet saved as a CSV file.'),
      insetText('The file is checked first. Nothing is saved until you have seen the check and chosen to import, and a file with any bad row is never saved.'),
      form.el,
      columnsHelp(kindNow));
    kindField.el.addEventListener('change', () => {
      const help = content.querySelector('.govuk-details');
      if (help) help.replaceWith(columnsHelp(kindField.get()));
    });
    ctx.render({ title: 'Import a list' }, h('div', { class: 'govuk-grid-row' }, content));
    if (errors) form.showErrors(errors);
  };

  // Step 2: what the check found.
  const preview = (kind, fileName, text, r) => {
    const d = r.json && r.json.error ? r.json.error.details : r.json;
    const ok = r.status === 200 || r.status === 201;
    if (!ok && !(d && Array.isArray(d.errors) && d.errors.length)) {
      const e = r.json && r.json.error ? r.json.error : { message: `HTTP ${r.status}` };
      choose([{ field: 'file', message: `The file ${fileName} could not be checked: ${e.message}` }], kind);
      return;
    }
    const content = h('div', { class: 'govuk-grid-column-full' });
    const rows = parseCsv(text);
    const header = rows[0] || [];
    const body = rows.slice(1);
    const facts = summaryList([
      { key: 'File', value: fileName },
      { key: 'Importing', value: KINDS[kind].text },
      { key: 'Rows', value: String(d.rows) },
      { key: 'Rows with problems', value: String(d.bad_rows || 0) },
    ]);
    if (ok && d.bad_rows === 0) {
      const go = h('form', {
        novalidate: true,
        on: {
          submit: async (ev) => {
            ev.preventDefault();
            const btn = go.querySelector('button');
            if (btn.getAttribute('aria-disabled') === 'true') return;
            btn.setAttribute('aria-disabled', 'true');
            const res = await api('POST', `/import/${kind}`, text, { csv: true });
            if (res.status === 200 || res.status === 201) done(kind, res.json);
            else preview(kind, fileName, text, res);
          },
        },
      }, h('div', { class: 'govuk-button-group' },
        button(`Import ${plural(kind, d.rows)}`),
        link(`/import?kind=${kind}`, 'Choose another file')));
      add(content,
        heading('Check the file before you import it', { caption: 'Import' }),
        para(`The file has no problems: ${plural(kind, d.rows)} can be imported. Nothing has been saved yet.`),
        facts,
        scrollable(table({
          caption: body.length > 20 ? `The first 20 of ${body.length} rows` : 'The rows in the file',
          captionSize: 's',
          small: true,
          head: ['Row', ...header],
          rows: body.slice(0, 20).map((cells, i) => [{ value: String(i + 2) }, ...header.map((_, j) => cells[j] || '')]),
        }), 'The rows in the file'),
        go);
    } else {
      const errors = d.errors || [];
      add(content,
        heading('The file cannot be imported', { caption: 'Import' }),
        h('div', { class: 'govuk-error-summary', tabindex: '-1', id: 'import-problems' },
          h('div', { role: 'alert' },
            h('h2', { class: 'govuk-error-summary__title', text: 'There is a problem with the file' }),
            h('div', { class: 'govuk-error-summary__body' },
              h('p', { class: 'govuk-body', text: `${d.bad_rows} of ${d.rows} rows have problems, so nothing was saved.` }),
              h('ul', { class: 'govuk-list govuk-error-summary__list' },
                h('li', null, h('a', { href: '#bad-rows', text: 'See the rows to fix' })))))),
        facts,
        table({
          caption: 'Rows to fix',
          captionSize: 'm',
          head: [{ text: 'Row', numeric: true }, 'Column', 'Problem'],
          rows: errors.map((e) => [{ value: String(e.row) }, e.field || '', humanise(e.message)]),
        }),
        para('Rows are counted with the column names as row 1. Fix every row listed in the spreadsheet, save it as CSV again, and check it again. The whole file is imported or none of it is.'),
        h('div', { class: 'govuk-button-group' }, buttonLink(`/import?kind=${kind}`, 'Choose another file', { kind: '' })));
      content.querySelector('table').id = 'bad-rows';
    }
    ctx.render({ title: ok ? 'Check the file before you import it' : 'Error: the file cannot be imported', back: `/import?kind=${kind}` },
      h('div', { class: 'govuk-grid-row' }, content));
    const problems = content.querySelector('#import-problems');
    if (problems) problems.focus();
  };

  // Step 3: imported.
  const done = (kind, res) => {
    ctx.render({ title: 'Import complete' },
      panel('Import complete', `${plural(kind, res.imported)} added`),
      para(link(KINDS[kind].list, `See the ${KINDS[kind].noun[1]}`)),
      para(link(`/import?kind=${kind}`, 'Import another file')));
  };

  choose();
}
