-- A person's texts the bot did not understand are kept once a day each (the same folded text
-- typed again that day moves the kept one to the newest time) and at most the last 50 per
-- person: a flood of messages cannot fill the table. `day` is the technopark's date the text
-- came on for new rows; rows from before this migration get their UTC date (the technopark's
-- zone is a setting, not known here): near midnight an old text may fall on the next or the
-- previous day, which only decides what counts as a repeat.
ALTER TABLE unanswered ADD COLUMN day TEXT NOT NULL DEFAULT '';
UPDATE unanswered SET day = substr(created_at, 1, 10);
-- The same text of a person on one day becomes one row: the newest, which keeps the latest
-- time any of them went to staff (else an asked text could be offered and sent again).
UPDATE unanswered SET asked_at = (
    SELECT max(same.asked_at) FROM unanswered AS same
    WHERE same.user_id = unanswered.user_id AND same.folded = unanswered.folded
      AND same.day = unanswered.day
) WHERE id IN (SELECT max(id) FROM unanswered GROUP BY user_id, folded, day);
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
