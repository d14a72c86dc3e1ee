-- A claimant is reminded once per lease (a renewal re-arms it); editors are
-- alerted once per task that waited too long in the queue.
ALTER TABLE tasks ADD COLUMN lease_reminded boolean NOT NULL DEFAULT false;
ALTER TABLE tasks ADD COLUMN stale_alerted boolean NOT NULL DEFAULT false;
