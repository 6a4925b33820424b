-- 0006 — the office's side of presence: visitors and the devices they hand
-- in (VISITORS-01…03, -10, -11, R-14), calls relayed to staff
-- (PERSONAL-DEVICES-10, R-11), observed breaches of the personal-device
-- rules (PERSONAL-DEVICES-08, -22, OUTINGS-03, VISITORS-04), children's
-- confiscated devices (PERSONAL-DEVICES-21, R-13), outings and home visits
-- (OUTINGS-01, -05, R-42).
-- Nothing here is deleted: each record is closed by a dated step (signed
-- out, relayed, reviewed, handed back), with who took it. `*_by` is the
-- actor ("adult:12", "cli:root"); `*_by_id` the adult, when it was one.

-- One visit: who, for what, and what happened to their phone and smart
-- watch at sign-in ('office' handed in, 'none' not brought, 'kept'). A kept
-- device is either under the lone-working exception, with the quiet space
-- it may be used in (VISITORS-03, -11), or, where CONFIG-06 is
-- "keep-not-operated", kept with the visitor told not to use it.
CREATE TABLE visitors (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    name TEXT NOT NULL,
    organisation TEXT,
    purpose TEXT NOT NULL,
    visiting TEXT,
    professional INTEGER NOT NULL DEFAULT 0,
    phone TEXT NOT NULL CHECK (phone IN ('office', 'none', 'kept')),
    watch TEXT NOT NULL CHECK (watch IN ('office', 'none', 'kept')),
    lone_working_reason TEXT,
    quiet_space_id BIGINT REFERENCES rooms (id),
    lone_working INTEGER NOT NULL DEFAULT 0,
    told_not_to_use INTEGER NOT NULL DEFAULT 0,
    phones_policy TEXT NOT NULL,
    visit_date TEXT NOT NULL,
    signed_in_at BIGINT NOT NULL,
    signed_in_by TEXT NOT NULL,
    signed_in_by_id BIGINT REFERENCES adults (id),
    signed_out_at BIGINT,
    signed_out_by TEXT,
    signed_out_by_id BIGINT REFERENCES adults (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX visitors_day ON visitors (setting_id, visit_date);
CREATE INDEX visitors_on_site ON visitors (setting_id) WHERE signed_out_at IS NULL;

-- Each device the office holds for a visitor, until it goes back
-- (VISITORS-02). One left behind at sign-out stays held, with a note, and
-- is flagged at closing until it is handed back.
CREATE TABLE visitor_devices (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    visitor_id BIGINT NOT NULL REFERENCES visitors (id),
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'smart-watch')),
    received_at BIGINT NOT NULL,
    received_by TEXT NOT NULL,
    returned_at BIGINT,
    returned_by TEXT,
    returned_by_id BIGINT REFERENCES adults (id),
    not_returned_at BIGINT,
    not_returned_by TEXT,
    note TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX visitor_devices_visitor ON visitor_devices (visitor_id);
CREATE INDEX visitor_devices_held ON visitor_devices (setting_id) WHERE returned_at IS NULL;

-- A call taken on the setting phone for an adult (R-11). "Relayed" means
-- the adult was relieved from the children and then told; they never take
-- it on their own phone while with children (PERSONAL-DEVICES-10).
CREATE TABLE staff_messages (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    caller TEXT NOT NULL,
    caller_phone TEXT,
    message TEXT NOT NULL,
    urgent INTEGER NOT NULL DEFAULT 0,
    taken_at BIGINT NOT NULL,
    taken_by TEXT NOT NULL,
    taken_by_id BIGINT REFERENCES adults (id),
    relayed_at BIGINT,
    relayed_by TEXT,
    relayed_by_id BIGINT REFERENCES adults (id),
    relieved_by_id BIGINT REFERENCES adults (id),
    relay_note TEXT,
    acknowledged_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX staff_messages_day ON staff_messages (setting_id, taken_at);
CREATE INDEX staff_messages_adult ON staff_messages (setting_id, adult_id, taken_at);
CREATE INDEX staff_messages_open ON staff_messages (setting_id) WHERE relayed_at IS NULL;

-- An outing (OUTINGS-01): where, when, who. Setting phones are free text
-- until the devices register links them; personal phones carried for
-- emergencies are managers' grants (device_grants.outing_id, 0004).
CREATE TABLE outings (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    outing_date TEXT NOT NULL,
    destination TEXT NOT NULL,
    leaves TEXT NOT NULL,
    returns TEXT NOT NULL,
    setting_phones TEXT,
    notes TEXT,
    leaves_at BIGINT NOT NULL,
    returns_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_id BIGINT REFERENCES adults (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX outings_day ON outings (setting_id, outing_date);

CREATE TABLE outing_adults (
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    outing_id BIGINT NOT NULL REFERENCES outings (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    PRIMARY KEY (outing_id, adult_id)
);
CREATE INDEX outing_adults_adult ON outing_adults (adult_id);

CREATE TABLE outing_children (
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    outing_id BIGINT NOT NULL REFERENCES outings (id),
    child_id BIGINT NOT NULL REFERENCES children (id),
    PRIMARY KEY (outing_id, child_id)
);

-- A home visit (OUTINGS-05): the child and family visited, when, by whom.
-- A manager's personal phone on it is a grant (PERSONAL-DEVICES-17).
CREATE TABLE home_visits (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    visit_date TEXT NOT NULL,
    starts TEXT NOT NULL,
    ends TEXT NOT NULL,
    child_id BIGINT NOT NULL REFERENCES children (id),
    family TEXT,
    purpose TEXT,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_id BIGINT REFERENCES adults (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX home_visits_day ON home_visits (setting_id, visit_date);

CREATE TABLE home_visit_adults (
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    home_visit_id BIGINT NOT NULL REFERENCES home_visits (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    PRIMARY KEY (home_visit_id, adult_id)
);
CREATE INDEX home_visit_adults_adult ON home_visit_adults (adult_id);

-- An observed breach of the personal-device rules (PERSONAL-DEVICES-08,
-- -22): about an adult of the setting, or a visitor or parent named in
-- text; what was seen and the challenge made. Open until the manager or
-- deputy reviews it. Its subject never reads it.
CREATE TABLE breaches (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    kind TEXT NOT NULL CHECK (kind IN ('phone-seen-in-room', 'phone-used-with-children',
        'smart-watch-used-with-children', 'photo-on-personal-device', 'outing-phone-misuse',
        'visitor-phone-use', 'parent-phone-use', 'parent-camera-without-consent', 'other')),
    subject_adult_id BIGINT REFERENCES adults (id),
    subject_name TEXT,
    room_id BIGINT REFERENCES rooms (id),
    place TEXT,
    outing_id BIGINT REFERENCES outings (id),
    what_seen TEXT NOT NULL,
    challenge TEXT NOT NULL,
    observed_at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_by_id BIGINT REFERENCES adults (id),
    outcome TEXT,
    action_taken TEXT,
    reviewed_at BIGINT,
    reviewed_by TEXT,
    reviewed_by_id BIGINT REFERENCES adults (id),
    created_at BIGINT NOT NULL,
    CHECK (subject_adult_id IS NOT NULL OR subject_name IS NOT NULL)
);
CREATE INDEX breaches_setting ON breaches (setting_id, observed_at);
CREATE INDEX breaches_open ON breaches (setting_id) WHERE reviewed_at IS NULL;

-- A device found with a child (PERSONAL-DEVICES-21): taken, kept in the
-- locked drawer, handed back only to a parent/carer of that child.
CREATE TABLE child_devices (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    child_id BIGINT NOT NULL REFERENCES children (id),
    kind TEXT NOT NULL CHECK (kind IN ('phone', 'tablet', 'smart-watch', 'camera', 'games-console', 'other')),
    description TEXT,
    found_where TEXT,
    drawer TEXT NOT NULL,
    session_date TEXT NOT NULL,
    taken_at BIGINT NOT NULL,
    taken_by TEXT NOT NULL,
    taken_by_id BIGINT REFERENCES adults (id),
    returned_to_parent_id BIGINT REFERENCES parents (id),
    returned_at BIGINT,
    returned_by TEXT,
    returned_by_id BIGINT REFERENCES adults (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX child_devices_child ON child_devices (setting_id, child_id);
CREATE INDEX child_devices_held ON child_devices (setting_id) WHERE returned_at IS NULL;
