-- Small named values the running bot keeps between restarts: the generated webhook secret,
-- alert states. One row a name.
CREATE TABLE kv (name TEXT PRIMARY KEY, value TEXT NOT NULL);

-- the metrics' counts of the outbox by status and kind, and the oldest due row
CREATE INDEX outbox_status_kind ON outbox (status, kind, due_at);
