-- The attendance register: one mark per child and lesson, saved at each tap. `pupil` is the
-- child's id as it was when marked; `child_id` goes NULL when the family is forgotten, so the
-- journal still counts that child's lessons as «выбыл», with no name and nothing to link to.
CREATE TABLE attendance (
    lesson_id  INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    pupil      INTEGER NOT NULL,                -- the child's id when marked (no foreign key)
    child_id   INTEGER REFERENCES children (id) ON DELETE SET NULL,
    mark       TEXT    NOT NULL CHECK (mark IN ('present', 'absent', 'late', 'excused')),
    marked_by  INTEGER NOT NULL,                -- a user id (staff work, kept)
    marked_at  TEXT    NOT NULL,                -- UTC
    told_at    TEXT,                            -- UTC: the family was told the child is absent
    PRIMARY KEY (lesson_id, pupil)
);
CREATE INDEX attendance_child ON attendance (child_id) WHERE child_id IS NOT NULL;
-- the «не пришёл» notices still to decide: absent, not told yet
CREATE INDEX attendance_untold ON attendance (marked_at) WHERE mark = 'absent' AND told_at IS NULL;

-- Every change of a mark after the first: who corrected it and when (kept with the register).
CREATE TABLE attendance_changes (
    id         INTEGER PRIMARY KEY,
    lesson_id  INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    pupil      INTEGER NOT NULL,
    child_id   INTEGER REFERENCES children (id) ON DELETE SET NULL,
    mark_was   TEXT    NOT NULL,
    mark       TEXT    NOT NULL,
    changed_by INTEGER NOT NULL,
    changed_at TEXT    NOT NULL
);
CREATE INDEX attendance_changes_lesson ON attendance_changes (lesson_id);

-- A lesson's register as a whole: when it was finished («✔️ Готово») and whether the teacher
-- was reminded of it once.
CREATE TABLE roll_calls (
    lesson_id   INTEGER PRIMARY KEY REFERENCES lessons (id) ON DELETE CASCADE,
    done_at     TEXT,                           -- UTC, the last «Готово»
    done_by     INTEGER,
    reminded_at TEXT                            -- UTC, the forgotten-register reminder went
);

-- A parent (or a pupil's own account) who turned off «не пришёл» notices for one child.
CREATE TABLE attendance_quiet (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    child_id INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, child_id)
);
