-- Events of Countersign's own features, written in the transaction of the change they
-- record and deleted in the transaction that appends them to the ledger, so a change
-- never commits without its evidence (docs/decisions/011-audit-outbox.md).
CREATE TABLE audit_outbox (
    event_id   UUID                     PRIMARY KEY,
    -- the event's canonical leaf as prepared (id, ts, nonce fixed)
    leaf       BYTEA                    NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Unlike the ledger tables, rows leave this table: where a separate runtime role exists
-- (docs/postgresql-roles.sql gives it SELECT and INSERT on every table), it may DELETE
-- here, and nowhere in the ledger.
DO $$
DECLARE
    runtime TEXT;
BEGIN
    FOR runtime IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'audit_outbox'
          AND privilege_type = 'INSERT' AND grantee <> current_user AND grantee <> 'PUBLIC'
    LOOP
        EXECUTE format('GRANT DELETE ON audit_outbox TO %I', runtime);
    END LOOP;
END
$$;
