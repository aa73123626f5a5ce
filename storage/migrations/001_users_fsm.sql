-- People who have started the bot, and their conversation state.
CREATE TABLE users (
    id          INTEGER PRIMARY KEY,            -- Telegram user id (= private chat id)
    language    TEXT    NOT NULL CHECK (language IN ('ru', 'en')),
    role        TEXT             CHECK (role IN ('pupil', 'parent', 'staff', 'admin')),
    first_name  TEXT    NOT NULL DEFAULT '',
    username    TEXT,
    first_seen  TEXT    NOT NULL,               -- UTC, ISO 8601
    last_seen   TEXT    NOT NULL,
    blocked     INTEGER NOT NULL DEFAULT 0 CHECK (blocked IN (0, 1)),
    blocked_at  TEXT
);
CREATE INDEX users_role ON users (role);
CREATE INDEX users_language ON users (language);
CREATE INDEX users_username ON users (lower(username));

-- aiogram FSM state and data per conversation key, so a half-filled form survives a restart.
CREATE TABLE fsm_states (
    key         TEXT PRIMARY KEY,
    state       TEXT,
    data        TEXT NOT NULL DEFAULT '{}',     -- JSON object
    updated_at  TEXT NOT NULL
);
