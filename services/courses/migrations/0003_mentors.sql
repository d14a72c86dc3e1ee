-- A participant's mentor: an expert of the course an organizer assigned,
-- offered the participant's requests for guidance first (issue 14).
ALTER TABLE members ADD COLUMN mentor_id text NOT NULL DEFAULT '';
