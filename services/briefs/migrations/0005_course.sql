-- Briefs belong to a course (issue 12). '' for none; briefs written before
-- courses keep their cohort string and get the course it became (set by the
-- courses service through Directory.LinkCohort).
ALTER TABLE briefs ADD COLUMN course_id text NOT NULL DEFAULT '';
CREATE INDEX briefs_course ON briefs (course_id, author_id)
  WHERE course_id <> '';
