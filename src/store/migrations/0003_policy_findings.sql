-- 0003 — the setting's policy choices (CONFIG-01…22) and the findings every
-- area raises for the manager's home page, the compliance dashboard and the
-- sweeps (REPORTING-02, REPORTING-07).

-- One row per choice the manager has made; a choice never made reads as the
-- documented default (src/policy/policy.c). Who chose it and when is kept
-- here and, with the old value, in the audit event.
CREATE TABLE setting_policy (
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at BIGINT NOT NULL,
    PRIMARY KEY (setting_id, name)
);

-- A finding is a rule seen broken, open until the condition clears (then it
-- is resolved, never deleted). `fkey` names the condition so a check run
-- again finds the same open finding instead of raising a second one.
CREATE TABLE findings (
    id ID_PK,
    setting_id BIGINT NOT NULL REFERENCES settings (id),
    area TEXT NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
    subject_type TEXT NOT NULL,
    subject_id BIGINT,
    subject TEXT NOT NULL,
    fkey TEXT NOT NULL,
    since BIGINT NOT NULL,
    text TEXT NOT NULL,
    raised_at BIGINT NOT NULL,
    resolved_at BIGINT
);
CREATE UNIQUE INDEX findings_open ON findings (setting_id, fkey) WHERE resolved_at IS NULL;
CREATE INDEX findings_setting ON findings (setting_id, resolved_at);
