-- Data rights (issue 14, docs/data-rights.md): the people erased. Their
-- membership rows stay, anonymised (member_store.cc); an enrolment cannot
-- bring the old name back, and they mentor and are offered nothing.
CREATE TABLE erased_users (
  user_id    text PRIMARY KEY,
  erase_time timestamptz NOT NULL DEFAULT now()
);
