-- 0004 — presence: adults' shifts, their personal devices and the locker
-- ledger (PERSONAL-DEVICES-01…09, -25), managers' permissions to use a
-- personal device (PERSONAL-DEVICES-09, -16…-19), mobile zones and quiet
-- spaces (PERSONAL-DEVICES-07, VISITORS-11) and locker kiosks.

-- Zones are rooms: only an adults-only room may be either (room.c).
ALTER TABLE rooms ADD COLUMN mobile_zone INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rooms ADD COLUMN quiet_space INTEGER NOT NULL DEFAULT 0;

-- Which locker each adult uses (PERSONAL-DEVICES-02), and the PIN they
-- confirm kiosk actions with (argon2id; lock-out like the password's).
ALTER TABLE adults ADD COLUMN locker TEXT;
ALTER TABLE adults ADD COLUMN pin_hash TEXT;
ALTER TABLE adults ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE adults ADD COLUMN pin_locked_until BIGINT NOT NULL DEFAULT 0;

-- A shift is planned on the rota (or made when an adult signs on without
-- one) and worked between sign-on and sign-off. Times are instants; the
-- break is the window in which a personal device may come out (CONFIG-03).
CREATE TABLE shifts (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    work_date TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    break_starts_at BIGINT,
    break_ends_at BIGINT,
    planned INTEGER NOT NULL DEFAULT 1,
    signed_on_at BIGINT,
    signed_off_at BIGINT,
    checked_in_at BIGINT,
    none_declared_at BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    cancelled_at BIGINT
);
CREATE INDEX shifts_day ON shifts (setting_id, work_date);
CREATE INDEX shifts_adult ON shifts (adult_id, starts_at);
-- Only the shifts being worked now: the board, the findings and every
-- locker action look here, so a year of history costs them nothing.
CREATE INDEX shifts_on ON shifts (setting_id, adult_id) WHERE signed_on_at IS NOT NULL AND signed_off_at IS NULL;

-- An adult's own devices (PERSONAL-DEVICES-01) and where each is now: in
-- the locker, or out (with when it is due back, and under what).
CREATE TABLE personal_devices (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'camera', 'video-recorder', 'tablet', 'laptop', 'smart-watch',
                                        'fitness-tracker', 'other-wearable')),
    label TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'out' CHECK (state IN ('in', 'out')),
    locker TEXT,
    since BIGINT,
    due_back_at BIGINT,
    out_purpose TEXT,
    grant_id BIGINT,
    created_at BIGINT NOT NULL,
    ended_on TEXT
);
CREATE UNIQUE INDEX personal_devices_one ON personal_devices (adult_id, kind, label) WHERE ended_on IS NULL;
CREATE INDEX personal_devices_state ON personal_devices (setting_id, state);

-- The custody ledger (R-09): every device in and out, and every "brought
-- no device" declaration, with the shift, the locker and under what.
CREATE TABLE locker_events (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    device_id BIGINT REFERENCES personal_devices (id),
    shift_id BIGINT REFERENCES shifts (id),
    at BIGINT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('in', 'out', 'none')),
    purpose TEXT NOT NULL,
    locker TEXT,
    switched TEXT CHECK (switched IN ('off', 'silent')),
    grant_id BIGINT,
    zone_room_id BIGINT REFERENCES rooms (id),
    due_back_at BIGINT,
    late_seconds BIGINT,
    recorded_by TEXT NOT NULL,
    kiosk_id BIGINT
);
CREATE INDEX locker_events_adult ON locker_events (setting_id, adult_id, at);
CREATE INDEX locker_events_at ON locker_events (setting_id, at);

-- A manager's permission for one adult to use a personal device, limited
-- in purpose, place and time (PERSONAL-DEVICES-09, -16…-19).
CREATE TABLE device_grants (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    kind TEXT NOT NULL CHECK (kind IN ('emergency', 'home-visit', 'outing', 'virtual-course')),
    reason TEXT NOT NULL,
    room_id BIGINT REFERENCES rooms (id),
    course_device TEXT CHECK (course_device IN ('own-device', 'loaned-ipad')),
    outing_id BIGINT,
    home_visit_id BIGINT,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    requested_by TEXT,
    granted_by TEXT NOT NULL,
    terms TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE INDEX device_grants_adult ON device_grants (setting_id, adult_id, ends_at);

-- A locker kiosk: a tablet by the staff lockers, bound to one setting by a
-- token only it holds (stored hashed); it can do kiosk actions and nothing else.
CREATE TABLE kiosks (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT,
    revoked_at BIGINT
);
CREATE UNIQUE INDEX kiosks_token ON kiosks (token_hash);
