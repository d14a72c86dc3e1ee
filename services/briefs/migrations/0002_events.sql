-- The outbox and processed_events tables: libs/outbox/migrations.

-- Experts who hold or held a review task on a brief may see it (API.md).
CREATE TABLE brief_reviewers (
  brief_id text NOT NULL REFERENCES briefs (id),
  user_id  text NOT NULL,
  PRIMARY KEY (brief_id, user_id)
);
CREATE INDEX brief_reviewers_user ON brief_reviewers (user_id);
