-- Data rights (issue 14, docs/data-rights.md). An erased person's row stays,
-- since briefs, revisions, comments and history point at it, but with the
-- name "Erased person", no e-mail address, no roles and no expertise; the
-- erasure is recorded here, without the name or the address.
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ADD COLUMN erase_time timestamptz;
CREATE TABLE erasures (
  id             text PRIMARY KEY,
  user_id        text NOT NULL UNIQUE REFERENCES users (id),
  erased_by      text NOT NULL,
  erase_time     timestamptz NOT NULL,
  -- What the person's published briefs name them from now on.
  published_name text NOT NULL
);
