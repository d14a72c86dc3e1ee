-- Which course each legacy cohort string became (Directory.LinkCohort).
-- The cohort strings stay on users and briefs: the cohort filters keep
-- working on them.
CREATE TABLE cohort_links (
  cohort      text PRIMARY KEY,
  course_id   text NOT NULL,
  link_time   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX briefs_cohort ON briefs (cohort) WHERE cohort <> '';
