-- Data rights (issue 14, docs/data-rights.md): the people erased. Nothing
-- new is written for them (notifications, e-mails); what they had is
-- deleted when the erasure arrives (erasure_store.cc).
CREATE TABLE erased_users (
  user_id    text PRIMARY KEY,
  erase_time timestamptz NOT NULL DEFAULT now()
);
