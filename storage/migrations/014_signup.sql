-- A group's name and room in English, for families who read the bot in English; empty: the
-- Russian ones are shown.
ALTER TABLE groups ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
ALTER TABLE groups ADD COLUMN room_en TEXT NOT NULL DEFAULT '';
