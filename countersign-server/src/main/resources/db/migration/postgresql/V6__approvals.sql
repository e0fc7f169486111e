-- Approvals (docs/approvals.md, docs/decisions/018): policies as versioned data, requests
-- with immutable revisions, signed decisions, approver keys, exactly-once execution and
-- the setup-mode flag. Person columns hold the account's user name: one account, one
-- person (decision 018).

-- One row per version of an action type's policy; the highest version is in force. A
-- version is never changed: a change (or its rollback) activates a new one.
CREATE TABLE approval_policy (
    action_type       VARCHAR(128)  NOT NULL,
    version           INTEGER       NOT NULL CHECK (version >= 1),
    description       VARCHAR(500)  NOT NULL,
    -- role names, comma-separated, sorted (role names never hold a comma)
    initiators        VARCHAR(2000) NOT NULL,
    -- the canonical quorum expression
    quorum            VARCHAR(2000) NOT NULL,
    veto              VARCHAR(2000) NOT NULL,
    elevated          BOOLEAN       NOT NULL,
    elevation         VARCHAR(64),
    -- ISO 8601 duration, e.g. PT24H
    expires_in        VARCHAR(32)   NOT NULL,
    min_justification INTEGER       NOT NULL CHECK (min_justification >= 0),
    execution         VARCHAR(16)   NOT NULL,
    activated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    activated_by      VARCHAR(64)   NOT NULL,
    -- the policy.change request that activated it; NULL for built-in and setup versions
    activated_by_request VARCHAR(36),
    PRIMARY KEY (action_type, version)
);

-- The roles whose holders may decide under a policy version (quorum, veto and elevation
-- roles), so "waiting for me" is one indexed query.
CREATE TABLE approval_policy_role (
    action_type VARCHAR(128) NOT NULL,
    version     INTEGER      NOT NULL,
    role_name   VARCHAR(64)  NOT NULL,
    PRIMARY KEY (action_type, version, role_name),
    FOREIGN KEY (action_type, version) REFERENCES approval_policy (action_type, version)
);

CREATE TABLE approval_request (
    -- UUIDv7: ids sort by creation, which keyset paging relies on
    id                VARCHAR(36)  PRIMARY KEY,
    action_type       VARCHAR(128) NOT NULL,
    policy_version    INTEGER      NOT NULL,
    initiator         VARCHAR(64)  NOT NULL,
    state             VARCHAR(16)  NOT NULL CHECK (state IN ('UNDER_REVIEW', 'APPROVED', 'REJECTED', 'EXPIRED',
                          'CANCELLED', 'EXECUTING', 'EXECUTED', 'FAILED', 'ROLLED_BACK')),
    -- the current revision; decisions on earlier ones no longer count
    revision          INTEGER      NOT NULL CHECK (revision >= 1),
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    rollback_of       VARCHAR(36)  REFERENCES approval_request (id),
    FOREIGN KEY (action_type, policy_version) REFERENCES approval_policy (action_type, version)
);
CREATE INDEX approval_request_due ON approval_request (state, expires_at);
CREATE INDEX approval_request_state ON approval_request (state, id);
CREATE INDEX approval_request_initiator ON approval_request (initiator, id);
CREATE INDEX approval_request_rollback ON approval_request (rollback_of);

-- What each revision asks for, exactly: the digest input (RequestContent.toJson) and its
-- digest. Never changed.
CREATE TABLE approval_revision (
    request_id    VARCHAR(36) NOT NULL REFERENCES approval_request (id),
    revision      INTEGER     NOT NULL,
    content       TEXT        NOT NULL,
    digest        CHAR(64)    NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (request_id, revision)
);

CREATE TABLE approver_key (
    id           VARCHAR(36) PRIMARY KEY,
    owner        VARCHAR(64) NOT NULL,
    -- the SubjectPublicKeyInfo DER; one key belongs to one person, revoked or not
    spki         BYTEA       NOT NULL,
    fingerprint  CHAR(64)    NOT NULL UNIQUE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX approver_key_owner ON approver_key (owner);

-- One decision per person and revision (the primary key makes a second one fail even if
-- two arrive at once); ordinal orders a revision's decisions.
CREATE TABLE approval_decision (
    request_id  VARCHAR(36)  NOT NULL REFERENCES approval_request (id),
    revision    INTEGER      NOT NULL,
    person      VARCHAR(64)  NOT NULL,
    ordinal     INTEGER      NOT NULL,
    verdict     VARCHAR(8)   NOT NULL CHECK (verdict IN ('approve', 'reject')),
    reason      VARCHAR(2000) NOT NULL,
    -- the roles the person held when deciding, comma-separated, sorted
    roles       VARCHAR(2000) NOT NULL,
    key_id      VARCHAR(36)  NOT NULL REFERENCES approver_key (id),
    signature   VARCHAR(88)  NOT NULL,
    decided_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    event_id    VARCHAR(36)  NOT NULL,
    PRIMARY KEY (request_id, revision, person),
    UNIQUE (request_id, revision, ordinal),
    FOREIGN KEY (request_id, revision) REFERENCES approval_revision (request_id, revision)
);

-- At most one execution per request: the claim inserts the row, so a second claim fails
-- on the primary key even if the state check were ever bypassed.
CREATE TABLE approval_execution (
    request_id   VARCHAR(36)  PRIMARY KEY REFERENCES approval_request (id),
    revision     INTEGER      NOT NULL,
    claimed_by   VARCHAR(64)  NOT NULL,
    claimed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome      VARCHAR(16)  CHECK (outcome IN ('succeeded', 'failed')),
    result       TEXT,
    reported_by  VARCHAR(64),
    reported_at  TIMESTAMP WITH TIME ZONE
);

-- Setup mode (fewer than two admins: gated changes apply directly); one row, and once
-- ended_at is set it stays set.
CREATE TABLE approval_setup_mode (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    ended_at  TIMESTAMP WITH TIME ZONE,
    ended_by  VARCHAR(64)
);
INSERT INTO approval_setup_mode (id, ended_at, ended_by) VALUES (1, NULL, NULL);

-- Reading requests: their initiators and approvers, auditors; an agent only its own.
INSERT INTO permission (name, description) VALUES
    ('approvals:read', 'List and read approval requests, their decisions and history');
INSERT INTO role_permission (role_name, permission_name, scope) VALUES
    ('admin', 'approvals:read', 'all'),
    ('operator', 'approvals:read', 'all'),
    ('approver', 'approvals:read', 'all'),
    ('auditor', 'approvals:read', 'all'),
    ('agent', 'approvals:read', 'own');

-- The built-in policies of the gated action types: one other admin approves.
INSERT INTO approval_policy (action_type, version, description, initiators, quorum, veto, elevated, elevation,
        expires_in, min_justification, execution, activated_at, activated_by, activated_by_request) VALUES
    ('policy.change', 1, 'Changing an approval policy', 'admin', '1 of admin', '', FALSE, NULL, 'PT24H', 20,
        'initiator', CURRENT_TIMESTAMP, 'countersign', NULL),
    ('role.grant.admin', 1, 'Granting the admin role', 'admin', '1 of admin', '', FALSE, NULL, 'PT24H', 20,
        'initiator', CURRENT_TIMESTAMP, 'countersign', NULL),
    ('ledger.key.rotate', 1, 'Rotating the ledger keys', 'admin', '1 of admin', '', FALSE, NULL, 'PT24H', 20,
        'initiator', CURRENT_TIMESTAMP, 'countersign', NULL),
    ('data.purge', 1, 'Deleting or purging data', 'admin', '1 of admin', '', FALSE, NULL, 'PT24H', 20,
        'initiator', CURRENT_TIMESTAMP, 'countersign', NULL);
INSERT INTO approval_policy_role (action_type, version, role_name) VALUES
    ('policy.change', 1, 'admin'),
    ('role.grant.admin', 1, 'admin'),
    ('ledger.key.rotate', 1, 'admin'),
    ('data.purge', 1, 'admin');

-- Where a separate runtime role exists (docs/postgresql-roles.sql gives it SELECT and
-- INSERT on every table), it may UPDATE the rows that move: a request's state and
-- revision (and lock it with SELECT … FOR UPDATE), a key's revocation, an execution's
-- outcome, the end of setup mode. Policies, revisions and decisions are never changed.
DO $$
DECLARE
    runtime TEXT;
BEGIN
    FOR runtime IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'approval_request'
          AND privilege_type = 'INSERT' AND grantee <> current_user AND grantee <> 'PUBLIC'
    LOOP
        EXECUTE format('GRANT UPDATE ON approval_request, approver_key, approval_execution, approval_setup_mode TO %I',
            runtime);
    END LOOP;
END
$$;
