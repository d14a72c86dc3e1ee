-- libs/outbox's own tables, in every database of a service that sends or
-- receives events; recorded in outbox_migrations. IF NOT EXISTS: databases
-- made before libs/outbox owned them have them from the service's migrations.

-- Events to other services, until each destination acknowledged them.
CREATE TABLE IF NOT EXISTS outbox (
  seq          bigserial PRIMARY KEY,
  destination  text NOT NULL,
  event_id     text NOT NULL,
  payload      bytea NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text NOT NULL DEFAULT '',
  create_time  timestamptz NOT NULL DEFAULT now(),
  deliver_time timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (destination, seq)
  WHERE deliver_time IS NULL;

-- Events received and applied here: a repeat is acknowledged, not applied.
CREATE TABLE IF NOT EXISTS processed_events (
  event_id     text PRIMARY KEY,
  process_time timestamptz NOT NULL DEFAULT now()
);
