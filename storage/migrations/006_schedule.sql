-- A group's weekly pattern (from the groups CSV): its lessons are generated from it over the
-- group's period. Times are the technopark's local wall-clock times.
CREATE TABLE slots (
    id        INTEGER PRIMARY KEY,
    group_id  INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),   -- 0 = Monday
    starts    TEXT    NOT NULL,                                    -- HH:MM
    ends      TEXT    NOT NULL CHECK (ends > starts),
    room      TEXT    NOT NULL DEFAULT ''                          -- '' = the group's room
);
CREATE INDEX slots_group ON slots (group_id);

-- Holidays and the technopark's own breaks: lessons inside one are cancelled.
CREATE TABLE closures (
    id         INTEGER PRIMARY KEY,
    starts_on  TEXT    NOT NULL,                    -- YYYY-MM-DD, the technopark's dates
    ends_on    TEXT    NOT NULL CHECK (ends_on >= starts_on),
    reason     TEXT    NOT NULL,
    quanta     TEXT    NOT NULL DEFAULT '',         -- quantum codes, space-separated; '' = all
    created_by INTEGER,
    created_at TEXT    NOT NULL
);
CREATE UNIQUE INDEX closures_identity ON closures (starts_on, ends_on, quanta);

-- One dated lesson. `origin` is the local date and time the pattern gave it (its identity:
-- generating again finds it); planned_* are what the pattern says, starts_at/ends_at/room what
-- stands now. A lesson staff changed by hand (`manual`) is left alone by generation and by
-- closures. A lesson is off when cancelled, or inside a closure unless staff restored it.
CREATE TABLE lessons (
    id            INTEGER PRIMARY KEY,
    group_id      INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    origin        TEXT    NOT NULL,                 -- YYYY-MM-DDTHH:MM, local
    planned_start TEXT    NOT NULL,                 -- UTC
    planned_end   TEXT    NOT NULL,
    planned_room  TEXT    NOT NULL DEFAULT '',
    starts_at     TEXT    NOT NULL,                 -- UTC
    ends_at       TEXT    NOT NULL,
    day           TEXT    NOT NULL,                 -- YYYY-MM-DD, local date of starts_at
    room          TEXT    NOT NULL DEFAULT '',      -- '' = the group's room
    status        TEXT    NOT NULL DEFAULT 'planned'
                  CHECK (status IN ('planned', 'cancelled', 'moved')),
    reason        TEXT,
    manual        INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
    closure_id    INTEGER REFERENCES closures (id) ON DELETE SET NULL,
    version       INTEGER NOT NULL DEFAULT 0,       -- bumped by every change staff make
    changed_by    INTEGER,
    updated_at    TEXT    NOT NULL
);
CREATE UNIQUE INDEX lessons_origin ON lessons (group_id, origin);
CREATE INDEX lessons_group_start ON lessons (group_id, starts_at);
CREATE INDEX lessons_start ON lessons (starts_at);
CREATE INDEX lessons_day ON lessons (day);
-- a family's schedule goes from its children to their enrolments
CREATE INDEX enrolments_child ON enrolments (child_id);

-- The lesson an outbox message is about (a change notice, a reminder), so a later change can
-- supersede what is still queued.
ALTER TABLE outbox ADD COLUMN lesson_id INTEGER;
CREATE INDEX outbox_lesson ON outbox (lesson_id, chat_id) WHERE lesson_id IS NOT NULL;

-- A counter bumped by every change to what a family's schedule shows (closures, enrolments,
-- children, members, groups, programmes: by these triggers; lessons: by the statements that
-- write them, once per statement rather than per row, since an import writes thousands), by
-- this process or another (an import): what is read from them is kept in memory until it moves.
CREATE TABLE versions (
    name TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
);
INSERT INTO versions (name, n) VALUES ('schedule', 0);
CREATE TRIGGER closures_insert_schedule AFTER INSERT ON closures
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER closures_update_schedule AFTER UPDATE ON closures
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER closures_delete_schedule AFTER DELETE ON closures
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER enrolments_insert_schedule AFTER INSERT ON enrolments
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER enrolments_update_schedule AFTER UPDATE ON enrolments
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER enrolments_delete_schedule AFTER DELETE ON enrolments
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER children_insert_schedule AFTER INSERT ON children
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER children_update_schedule AFTER UPDATE ON children
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER children_delete_schedule AFTER DELETE ON children
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER family_members_insert_schedule AFTER INSERT ON family_members
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER family_members_update_schedule AFTER UPDATE ON family_members
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER family_members_delete_schedule AFTER DELETE ON family_members
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER groups_insert_schedule AFTER INSERT ON groups
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER groups_update_schedule AFTER UPDATE ON groups
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER groups_delete_schedule AFTER DELETE ON groups
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER programmes_insert_schedule AFTER INSERT ON programmes
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER programmes_update_schedule AFTER UPDATE ON programmes
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER programmes_delete_schedule AFTER DELETE ON programmes
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
