-- 0005 — the setting's own devices (PRO-DEVICES-01…21): the register, the
-- apps approved on each, who holds which and when (hand-outs, devices
-- taken home or on an outing), the end-of-day lock-up check, enrolment
-- credentials, evidence quarantine and problem reports.
-- Nothing here is deleted: a device is retired on a date, a custody is
-- closed by its return, a credential is revoked, a quarantine released.

-- The register (PRO-DEVICES-01, -02). The passcode itself is never stored
-- (PRO-DEVICES-07): only whether one is set. virus_protection is for
-- computers only (PRO-DEVICES-18); designated_user_id names the one adult
-- an allocated laptop belongs to (PRO-DEVICES-11).
CREATE TABLE devices (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    kind TEXT NOT NULL CHECK (kind IN ('tablet', 'camera', 'phone', 'laptop', 'computer', 'memory-card',
                                       'usb-stick')),
    label TEXT NOT NULL,
    serial TEXT,
    kept_in TEXT NOT NULL,
    passcode_set INTEGER NOT NULL,
    virus_protection INTEGER,
    designated_use TEXT NOT NULL CHECK (designated_use IN ('staff', 'children', 'office-phone', 'allocated',
                                                           'loan')),
    designated_user_id BIGINT REFERENCES adults (id),
    notes TEXT,
    created_at BIGINT NOT NULL,
    retired_on TEXT
);
CREATE UNIQUE INDEX devices_label ON devices (setting_id, lower(label));

-- Apps approved on a device by management, each checked as safe and, for
-- children's devices, age-appropriate (PRO-DEVICES-06, -17). Removing an
-- app dates the row.
CREATE TABLE device_apps (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    device_id BIGINT NOT NULL REFERENCES devices (id),
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    checked_safe INTEGER NOT NULL,
    age_appropriate INTEGER NOT NULL,
    approved_by TEXT NOT NULL,
    approved_at BIGINT NOT NULL,
    removed_by TEXT,
    removed_at BIGINT
);
CREATE INDEX device_apps_device ON device_apps (device_id);

-- Custody (PRO-DEVICES-03, -09, -10; OUTINGS-01, -06; REPORTING-04): each
-- row is one adult holding one device from out_at until returned_at — a
-- hand-out on site, a device taken home with its unforeseen reason,
-- undertaking and expected return, or a device carried on an outing.
-- A device has at most one open custody, so "who holds it at T" has one
-- answer.
CREATE TABLE device_custody (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    device_id BIGINT NOT NULL REFERENCES devices (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    kind TEXT NOT NULL CHECK (kind IN ('hand-out', 'home', 'outing')),
    purpose TEXT NOT NULL,
    note TEXT,
    reason TEXT,
    undertaking INTEGER NOT NULL DEFAULT 0,
    expected_return TEXT,
    due_at BIGINT,
    outing_ref TEXT,
    out_at BIGINT NOT NULL,
    out_by TEXT NOT NULL,
    returned_at BIGINT,
    returned_by TEXT,
    return_note TEXT
);
CREATE UNIQUE INDEX device_custody_open ON device_custody (device_id) WHERE returned_at IS NULL;
CREATE INDEX device_custody_device ON device_custody (device_id, out_at);
CREATE INDEX device_custody_adult ON device_custody (setting_id, adult_id, out_at);

-- The end-of-day lock-up check (PRO-DEVICES-08): who ran it, when, and for
-- every device in the register what it found.
CREATE TABLE device_lockups (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    day TEXT NOT NULL,
    at BIGINT NOT NULL,
    checked_by TEXT NOT NULL,
    adult_id BIGINT REFERENCES adults (id),
    locked INTEGER NOT NULL,
    away INTEGER NOT NULL,
    missing INTEGER NOT NULL
);
CREATE INDEX device_lockups_at ON device_lockups (setting_id, at);

CREATE TABLE device_lockup_items (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    lockup_id BIGINT NOT NULL REFERENCES device_lockups (id),
    device_id BIGINT NOT NULL REFERENCES devices (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('locked', 'off-site', 'on-outing', 'missing'))
);
CREATE INDEX device_lockup_items_lockup ON device_lockup_items (lockup_id);

-- Enrolment of a device into safeguard: a one-time code shown as a QR code,
-- then the device's own credential. Only SHA-256 hashes are kept.
CREATE TABLE device_credentials (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    device_id BIGINT NOT NULL REFERENCES devices (id),
    code_hash TEXT NOT NULL,
    code_expires_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    token_hash TEXT,
    enrolled_at BIGINT,
    revoked_at BIGINT,
    revoked_by TEXT
);
CREATE UNIQUE INDEX device_credentials_code ON device_credentials (code_hash);
CREATE UNIQUE INDEX device_credentials_token ON device_credentials (token_hash);
CREATE INDEX device_credentials_device ON device_credentials (device_id);

-- Evidence quarantine (PRO-DEVICES-14, R-29): what is held, why, the
-- linked concern, who placed and who released it.
CREATE TABLE device_quarantines (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    device_id BIGINT NOT NULL REFERENCES devices (id),
    reason TEXT NOT NULL,
    concern_ref TEXT,
    placed_by TEXT NOT NULL,
    placed_at BIGINT NOT NULL,
    released_by TEXT,
    released_at BIGINT,
    release_reason TEXT
);
CREATE UNIQUE INDEX device_quarantines_open ON device_quarantines (device_id) WHERE released_at IS NULL;

-- A fault, loss or suspected misuse reported by any adult, or a social
-- media or messaging app found on a device (PRO-DEVICES-05, -12, -20).
CREATE TABLE device_reports (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    device_id BIGINT NOT NULL REFERENCES devices (id),
    kind TEXT NOT NULL CHECK (kind IN ('fault', 'loss', 'misuse', 'prohibited-app')),
    text TEXT NOT NULL,
    reported_by TEXT NOT NULL,
    adult_id BIGINT REFERENCES adults (id),
    at BIGINT NOT NULL,
    closed_at BIGINT,
    closed_by TEXT,
    outcome TEXT
);
CREATE INDEX device_reports_device ON device_reports (device_id);
CREATE INDEX device_reports_open ON device_reports (setting_id) WHERE closed_at IS NULL;
