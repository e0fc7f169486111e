-- When a token last authenticated a request, to the precision of
-- countersign.access.tokens.last-use-interval (default 5 minutes): the server writes it at
-- most once per token per interval, never on every request. NULL for a token never used
-- since this migration, which includes every use before it.
ALTER TABLE access_token ADD COLUMN last_used_at TIMESTAMP WITH TIME ZONE;
