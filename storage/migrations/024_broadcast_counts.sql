-- A broadcast's figures kept on its own row, so its progress is read by primary key instead
-- of counting its outbox rows (a GROUP BY over 100 000 rows, every few seconds while it runs).
-- A delivery counts as: sent; blocked (failed, the recipient blocked the bot); failed (failed
-- otherwise, or expired); cancelled; or still left (pending or sending). What is left is the
-- total less the rest: a broadcast's rows are all inserted pending with it
-- (storage.broadcasts.queue_deliveries, which sets the total) and never deleted on their own.
ALTER TABLE broadcasts ADD COLUMN sent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN failed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broadcasts ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;

UPDATE broadcasts SET
    sent = (SELECT count(*) FROM outbox o WHERE o.broadcast_id = broadcasts.id
            AND o.status = 'sent'),
    blocked = (SELECT count(*) FROM outbox o WHERE o.broadcast_id = broadcasts.id
               AND o.status = 'failed' AND o.last_error IS 'blocked'),
    failed = (SELECT count(*) FROM outbox o WHERE o.broadcast_id = broadcasts.id
              AND (o.status = 'expired' OR (o.status = 'failed'
                                            AND o.last_error IS NOT 'blocked'))),
    cancelled = (SELECT count(*) FROM outbox o WHERE o.broadcast_id = broadcasts.id
                 AND o.status = 'cancelled');

-- Every change of a delivery's outcome moves the counts in the same transaction, whoever
-- makes it: the sender's group commit, a stop, a /forget, a user found blocked. Claiming and
-- retrying (pending <-> sending) leave them as they are and write nothing more.
CREATE TRIGGER outbox_broadcast_counts AFTER UPDATE OF status, last_error ON outbox
FOR EACH ROW WHEN new.broadcast_id IS NOT NULL
    AND (old.status NOT IN ('pending', 'sending') OR new.status NOT IN ('pending', 'sending'))
    AND (old.status IS NOT new.status OR old.last_error IS NOT new.last_error)
BEGIN
    UPDATE broadcasts SET
        sent = sent + (new.status = 'sent') - (old.status = 'sent'),
        blocked = blocked
            + (new.status = 'failed' AND new.last_error IS 'blocked')
            - (old.status = 'failed' AND old.last_error IS 'blocked'),
        failed = failed
            + (new.status = 'expired' OR (new.status = 'failed'
                                          AND new.last_error IS NOT 'blocked'))
            - (old.status = 'expired' OR (old.status = 'failed'
                                          AND old.last_error IS NOT 'blocked')),
        cancelled = cancelled + (new.status = 'cancelled') - (old.status = 'cancelled')
    WHERE id = new.broadcast_id;
END;
