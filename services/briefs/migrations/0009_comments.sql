-- Comment threads (proto/briefdesk/briefs/v1/comments.proto): the comments
-- of reviews and of answers to requests for guidance, as the review service
-- posts them (comments.posted), the replies of the brief's authors and of
-- the comment's expert, and the authors' resolution.
CREATE TABLE comments (
  id              text PRIMARY KEY,  -- the review service's comment id
  brief_id        text NOT NULL REFERENCES briefs,
  source          text NOT NULL,     -- REVIEW, FEEDBACK
  source_id       text NOT NULL,     -- the review's or the request's id
  revision        integer NOT NULL,
  round           integer NOT NULL DEFAULT 0,
  expert_id       text NOT NULL,
  -- The expert is named to the authors (guidance, open reviews).
  expert_named    boolean NOT NULL,
  section         text NOT NULL,
  quote           text NOT NULL DEFAULT '',
  body            text NOT NULL,
  resolved        boolean NOT NULL DEFAULT false,
  resolution_note text NOT NULL DEFAULT '',
  resolved_by     text NOT NULL DEFAULT '',
  resolve_time    timestamptz,
  create_time     timestamptz NOT NULL
);
CREATE INDEX comments_brief ON comments (brief_id, create_time, id);
CREATE INDEX comments_expert ON comments (expert_id, brief_id);

CREATE TABLE comment_replies (
  id          text PRIMARY KEY,
  comment_id  text NOT NULL REFERENCES comments,
  author_id   text NOT NULL,
  from_expert boolean NOT NULL,
  body        text NOT NULL,
  create_time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comment_replies_comment ON comment_replies (comment_id,
                                                         create_time, id);
