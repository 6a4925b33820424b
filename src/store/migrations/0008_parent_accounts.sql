-- 0008 — parent portal accounts (PEOPLE-14, DATA-04, DATA-07, CONSENT-04).
-- A parent, carer, social worker or local authority signs in to the parent
-- portal with their own e-mail and password, so every consent they give is
-- theirs alone. They get the password through a one-time invitation whose
-- token is stored only as its SHA-256. Lock-out and sessions work as the
-- staff's do (0001), in tables of their own so that no staff query can
-- ever meet a parent's session.

ALTER TABLE parents ADD COLUMN password_hash TEXT;
ALTER TABLE parents ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE parents ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;

-- One person, one log-in: a portal account's e-mail names one parent
-- whatever its case (parents' e-mails are stored as typed). That it names
-- no adult is checked when the invitation is made and accepted, as adults'
-- e-mails live in another table.
CREATE UNIQUE INDEX parents_login_email ON parents (lower(email)) WHERE password_hash IS NOT NULL;
CREATE INDEX parents_email ON parents (lower(email));

CREATE TABLE parent_sessions (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    parent_id BIGINT NOT NULL REFERENCES parents (id),
    token_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE UNIQUE INDEX parent_sessions_token ON parent_sessions (token_hash);
CREATE INDEX parent_sessions_parent ON parent_sessions (parent_id);

-- replaced_at: a newer invitation for the same parent took this one's place.
CREATE TABLE parent_invites (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    parent_id BIGINT NOT NULL REFERENCES parents (id),
    token_hash TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    replaced_at BIGINT
);
CREATE UNIQUE INDEX parent_invites_token ON parent_invites (token_hash);
CREATE INDEX parent_invites_parent ON parent_invites (parent_id);
