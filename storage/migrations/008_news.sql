-- Project news, partners, subscriptions to a quantum's news, and questions to staff.

-- A partner company or university whose projects pupils do; `name_key` is the name
-- case-folded (SQLite's lower() folds ASCII only), so «Ростех» and «РОСТЕХ» are one partner.
CREATE TABLE partners (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    name_key    TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- A post: a draft while written, then scheduled (publish_at) or published; unpublished
-- posts leave the feed (notifications already delivered stay).
CREATE TABLE posts (
    id           INTEGER PRIMARY KEY,
    title        TEXT    NOT NULL,
    body         TEXT    NOT NULL,                 -- Telegram HTML
    photo        TEXT,                             -- file_id; the post is then a caption
    quantum_code TEXT    REFERENCES quanta (code),
    partner_id   INTEGER REFERENCES partners (id) ON DELETE SET NULL,
    author_id    INTEGER,
    status       TEXT    NOT NULL DEFAULT 'draft'
                 CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished')),
    publish_at   TEXT,                             -- UTC: when a scheduled post goes out
    published_at TEXT,                             -- UTC: when it went out (the feed's order)
    version      INTEGER NOT NULL DEFAULT 0,       -- bumped by every edit
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX posts_feed ON posts (published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX posts_quantum ON posts (quantum_code, published_at DESC, id DESC)
    WHERE status = 'published';
CREATE INDEX posts_partner ON posts (partner_id, published_at DESC, id DESC)
    WHERE status = 'published';
CREATE INDEX posts_due ON posts (publish_at) WHERE status = 'scheduled';

-- «🔔 Новости квантума»: who follows which quantum's news. Families with a child in one of
-- the quantum's groups hear of its posts anyway, unless they turned them off (`muted`).
CREATE TABLE subscriptions (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    quantum_code TEXT    NOT NULL,
    muted        INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1)),
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (user_id, quantum_code)
);
CREATE INDEX subscriptions_quantum ON subscriptions (quantum_code);

-- A question to staff and its answer.
CREATE TABLE questions (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,   -- the asker
    family_id   INTEGER,            -- their family when they asked (for /forget), if any
    message_id  INTEGER,            -- the question's own message in the asker's chat
    text        TEXT    NOT NULL DEFAULT '',   -- the text, or a photo's caption
    photo       TEXT,               -- a photo's file_id
    status      TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
    taken_by    INTEGER,            -- staff who pressed «Ответить» last, and when
    taken_at    TEXT,
    answered_by INTEGER,
    answer      TEXT,
    answered_at TEXT,
    created_at  TEXT    NOT NULL
);
CREATE INDEX questions_open ON questions (created_at) WHERE status = 'open';
CREATE INDEX questions_user ON questions (user_id, created_at);

-- What the feed shows changes only with posts and partners: its pages are kept in memory
-- until this counter moves.
INSERT INTO versions (name, n) VALUES ('news', 0);
CREATE TRIGGER posts_insert_news AFTER INSERT ON posts
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER posts_update_news AFTER UPDATE ON posts
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER posts_delete_news AFTER DELETE ON posts
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER partners_insert_news AFTER INSERT ON partners
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER partners_update_news AFTER UPDATE ON partners
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'news'; END;
CREATE TRIGGER partners_delete_news AFTER DELETE ON partners
BEGIN UPDATE versions SET n = n + 1 WHERE name = 'news'; END;
