-- A person's texts the bot did not understand are kept once a day each (the same folded text
-- typed again that day moves the kept one to the newest time) and at most the last 50 per
-- person: a flood of messages cannot fill the table. `day` is the technopark's date the text
-- came on.
ALTER TABLE unanswered ADD COLUMN day TEXT NOT NULL DEFAULT '';
UPDATE unanswered SET day = substr(created_at, 1, 10);
DELETE FROM unanswered WHERE id NOT IN (
    SELECT max(id) FROM unanswered GROUP BY user_id, folded, day
);
DELETE FROM unanswered WHERE id IN (
    SELECT id FROM (
        SELECT id, row_number() OVER (
            PARTITION BY user_id ORDER BY created_at DESC, id DESC
        ) AS newest
        FROM unanswered
    ) WHERE newest > 50
);
CREATE UNIQUE INDEX unanswered_once_a_day ON unanswered (user_id, folded, day);
