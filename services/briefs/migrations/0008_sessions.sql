-- Signing in to the web app (issue 13). Passwords are Argon2id strings
-- (libsodium's crypto_pwhash_str). Of a session's cookie token and of a
-- password-reset link's token only the SHA-256 is kept. Failed sign-ins of
-- an account are kept for a day: five within 15 minutes hold it back.
CREATE TABLE passwords (
  user_id     text PRIMARY KEY REFERENCES users (id),
  hash        text NOT NULL,
  update_time timestamptz NOT NULL
);

CREATE TABLE sessions (
  id             text PRIMARY KEY,
  token_hash     bytea NOT NULL UNIQUE,
  user_id        text NOT NULL REFERENCES users (id),
  user_agent     text NOT NULL DEFAULT '',
  create_time    timestamptz NOT NULL,
  last_seen_time timestamptz NOT NULL,
  end_time       timestamptz
);
CREATE INDEX sessions_live ON sessions (user_id, last_seen_time)
  WHERE end_time IS NULL;

CREATE TABLE login_failures (
  user_id text NOT NULL REFERENCES users (id),
  time    timestamptz NOT NULL
);
CREATE INDEX login_failures_by_user ON login_failures (user_id, time);

-- State OPEN until used (USED) or replaced by a newer request (REPLACED).
CREATE TABLE password_resets (
  token_hash  bytea PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id),
  state       text NOT NULL DEFAULT 'OPEN',
  create_time timestamptz NOT NULL,
  expire_time timestamptz NOT NULL,
  end_time    timestamptz
);
CREATE UNIQUE INDEX password_resets_one_open ON password_resets (user_id)
  WHERE state = 'OPEN';
