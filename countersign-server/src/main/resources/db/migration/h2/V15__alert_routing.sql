-- Alert routing (docs/alerts.md "Routing", docs/decisions/027): alerts are routed by
-- severity to the notification channels and to people's inboxes, and critical ones that
-- nobody acknowledges in time escalate to a second route.

-- Notices are about an approval request or an alert: request_id holds the id of either,
-- and step_event_id, for an alert notice, which notice of the alert it is
-- (raised:<count> or escalated).
ALTER TABLE notification_inbox ALTER COLUMN request_id SET DATA TYPE VARCHAR(64);
ALTER TABLE notification_delivery ALTER COLUMN request_id SET DATA TYPE VARCHAR(64);
ALTER TABLE notification_inbox ADD COLUMN topic VARCHAR(16) DEFAULT 'approval' NOT NULL;
ALTER TABLE notification_inbox ADD CONSTRAINT notification_inbox_topic CHECK (topic IN ('approval', 'alert'));
ALTER TABLE notification_delivery ADD COLUMN topic VARCHAR(16) DEFAULT 'approval' NOT NULL;
ALTER TABLE notification_delivery ADD CONSTRAINT notification_delivery_topic
    CHECK (topic IN ('approval', 'alert'));

-- One route per severity, as set through PUT /api/v1/alerts/routes, which updates the four
-- rows (so concurrent changes queue on their locks); until then (updated_at NULL) a
-- severity is routed to countersign.alerts.routing.default-roles. Lists are
-- comma-separated.
CREATE TABLE alert_route (
    severity            VARCHAR(16)   PRIMARY KEY CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    -- notification channel ids
    channels            VARCHAR(4000) NOT NULL,
    -- role names whose holders get an inbox item (and an e-mail, if they have an address)
    roles               VARCHAR(4000) NOT NULL,
    -- account names, likewise
    accounts            VARCHAR(4000) NOT NULL,
    -- the escalation: after how many seconds unacknowledged, and the second route; NULL
    -- when this severity does not escalate
    escalate_after_s    BIGINT,
    escalation_channels VARCHAR(4000) NOT NULL,
    escalation_roles    VARCHAR(4000) NOT NULL,
    escalation_accounts VARCHAR(4000) NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE,
    updated_by          VARCHAR(64)
);
INSERT INTO alert_route (severity, channels, roles, accounts, escalation_channels, escalation_roles,
    escalation_accounts) VALUES
    ('LOW', '', '', '', '', '', ''), ('MEDIUM', '', '', '', '', '', ''), ('HIGH', '', '', '', '', '', ''),
    ('CRITICAL', '', '', '', '', '', '');

-- What routing knows of each alert it routed: the alert as last raised (for the
-- escalation's notice), when it last notified, and its escalation. The escalation job
-- claims due rows FOR UPDATE SKIP LOCKED, notifies and marks them in one transaction.
CREATE TABLE alert_routing (
    alert_id      VARCHAR(64)   PRIMARY KEY,
    rule          VARCHAR(64)   NOT NULL,
    title         VARCHAR(500)  NOT NULL,
    severity      VARCHAR(16)   NOT NULL,
    subject       VARCHAR(500)  NOT NULL,
    summary       VARCHAR(1000) NOT NULL,
    first_seen    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen     TIMESTAMP WITH TIME ZONE NOT NULL,
    hits          BIGINT        NOT NULL,
    -- ledger indexes of the latest hit, comma-separated
    evidence      VARCHAR(4000) NOT NULL,
    notified_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    escalation    VARCHAR(16)   NOT NULL CHECK (escalation IN ('none', 'pending', 'escalated', 'cancelled')),
    escalate_at   TIMESTAMP WITH TIME ZONE,
    escalated_at  TIMESTAMP WITH TIME ZONE,
    -- acknowledged or resolved: no escalation, and further hits notify nobody again
    closed_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX alert_routing_due ON alert_routing (escalation, escalate_at);
