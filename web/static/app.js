// app.js — safeguard's browser UI starts here.
//
// Plain ES modules, no framework, no bundler: the server embeds web/static/
// in its binary and serves these files as they are. This file is the route
// table — one line per page, with the permission it needs — and nothing
// else; each area's pages live in js/pages/<area>.js. The log-in and home
// pages come with the shell; every other area's module is fetched the first
// time one of its pages is drawn (pages() in router.js).

import { route, start, pages } from './js/router.js';
import { loginPage, logoutPage } from './js/pages/auth.js';
import { homePage } from './js/pages/home.js';
const rooms = pages('rooms');
const adults = pages('adults');
const children = pages('children');
const parents = pages('parents');
const importer = pages('import');
const audit = pages('audit');
const kiosk = pages('kiosk');
const presence = pages('presence');
const policy = pages('policy');
const devices = pages('devices');
const office = pages('office');
const portal = pages('portal');
const welcome = pages('welcome');
const hubs = pages('hubs');

// GOV.UK Frontend's CSS shows JS-only states (conditional reveals, the menu
// button) only when this class is present.
document.body.classList.add('js-enabled', 'govuk-frontend-supported');

route('/login', loginPage, { public: true });
route('/logout', logoutPage, { public: true });
route('/', homePage, { section: 'home' });
route('/office', hubs.officePage, { section: 'office' });
route('/people', hubs.peoplePage, { section: 'people' });

// The parent portal: a parent signed in sees these pages and no others;
// /welcome is the invitation link, opened before the parent has a password.
route('/welcome', welcome.welcomePage, { public: true });
route('/portal', portal.homePage, { portal: true, section: 'portal' });
route('/portal/password', portal.passwordPage, { portal: true, section: 'portal-password' });
route('/portal/children/:id/sign', portal.signPage, { portal: true, section: 'portal' });
route('/portal/consents/:id/withdraw', portal.withdrawPage, { portal: true, section: 'portal' });

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

route('/import', importer.importPage, { perm: 'import', section: 'import' });
route('/audit', audit.auditPage, { perm: 'audit.read', section: 'audit' });

// Phones and lockers: the kiosk works with the kiosk's cookie, not a log-in.
route('/kiosk', kiosk.kioskPage, { public: true, kiosk: true });
route('/presence', presence.todayPage, { perm: 'shift.read', section: 'presence' });
route('/presence/ledger', presence.ledgerPage, { perm: 'shift.read', section: 'presence' });
route('/presence/adults/:id', presence.adultPage, { perm: 'shift.read', section: 'presence' });
route('/presence/adults/:id/pin', presence.pinPage, { perm: 'kiosk.manage', section: 'presence' });
route('/presence/shifts/new', presence.planShiftPage, { perm: 'shift.write', section: 'presence' });
route('/presence/grants/new', presence.grantPage, { perm: 'grant.write', section: 'presence' });
route('/kiosks', presence.kiosksPage, { perm: 'kiosk.manage', section: 'presence' });
route('/me/pin', presence.pinPage, { section: 'home' });
route('/policy', policy.policyPage, { perm: 'setting.read', section: 'home' });
route('/policy/:name', policy.policyEditPage, { perm: 'policy.write', section: 'home' });

// The setting's own devices (issue 6); /enrol/:code is the page a QR code
// opens on the device itself, before anyone logs in on it.
route('/devices', devices.listPage, { perm: 'device.read', section: 'devices' });
route('/devices/new', devices.formPage, { perm: 'device.write', section: 'devices' });
route('/devices/lockup', devices.lockupPage, { perm: 'device.use', section: 'devices' });
route('/devices/:id', devices.detailPage, { perm: 'device.read', section: 'devices' });
route('/devices/:id/edit', devices.formPage, { perm: 'device.write', section: 'devices' });
route('/devices/:id/handout', devices.handoutPage, { perm: 'device.write', section: 'devices' });
route('/devices/:id/return', devices.returnPage, { perm: 'device.write', section: 'devices' });
route('/devices/:id/off-site', devices.offsitePage, { perm: 'device.write', section: 'devices' });
route('/devices/:id/retire', devices.retirePage, { perm: 'device.write', section: 'devices' });
route('/devices/:id/apps/new', devices.appPage, { perm: 'device.approve', section: 'devices' });
route('/devices/:id/enrol', devices.enrolPage, { perm: 'device.approve', section: 'devices' });
route('/devices/:id/quarantine', devices.quarantinePage, { perm: 'device.quarantine', section: 'devices' });
route('/devices/:id/report', devices.reportPage, { perm: 'device.use', section: 'devices' });
route('/devices/:id/reports/:reportId/close', devices.reportClosePage, { perm: 'device.write', section: 'devices' });
route('/enrol/:code', devices.enrolDevicePage, { public: true });

// The office: visitors, calls for staff, phone and camera concerns, children's
// devices, outings and home visits (issue 5).
route('/visitors', office.visitorsPage, { perm: 'visitor.write', section: 'visitors' });
route('/visitors/new', office.visitorFormPage, { perm: 'visitor.write', section: 'visitors' });
route('/visitors/:id/sign-out', office.visitorSignOutPage, { perm: 'visitor.write', section: 'visitors' });
route('/messages', office.messagesPage, { section: 'messages' });
route('/messages/new', office.takeCallPage, { perm: 'message.write', section: 'messages' });
route('/messages/:id/relay', office.relayPage, { perm: 'message.write', section: 'messages' });
route('/breaches', office.breachesPage, { perm: 'breach.record', section: 'breaches' });
route('/breaches/new', office.breachFormPage, { perm: 'breach.record', section: 'breaches' });
route('/breaches/:id', office.breachPage, { perm: 'breach.record', section: 'breaches' });
route('/child-devices', office.childDevicesPage, { perm: 'child_device.write', section: 'child-devices' });
route('/child-devices/new', office.childDeviceFormPage, { perm: 'child_device.write', section: 'child-devices' });
route('/child-devices/:id/return', office.childDeviceReturnPage, { perm: 'child_device.write', section: 'child-devices' });
route('/outings', office.outingsPage, { section: 'outings' });
route('/outings/new', office.outingFormPage, { perm: 'outing.write', section: 'outings' });
route('/home-visits/new', office.homeVisitFormPage, { perm: 'outing.write', section: 'outings' });

start();
