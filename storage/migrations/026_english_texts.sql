-- What to bring to a group, and a partner's name and description, in English, for people who
-- read the bot in English; empty: the Russian ones are shown.
ALTER TABLE groups ADD COLUMN note_en TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE partners ADD COLUMN description_en TEXT NOT NULL DEFAULT '';

-- reminders carry the group's name, room and note in the reader's language: a change to the
-- English ones is planned again too
DROP TRIGGER replan_group_update;
CREATE TRIGGER replan_group_update
AFTER UPDATE OF name, teacher, room, note, name_en, room_en, note_en ON groups
BEGIN INSERT INTO replan SELECT NEW.id
    WHERE NEW.id NOT IN (SELECT group_id FROM replan); END;
