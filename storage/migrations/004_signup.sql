-- Programmes and groups, imported from the technopark's CSV.
CREATE TABLE programmes (
    id            INTEGER PRIMARY KEY,
    code          TEXT    NOT NULL UNIQUE,
    quantum_code  TEXT    NOT NULL REFERENCES quanta (code),
    level         TEXT    NOT NULL CHECK (level IN ('intro', 'advanced', 'project')),
    title_ru      TEXT    NOT NULL,
    title_en      TEXT    NOT NULL,
    age_min       INTEGER NOT NULL,
    age_max       INTEGER NOT NULL CHECK (age_max >= age_min),
    admission     TEXT    NOT NULL CHECK (admission IN ('open', 'interview')),
    signup_from   TEXT,                             -- YYYY-MM-DD, technopark's dates
    signup_until  TEXT,
    navigator_url TEXT,
    updated_at    TEXT    NOT NULL
);
CREATE INDEX programmes_quantum ON programmes (quantum_code);

CREATE TABLE groups (
    id           INTEGER PRIMARY KEY,
    code         TEXT    NOT NULL UNIQUE,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    name         TEXT    NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity > 0),
    teacher      TEXT    NOT NULL DEFAULT '',
    room         TEXT    NOT NULL DEFAULT '',
    age_min      INTEGER,                           -- narrower than the programme's, if set
    age_max      INTEGER,
    starts_on    TEXT    NOT NULL,
    ends_on      TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX groups_programme ON groups (programme_id);

-- A family: parents and children, and the accounts that belong to it.
CREATE TABLE families (
    id          INTEGER PRIMARY KEY,
    invite_code TEXT    NOT NULL UNIQUE,
    phone       TEXT,                               -- the parent's, +7XXXXXXXXXX
    created_at  TEXT    NOT NULL
);

CREATE TABLE children (
    id          INTEGER PRIMARY KEY,
    family_id   INTEGER NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    birth_date  TEXT    NOT NULL,                   -- YYYY-MM-DD
    school      TEXT    NOT NULL,
    grade       INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 11),
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,  -- the child's own account
    created_at  TEXT    NOT NULL
);
CREATE INDEX children_family ON children (family_id);
CREATE UNIQUE INDEX children_identity ON children (family_id, lower(name), birth_date);

CREATE TABLE family_members (
    family_id   INTEGER NOT NULL REFERENCES families (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    relation    TEXT    NOT NULL CHECK (relation IN ('parent', 'child')),
    child_id    INTEGER REFERENCES children (id) ON DELETE CASCADE,
    joined_at   TEXT    NOT NULL,
    PRIMARY KEY (family_id, user_id)
);
CREATE UNIQUE INDEX family_members_user ON family_members (user_id);

-- Consent to the processing of a child's data (152-FZ), given by a parent or a pupil of 14+.
CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    family_id    INTEGER REFERENCES families (id) ON DELETE SET NULL,
    child_id     INTEGER REFERENCES children (id) ON DELETE SET NULL,
    given_by     INTEGER,                           -- user id; NULL once the family is forgotten
    text_version TEXT    NOT NULL,
    photo        INTEGER NOT NULL CHECK (photo IN (0, 1)),
    given_at     TEXT    NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX consents_child ON consents (child_id);

-- A child's application to a group and where it stands.
CREATE TABLE enrolments (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    group_id    INTEGER NOT NULL REFERENCES groups (id),
    status      TEXT    NOT NULL CHECK (status IN (
                    'awaiting_consent', 'applied', 'navigator', 'confirmed', 'rejected',
                    'waitlisted', 'offered', 'cancelled', 'withdrawn')),
    queued_at   TEXT    NOT NULL,                   -- waitlist order
    offer_until TEXT,
    reason      TEXT,
    created_by  INTEGER,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE UNIQUE INDEX enrolments_active ON enrolments (child_id, group_id)
    WHERE status NOT IN ('rejected', 'cancelled', 'withdrawn');
CREATE INDEX enrolments_group ON enrolments (group_id, status, queued_at);
