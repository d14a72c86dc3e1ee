-- Review rounds, tasks, reviews, rubric scores and comments. PostgreSQL is
-- the source of truth; Redis mirrors the queued tasks for atomic claims.

-- Every task's place in the queue, kept when its lease expires or it is
-- released, so it goes back to where it was.
CREATE SEQUENCE queue_position;

CREATE TABLE rounds (
  brief_id    text NOT NULL,
  round       integer NOT NULL,
  revision    integer NOT NULL,
  topic       text NOT NULL,
  author_ids  text[] NOT NULL,
  needed      integer NOT NULL,
  state       text NOT NULL DEFAULT 'OPEN',   -- OPEN, COMPLETED, CANCELLED
  in_review   boolean NOT NULL DEFAULT false, -- a task is claimed or done
  create_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (brief_id, round)
);

CREATE TABLE tasks (
  id                text PRIMARY KEY,
  brief_id          text NOT NULL,
  round             integer NOT NULL,
  revision          integer NOT NULL,
  topic             text NOT NULL,
  position          bigint NOT NULL,
  state             text NOT NULL DEFAULT 'QUEUED', -- CLAIMED, DONE, CANCELLED
  claimed_by        text,
  claim_token       text,
  lease_expire_time timestamptz,
  create_time       timestamptz NOT NULL DEFAULT now(),
  done_time         timestamptz,
  FOREIGN KEY (brief_id, round) REFERENCES rounds
);
CREATE INDEX tasks_queued ON tasks (position) WHERE state = 'QUEUED';
CREATE INDEX tasks_claimed ON tasks (claimed_by) WHERE state = 'CLAIMED';
CREATE INDEX tasks_lease ON tasks (lease_expire_time) WHERE state = 'CLAIMED';
CREATE INDEX tasks_round ON tasks (brief_id, round);

-- Everyone who ever claimed a task: an expert takes one task of a round.
CREATE TABLE task_holders (
  task_id    text NOT NULL REFERENCES tasks,
  expert_id  text NOT NULL,
  claim_time timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (task_id, expert_id)
);
CREATE INDEX task_holders_expert ON task_holders (expert_id);

-- One review per task, at most: the unique task_id says so.
CREATE TABLE reviews (
  id            text PRIMARY KEY,
  task_id       text NOT NULL UNIQUE REFERENCES tasks,
  brief_id      text NOT NULL,
  round         integer NOT NULL,
  revision      integer NOT NULL,
  reviewer_id   text NOT NULL,
  decision      text NOT NULL,
  summary       text NOT NULL,
  evidence      smallint NOT NULL CHECK (evidence BETWEEN 1 AND 5),
  clarity       smallint NOT NULL CHECK (clarity BETWEEN 1 AND 5),
  actionability smallint NOT NULL CHECK (actionability BETWEEN 1 AND 5),
  relevance     smallint NOT NULL CHECK (relevance BETWEEN 1 AND 5),
  create_time   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_brief ON reviews (brief_id, create_time);
CREATE INDEX reviews_reviewer ON reviews (reviewer_id, brief_id);

CREATE TABLE comments (
  review_id text NOT NULL REFERENCES reviews,
  idx       integer NOT NULL,
  section   text NOT NULL,
  quote     text NOT NULL DEFAULT '',
  body      text NOT NULL,
  PRIMARY KEY (review_id, idx)
);

-- The outbox and processed_events tables: libs/outbox/migrations.
