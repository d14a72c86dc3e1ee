-- Courses, their modules and their members. A course's `version` moves
-- with every change and is its ETag.
CREATE TABLE courses (
  id                     text PRIMARY KEY,
  title                  text NOT NULL,
  edition                text NOT NULL DEFAULT '',
  language               text NOT NULL DEFAULT 'en',
  time_zone              text NOT NULL,
  start_date             date NOT NULL,
  end_date               date NOT NULL,
  reviews_per_round      integer NOT NULL DEFAULT 1,
  followup_interval_days integer NOT NULL DEFAULT 61,
  followup_count         integer NOT NULL DEFAULT 6,
  -- The cohort string of the data this course was made from, if any.
  cohort                 text UNIQUE,
  version                integer NOT NULL DEFAULT 1,
  create_time            timestamptz NOT NULL DEFAULT now(),
  update_time            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE modules (
  course_id text NOT NULL REFERENCES courses,
  number    integer NOT NULL,
  title     text NOT NULL,
  due_time  timestamptz NOT NULL,
  sections  text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (course_id, number)
);

-- A person keeps one account (the directory's user id) across courses; a
-- removed member's row stays, marked, so what they did stays attributed.
CREATE TABLE members (
  course_id        text NOT NULL REFERENCES courses,
  user_id          text NOT NULL,
  course_role      text NOT NULL,  -- PARTICIPANT, EXPERT, ORGANIZER
  display_name     text NOT NULL,
  email            text NOT NULL,
  organization     text NOT NULL DEFAULT '',
  constituency     text NOT NULL DEFAULT '',
  country          text NOT NULL DEFAULT '',
  invitation_state text NOT NULL DEFAULT 'ACCEPTED',
  join_time        timestamptz NOT NULL DEFAULT now(),
  remove_time      timestamptz,
  PRIMARY KEY (course_id, user_id)
);
CREATE INDEX members_user ON members (user_id) WHERE remove_time IS NULL;

-- First answers to POST /v1/courses by (user, Idempotency-Key), for 24 h
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
