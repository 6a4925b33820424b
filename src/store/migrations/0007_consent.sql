-- 0007 — consent to images (CONSENT-01…22, PEOPLE-08, -09): the setting's
-- versioned consent form, each signed decision per subject, purpose and
-- signer, scanned paper forms, "no images" restrictions, the DSL's check
-- before a young person consents for themself, and press visits.
-- Nothing here is deleted: a decision is superseded by a newer one from the
-- same signer or withdrawn (dated), a restriction is lifted (dated), a form
-- version is replaced by the next and kept for ever.

-- What a linked contact is to the child, for consent (CONSENT-05): a birth
-- parent, a carer (foster carer, special guardian …), the looked-after
-- child's social worker, or the local authority that holds parental
-- responsibility for them.
ALTER TABLE child_parents ADD COLUMN kind TEXT NOT NULL DEFAULT 'parent'
    CHECK (kind IN ('parent', 'carer', 'social_worker', 'local_authority'));

-- The consent form as a versioned proforma (CONSENT-22, -20): version 1, 2,
-- 3 … per setting; the purposes it asks about and the text a signer reads
-- for each are in consent_form_purposes.
CREATE TABLE consent_forms (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    version INTEGER NOT NULL,
    title TEXT NOT NULL,
    intro TEXT,
    published_at BIGINT NOT NULL,
    published_by TEXT NOT NULL
);
CREATE UNIQUE INDEX consent_forms_version ON consent_forms (setting_id, version);

CREATE TABLE consent_form_purposes (
    form_id BIGINT NOT NULL REFERENCES consent_forms (id),
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    purpose TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (form_id, purpose)
);

-- A scanned signed paper form, stored encrypted in the data directory under
-- its SHA-256 (content-addressed: the same scan twice is one file).
CREATE TABLE consent_scans (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX consent_scans_sha ON consent_scans (setting_id, sha256);

-- One decision (CONSENT-04): who (signer) decided what (given / refused)
-- about whose image (a child, or an adult's own, CONSENT-08) for which
-- purpose, on which form version, how (portal or paper with its scan), the
-- relationship and parental responsibility as they stood at signing, and
-- until when. A newer decision by the same signer for the same subject and
-- purpose supersedes this one (superseded_by); a withdrawal dates it.
-- signer_type is 'parent' (a row of parents: kind says parent, carer,
-- social worker or local authority), 'adult' (an adult's own consent) or
-- 'child' (a young person's own, CONSENT-07).
CREATE TABLE consents (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    subject_type TEXT NOT NULL CHECK (subject_type IN ('child', 'adult')),
    subject_id BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('given', 'refused')),
    form_id BIGINT NOT NULL REFERENCES consent_forms (id),
    signer_type TEXT NOT NULL CHECK (signer_type IN ('parent', 'adult', 'child')),
    signer_id BIGINT NOT NULL,
    signer_kind TEXT NOT NULL CHECK (signer_kind IN ('parent', 'carer', 'social_worker', 'local_authority',
                                                     'young_person', 'self')),
    signer_name TEXT NOT NULL,
    relationship TEXT NOT NULL,
    parental_responsibility INTEGER NOT NULL,
    signed_name TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('portal', 'paper')),
    scan_id BIGINT REFERENCES consent_scans (id),
    signed_on TEXT NOT NULL,
    signed_at BIGINT NOT NULL,
    expires_on TEXT NOT NULL,
    individual_only INTEGER NOT NULL DEFAULT 0,
    recorded_by TEXT NOT NULL,
    superseded_by BIGINT,
    superseded_at BIGINT,
    withdrawn_at BIGINT,
    withdrawn_by TEXT,
    withdrawal_reason TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX consents_subject ON consents (setting_id, subject_type, subject_id, purpose);
-- One current decision per signer, subject and purpose, even if two
-- requests race.
CREATE UNIQUE INDEX consents_current ON consents (setting_id, subject_type, subject_id, purpose, signer_type, signer_id)
    WHERE superseded_at IS NULL;
CREATE INDEX consents_withdrawn ON consents (setting_id, withdrawn_at);

-- "No images / never publish" (PEOPLE-09, CONSENT-21): overrides every
-- consent while not lifted. The reason is for the manager and DSL only.
CREATE TABLE image_restrictions (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    subject_type TEXT NOT NULL CHECK (subject_type IN ('child', 'adult')),
    subject_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at BIGINT NOT NULL,
    lifted_at BIGINT,
    lifted_by TEXT,
    lift_reason TEXT
);
CREATE INDEX image_restrictions_subject ON image_restrictions (setting_id, subject_type, subject_id);

-- The DSL's check that a young person may consent for themself: no
-- safeguarding issue they may be unaware of (CONSENT-07).
CREATE TABLE young_person_checks (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    child_id BIGINT NOT NULL REFERENCES children (id),
    checked_by TEXT NOT NULL,
    checked_at BIGINT NOT NULL
);
CREATE INDEX young_person_checks_child ON young_person_checks (setting_id, child_id);

-- A press visit (CONSENT-13, VISITORS-08) and who may be photographed:
-- approved only once every child and adult involved has press consent.
CREATE TABLE press_visits (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    visit_on TEXT NOT NULL,
    organisation TEXT NOT NULL,
    notes TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    approved_at BIGINT,
    approved_by TEXT
);

CREATE TABLE press_visit_people (
    visit_id BIGINT NOT NULL REFERENCES press_visits (id),
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    subject_type TEXT NOT NULL CHECK (subject_type IN ('child', 'adult')),
    subject_id BIGINT NOT NULL,
    PRIMARY KEY (visit_id, subject_type, subject_id)
);
