-- The audit ledger (H2 flavour of db/migration/postgresql/V1__ledger.sql; keep the two in step).
CREATE TABLE ledger_entry (
    idx            BIGINT                   PRIMARY KEY,
    leaf           VARBINARY(1048576)       NOT NULL,
    leaf_hash      BINARY(32)               NOT NULL,
    chain          BINARY(32)               NOT NULL,
    key_version    INTEGER                  NOT NULL,
    subtree_hashes VARBINARY(2048)          NOT NULL,
    ts             TIMESTAMP WITH TIME ZONE NOT NULL,
    type           VARCHAR(128)             NOT NULL,
    actor_id       VARCHAR(256)             NOT NULL,
    actor_type     VARCHAR(64),
    action         VARCHAR(128),
    resource_type  VARCHAR(128),
    resource_id    VARCHAR(256),
    outcome        VARCHAR(16)              NOT NULL
);

CREATE INDEX ledger_entry_ts ON ledger_entry (ts, idx);
CREATE INDEX ledger_entry_actor_ts ON ledger_entry (actor_id, ts, idx);
CREATE INDEX ledger_entry_type_ts ON ledger_entry (type, ts, idx);
CREATE INDEX ledger_entry_resource ON ledger_entry (resource_type, resource_id, idx);

CREATE TABLE ledger_checkpoint (
    tree_size  BIGINT                   PRIMARY KEY,
    root_hash  BINARY(32)               NOT NULL,
    note       CHARACTER LARGE OBJECT   NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE ledger_key (
    purpose       VARCHAR(32)              NOT NULL,
    version       INTEGER                  NOT NULL,
    public_key    VARBINARY(1024),
    sealed_secret VARBINARY(1024)          NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (purpose, version)
);

-- H2 has no TRUNCATE triggers, but it refuses to truncate a table that a foreign key
-- references; these empty guard tables make TRUNCATE fail on the append-only tables.
CREATE TABLE ledger_entry_truncate_guard (idx BIGINT REFERENCES ledger_entry (idx));
CREATE TABLE ledger_checkpoint_truncate_guard (tree_size BIGINT REFERENCES ledger_checkpoint (tree_size));
CREATE TABLE ledger_key_truncate_guard (
    purpose VARCHAR(32),
    version INTEGER,
    FOREIGN KEY (purpose, version) REFERENCES ledger_key (purpose, version)
);

CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE, DELETE ON ledger_entry
    FOR EACH ROW CALL 'io.countersign.server.storage.AppendOnlyTrigger';
CREATE TRIGGER ledger_checkpoint_append_only BEFORE UPDATE, DELETE ON ledger_checkpoint
    FOR EACH ROW CALL 'io.countersign.server.storage.AppendOnlyTrigger';
CREATE TRIGGER ledger_key_append_only BEFORE UPDATE, DELETE ON ledger_key
    FOR EACH ROW CALL 'io.countersign.server.storage.AppendOnlyTrigger';
