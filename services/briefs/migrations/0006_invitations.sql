-- Invitations (issue 12): a single-use link per account made by an
-- enrolment. Only the SHA-256 of the link's token is kept. State OPEN until
-- it is used (USED) or a newer invitation replaces it (REPLACED).
CREATE TABLE invitations (
  token_hash  bytea PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id),
  course_id   text NOT NULL DEFAULT '',
  state       text NOT NULL DEFAULT 'OPEN',
  create_time timestamptz NOT NULL,
  expire_time timestamptz NOT NULL,
  end_time    timestamptz
);
CREATE INDEX invitations_open ON invitations (user_id) WHERE state = 'OPEN';
-- At most one working link per account.
CREATE UNIQUE INDEX invitations_one_open ON invitations (user_id)
  WHERE state = 'OPEN';
