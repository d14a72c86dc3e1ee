-- One durable notification per person and event; `seq` orders a person's
-- stream and is the SSE id.
CREATE TABLE notifications (
  seq         bigserial PRIMARY KEY,
  id          text NOT NULL UNIQUE,
  user_id     text NOT NULL,
  event_id    text NOT NULL,
  event       text NOT NULL,
  brief_id    text NOT NULL DEFAULT '',
  title       text NOT NULL,
  body        text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  read_time   timestamptz,
  UNIQUE (user_id, event_id)
);
CREATE INDEX notifications_user ON notifications (user_id, seq);

-- Webhooks carry their owner's notifications of the chosen event types.
CREATE TABLE webhooks (
  id          text PRIMARY KEY,
  user_id     text NOT NULL,
  url         text NOT NULL,
  events      text[] NOT NULL,
  secret      text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now(),
  delete_time timestamptz
);
CREATE INDEX webhooks_user ON webhooks (user_id) WHERE delete_time IS NULL;

-- A delivery is one notification to one webhook; its id is the
-- X-BriefDesk-Delivery header, the same on every retry.
CREATE TABLE deliveries (
  id                text PRIMARY KEY,
  webhook_id        text NOT NULL REFERENCES webhooks,
  notification_id   text NOT NULL,
  event             text NOT NULL,
  payload           text NOT NULL,
  state             text NOT NULL DEFAULT 'PENDING', -- DELIVERED, DEAD
  attempts          integer NOT NULL DEFAULT 0,
  next_attempt_time timestamptz NOT NULL DEFAULT now(),
  create_time       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (webhook_id, notification_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_time)
  WHERE state = 'PENDING';

CREATE TABLE attempts (
  delivery_id     text NOT NULL REFERENCES deliveries,
  attempt         integer NOT NULL,
  time            timestamptz NOT NULL DEFAULT now(),
  status_code     integer NOT NULL,
  latency_ms      integer NOT NULL,
  error           text NOT NULL DEFAULT '',
  next_retry_time timestamptz,
  PRIMARY KEY (delivery_id, attempt)
);

-- Reminders to authors after publication, every interval, `count` times.
CREATE TABLE followups (
  id       text PRIMARY KEY,
  brief_id text NOT NULL,
  user_id  text NOT NULL,
  number   integer NOT NULL,
  title    text NOT NULL,
  due_time timestamptz NOT NULL,
  state    text NOT NULL DEFAULT 'PENDING', -- SENT, CANCELLED
  UNIQUE (brief_id, user_id, number)
);
CREATE INDEX followups_due ON followups (due_time) WHERE state = 'PENDING';

-- The titles of briefs, from brief events, for the words of review events.
CREATE TABLE brief_titles (
  brief_id text PRIMARY KEY,
  title    text NOT NULL
);

-- The processed_events table: libs/outbox/migrations.
