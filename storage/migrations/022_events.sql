-- Events: open days, master classes, trial lessons, competitions. Staff create them in the chat
-- or by import (updated by `code`, the poster link's `ev_<code>`). Times are UTC.
CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    code               TEXT    NOT NULL UNIQUE,
    kind               TEXT    NOT NULL
                       CHECK (kind IN ('open_day', 'master_class', 'trial', 'competition')),
    title_ru           TEXT    NOT NULL,
    title_en           TEXT    NOT NULL,
    description_ru     TEXT    NOT NULL DEFAULT '',
    description_en     TEXT    NOT NULL DEFAULT '',
    starts_at          TEXT    NOT NULL,
    ends_at            TEXT    NOT NULL,
    place              TEXT    NOT NULL,
    seats              INTEGER NOT NULL DEFAULT 0 CHECK (seats >= 0),   -- 0: no limit
    age_min            INTEGER,
    age_max            INTEGER,
    quanta             TEXT    NOT NULL DEFAULT '',                     -- codes, space-separated
    registration_until TEXT,
    companions         INTEGER NOT NULL DEFAULT 1 CHECK (companions >= 0),
    status             TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cancelled')),
    created_by         INTEGER,                                         -- staff work, kept
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    feedback_asked_at  TEXT,                                            -- «Как вам?» queued
    followup_sent_at   TEXT                                             -- open day's programmes
);
CREATE INDEX events_coming ON events (starts_at) WHERE status = 'open';

-- A person's registration for an event (one per person and event): the adults coming along,
-- the phone to call, the ticket (an unguessable token for the QR link, a 6-character code to
-- type at the door) and the check-in.
CREATE TABLE event_registrations (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id      INTEGER REFERENCES families (id) ON DELETE CASCADE,
    companions     INTEGER NOT NULL DEFAULT 0 CHECK (companions >= 0),
    phone          TEXT,
    token          TEXT    NOT NULL UNIQUE,
    code           TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    checked_in_at  TEXT,
    checked_in_by  INTEGER,
    UNIQUE (event_id, user_id),
    UNIQUE (event_id, code)
);
CREATE INDEX event_registrations_user ON event_registrations (user_id);
CREATE INDEX event_registrations_family ON event_registrations (family_id)
    WHERE family_id IS NOT NULL;

-- Each child coming is a seat (companions take none). `status`: seat (a place), offered (a
-- place from the waitlist held until `hold_until`, waiting for «Приду»), waitlist (in
-- `queued_at` order), consent (an under-14 pupil's own registration, holding nothing until a
-- parent agrees). A cancelled seat is deleted. The child's name and birth date are kept here:
-- a child new to the technopark has no `children` row.
CREATE TABLE event_seats (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL REFERENCES event_registrations (id) ON DELETE CASCADE,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    child_id        INTEGER REFERENCES children (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    birth_date      TEXT    NOT NULL,                                   -- YYYY-MM-DD
    status          TEXT    NOT NULL
                    CHECK (status IN ('seat', 'offered', 'waitlist', 'consent')),
    queued_at       TEXT    NOT NULL,
    hold_until      TEXT
);
CREATE UNIQUE INDEX event_seats_child ON event_seats (event_id, lower(name), birth_date);
CREATE INDEX event_seats_queue ON event_seats (event_id, status, queued_at, id);
CREATE INDEX event_seats_registration ON event_seats (registration_id);
CREATE INDEX event_seats_held ON event_seats (hold_until) WHERE status = 'offered';

-- «Как вам?» after the event: stars and an optional comment, one per registration.
CREATE TABLE event_feedback (
    registration_id INTEGER PRIMARY KEY REFERENCES event_registrations (id) ON DELETE CASCADE,
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    stars           INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment         TEXT,
    created_at      TEXT    NOT NULL
);
CREATE INDEX event_feedback_event ON event_feedback (event_id);
