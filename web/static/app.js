// app.js — safeguard's browser UI starts here.
//
// Plain ES modules, no framework, no bundler: the server embeds web/static/
// in its binary and serves these files as they are. This file is the route
// table — one line per page, with the permission it needs — and nothing
// else; each area's pages live in js/pages/<area>.js.

import { route, start } from './js/router.js';
import { loginPage, logoutPage } from './js/pages/auth.js';
import { homePage } from './js/pages/home.js';
import * as rooms from './js/pages/rooms.js';
import * as adults from './js/pages/adults.js';
import * as children from './js/pages/children.js';
import * as parents from './js/pages/parents.js';
import { importPage } from './js/pages/import.js';
import { auditPage } from './js/pages/audit.js';

// GOV.UK Frontend's CSS shows JS-only states (conditional reveals, the menu
// button) only when this class is present.
document.body.classList.add('js-enabled', 'govuk-frontend-supported');

route('/login', loginPage, { public: true });
route('/logout', logoutPage, { public: true });
route('/', homePage, { section: 'home' });

route('/rooms', rooms.listPage, { perm: 'room.read', section: 'rooms' });
route('/rooms/new', rooms.formPage, { perm: 'room.write', section: 'rooms' });
route('/rooms/:id', rooms.detailPage, { perm: 'room.read', section: 'rooms' });
route('/rooms/:id/edit', rooms.formPage, { perm: 'room.write', section: 'rooms' });
route('/rooms/:id/close', rooms.endPage, { perm: 'room.write', section: 'rooms' });

route('/adults', adults.listPage, { perm: 'adult.read', section: 'adults' });
route('/adults/new', adults.formPage, { perm: 'adult.write', section: 'adults' });
route('/adults/:id', adults.detailPage, { perm: 'adult.read', section: 'adults' });
route('/adults/:id/edit', adults.formPage, { perm: 'adult.write', section: 'adults' });
route('/adults/:id/leave', adults.endPage, { perm: 'adult.write', section: 'adults' });
route('/adults/:id/password', adults.passwordPage, { perm: 'adult.write', section: 'adults' });

route('/children', children.listPage, { perm: 'child.read', section: 'children' });
route('/children/new', children.formPage, { perm: 'child.write', section: 'children' });
route('/children/:id', children.detailPage, { perm: 'child.read', section: 'children' });
route('/children/:id/edit', children.formPage, { perm: 'child.write', section: 'children' });
route('/children/:id/leave', children.endPage, { perm: 'child.write', section: 'children' });
route('/children/:id/parents/new', children.linkPage, { perm: 'parent.write', section: 'children' });
route('/children/:id/parents/:linkId/end', children.unlinkPage, { perm: 'parent.write', section: 'children' });

route('/parents', parents.listPage, { perm: 'parent.read', section: 'parents' });
route('/parents/new', parents.formPage, { perm: 'parent.write', section: 'parents' });
route('/parents/:id', parents.detailPage, { perm: 'parent.read', section: 'parents' });
route('/parents/:id/edit', parents.formPage, { perm: 'parent.write', section: 'parents' });
route('/parents/:id/leave', parents.endPage, { perm: 'parent.write', section: 'parents' });

route('/import', importPage, { perm: 'import', section: 'import' });
route('/audit', auditPage, { perm: 'audit.read', section: 'audit' });

start();
