-- The query columns are compared for equality and ranges only, never sorted for people:
-- byte-wise "C" collation keeps their indexes cheap to maintain on every append (the
-- database default, e.g. C.UTF-8 or en_US.UTF-8, goes through strcoll for each comparison).
ALTER TABLE ledger_entry
    ALTER COLUMN type TYPE VARCHAR(128) COLLATE "C",
    ALTER COLUMN actor_id TYPE VARCHAR(256) COLLATE "C",
    ALTER COLUMN resource_type TYPE VARCHAR(128) COLLATE "C",
    ALTER COLUMN resource_id TYPE VARCHAR(256) COLLATE "C";
