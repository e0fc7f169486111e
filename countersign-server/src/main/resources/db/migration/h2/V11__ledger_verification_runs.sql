-- Every verification of the whole ledger, who started it and how it ended, so the console's
-- ledger status can show the last one after a restart (in-memory runs are per server).
CREATE TABLE ledger_verification_run (
    id              VARCHAR(36) PRIMARY KEY,
    started_by      VARCHAR(64) NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at     TIMESTAMP WITH TIME ZONE,
    state           VARCHAR(16) NOT NULL,
    entries_checked BIGINT NOT NULL,
    summary         VARCHAR(2000)
);

CREATE INDEX ledger_verification_run_started ON ledger_verification_run (started_at);
