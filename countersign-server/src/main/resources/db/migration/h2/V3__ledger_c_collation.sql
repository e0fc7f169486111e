-- PostgreSQL's V3 switches the query columns to byte-wise "C" collation. H2 already
-- compares strings by their characters, so nothing changes here; the version keeps the
-- two migration histories in step.
SELECT 1;
