-- Broadcasts composed by staff; their deliveries are outbox rows.
CREATE TABLE broadcasts (
    id                  INTEGER PRIMARY KEY,
    author_id           INTEGER NOT NULL REFERENCES users (id),
    text                TEXT    NOT NULL,           -- Telegram HTML
    photo               TEXT,                       -- file_id, the text is then its caption
    audience            TEXT    NOT NULL,           -- JSON of the filter
    status              TEXT    NOT NULL DEFAULT 'sending'
                        CHECK (status IN ('sending', 'done', 'cancelled')),
    total               INTEGER NOT NULL,
    progress_message_id INTEGER,
    created_at          TEXT    NOT NULL,
    finished_at         TEXT
);

-- Every message the bot sends on its own initiative, written in the same transaction as the
-- change that causes it, then delivered by the one sender.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,                  -- broadcast, notice, report, reminder, ...
    chat_id      INTEGER NOT NULL,
    payload      TEXT    NOT NULL,                  -- JSON: text, parse_mode, buttons, photo
    dedupe_key   TEXT    NOT NULL UNIQUE,
    due_at       TEXT    NOT NULL,                  -- UTC
    priority     INTEGER NOT NULL DEFAULT 100,      -- lower goes first
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled',
                                   'expired')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    lease_until  TEXT,
    last_error   TEXT,
    message_id   INTEGER,                           -- Telegram's, once sent
    broadcast_id INTEGER REFERENCES broadcasts (id) ON DELETE CASCADE,
    expires_at   TEXT,                              -- not worth sending after this
    created_at   TEXT    NOT NULL,
    sent_at      TEXT
);
CREATE INDEX outbox_due ON outbox (priority, due_at, id) WHERE status = 'pending';
CREATE INDEX outbox_sending ON outbox (lease_until) WHERE status = 'sending';
CREATE INDEX outbox_broadcast ON outbox (broadcast_id, status);
CREATE INDEX outbox_chat ON outbox (chat_id, status);
