-- The families of a broadcast's audience it could not be sent to at all, found when its
-- deliveries are queued: everyone of the family the audience names had blocked the bot
-- (blocked), or the family is known only by its children, no one of it having started the
-- bot (never). The deliveries it did send are its outbox rows; with these, «📭 Кому не
-- доставлено» lists every family it did not reach.
CREATE TABLE broadcast_unreached (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
    family_id    INTEGER NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    why          TEXT    NOT NULL CHECK (why IN ('blocked', 'never')),
    PRIMARY KEY (broadcast_id, family_id)
) WITHOUT ROWID;
CREATE INDEX broadcast_unreached_family ON broadcast_unreached (family_id);

-- How many, kept on the broadcast's row beside its other figures (migration 024): set when
-- they are written, less one for each family forgotten since (/forget deletes the family,
-- and its rows here with it).
ALTER TABLE broadcasts ADD COLUMN unreached INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER broadcast_unreached_forgotten AFTER DELETE ON broadcast_unreached
FOR EACH ROW BEGIN
    UPDATE broadcasts SET unreached = unreached - 1 WHERE id = old.broadcast_id;
END;
