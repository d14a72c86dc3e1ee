-- What a published page shows: the approved revision, and a retraction's
-- reason and time.
ALTER TABLE briefs ADD COLUMN published_revision integer;
ALTER TABLE briefs ADD COLUMN retract_reason text;
ALTER TABLE briefs ADD COLUMN retract_time timestamptz;
CREATE INDEX briefs_published ON briefs (publish_time DESC, id DESC)
  WHERE publish_time IS NOT NULL;
