// consent_format.js — words for consent states, shared by the staff pages
// (a child's "Photos and videos", the consent overview, press visits) and
// the parent portal. One vocabulary, two audiences: staff read a
// restriction as "Do not photograph or film"; a parent reads "Not possible"
// — neither ever sees its reason (CONSENT-21, PEOPLE-09).

import { tag } from './govuk.js';

/* state → [staff words, colour, the portal's words when they differ]. */
const STATES = {
  allowed: ['Allowed', 'green', 'Given'],
  refused: ['Refused', 'red'],
  withdrawn: ['Withdrawn', 'grey'],
  expired: ['Expired', 'orange'],
  missing: ['No consent', 'blue', 'Not answered'],
  needs_social_worker: ['Waiting for the social worker', 'yellow'],
  needs_local_authority: ['Waiting for the local authority', 'yellow'],
  individual_only: ['Individual photos only', 'purple'],
  left: ['Left the setting', 'grey'],
  restricted: ['Do not photograph or film', 'red', 'Not possible'],
};

/* The words for a state; { portal: true } for a parent's. */
export function stateText(state, { portal = false } = {}) {
  const s = STATES[state];
  if (!s) return state || (portal ? 'Not answered' : 'No consent');
  return portal && s[2] ? s[2] : s[0];
}

export function stateTag(state, opts = {}) {
  const s = STATES[state];
  return tag(stateText(state, opts), s ? s[1] : 'grey');
}

/* Whether a state means an image may be used. */
export const isAllowed = (state) => state === 'allowed';

export function capitalise(s) {
  return s ? s[0].toUpperCase() + s.slice(1) : '';
}
