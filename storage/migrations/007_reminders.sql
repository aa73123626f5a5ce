-- Class reminders: what each person wants, the absences families report, and what the
-- planner needs to plan only what changed.

-- A person's reminder settings; no row: reminders on, quiet hours 22:00–08:00 local.
CREATE TABLE reminder_settings (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    quiet       INTEGER NOT NULL DEFAULT 1 CHECK (quiet IN (0, 1)),
    quiet_from  TEXT    NOT NULL DEFAULT '22:00',   -- HH:MM local
    quiet_until TEXT    NOT NULL DEFAULT '08:00',
    updated_at  TEXT    NOT NULL
);

-- The lead times a person chose for one child (space-separated: evening 3h 2h 1h 30m; ''
-- none); no row: the defaults (a parent: evening 2h; a pupil's own account: 2h).
CREATE TABLE reminder_leads (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    child_id INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    leads    TEXT    NOT NULL,
    PRIMARY KEY (user_id, child_id)
);

-- «Не придём»: a child will miss one lesson (taken back by deleting the row).
CREATE TABLE absences (
    lesson_id   INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    child_id    INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    reported_by INTEGER,
    reported_at TEXT    NOT NULL,
    PRIMARY KEY (lesson_id, child_id)
);
CREATE INDEX absences_child ON absences (child_id);

-- The teacher's own Telegram account (told of absences) and what to bring to the group.
ALTER TABLE groups ADD COLUMN teacher_id INTEGER;
ALTER TABLE groups ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- The planner's state: `until` (UTC), the end of the horizon planned so far.
CREATE TABLE planner (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Groups whose reminders inside the planned horizon must be planned again: filled by these
-- triggers in the same transaction as the change, emptied by the planner (the triggers skip groups already listed rather than rely on OR IGNORE, which an
-- outer UPSERT overrides). The sender holds
-- back a reminder whose group is listed here, so nothing stale goes out meanwhile.
CREATE TABLE replan (group_id INTEGER PRIMARY KEY);

CREATE TRIGGER replan_enrolment_insert AFTER INSERT ON enrolments
BEGIN INSERT INTO replan SELECT NEW.group_id
    WHERE NEW.group_id NOT IN (SELECT group_id FROM replan); END;
CREATE TRIGGER replan_enrolment_update AFTER UPDATE OF status ON enrolments
BEGIN INSERT INTO replan SELECT NEW.group_id
    WHERE NEW.group_id NOT IN (SELECT group_id FROM replan); END;
CREATE TRIGGER replan_enrolment_delete AFTER DELETE ON enrolments
BEGIN INSERT INTO replan SELECT OLD.group_id
    WHERE OLD.group_id NOT IN (SELECT group_id FROM replan); END;

-- lessons only matter inside the horizon already planned (later ones are planned as they
-- enter it), so an import writing a year of lessons costs nothing here
CREATE TRIGGER replan_lesson_insert AFTER INSERT ON lessons
WHEN NEW.starts_at <= (SELECT value FROM planner WHERE name = 'until')
BEGIN INSERT INTO replan SELECT NEW.group_id
    WHERE NEW.group_id NOT IN (SELECT group_id FROM replan); END;
CREATE TRIGGER replan_lesson_update
AFTER UPDATE OF starts_at, ends_at, room, status, closure_id, manual ON lessons
WHEN min(OLD.starts_at, NEW.starts_at) <= (SELECT value FROM planner WHERE name = 'until')
BEGIN INSERT INTO replan SELECT NEW.group_id
    WHERE NEW.group_id NOT IN (SELECT group_id FROM replan); END;

CREATE TRIGGER replan_group_update AFTER UPDATE OF name, teacher, room, note ON groups
BEGIN INSERT INTO replan SELECT NEW.id
    WHERE NEW.id NOT IN (SELECT group_id FROM replan); END;

CREATE TRIGGER replan_member_insert AFTER INSERT ON family_members
BEGIN INSERT INTO replan SELECT DISTINCT e.group_id FROM children c
    JOIN enrolments e ON e.child_id = c.id WHERE c.family_id = NEW.family_id
    AND e.group_id NOT IN (SELECT group_id FROM replan); END;
CREATE TRIGGER replan_member_update AFTER UPDATE ON family_members
BEGIN INSERT INTO replan SELECT DISTINCT e.group_id FROM children c
    JOIN enrolments e ON e.child_id = c.id WHERE c.family_id = NEW.family_id
    AND e.group_id NOT IN (SELECT group_id FROM replan); END;
CREATE TRIGGER replan_member_delete AFTER DELETE ON family_members
BEGIN INSERT INTO replan SELECT DISTINCT e.group_id FROM children c
    JOIN enrolments e ON e.child_id = c.id WHERE c.family_id = OLD.family_id
    AND e.group_id NOT IN (SELECT group_id FROM replan); END;

CREATE TRIGGER replan_child_update AFTER UPDATE OF user_id, name ON children
BEGIN INSERT INTO replan SELECT DISTINCT group_id FROM enrolments WHERE child_id = NEW.id
    AND group_id NOT IN (SELECT group_id FROM replan); END;

CREATE TRIGGER replan_user_update AFTER UPDATE OF language, role, blocked ON users
BEGIN INSERT INTO replan SELECT DISTINCT e.group_id FROM family_members m
    JOIN children c ON c.family_id = m.family_id JOIN enrolments e ON e.child_id = c.id
    WHERE m.user_id = NEW.id
    AND e.group_id NOT IN (SELECT group_id FROM replan); END;

CREATE TRIGGER replan_settings_insert AFTER INSERT ON reminder_settings
BEGIN INSERT INTO replan SELECT DISTINCT e.group_id FROM family_members m
    JOIN children c ON c.family_id = m.family_id JOIN enrolments e ON e.child_id = c.id
    WHERE m.user_id = NEW.user_id
    AND e.group_id NOT IN (SELECT group_id FROM replan); END;
CREATE TRIGGER replan_settings_update AFTER UPDATE ON reminder_settings
BEGIN INSERT INTO replan SELECT DISTINCT e.group_id FROM family_members m
    JOIN children c ON c.family_id = m.family_id JOIN enrolments e ON e.child_id = c.id
    WHERE m.user_id = NEW.user_id
    AND e.group_id NOT IN (SELECT group_id FROM replan); END;

CREATE TRIGGER replan_leads_insert AFTER INSERT ON reminder_leads
BEGIN INSERT INTO replan SELECT DISTINCT group_id FROM enrolments
    WHERE child_id = NEW.child_id
    AND group_id NOT IN (SELECT group_id FROM replan); END;
CREATE TRIGGER replan_leads_update AFTER UPDATE ON reminder_leads
BEGIN INSERT INTO replan SELECT DISTINCT group_id FROM enrolments
    WHERE child_id = NEW.child_id
    AND group_id NOT IN (SELECT group_id FROM replan); END;
CREATE TRIGGER replan_leads_delete AFTER DELETE ON reminder_leads
BEGIN INSERT INTO replan SELECT DISTINCT group_id FROM enrolments
    WHERE child_id = OLD.child_id
    AND group_id NOT IN (SELECT group_id FROM replan); END;

CREATE TRIGGER replan_absence_insert AFTER INSERT ON absences
BEGIN INSERT INTO replan SELECT DISTINCT group_id FROM lessons WHERE id = NEW.lesson_id
    AND group_id NOT IN (SELECT group_id FROM replan); END;
CREATE TRIGGER replan_absence_delete AFTER DELETE ON absences
BEGIN INSERT INTO replan SELECT DISTINCT group_id FROM lessons WHERE id = OLD.lesson_id
    AND group_id NOT IN (SELECT group_id FROM replan); END;

-- reminders of a lesson in the outbox, for the planner and the staff's lesson screen
CREATE INDEX outbox_reminders ON outbox (lesson_id, dedupe_key)
    WHERE kind = 'reminder' AND lesson_id IS NOT NULL;
