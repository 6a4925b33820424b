// policy.js — the setting's policy choices (CONFIG): where the seeds differ
// (may phones be used on a break? may staff bring their own cameras?), the
// setting chooses, and the rules follow the choice from the next action on.
// Everyone may read them; only the manager changes them (policy.write).
//
// The API gives each choice's question with its options explained in it
// ('… "mobile-zone": yes, in a mobile zone away from children; "none": not
// at all …'); parseQuestion splits that into the question and one plain
// sentence per option, so the page shows no code words.

import { h, add } from '../dom.js';
import { api } from '../api.js';
import { failPage } from '../router.js';
import {
  heading, para, link, summaryCard, textInput, radios, insetText,
} from '../govuk.js';
import { Form } from '../form.js';
import { dateTime } from '../format.js';
import { capitalise, duration } from '../presence_format.js';
import { adultNames, actorName, timeInput } from './presence.js';

/* {question, options: {value: description}, note} from the API's text. */
export function parseQuestion(item) {
  const text = item.question;
  const choices = item.choices || [];
  const at = choices.map((c) => ({ c, i: text.indexOf(`"${c}"`) })).filter((x) => x.i >= 0).sort((a, b) => a.i - b.i);
  if (!at.length) return { question: text, options: {}, note: '' };
  const question = text.slice(0, at[0].i).trim().replace(/:$/, '').trim();
  const options = {};
  let note = '';
  at.forEach(({ c, i }, k) => {
    let seg = text.slice(i + c.length + 2, k + 1 < at.length ? at[k + 1].i : text.length).trim();
    if (seg.startsWith(':')) seg = seg.slice(1).trim();
    else if (seg.startsWith('.')) {
      note = seg.slice(1).trim();
      seg = '';
    }
    seg = seg.replace(/[;.]\s*$/, '').trim();
    options[c] = seg ? capitalise(seg) : capitalise(c.replace(/-/g, ' '));
  });
  return { question, options, note };
}

/* 90 → '90 minutes (1 hour 30 minutes)'. */
function minutes(n) {
  return n >= 60 ? `${n} minutes (${duration(n * 60000)})` : `${n} minute${n === 1 ? '' : 's'}`;
}

/* The current value in words. */
function valueText(item, parsed) {
  switch (item.kind) {
    case 'choice':
      return parsed.options[item.value] || item.value;
    case 'yes-no':
      return item.value ? 'Yes' : 'No';
    case 'number':
      return /in minutes|^Minutes/.test(item.question) ? minutes(item.value) : String(item.value);
    default:
      return String(item.value);
  }
}

/* A short title for a choice's card: its question, or the first clause. */
function shortTitle(parsed) {
  return parsed.question.replace(/,? in minutes\.?$/, '').replace(/\s*\(HH:MM\)/, '');
}

export async function policyPage(ctx) {
  const [r, adults] = await Promise.all([api('GET', '/policy'), adultNames()]);
  if (failPage(ctx, r)) return;
  const canWrite = ctx.can('policy.write');
  const cards = r.json.policy.map((item) => {
    const p = parseQuestion(item);
    return summaryCard({
      title: shortTitle(p),
      titleLevel: 'h2',
      actions: canWrite ? [{ href: `/policy/${encodeURIComponent(item.name)}`, text: 'Change', hidden: shortTitle(p) }] : [],
      rows: [
        { key: 'This setting\u2019s choice', value: h('strong', { text: valueText(item, p) }) },
        p.note ? { key: 'Always', value: p.note } : null,
        { key: 'Chosen by', value: item.set_by ? `${actorName(item.set_by, adults)}, ${dateTime(item.set_at)}` : 'Not changed: this is the standard choice' },
        { key: 'Requirement', value: item.requirement },
      ],
    });
  });
  ctx.render({ title: 'Policy choices' },
    heading('Policy choices'),
    para('Where good practice allows more than one way, the setting chooses. safeguard applies the choice from the next action on.'),
    canWrite ? null : insetText('Only the manager can change these.'),
    cards);
}

export async function policyEditPage(ctx) {
  const r = await api('GET', '/policy');
  if (failPage(ctx, r)) return;
  const item = r.json.policy.find((x) => x.name === ctx.params.name);
  if (!item) return ctx.notFound();
  const p = parseQuestion(item);
  const back = '/policy';
  const content = h('div', { class: 'govuk-grid-column-two-thirds' });
  const title = shortTitle(p);
  let field;
  if (item.kind === 'choice') {
    field = radios({
      name: 'value', legend: p.question, legendSize: 'm', value: item.value,
      hint: p.note || null,
      items: item.choices.map((c) => ({ value: c, text: p.options[c] || c })),
    });
  } else if (item.kind === 'yes-no') {
    field = radios({
      name: 'value', legend: p.question, legendSize: 'm', value: item.value ? 'yes' : 'no', inline: true,
      items: [{ value: 'yes', text: 'Yes' }, { value: 'no', text: 'No' }],
    });
  } else if (item.kind === 'number') {
    field = textInput({
      name: 'value', label: p.question, value: item.value, width: 3, inputmode: 'numeric',
      hint: `A whole number from ${item.min} to ${item.max}`,
    });
  } else {
    field = timeInput({ name: 'value', label: p.question, value: item.value, hint: 'On the 24-hour clock, for example 18:00' });
  }
  const form = new Form({
    host: content,
    submitText: 'Save the choice',
    labels: { value: title, [item.name]: title },
    required: { value: 'Choose one' },
    secondary: [link(back, 'Cancel')],
    submit: async (v) => {
      let value = v.value;
      if (item.kind === 'yes-no') value = value === 'yes';
      if (item.kind === 'number') value = /^\d+$/.test(value) ? Number(value) : value;
      const res = await api('PATCH', '/policy', { [item.name]: value });
      if (res.status === 200) {
        ctx.navigate(back, { flash: `Saved: ${title}` });
        return undefined;
      }
      // The API names the choice as the field; show it on this form's one field.
      if (res.json && res.json.error && res.json.error.field === item.name) res.json.error.field = 'value';
      return res;
    },
  });
  form.add(field);
  add(content,
    heading(`Change: ${title}`, { caption: `Policy choices (${item.requirement})` }),
    form.el);
  ctx.render({ title: `Change: ${title}`, back }, h('div', { class: 'govuk-grid-row' }, content));
}
