-- Who consented, and in what capacity: for a child under 14 only a parent (152-FZ); a pupil
-- consents for themself from 14. NULL on consents recorded before this was kept.
ALTER TABLE consents ADD COLUMN given_as TEXT CHECK (given_as IN ('parent', 'pupil'));

-- The family an outbox message is about, so /forget can blank it (sent or not, to staff too),
-- and whether only current staff may receive it (the sender drops it otherwise).
ALTER TABLE outbox ADD COLUMN family_id INTEGER;
ALTER TABLE outbox ADD COLUMN staff_only INTEGER NOT NULL DEFAULT 0 CHECK (staff_only IN (0, 1));
CREATE INDEX outbox_family ON outbox (family_id) WHERE family_id IS NOT NULL;
CREATE INDEX outbox_staff ON outbox (chat_id) WHERE staff_only = 1 AND status = 'pending';
