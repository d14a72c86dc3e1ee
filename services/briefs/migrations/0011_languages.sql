-- Languages (issue 15): each revision is written in a language (BCP 47,
-- canonical as ICU writes it); briefs written before it were English.
ALTER TABLE revisions ADD COLUMN language text NOT NULL DEFAULT 'en';
