-- Events of Countersign's own features, written in the transaction of the change they
-- record and deleted in the transaction that appends them to the ledger, so a change
-- never commits without its evidence (docs/decisions/011-audit-outbox.md).
CREATE TABLE audit_outbox (
    event_id   UUID                     PRIMARY KEY,
    -- the event's canonical leaf as prepared (id, ts, nonce fixed)
    leaf       BINARY VARYING(1048576)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
