-- A calendar file's SEQUENCE. An event (a child's lesson) is made of rows of several tables:
-- the lesson, its group and programme (title, group's name, teacher, room, what to bring), the
-- closure that keeps it off (its reason), the child (the title names them) and the child's
-- application (confirmed, still being decided, or over). Each of those rows carries a stamp
-- taken from one counter (versions 'calendar'), which these triggers move on at every change a
-- calendar must apply; the event's SEQUENCE is the newest stamp among its rows. A change gives
-- one of them a stamp newer than any before it, so the SEQUENCE grows whichever row changed,
-- and also when an event's rows are others than before: a new application, another closure
-- (the lesson's version moves then, and so its stamp), a lesson id used again.
-- The lesson's own stamp starts as its version, which was the SEQUENCE until now: the files
-- families already have are not outdated by this migration.
INSERT INTO versions (name, n) VALUES ('calendar', (SELECT coalesce(max(version), 0) FROM lessons));

ALTER TABLE lessons ADD COLUMN calendar_stamp INTEGER NOT NULL DEFAULT 0;
UPDATE lessons SET calendar_stamp = version;
ALTER TABLE groups ADD COLUMN calendar_stamp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE programmes ADD COLUMN calendar_stamp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE closures ADD COLUMN calendar_stamp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE children ADD COLUMN calendar_stamp INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enrolments ADD COLUMN calendar_stamp INTEGER NOT NULL DEFAULT 0;
-- whether the application's lessons were ever in the family's schedule (confirmed, or being
-- decided: storage.lesson_rows.PENDING): once it is over, a calendar file lists them as
-- cancelled so that a calendar which imported them drops them; an application that only ever
-- waited on the waitlist had none to drop. Of the applications already over, those rejected,
-- withdrawn or cancelled most likely were.
ALTER TABLE enrolments ADD COLUMN shown INTEGER NOT NULL DEFAULT 0;
UPDATE enrolments SET shown = 1 WHERE status != 'waitlisted';

-- a lesson: its version counts every change to it (staff's, a closure's, an import's)
CREATE TRIGGER lessons_calendar_insert AFTER INSERT ON lessons
BEGIN
    UPDATE versions SET n = n + 1 WHERE name = 'calendar';
    UPDATE lessons SET calendar_stamp = (SELECT n FROM versions WHERE name = 'calendar')
    WHERE id = NEW.id;
END;
CREATE TRIGGER lessons_calendar_version AFTER UPDATE OF version ON lessons
WHEN NEW.version IS NOT OLD.version
BEGIN
    UPDATE versions SET n = n + 1 WHERE name = 'calendar';
    UPDATE lessons SET calendar_stamp = (SELECT n FROM versions WHERE name = 'calendar')
    WHERE id = NEW.id;
END;

-- a group's name, teacher, room, what to bring, programme (an import, staff's edit)
CREATE TRIGGER groups_calendar_stamp
AFTER UPDATE OF name, name_en, teacher, room, room_en, note, note_en, programme_id ON groups
WHEN NEW.name IS NOT OLD.name OR NEW.name_en IS NOT OLD.name_en
    OR NEW.teacher IS NOT OLD.teacher OR NEW.room IS NOT OLD.room
    OR NEW.room_en IS NOT OLD.room_en OR NEW.note IS NOT OLD.note
    OR NEW.note_en IS NOT OLD.note_en
    OR NEW.programme_id IS NOT OLD.programme_id
BEGIN
    UPDATE versions SET n = n + 1 WHERE name = 'calendar';
    UPDATE groups SET calendar_stamp = (SELECT n FROM versions WHERE name = 'calendar')
    WHERE id = NEW.id;
END;

-- a programme's title
CREATE TRIGGER programmes_calendar_stamp AFTER UPDATE OF title_ru, title_en ON programmes
WHEN NEW.title_ru IS NOT OLD.title_ru OR NEW.title_en IS NOT OLD.title_en
BEGIN
    UPDATE versions SET n = n + 1 WHERE name = 'calendar';
    UPDATE programmes SET calendar_stamp = (SELECT n FROM versions WHERE name = 'calendar')
    WHERE id = NEW.id;
END;

-- a closure's reason, in either language (its days move its lessons' versions instead)
CREATE TRIGGER closures_calendar_stamp AFTER UPDATE OF reason, reason_en ON closures
WHEN NEW.reason IS NOT OLD.reason OR NEW.reason_en IS NOT OLD.reason_en
BEGIN
    UPDATE versions SET n = n + 1 WHERE name = 'calendar';
    UPDATE closures SET calendar_stamp = (SELECT n FROM versions WHERE name = 'calendar')
    WHERE id = NEW.id;
END;

-- a child's name
CREATE TRIGGER children_calendar_stamp AFTER UPDATE OF name ON children
WHEN NEW.name IS NOT OLD.name
BEGIN
    UPDATE versions SET n = n + 1 WHERE name = 'calendar';
    UPDATE children SET calendar_stamp = (SELECT n FROM versions WHERE name = 'calendar')
    WHERE id = NEW.id;
END;

-- an application: made, decided, withdrawn, offered a seat until a time
CREATE TRIGGER enrolments_calendar_insert AFTER INSERT ON enrolments
BEGIN
    UPDATE versions SET n = n + 1 WHERE name = 'calendar';
    UPDATE enrolments SET calendar_stamp = (SELECT n FROM versions WHERE name = 'calendar'),
        shown = NEW.status IN ('confirmed', 'awaiting_consent', 'applied', 'navigator',
                               'offered')
    WHERE id = NEW.id;
END;
CREATE TRIGGER enrolments_calendar_update AFTER UPDATE OF status, offer_until ON enrolments
WHEN NEW.status IS NOT OLD.status OR NEW.offer_until IS NOT OLD.offer_until
BEGIN
    UPDATE versions SET n = n + 1 WHERE name = 'calendar';
    UPDATE enrolments SET calendar_stamp = (SELECT n FROM versions WHERE name = 'calendar'),
        shown = shown OR NEW.status IN ('confirmed', 'awaiting_consent', 'applied',
                                        'navigator', 'offered')
    WHERE id = NEW.id;
END;
