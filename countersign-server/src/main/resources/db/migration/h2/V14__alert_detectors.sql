-- Detector settings an admin changed through the API: each non-null column overrides the
-- configuration of that rule (docs/alerts.md, "Detectors").
CREATE TABLE alert_detector_setting (
    rule                VARCHAR(8) PRIMARY KEY,
    enabled             BOOLEAN,
    severity            VARCHAR(16),
    threshold           BIGINT,
    window_seconds      BIGINT,
    rows_threshold      BIGINT,
    rows_window_seconds BIGINT,
    changed_by          VARCHAR(200) NOT NULL,
    changed_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- D5: the networks (/24 IPv4, /48 IPv6) each account signed in from, and when last; rows
-- older than the rule's window are deleted as the account signs in again.
CREATE TABLE alert_account_network (
    account    VARCHAR(200) NOT NULL,
    network    VARCHAR(64) NOT NULL,
    first_seen TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account, network)
);

-- D9: the UTC hours of each day an actor was active in, one bit per hour; at most the
-- rule's window of days per actor is kept.
CREATE TABLE alert_actor_hours (
    actor        VARCHAR(512) NOT NULL,
    active_day   DATE NOT NULL,
    active_hours INTEGER NOT NULL,
    PRIMARY KEY (actor, active_day)
);
