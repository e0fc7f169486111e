-- Suspicious-activity alerts (docs/alerts.md, docs/decisions/025): the detection engine
-- reads the ledger in index order from a stored position, one instance at a time under
-- a lease, and stores what its detectors find as alerts.

-- One row: how far detection got and which instance may move it on. Only the lease
-- holder of the current epoch advances next_index, by compare-and-set from the value it
-- read, in the transaction that stores the alerts of the events it evaluated.
CREATE TABLE alert_detection (
    id          SMALLINT     PRIMARY KEY CHECK (id = 1),
    -- the index of the next entry to evaluate
    next_index  BIGINT       NOT NULL,
    -- the time of the last entry evaluated (lag in seconds is measured from it)
    last_ts     TIMESTAMP WITH TIME ZONE,
    holder      VARCHAR(100),
    -- raised by every take-over, so a former holder's update no longer matches
    epoch       BIGINT       NOT NULL,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO alert_detection (id, next_index, last_ts, holder, epoch, lease_until)
    VALUES (1, 0, NULL, NULL, 0, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');

-- One alert per rule and subject while hits keep coming (within 60 minutes of the last).
CREATE TABLE alert (
    id               VARCHAR(36)   PRIMARY KEY,
    rule             VARCHAR(16)   NOT NULL,
    title            VARCHAR(200)  NOT NULL,
    severity         VARCHAR(16)   NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    subject          VARCHAR(300)  NOT NULL,
    state            VARCHAR(16)   NOT NULL CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    -- the latest hit's sentence
    summary          VARCHAR(1000) NOT NULL,
    first_seen       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen        TIMESTAMP WITH TIME ZONE NOT NULL,
    hits             BIGINT        NOT NULL,
    -- cited ledger indexes, ascending, comma-separated: the first and the last 50
    evidence         VARCHAR(4000) NOT NULL,
    -- cited indexes left out between those
    evidence_omitted BIGINT        NOT NULL,
    -- the ledger index of the event that opened it (the list's order)
    opened_index     BIGINT        NOT NULL,
    acknowledged_by     VARCHAR(64),
    acknowledged_at     TIMESTAMP WITH TIME ZONE,
    acknowledged_reason VARCHAR(1000),
    resolved_by      VARCHAR(64),
    resolved_at      TIMESTAMP WITH TIME ZONE,
    resolved_reason  VARCHAR(1000)
);
CREATE INDEX alert_rule_subject ON alert (rule, subject, state);
CREATE INDEX alert_opened ON alert (opened_index, id);

-- Where a separate runtime role exists, it may move detection on and change alerts (and
-- lock them with SELECT … FOR UPDATE).
DO $$
DECLARE
    runtime TEXT;
BEGIN
    FOR runtime IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'alert'
          AND privilege_type = 'INSERT' AND grantee <> current_user AND grantee <> 'PUBLIC'
    LOOP
        EXECUTE format('GRANT UPDATE ON alert_detection, alert TO %I', runtime);
    END LOOP;
END
$$;
