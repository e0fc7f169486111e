-- Retention of operational rows (docs/decisions/031): delivered or given-up deliveries,
-- settled or read inbox items, and the routing rows of closed alerts are deleted once
-- older than their configured age, in chunks, by every instance. Nothing on the ledger.

-- When the request or alert an inbox item is about was settled (a final approval state;
-- an alert acknowledged or resolved), set by the notification module in the transaction
-- that settles it; unread items of a request still open are kept.
ALTER TABLE notification_inbox ADD COLUMN settled_at TIMESTAMP WITH TIME ZONE;
UPDATE notification_inbox SET settled_at = CURRENT_TIMESTAMP
WHERE topic = 'approval' AND request_id IN (SELECT id FROM approval_request
    WHERE state IN ('REJECTED', 'EXPIRED', 'CANCELLED', 'EXECUTED', 'FAILED', 'ROLLED_BACK'));
UPDATE notification_inbox SET settled_at = CURRENT_TIMESTAMP
WHERE topic = 'alert' AND request_id IN (SELECT id FROM alert WHERE state <> 'OPEN');

-- settling marks the items of one request or alert
CREATE INDEX notification_inbox_request ON notification_inbox (request_id);
-- the sweeps read the oldest rows first (deliveries have notification_delivery_created)
CREATE INDEX notification_inbox_created ON notification_inbox (created_at);
CREATE INDEX alert_routing_closed ON alert_routing (closed_at);

-- Where a separate runtime role exists, it may delete the rows the sweeps remove.
DO $$
DECLARE
    runtime TEXT;
BEGIN
    FOR runtime IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'notification_delivery'
          AND privilege_type = 'INSERT' AND grantee <> current_user AND grantee <> 'PUBLIC'
    LOOP
        EXECUTE format('GRANT DELETE ON notification_delivery, notification_inbox, alert_routing TO %I', runtime);
    END LOOP;
END
$$;
