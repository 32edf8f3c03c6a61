-- What a signed-in device looks like, per login (refresh-token family): the
-- user agent and client address last seen, when it signed in and when it last
-- refreshed. Whether it is still live is the refresh tokens' business.
CREATE TABLE sessions (
    family_id    TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent   TEXT NOT NULL,
    ip           TEXT,
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id, last_used_at);
