-- The consent given while registering for an event, for the children new to the technopark
-- (no `children` row, so no `consents` row can name them): the text's version, when, and who
-- gave it (the person registering, or the parent who agreed to a young pupil's registration).
ALTER TABLE event_registrations ADD COLUMN consent_version TEXT;
ALTER TABLE event_registrations ADD COLUMN consent_at TEXT;
ALTER TABLE event_registrations ADD COLUMN consent_by INTEGER;
