-- Service accounts count as the person who owns them (docs/decisions/020): an approval
-- request opened through deploy-bot's token is alice's request when alice owns deploy-bot,
-- so alice cannot approve it.

-- The human account responsible for a service account, by user name (user names are never
-- reused, archived accounts keep theirs). Required for service accounts created from V7 on
-- (the API enforces it); NULL on a user account, and on a service account created before
-- owners existed until someone sets one: such an account may not open approval requests.
ALTER TABLE account ADD COLUMN owner VARCHAR(64) REFERENCES account (username);
CREATE INDEX account_owner ON account (owner);

-- The person behind the initiator, fixed when the request opens: the initiator itself for
-- a user account, its owner for a service account. Four-eyes, "waiting for me" and
-- reachability compare people with this column, so changing a service account's owner
-- later does not make its open requests someone else's. Requests opened before V7 were
-- counted by account, which this keeps.
ALTER TABLE approval_request ADD COLUMN initiator_person VARCHAR(64);
UPDATE approval_request SET initiator_person = initiator;
ALTER TABLE approval_request ALTER COLUMN initiator_person SET NOT NULL;
CREATE INDEX approval_request_initiator_person ON approval_request (initiator_person, id);
