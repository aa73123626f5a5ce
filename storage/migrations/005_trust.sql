-- Who consented, and in what capacity: for a child under 14 only a parent (152-FZ); a pupil
-- consents for themself from 14. NULL on consents recorded before this was kept.
ALTER TABLE consents ADD COLUMN given_as TEXT CHECK (given_as IN ('parent', 'pupil'));

-- The family an outbox message is about, so /forget can blank it (sent or not, to staff too),
-- and whether only current staff may receive it (the sender drops it otherwise).
ALTER TABLE outbox ADD COLUMN family_id INTEGER;
ALTER TABLE outbox ADD COLUMN staff_only INTEGER NOT NULL DEFAULT 0 CHECK (staff_only IN (0, 1));
CREATE INDEX outbox_family ON outbox (family_id) WHERE family_id IS NOT NULL;
CREATE INDEX outbox_staff ON outbox (chat_id) WHERE staff_only = 1 AND status = 'pending';

-- Messages queued before this: staff notices about applications are staff-only, and notices
-- about an application name its family (their keys are app-new:<id>:… and app:<id>:…).
UPDATE outbox SET staff_only = 1 WHERE dedupe_key LIKE 'app-new:%';
UPDATE outbox SET family_id = (
    SELECT c.family_id FROM enrolments e JOIN children c ON c.id = e.child_id
    WHERE e.id = CAST(substr(outbox.dedupe_key, instr(outbox.dedupe_key, ':') + 1,
        instr(substr(outbox.dedupe_key, instr(outbox.dedupe_key, ':') + 1), ':') - 1)
        AS INTEGER)
) WHERE dedupe_key LIKE 'app-new:%' OR dedupe_key LIKE 'app:%';
