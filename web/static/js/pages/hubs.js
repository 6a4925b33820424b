// hubs.js — the Office and People pages: one menu entry each, opening a
// page that lists the registers behind it with a line on what each is for,
// so the office finds "Locked drawer" without knowing the word first.
// Each lists only what the person may use (menu.js decides, as for the menu).

import { h } from '../dom.js';
import { heading, para } from '../govuk.js';
import { group, groupItems } from '../menu.js';

function hub(ctx, section, title, intro) {
  const items = groupItems(group(section), ctx.can);
  if (!items.length) return ctx.notAllowed();
  return ctx.render({ title, section },
    heading(title),
    para(intro),
    h('ul', { class: 'govuk-list' }, items.map((i) => h('li', {},
      h('h2', { class: 'govuk-heading-m govuk-!-margin-bottom-1' },
        h('a', { class: 'govuk-link', href: i.href, text: i.text })),
      h('p', { class: 'govuk-body', text: i.about })))));
}

export function officePage(ctx) {
  return hub(ctx, 'office', 'Office', 'What the office keeps day to day.');
}

export function peoplePage(ctx) {
  return hub(ctx, 'people', 'People', 'Everyone on the setting\u2019s records, the rooms they are in, and importing lists.');
}
