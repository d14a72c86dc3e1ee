-- Guidance while drafting (proto/briefdesk/review/v1/guidance.proto): the
-- requests, their leases and their answers. A queue of its own, in
-- PostgreSQL rather than Redis: a request goes to the experts of one
-- course (known when it is made: expert_ids, and the mentor first), there
-- are a few dozen a week, and a claim takes the oldest eligible row with
-- FOR UPDATE SKIP LOCKED. A CLAIMED row whose lease has passed is open
-- again, without a sweep.
CREATE TABLE feedback_requests (
  id                text PRIMARY KEY,
  brief_id          text NOT NULL,
  brief_title       text NOT NULL DEFAULT '',
  revision          integer NOT NULL,
  sections          text[] NOT NULL DEFAULT '{}',
  question          text NOT NULL,
  state             text NOT NULL DEFAULT 'OPEN',  -- OPEN, CLAIMED, ANSWERED, CANCELLED
  requester_id      text NOT NULL,
  author_ids        text[] NOT NULL,  -- never offered to them
  course_id         text NOT NULL,
  expert_ids        text[] NOT NULL,  -- the course's experts when asked
  mentor_id         text NOT NULL DEFAULT '',
  open_to_all_time  timestamptz,
  claimed_by        text NOT NULL DEFAULT '',
  claim_token       text NOT NULL DEFAULT '',
  lease_expire_time timestamptz,
  expert_id         text NOT NULL DEFAULT '',
  note              text NOT NULL DEFAULT '',
  answer_time       timestamptz,
  create_time       timestamptz NOT NULL,
  update_time       timestamptz NOT NULL
);
CREATE INDEX feedback_waiting ON feedback_requests (create_time, id)
  WHERE state IN ('OPEN', 'CLAIMED');
CREATE INDEX feedback_brief ON feedback_requests (brief_id, create_time);
CREATE INDEX feedback_claimant ON feedback_requests (claimed_by)
  WHERE claimed_by <> '';
CREATE INDEX feedback_answerer ON feedback_requests (expert_id)
  WHERE expert_id <> '';

CREATE TABLE feedback_comments (
  request_id text NOT NULL REFERENCES feedback_requests,
  idx        integer NOT NULL,
  section    text NOT NULL,
  quote      text NOT NULL DEFAULT '',
  body       text NOT NULL,
  PRIMARY KEY (request_id, idx)
);

-- The comments of every review go to the briefs service's threads
-- (comments.posted); reviews stored before threads existed are posted by
-- the sweeper, a batch at a time.
ALTER TABLE reviews ADD COLUMN comments_posted boolean NOT NULL DEFAULT false;

-- First answers to POST /v1/briefs/{id}:requestFeedback by (user,
-- Idempotency-Key), for 24 h (libs/storage/idempotency.h).
CREATE TABLE idempotency_keys (
  user_id      text NOT NULL,
  key          text NOT NULL,
  method       text NOT NULL,
  request_hash bytea NOT NULL,
  response     bytea NOT NULL,
  create_time  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
