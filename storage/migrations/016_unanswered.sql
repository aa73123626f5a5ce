-- What people typed outside a form that the bot understood as nothing: staff read them in
-- /unanswered (grouped by the folded text, never with a name) to add a keyword or a FAQ entry,
-- and «❓ Спросить у сотрудников» under the bot's «Не понял» sends one to staff by its id.
-- Tied to the person only so that /forget deletes them; kept 30 days (the nightly clean-up).
CREATE TABLE unanswered (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL,          -- who typed it: /forget deletes their rows
    text       TEXT    NOT NULL,          -- as typed
    folded     TEXT    NOT NULL,          -- case and spaces folded: the same text, grouped
    message_id INTEGER,                   -- the message in the person's chat (a reply quotes it)
    created_at TEXT    NOT NULL,          -- UTC
    asked_at   TEXT                       -- UTC: sent to staff as a question
);
CREATE INDEX unanswered_created ON unanswered (created_at);
CREATE INDEX unanswered_user ON unanswered (user_id);
