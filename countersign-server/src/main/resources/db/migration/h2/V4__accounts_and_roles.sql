-- Accounts, roles and permissions as data (docs/decisions/006). Accounts are archived,
-- never deleted, so every ledger event stays attributable to a row here.
CREATE TABLE account (
    id            VARCHAR(36)  PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL UNIQUE,
    display_name  VARCHAR(200) NOT NULL,
    kind          VARCHAR(16)  NOT NULL CHECK (kind IN ('user', 'service')),
    status        VARCHAR(16)  NOT NULL CHECK (status IN ('active', 'archived')),
    -- a Spring Security DelegatingPasswordEncoder value ({argon2}...); NULL: no password sign-in
    password_hash VARCHAR(255),
    -- TOTP shared secret sealed under the master key; NULL: not enrolled
    totp_secret   VARBINARY(256),
    totp_enabled  BOOLEAN      NOT NULL DEFAULT FALSE,
    -- the last TOTP time step accepted, so a code cannot be replayed within its window
    totp_last_step BIGINT,
    sso_issuer    VARCHAR(512),
    sso_subject   VARCHAR(255),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    archived_at   TIMESTAMP WITH TIME ZONE,
    UNIQUE (sso_issuer, sso_subject)
);

-- A permission names an action on a resource type: "events:append".
CREATE TABLE permission (
    name        VARCHAR(64)  PRIMARY KEY,
    description VARCHAR(500) NOT NULL
);

CREATE TABLE role (
    name         VARCHAR(64)  PRIMARY KEY,
    description  VARCHAR(500) NOT NULL,
    -- password sign-in of a holder needs a TOTP code
    requires_mfa BOOLEAN      NOT NULL DEFAULT FALSE,
    built_in     BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- scope 'own': the permission covers only what the holder created (the agent role)
CREATE TABLE role_permission (
    role_name       VARCHAR(64) NOT NULL REFERENCES role (name) ON DELETE CASCADE,
    permission_name VARCHAR(64) NOT NULL REFERENCES permission (name),
    scope           VARCHAR(8)  NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'own')),
    PRIMARY KEY (role_name, permission_name)
);

-- source 'sso': maintained from the identity provider's group claim at each sign-in
CREATE TABLE role_grant (
    account_id VARCHAR(36) NOT NULL REFERENCES account (id),
    role_name  VARCHAR(64) NOT NULL REFERENCES role (name) ON DELETE CASCADE,
    granted_by VARCHAR(64) NOT NULL,
    granted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    source     VARCHAR(8)  NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'sso')),
    PRIMARY KEY (account_id, role_name)
);
CREATE INDEX role_grant_role ON role_grant (role_name);

-- Every token belongs to an account; tokens stored before accounts existed (the bootstrap
-- token) are given to the first admin at startup.
ALTER TABLE access_token ADD COLUMN account_id VARCHAR(36) REFERENCES account (id);
ALTER TABLE access_token ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE access_token ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX access_token_account ON access_token (account_id);

-- Failed sign-ins per user name, known or not, so that lockout does not reveal which
-- names exist.
CREATE TABLE login_throttle (
    username           VARCHAR(64) PRIMARY KEY,
    failures           INTEGER     NOT NULL,
    window_started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until       TIMESTAMP WITH TIME ZONE
);

-- Console (browser) sessions; the cookie holds a random token, the row its SHA-256.
CREATE TABLE console_session (
    id           VARCHAR(36)  PRIMARY KEY,
    token_hash   BINARY(32)     NOT NULL UNIQUE,
    account_id   VARCHAR(36)  NOT NULL REFERENCES account (id),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at     TIMESTAMP WITH TIME ZONE,
    end_reason   VARCHAR(16),
    source_ip    VARCHAR(64),
    user_agent   VARCHAR(512)
);
CREATE INDEX console_session_open ON console_session (last_seen_at);

INSERT INTO permission (name, description) VALUES
    ('events:append', 'Append events to the audit ledger'),
    ('events:read', 'Read and search ledger events'),
    ('ledger:read', 'Read checkpoints, the verifier key and proofs'),
    ('ledger:verify', 'Run a full verification of the ledger'),
    ('ledger:checkpoint', 'Cut a checkpoint on demand'),
    ('exports:create', 'Export ledger bundles'),
    ('metrics:read', 'Read Prometheus metrics'),
    ('users:read', 'List and read user and service accounts'),
    ('users:manage', 'Create, change and archive accounts'),
    ('tokens:manage', 'Create and revoke API tokens of other accounts'),
    ('roles:read', 'List roles, permissions and grants'),
    ('roles:manage', 'Create and change roles, grant and revoke them'),
    ('approvals:request', 'Request approval for a high-risk action'),
    ('approvals:decide', 'Approve or reject requests'),
    ('policies:manage', 'Create and change approval policies');

INSERT INTO role (name, description, requires_mfa, built_in, created_at) VALUES
    ('admin', 'Administers accounts, roles and policies', TRUE, TRUE, CURRENT_TIMESTAMP),
    ('operator', 'Initiates high-risk actions', FALSE, TRUE, CURRENT_TIMESTAMP),
    ('approver', 'Approves or rejects high-risk actions', FALSE, TRUE, CURRENT_TIMESTAMP),
    ('auditor', 'Reads, exports and verifies the ledger', FALSE, TRUE, CURRENT_TIMESTAMP),
    ('viewer', 'Reads events', FALSE, TRUE, CURRENT_TIMESTAMP),
    ('agent', 'A service identity that sees and changes only what it created', FALSE, TRUE, CURRENT_TIMESTAMP);

INSERT INTO role_permission (role_name, permission_name, scope)
    SELECT 'admin', name, 'all' FROM permission;
INSERT INTO role_permission (role_name, permission_name, scope) VALUES
    ('operator', 'events:append', 'all'),
    ('operator', 'events:read', 'all'),
    ('operator', 'ledger:read', 'all'),
    ('operator', 'approvals:request', 'all'),
    ('approver', 'events:read', 'all'),
    ('approver', 'ledger:read', 'all'),
    ('approver', 'approvals:decide', 'all'),
    ('auditor', 'events:read', 'all'),
    ('auditor', 'ledger:read', 'all'),
    ('auditor', 'ledger:verify', 'all'),
    ('auditor', 'ledger:checkpoint', 'all'),
    ('auditor', 'exports:create', 'all'),
    ('auditor', 'users:read', 'all'),
    ('auditor', 'roles:read', 'all'),
    ('auditor', 'metrics:read', 'all'),
    ('viewer', 'events:read', 'all'),
    ('viewer', 'ledger:read', 'all'),
    ('agent', 'events:append', 'own'),
    ('agent', 'events:read', 'own'),
    ('agent', 'ledger:read', 'all'),
    ('agent', 'approvals:request', 'own');
