-- 0001 — organisations, settings, rooms, adults and their roles, children,
-- parents/carers (PEOPLE-01…11), log-in sessions and script tokens
-- (PEOPLE-14), and the audit chain (REPORTING-01).
-- Instants are BIGINT unix seconds UTC; calendar dates are TEXT 'YYYY-MM-DD'.
-- Nothing here is ever deleted by the application: leaving is a date.

CREATE TABLE organisations (
    id ID_PK,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('single', 'group', 'local-authority')),
    created_at BIGINT NOT NULL
);

CREATE TABLE settings (
    id ID_PK,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('nursery', 'pre-school', 'childminder', 'out-of-school')),
    created_at BIGINT NOT NULL
);

CREATE TABLE rooms (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    name TEXT NOT NULL,
    class TEXT NOT NULL CHECK (class IN ('children', 'adults-only', 'private')),
    outdoor INTEGER NOT NULL DEFAULT 0,
    min_age_months INTEGER,
    max_age_months INTEGER,
    created_at BIGINT NOT NULL,
    ended_on TEXT
);
CREATE UNIQUE INDEX rooms_name ON rooms (setting_id, name);

CREATE TABLE adults (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    line_manager_id BIGINT REFERENCES adults (id),
    start_date TEXT NOT NULL,
    leave_date TEXT,
    password_hash TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
-- One person, one log-in (PEOPLE-14): an e-mail names one adult everywhere.
CREATE UNIQUE INDEX adults_email ON adults (email);
CREATE INDEX adults_setting ON adults (setting_id, last_name);

CREATE TABLE adult_roles (
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    role TEXT NOT NULL,
    PRIMARY KEY (adult_id, role)
);

CREATE TABLE children (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    room_id BIGINT REFERENCES rooms (id),
    key_person_id BIGINT REFERENCES adults (id),
    start_date TEXT NOT NULL,
    leave_date TEXT,
    looked_after INTEGER NOT NULL DEFAULT 0,
    social_worker TEXT,
    local_authority TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX children_setting ON children (setting_id, last_name);

CREATE TABLE parents (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    created_at BIGINT NOT NULL,
    ended_on TEXT
);
CREATE INDEX parents_setting ON parents (setting_id, last_name);

CREATE TABLE child_parents (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    child_id BIGINT NOT NULL REFERENCES children (id),
    parent_id BIGINT NOT NULL REFERENCES parents (id),
    relationship TEXT NOT NULL,
    parental_responsibility INTEGER NOT NULL DEFAULT 1,
    may_consent INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    ended_on TEXT
);
CREATE INDEX child_parents_child ON child_parents (child_id);
CREATE INDEX child_parents_parent ON child_parents (parent_id);

CREATE TABLE sessions (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    token_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);

CREATE TABLE api_tokens (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    adult_id BIGINT NOT NULL REFERENCES adults (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash);

-- The audit chain: one per setting, seq gap-free. audit_heads holds each
-- chain's last seq and hash; updating it first serialises writers of a
-- chain on both backends (a row lock in PostgreSQL, the write lock in SQLite).
CREATE TABLE audit_events (
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (setting_id, seq)
);
CREATE INDEX audit_events_object ON audit_events (setting_id, object_type, object_id);

CREATE TABLE audit_heads (
    setting_id BIGINT PRIMARY KEY REFERENCES settings (id),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE audit_checkpoints (
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    at BIGINT NOT NULL,
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (setting_id, seq)
);
