-- Countersign on PostgreSQL: an owner role that runs the migrations and a runtime role
-- that may only read and append. See docs/postgresql.md.
--
-- Run once as a superuser (or a role with CREATEROLE), connected to the empty database
-- the service will use, before the service starts for the first time:
--
--   createdb countersign
--   psql -v ON_ERROR_STOP=1 -d countersign -f docs/postgresql-roles.sql
--
-- Change the role names and passwords below to yours (the test suite runs this file
-- with random role names substituted for countersign_owner and countersign_app).

CREATE ROLE countersign_owner LOGIN PASSWORD 'change-me-owner';
CREATE ROLE countersign_app LOGIN PASSWORD 'change-me-app';

-- Only these two roles (and superusers) may connect to this database.
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO countersign_owner, countersign_app', current_database());
    -- both roles find Countersign's tables without qualifying them
    EXECUTE format('ALTER ROLE countersign_owner IN DATABASE %I SET search_path = countersign', current_database());
    EXECUTE format('ALTER ROLE countersign_app IN DATABASE %I SET search_path = countersign', current_database());
END
$$;

-- The owner holds the schema, so it creates (and owns) every table the migrations make.
CREATE SCHEMA countersign AUTHORIZATION countersign_owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- The runtime role may look up names in the schema, and read and append to every table
-- the owner creates, now or in later migrations: no UPDATE, DELETE or TRUNCATE, no DDL.
-- The migrations add exactly the UPDATE and DELETE it needs on the tables that change
-- (access tables, V4; the audit outbox, V5), never on the ledger tables.
GRANT USAGE ON SCHEMA countersign TO countersign_app;
ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner IN SCHEMA countersign
    GRANT SELECT, INSERT ON TABLES TO countersign_app;
ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner IN SCHEMA countersign
    GRANT USAGE, SELECT ON SEQUENCES TO countersign_app;
