-- «Что было на занятии»: what a group did at one lesson, written by staff, sent to the group's
-- families (an album of photos and a text) and shown under that lesson in their schedule.
-- Staff content, not a family's data: it names no child. `photos` is a JSON list of Telegram
-- file ids. A note taken off the schedule keeps its row with `removed_at` set.
CREATE TABLE lesson_notes (
    id         INTEGER PRIMARY KEY,
    lesson_id  INTEGER NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
    text       TEXT    NOT NULL,
    photos     TEXT    NOT NULL DEFAULT '[]',
    author_id  INTEGER NOT NULL,                -- a user id (staff work, kept)
    created_at TEXT    NOT NULL,                -- UTC
    edited_by  INTEGER,                         -- staff
    edited_at  TEXT,
    removed_by INTEGER,                         -- staff
    removed_at TEXT
);
-- one note on the schedule per lesson
CREATE UNIQUE INDEX lesson_notes_live ON lesson_notes (lesson_id) WHERE removed_at IS NULL;

-- the schedule's screens are remembered until the schedule data changes: a note is part of it
CREATE TRIGGER lesson_notes_ins AFTER INSERT ON lesson_notes
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER lesson_notes_upd AFTER UPDATE ON lesson_notes
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
CREATE TRIGGER lesson_notes_del AFTER DELETE ON lesson_notes
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'schedule'; END;
