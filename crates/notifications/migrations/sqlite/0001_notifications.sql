-- Deliveries (one per event and channel: the idempotency key), their attempt
-- log, and the in-app inbox. Ids and timestamps are TEXT as in the other
-- services (ADR 0008), so one SQL implementation serves PostgreSQL and SQLite.
CREATE TABLE deliveries (
    event_id        TEXT NOT NULL,
    channel         TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    message         TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    sent_at         TEXT,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (event_id, channel)
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

CREATE TABLE delivery_attempts (
    event_id TEXT NOT NULL,
    channel  TEXT NOT NULL,
    attempt  BIGINT NOT NULL,
    outcome  TEXT NOT NULL,
    error    TEXT,
    at       TEXT NOT NULL,
    PRIMARY KEY (event_id, channel, attempt)
);

CREATE TABLE inbox (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL,
    event_id   TEXT NOT NULL UNIQUE,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    link       TEXT,
    created_at TEXT NOT NULL,
    read_at    TEXT
);
CREATE INDEX inbox_user ON inbox (user_id, id);
