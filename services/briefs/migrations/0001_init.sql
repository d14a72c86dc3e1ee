-- The user directory: users, roles, expertise and API-key hashes.
CREATE TABLE users (
  id           text PRIMARY KEY,
  display_name text NOT NULL,
  email        text NOT NULL,
  roles        text[] NOT NULL,
  expertise    text[] NOT NULL DEFAULT '{}',
  cohort       text NOT NULL DEFAULT '',
  create_time  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

-- Only the SHA-256 of a key is kept; `lookup` is its first 8 bytes.
CREATE TABLE api_keys (
  id          text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id),
  lookup      bigint NOT NULL,
  hash        bytea NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  revoke_time timestamptz
);
CREATE INDEX api_keys_lookup ON api_keys (lookup);
CREATE INDEX api_keys_user ON api_keys (user_id);

-- A brief's head: its state and current revision. `version` grows with every
-- change of the head and is part of the ETag.
CREATE TABLE briefs (
  id            text PRIMARY KEY,
  author_id     text NOT NULL REFERENCES users (id),
  co_author_ids text[] NOT NULL DEFAULT '{}',
  cohort        text NOT NULL DEFAULT '',
  state         text NOT NULL,
  revision      integer NOT NULL,
  version       integer NOT NULL DEFAULT 1,
  create_time   timestamptz NOT NULL DEFAULT now(),
  update_time   timestamptz NOT NULL DEFAULT now(),
  publish_time  timestamptz,
  slug          text UNIQUE
);
CREATE INDEX briefs_author ON briefs (author_id);
CREATE INDEX briefs_co_authors ON briefs USING gin (co_author_ids);

-- Immutable numbered revisions: inserted, never updated.
CREATE TABLE revisions (
  brief_id        text NOT NULL REFERENCES briefs (id),
  number          integer NOT NULL,
  author_id       text NOT NULL,
  create_time     timestamptz NOT NULL DEFAULT now(),
  title           text NOT NULL,
  policy_question text NOT NULL DEFAULT '',
  topic           text NOT NULL,
  country         text NOT NULL DEFAULT '',
  constituency    text NOT NULL DEFAULT 'CONSTITUENCY_UNSPECIFIED',
  summary         text NOT NULL DEFAULT '',
  problem         text NOT NULL DEFAULT '',
  evidence        text NOT NULL DEFAULT '',
  options         text NOT NULL DEFAULT '',
  recommendations text NOT NULL DEFAULT '',
  "references"    text NOT NULL DEFAULT '',
  PRIMARY KEY (brief_id, number)
);

-- The brief's history: every workflow action taken on it.
CREATE TABLE transitions (
  seq        bigserial PRIMARY KEY,
  brief_id   text NOT NULL REFERENCES briefs (id),
  action     text NOT NULL,
  from_state text NOT NULL,
  to_state   text NOT NULL,
  actor_id   text NOT NULL,
  revision   integer NOT NULL,
  note       text NOT NULL DEFAULT '',
  time       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transitions_brief ON transitions (brief_id, seq);

-- First answers to creating POSTs, by (user, Idempotency-Key), kept 24 h.
CREATE TABLE idempotency_keys (
  user_id      text NOT NULL,
  key          text NOT NULL,
  method       text NOT NULL,
  request_hash bytea NOT NULL,
  response     bytea NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
