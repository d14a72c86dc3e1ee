-- Revisions' text is compressed with lz4 rather than pglz: about as small for
-- prose, and several times cheaper to compress (every edit writes a whole
-- revision) and to decompress (every read of a brief). Rows written before
-- keep pglz and read back alike. A server built without lz4 keeps pglz.
DO $$
BEGIN
  ALTER TABLE revisions
    ALTER COLUMN title SET COMPRESSION lz4,
    ALTER COLUMN policy_question SET COMPRESSION lz4,
    ALTER COLUMN summary SET COMPRESSION lz4,
    ALTER COLUMN problem SET COMPRESSION lz4,
    ALTER COLUMN evidence SET COMPRESSION lz4,
    ALTER COLUMN options SET COMPRESSION lz4,
    ALTER COLUMN recommendations SET COMPRESSION lz4,
    ALTER COLUMN "references" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available: revisions stay compressed with pglz';
END $$;
