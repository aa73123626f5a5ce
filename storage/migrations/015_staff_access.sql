-- Staff looking at children's data: an export, a search, a group's roster, a page of
-- «кому не доставлено» (children, ages, parents' phones) — who, what, when.
-- What was looked at is kept as kinds and ids, never as the typed text (a searched name or
-- phone would outlive the family's /forget). Kept a year; the nightly clean-up deletes older.
CREATE TABLE staff_access (
    id        INTEGER PRIMARY KEY,
    staff_id  INTEGER NOT NULL,                     -- who looked (a user id): staff work, kept
    kind      TEXT    NOT NULL CHECK (kind IN ('export', 'search_name', 'search_phone',
                                               'roster', 'undelivered')),
    group_id  INTEGER,                              -- a roster's group
    found     INTEGER NOT NULL DEFAULT 0,           -- families found, applications exported
    at        TEXT    NOT NULL                      -- UTC
);
CREATE INDEX staff_access_at ON staff_access (at);

-- the families a search, a roster or a page of «кому не доставлено» showed; deleted with the family (/forget, the clean-up)
CREATE TABLE staff_access_families (
    access_id INTEGER NOT NULL REFERENCES staff_access (id) ON DELETE CASCADE,
    family_id INTEGER NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    PRIMARY KEY (access_id, family_id)
);
CREATE INDEX staff_access_families_family ON staff_access_families (family_id);
