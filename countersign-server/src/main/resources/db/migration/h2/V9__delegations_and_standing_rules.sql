-- Delegation and standing rules (docs/approvals.md, docs/decisions/022).

-- An approver's right to decide, lent to one named person for a bounded window. Only
-- direct delegations count: the delegate decides with the delegator's roles, never passes
-- them on. Revocation sets revoked_at; rows are never deleted.
CREATE TABLE approval_delegation (
    id            VARCHAR(36)   PRIMARY KEY,
    delegator     VARCHAR(64)   NOT NULL,
    delegate      VARCHAR(64)   NOT NULL,
    valid_from    TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- action types, comma-separated, sorted; empty: every action type
    action_types  VARCHAR(2000) NOT NULL,
    reason        VARCHAR(1000) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    revoked_by    VARCHAR(64),
    CHECK (delegator <> delegate),
    CHECK (valid_from < valid_until)
);
CREATE INDEX approval_delegation_delegate ON approval_delegation (delegate, delegator);
CREATE INDEX approval_delegation_delegator ON approval_delegation (delegator);

-- A standing approval by its creator of every request of one action type whose parameters
-- match the constraints (canonical JSON), until valid_until.
CREATE TABLE approval_standing_rule (
    id            VARCHAR(36)   PRIMARY KEY,
    action_type   VARCHAR(128)  NOT NULL,
    constraints   CHARACTER LARGE OBJECT NOT NULL,
    created_by    VARCHAR(64)   NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    valid_until   TIMESTAMP WITH TIME ZONE NOT NULL,
    reason        VARCHAR(1000) NOT NULL,
    -- the RULE_CREATED ledger event: the evidence of an auto-approval
    event_id      VARCHAR(36)   NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    revoked_by    VARCHAR(64),
    CHECK (created_at < valid_until)
);
CREATE INDEX approval_standing_rule_type ON approval_standing_rule (action_type, valid_until);

-- A delegated decision counts as person (the delegator) and was signed by delegate with
-- their own key; an auto-approval counts as person (the rule's creator) and carries no key
-- and no signature, only the rule.
ALTER TABLE approval_decision ADD COLUMN delegate VARCHAR(64);
ALTER TABLE approval_decision ADD COLUMN delegation_id VARCHAR(36) REFERENCES approval_delegation (id);
ALTER TABLE approval_decision ADD COLUMN standing_rule_id VARCHAR(36) REFERENCES approval_standing_rule (id);
ALTER TABLE approval_decision ALTER COLUMN key_id DROP NOT NULL;
ALTER TABLE approval_decision ALTER COLUMN signature DROP NOT NULL;
ALTER TABLE approval_decision ADD CONSTRAINT approval_decision_signed_or_ruled CHECK (
    (standing_rule_id IS NULL AND key_id IS NOT NULL AND signature IS NOT NULL)
    OR (standing_rule_id IS NOT NULL AND key_id IS NULL AND signature IS NULL AND delegate IS NULL));
ALTER TABLE approval_decision ADD CONSTRAINT approval_decision_delegated CHECK (
    (delegate IS NULL) = (delegation_id IS NULL));
-- a delegate signs at most once per revision, for whomever (a second net under the row lock)
CREATE UNIQUE INDEX approval_decision_delegate ON approval_decision (request_id, revision, delegate);
