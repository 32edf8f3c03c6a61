-- Two-factor sign-in (ADR 0042): the account's TOTP key, while enrolling
-- (enabled_at NULL) and once a code confirmed it, with the last time step
-- whose code was accepted so that no code works twice; and its recovery
-- codes, kept only as SHA-256 hashes. A login's code step is a row of
-- account_tokens with purpose `sign_in`.
CREATE TABLE two_factor (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    totp_key   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    enabled_at TEXT,
    last_step  BIGINT
);

CREATE TABLE recovery_codes (
    code_hash TEXT PRIMARY KEY,
    user_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    used_at   TEXT
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);
