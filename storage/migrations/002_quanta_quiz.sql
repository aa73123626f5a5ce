-- The catalogue of quanta, loaded from the technopark's TOML file at start.
CREATE TABLE quanta (
    code        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    emoji       TEXT    NOT NULL,
    age_min     INTEGER NOT NULL,
    age_max     INTEGER NOT NULL CHECK (age_max >= age_min),
    tags        TEXT    NOT NULL,               -- JSON list
    content     TEXT    NOT NULL,               -- JSON: {"ru": {...}, "en": {...}}
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    updated_at  TEXT    NOT NULL
);

-- The latest quiz result of each user: the answers and the quanta it suggested, best first.
CREATE TABLE quiz_results (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    answers     TEXT    NOT NULL,               -- JSON list of answer indexes
    age_min     INTEGER,
    age_max     INTEGER,
    taken_at    TEXT    NOT NULL
);
CREATE TABLE quiz_result_quanta (
    user_id      INTEGER NOT NULL REFERENCES quiz_results (user_id) ON DELETE CASCADE,
    rank         INTEGER NOT NULL,
    quantum_code TEXT    NOT NULL REFERENCES quanta (code),
    reason_tag   TEXT    NOT NULL,
    PRIMARY KEY (user_id, rank)
);
CREATE INDEX quiz_result_quanta_code ON quiz_result_quanta (quantum_code);
