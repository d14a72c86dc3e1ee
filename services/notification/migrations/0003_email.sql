-- E-mail: preferences, the queue the sender works through, its attempts,
-- the items that wait for a daily digest, and the digests made. Times are
-- written from the service's clock (libs/clock), never now().

-- Per person and kind (reminders, reviews, publication, followUps): no row
-- is IMMEDIATE.
CREATE TABLE email_preferences (
  user_id     text NOT NULL,
  kind        text NOT NULL,
  mode        text NOT NULL, -- IMMEDIATE, DAILY_DIGEST, NONE
  update_time timestamptz NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- One e-mail per event and recipient (`recipient` is the user id, or the
-- address for an invitation): a redelivered event writes nothing new. Its
-- id makes the Message-ID, the same on every try. to_email and to_name are
-- empty until the sender looks the person up in the directory; `data` is
-- the template's data (JSON).
CREATE TABLE emails (
  id                text PRIMARY KEY,
  event_id          text NOT NULL,
  event             text NOT NULL,
  kind              text NOT NULL,
  user_id           text NOT NULL DEFAULT '',
  recipient         text NOT NULL,
  to_email          text NOT NULL DEFAULT '',
  to_name           text NOT NULL DEFAULT '',
  language          text NOT NULL,
  subject           text NOT NULL,
  data              text NOT NULL,
  state             text NOT NULL DEFAULT 'PENDING', -- SENT, FAILED
  attempts          integer NOT NULL DEFAULT 0,
  last_error        text NOT NULL DEFAULT '',
  next_attempt_time timestamptz NOT NULL,
  create_time       timestamptz NOT NULL,
  sent_time         timestamptz,
  UNIQUE (event_id, recipient)
);
CREATE INDEX emails_due ON emails (next_attempt_time) WHERE state = 'PENDING';
CREATE INDEX emails_user ON emails (user_id, create_time);
CREATE INDEX emails_time ON emails (create_time, id);

CREATE TABLE email_attempts (
  email_id text NOT NULL REFERENCES emails,
  attempt  integer NOT NULL,
  time     timestamptz NOT NULL,
  outcome  text NOT NULL, -- SENT, RETRY, FAILED
  error    text NOT NULL DEFAULT '',
  PRIMARY KEY (email_id, attempt)
);

-- What waits for a person's daily digest; digest_id is set in the
-- transaction that writes the digest e-mail.
CREATE TABLE digest_items (
  user_id     text NOT NULL,
  event_id    text NOT NULL,
  event       text NOT NULL,
  kind        text NOT NULL,
  subject     text NOT NULL,
  data        text NOT NULL,
  create_time timestamptz NOT NULL,
  digest_id   text,
  PRIMARY KEY (user_id, event_id)
);
CREATE INDEX digest_items_waiting ON digest_items (create_time)
  WHERE digest_id IS NULL;

-- One digest per person and day (UTC): the key makes it once.
CREATE TABLE digests (
  user_id  text NOT NULL,
  day      date NOT NULL,
  email_id text NOT NULL,
  PRIMARY KEY (user_id, day)
);

-- The key that signs unsubscribe links, made once by the first replica.
CREATE TABLE email_keys (
  name text PRIMARY KEY,
  key  text NOT NULL
);
