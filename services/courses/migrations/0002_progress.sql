-- Learning plans, extensions, the milestone statuses recorded when due
-- times pass, and the reminders sent (issue 12).

-- A participant's learning plan for a course; `version` is its ETag.
CREATE TABLE learning_plans (
  course_id       text NOT NULL REFERENCES courses,
  user_id         text NOT NULL,
  policy_question text NOT NULL,
  learning_goals  text[] NOT NULL,
  version         integer NOT NULL,
  update_time     timestamptz NOT NULL,
  PRIMARY KEY (course_id, user_id)
);

-- Every extension granted, kept; a participant's latest for a module is the
-- one in force.
CREATE TABLE extensions (
  id          bigserial PRIMARY KEY,
  course_id   text NOT NULL REFERENCES courses,
  user_id     text NOT NULL,
  module      integer NOT NULL,
  due_time    timestamptz NOT NULL,
  reason      text NOT NULL,
  granted_by  text NOT NULL,
  create_time timestamptz NOT NULL
);
CREATE INDEX extensions_member ON extensions (course_id, user_id, module, id);
-- The reminder worker looks for due times near now, every second.
CREATE INDEX extensions_due ON extensions (due_time);
CREATE INDEX modules_due ON modules (due_time);

-- The status each participant's milestone had when the module's due time
-- passed. A milestone recorded ON_TIME stays ON_TIME whatever later edits
-- of the course do.
CREATE TABLE milestone_records (
  course_id   text NOT NULL REFERENCES courses,
  module      integer NOT NULL,
  user_id     text NOT NULL,
  status      text NOT NULL,
  due_time    timestamptz NOT NULL,
  met_time    timestamptz,
  record_time timestamptz NOT NULL,
  PRIMARY KEY (course_id, module, user_id)
);

-- Each reminder once: a row per (course, kind, module or follow-up,
-- person, due time), inserted in the transaction that writes its event to
-- the outbox; a second replica's insert finds it and sends nothing. A due
-- time that changes makes a new reminder. `sent` is false where the
-- milestone was met and nothing needed saying.
CREATE TABLE reminders (
  course_id  text NOT NULL REFERENCES courses,
  kind       text NOT NULL,  -- DUE_SOON, OVERDUE, DIGEST, FOLLOWUP
  number     integer NOT NULL,
  user_id    text NOT NULL,  -- '' for the organizers' digest
  due_time   timestamptz NOT NULL,
  sent       boolean NOT NULL,
  event_id   text NOT NULL DEFAULT '',
  done_time  timestamptz NOT NULL,
  PRIMARY KEY (course_id, kind, number, user_id, due_time)
);
