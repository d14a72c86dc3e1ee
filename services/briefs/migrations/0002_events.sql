-- libs/outbox: events to other services, and the ones already applied here.
CREATE TABLE outbox (
  seq          bigserial PRIMARY KEY,
  destination  text NOT NULL,
  event_id     text NOT NULL,
  payload      bytea NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text NOT NULL DEFAULT '',
  create_time  timestamptz NOT NULL DEFAULT now(),
  deliver_time timestamptz
);
CREATE INDEX outbox_pending ON outbox (destination, seq) WHERE deliver_time IS NULL;
CREATE TABLE processed_events (
  event_id     text PRIMARY KEY,
  process_time timestamptz NOT NULL DEFAULT now()
);

-- Experts who hold or held a review task on a brief may see it (API.md).
CREATE TABLE brief_reviewers (
  brief_id text NOT NULL REFERENCES briefs (id),
  user_id  text NOT NULL,
  PRIMARY KEY (brief_id, user_id)
);
CREATE INDEX brief_reviewers_user ON brief_reviewers (user_id);
