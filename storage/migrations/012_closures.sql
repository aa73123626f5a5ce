-- A closure's reason in English (optional: '' shows the Russian one to everyone).
ALTER TABLE closures ADD COLUMN reason_en TEXT NOT NULL DEFAULT '';

-- What an outbox message is part of, so its delivery can be reported: 'closure:<id>' for the
-- notices about one closure (the row stays tagged after the closure is removed).
ALTER TABLE outbox ADD COLUMN topic TEXT;
CREATE INDEX outbox_topic ON outbox (topic, chat_id) WHERE topic IS NOT NULL;

-- the lessons a closure keeps off (its screen, its change, its removal)
CREATE INDEX lessons_closure ON lessons (closure_id) WHERE closure_id IS NOT NULL;
