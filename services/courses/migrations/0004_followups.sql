-- After the course (issue 14): next-steps agreements, follow-up sessions
-- with their records and outcomes, participants' reports between
-- sessions, and the analytics projection of the briefs and reviews of
-- courses, kept from the briefs and review services' events.

-- Every saved version of an agreement (proto courses.v1.Agreement, its
-- actions, audience and support); the highest version is the current one.
CREATE TABLE agreements (
  course_id   text NOT NULL REFERENCES courses,
  user_id     text NOT NULL,
  version     integer NOT NULL,
  content     bytea NOT NULL,
  update_time timestamptz NOT NULL,
  PRIMARY KEY (course_id, user_id, version)
);

-- A participant's follow-up sessions: `number` 1 to the plan's count, on
-- a day of the course's time zone. `record` is proto
-- courses.v1.FollowUpRecord once HELD.
CREATE TABLE follow_ups (
  id                text PRIMARY KEY,
  course_id         text NOT NULL REFERENCES courses,
  user_id           text NOT NULL,
  number            integer NOT NULL,
  due_date          date NOT NULL,
  state             text NOT NULL DEFAULT 'SCHEDULED',  -- SCHEDULED, HELD, MISSED
  assignee_id       text NOT NULL,
  reschedule_reason text NOT NULL DEFAULT '',
  record            bytea,
  held_time         timestamptz,
  UNIQUE (course_id, user_id, number)
);
CREATE INDEX follow_ups_due ON follow_ups (due_date) WHERE state = 'SCHEDULED';

-- The outcomes of each record, a row each, for the analytics.
CREATE TABLE follow_up_outcomes (
  follow_up_id text NOT NULL REFERENCES follow_ups,
  idx          integer NOT NULL,
  course_id    text NOT NULL,
  user_id      text NOT NULL,
  kind         text NOT NULL,
  significance text NOT NULL,
  verified     boolean NOT NULL,
  PRIMARY KEY (follow_up_id, idx)
);
CREATE INDEX follow_up_outcomes_course ON follow_up_outcomes (course_id);

-- Reports a participant sent between sessions (proto courses.v1.SelfReport).
CREATE TABLE self_reports (
  id           text PRIMARY KEY,
  follow_up_id text NOT NULL REFERENCES follow_ups,
  content      bytea NOT NULL,
  confirmed    boolean NOT NULL DEFAULT false,
  create_time  timestamptz NOT NULL
);
CREATE INDEX self_reports_follow_up ON self_reports (follow_up_id);

-- The analytics projection: one row per brief of a course, and one per
-- review of such a brief, from brief.* and review.completed events.
CREATE TABLE brief_facts (
  brief_id          text PRIMARY KEY,
  course_id         text NOT NULL,
  author_id         text NOT NULL,
  state             text NOT NULL,
  create_time       timestamptz,
  first_submit_time timestamptz,
  publish_time      timestamptz
);
CREATE INDEX brief_facts_course ON brief_facts (course_id);

CREATE TABLE review_facts (
  review_id     text PRIMARY KEY,
  brief_id      text NOT NULL,
  round         integer NOT NULL,
  expert_id     text NOT NULL,
  decision      text NOT NULL,
  evidence      smallint NOT NULL,
  clarity       smallint NOT NULL,
  actionability smallint NOT NULL,
  relevance     smallint NOT NULL
);
CREATE INDEX review_facts_brief ON review_facts (brief_id, round);
