-- A new version of a consent text is put to the family once, at their next visit: that they
-- were asked, and what they answered (a refusal keeps the consent they gave before). Like a
-- consent, the record stays without the person when the family's data is deleted.
CREATE TABLE consent_requests (
    id           INTEGER PRIMARY KEY,
    child_id     INTEGER REFERENCES children (id) ON DELETE SET NULL,
    text_version TEXT    NOT NULL,                  -- the version put to them
    asked_at     TEXT    NOT NULL,
    asked_user   INTEGER,                           -- who was shown it; NULL once forgotten
    answer       TEXT    CHECK (answer IN ('accepted', 'refused')),
    answered_by  INTEGER,
    answered_at  TEXT
);
CREATE UNIQUE INDEX consent_requests_once ON consent_requests (child_id, text_version);

-- the nightly clean-up looks for old rows by their last change
CREATE INDEX enrolments_updated ON enrolments (updated_at);
