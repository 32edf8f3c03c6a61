-- Verified emails, the single-use links of email verification, password reset
-- and email change, and the outbox that announces them to notifications.
ALTER TABLE users ADD COLUMN email_verified_at TEXT;

-- One row per link sent: only the SHA-256 of its secret is kept. `email` is
-- the address the link proves (the new one for an email change).
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose    TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- The transactional outbox (crates/bus/src/outbox.rs).
CREATE TABLE outbox (
    seq        BIGSERIAL PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    type       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    event      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    attempts   BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_subject ON outbox (subject, seq);
