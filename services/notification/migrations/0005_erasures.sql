-- Data rights (issue 14, docs/data-rights.md): the people erased, and the
-- name they go by now. Nothing new is written for them (notifications,
-- e-mails, digests, reminders); what they had is deleted when the erasure
-- arrives (erasure_store.cc); events about them that arrive later name
-- them by `erased_name` (data_rights.cc).
CREATE TABLE erased_users (
  user_id     text PRIMARY KEY,
  erased_name text NOT NULL,
  erase_time  timestamptz NOT NULL DEFAULT now()
);
