-- The course a notification is about (issue 14): reminders, agreements,
-- follow-ups and guidance link to it in the web app.
ALTER TABLE notifications ADD COLUMN course_id text NOT NULL DEFAULT '';
