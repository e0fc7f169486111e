-- Executor webhooks (docs/approvals.md "Webhook execution", docs/decisions/023): a policy
-- version may name an executor URL and the fingerprint of its shared secret; once such a
-- request's quorum is met, Countersign calls the URL. The secret is stored sealed under the
-- master key, named by its fingerprint; the call is leased so that one instance at a time
-- makes it, and every attempt is kept for the API.

ALTER TABLE approval_policy ADD COLUMN executor_url VARCHAR(2000);
-- SHA-256 of the secret, lower-case hex; NULL exactly when executor_url is NULL
ALTER TABLE approval_policy ADD COLUMN executor_secret CHAR(64);

CREATE TABLE approval_executor_secret (
    fingerprint CHAR(64)    PRIMARY KEY,
    -- SecretSealer format, context 'approval_executor_secret/<fingerprint>'
    sealed      BYTEA       NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(64) NOT NULL
);

-- One call per request, created in the transaction that moves it to EXECUTING. An
-- instance takes the lease with a conditional update (free or expired lease, due); the one
-- whose update changed the row makes the attempt. A definitive answer ends it (ANSWERED);
-- a retry schedule that runs out ends it too (GAVE_UP).
CREATE TABLE approval_executor_call (
    request_id      VARCHAR(36)  PRIMARY KEY REFERENCES approval_request (id),
    revision        INTEGER      NOT NULL,
    url             VARCHAR(2000) NOT NULL,
    secret          CHAR(64)     NOT NULL,
    state           VARCHAR(16)  NOT NULL CHECK (state IN ('PENDING', 'ANSWERED', 'GAVE_UP')),
    attempts        INTEGER      NOT NULL CHECK (attempts >= 0),
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    leased_by       VARCHAR(128),
    leased_until    TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX approval_executor_call_due ON approval_executor_call (state, next_attempt_at);

-- Every attempt: started when its lease was taken, finished when its answer (or error)
-- was recorded; an attempt never finished is one whose instance died mid-call.
CREATE TABLE approval_executor_attempt (
    request_id  VARCHAR(36)  NOT NULL REFERENCES approval_executor_call (request_id),
    attempt     INTEGER      NOT NULL CHECK (attempt >= 1),
    instance    VARCHAR(128) NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    http_status INTEGER,
    outcome     VARCHAR(16)  CHECK (outcome IN ('executed', 'failed', 'error')),
    error       VARCHAR(2000),
    PRIMARY KEY (request_id, attempt)
);

-- Where a separate runtime role exists, it may UPDATE the call's lease and the attempts'
-- outcomes (as V6 grants for the rows that move).
DO $$
DECLARE
    runtime TEXT;
BEGIN
    FOR runtime IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'approval_request'
          AND privilege_type = 'INSERT' AND grantee <> current_user AND grantee <> 'PUBLIC'
    LOOP
        EXECUTE format('GRANT SELECT, INSERT ON approval_executor_secret TO %I', runtime);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON approval_executor_call, approval_executor_attempt TO %I',
            runtime);
    END LOOP;
END
$$;
