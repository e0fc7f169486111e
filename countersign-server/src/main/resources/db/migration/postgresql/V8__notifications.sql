-- Notifications (docs/approvals.md "Notifications", docs/decisions/021): people hear about
-- approval requests that need them and about their outcomes, in an in-app inbox, by
-- e-mail and through webhooks. Inbox items and deliveries are written in the transaction
-- of the approval step they are about, so a crash loses neither the step nor its notices.

-- Where a person's e-mail notifications go; optional, set through the users API.
ALTER TABLE account ADD COLUMN email VARCHAR(254);

-- Receivers an administrator set up: a generic webhook (JSON, signed with the sealed
-- secret), a Slack-compatible incoming webhook, or an e-mail address (a team list).
CREATE TABLE notification_channel (
    id          VARCHAR(36)   PRIMARY KEY,
    name        VARCHAR(100)  NOT NULL,
    kind        VARCHAR(16)   NOT NULL CHECK (kind IN ('webhook', 'slack', 'email')),
    -- the URL (webhook, slack) or the address (email)
    target      VARCHAR(2000) NOT NULL,
    -- the webhook's shared secret, sealed under the master key (secrets.SecretSealer)
    secret      BYTEA,
    -- notification events it receives, comma-separated, sorted; never empty
    events      VARCHAR(500)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(64)   NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- removed channels stay, so their deliveries keep naming them
    removed_at  TIMESTAMP WITH TIME ZONE
);

-- A person's in-app notices, newest first.
CREATE TABLE notification_inbox (
    id          VARCHAR(36)   PRIMARY KEY,
    recipient   VARCHAR(64)   NOT NULL,
    request_id  VARCHAR(36)   NOT NULL,
    event       VARCHAR(32)   NOT NULL,
    title       VARCHAR(500)  NOT NULL,
    link        VARCHAR(2000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    read_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX notification_inbox_recipient ON notification_inbox (recipient, created_at, id);

-- One message to one receiver; the worker claims due rows (FOR UPDATE SKIP LOCKED) and
-- moves them to delivered, or back to pending with the next attempt's time, or to failed.
CREATE TABLE notification_delivery (
    id              VARCHAR(36)   PRIMARY KEY,
    -- NULL for an e-mail to a person (recipient is then their address)
    channel_id      VARCHAR(36)   REFERENCES notification_channel (id),
    kind            VARCHAR(16)   NOT NULL CHECK (kind IN ('webhook', 'slack', 'email')),
    recipient       VARCHAR(2000) NOT NULL,
    request_id      VARCHAR(36)   NOT NULL,
    event           VARCHAR(32)   NOT NULL,
    -- the ledger event of the approval step the notice is about
    step_event_id   VARCHAR(64)   NOT NULL,
    subject         VARCHAR(500)  NOT NULL,
    body            TEXT          NOT NULL,
    status          VARCHAR(16)   NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER       NOT NULL,
    last_error      VARCHAR(1000),
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX notification_delivery_due ON notification_delivery (status, next_attempt_at);
CREATE INDEX notification_delivery_created ON notification_delivery (created_at, id);

INSERT INTO permission (name, description) VALUES
    ('notifications:manage', 'Set up notification channels and read their deliveries');
INSERT INTO role_permission (role_name, permission_name, scope) VALUES
    ('admin', 'notifications:manage', 'all');

-- Where a separate runtime role exists, it may change channels, mark inbox items read and
-- move deliveries along (and lock them with SELECT … FOR UPDATE), and set e-mail addresses.
DO $$
DECLARE
    runtime TEXT;
BEGIN
    FOR runtime IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'notification_delivery'
          AND privilege_type = 'INSERT' AND grantee <> current_user AND grantee <> 'PUBLIC'
    LOOP
        EXECUTE format('GRANT UPDATE ON notification_channel, notification_inbox, notification_delivery TO %I',
            runtime);
    END LOOP;
END
$$;
