-- The month's attendance journal (every group's children by name) is a look at children's
-- data too: the record of staff access learns the kind 'journal'. SQLite cannot change a
-- CHECK in place, so the table is made again with its rows; the families each look showed
-- are kept aside meanwhile (dropping the old table would otherwise take them by cascade).
CREATE TEMP TABLE staff_access_families_kept AS SELECT * FROM staff_access_families;
DROP TABLE staff_access_families;
CREATE TABLE staff_access_new (
    id        INTEGER PRIMARY KEY,
    staff_id  INTEGER NOT NULL,                     -- who looked (a user id): staff work, kept
    kind      TEXT    NOT NULL CHECK (kind IN ('export', 'search_name', 'search_phone',
                                               'roster', 'undelivered', 'journal')),
    group_id  INTEGER,                              -- a roster's group
    found     INTEGER NOT NULL DEFAULT 0,           -- families found, applications exported,
                                                    -- children in a journal
    at        TEXT    NOT NULL                      -- UTC
);
INSERT INTO staff_access_new (id, staff_id, kind, group_id, found, at)
    SELECT id, staff_id, kind, group_id, found, at FROM staff_access;
DROP TABLE staff_access;
ALTER TABLE staff_access_new RENAME TO staff_access;
CREATE INDEX staff_access_at ON staff_access (at);

-- the families a search, a roster or a page of «кому не доставлено» showed; deleted with the family (/forget, the clean-up)
CREATE TABLE staff_access_families (
    access_id INTEGER NOT NULL REFERENCES staff_access (id) ON DELETE CASCADE,
    family_id INTEGER NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    PRIMARY KEY (access_id, family_id)
);
CREATE INDEX staff_access_families_family ON staff_access_families (family_id);
INSERT INTO staff_access_families (access_id, family_id)
    SELECT access_id, family_id FROM staff_access_families_kept;
DROP TABLE staff_access_families_kept;
