-- First answers to POST /v1/webhooks by (user, Idempotency-Key), for 24 h
-- (libs/storage/idempotency.h).
CREATE TABLE idempotency_keys (
  user_id      text NOT NULL,
  key          text NOT NULL,
  method       text NOT NULL,
  request_hash bytea NOT NULL,
  response     bytea NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
CREATE INDEX attempts_time ON attempts (delivery_id, time);
