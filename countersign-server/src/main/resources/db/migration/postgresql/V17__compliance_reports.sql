-- Compliance reports (docs/compliance.md "Reports", docs/decisions/029): generated in the
-- background, kept for download. The signed report's SHA-256 is on the ledger
-- (compliance_report_generated); this table only holds the job and the file.
CREATE TABLE compliance_report (
    id           VARCHAR(40)   PRIMARY KEY,
    framework    VARCHAR(64)   NOT NULL,
    period_from  TIMESTAMP WITH TIME ZONE NOT NULL,
    period_to    TIMESTAMP WITH TIME ZONE NOT NULL,
    format       VARCHAR(8)    NOT NULL CHECK (format IN ('pdf', 'json', 'oscal')),
    email        VARCHAR(254),
    -- the account that asked (the report event's actor): user name and kind
    requested_by VARCHAR(256)  NOT NULL,
    requester_kind VARCHAR(16) NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    state        VARCHAR(16)   NOT NULL CHECK (state IN ('queued', 'running', 'ready', 'failed')),
    -- 0..100, and what the job is doing now
    progress     INTEGER       NOT NULL,
    stage        VARCHAR(200)  NOT NULL,
    error        VARCHAR(1000),
    sha256       VARCHAR(64),
    ledger_index BIGINT,
    content      BYTEA,
    content_type VARCHAR(100),
    finished_at  TIMESTAMP WITH TIME ZONE,
    email_state  VARCHAR(16)   CHECK (email_state IN ('sent', 'failed')),
    email_error  VARCHAR(1000)
);
CREATE INDEX compliance_report_requested ON compliance_report (requested_at, id);

-- A report's snapshot starts and ends at the checkpoints signed around its period.
CREATE INDEX ledger_checkpoint_created ON ledger_checkpoint (created_at, tree_size);

-- Where a separate runtime role exists, it moves reports along.
DO $$
DECLARE
    runtime TEXT;
BEGIN
    FOR runtime IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'compliance_report'
          AND privilege_type = 'INSERT' AND grantee <> current_user AND grantee <> 'PUBLIC'
    LOOP
        EXECUTE format('GRANT UPDATE ON compliance_report TO %I', runtime);
    END LOOP;
END
$$;
