-- The audit ledger. Every column outside `leaf` is derived from the leaf or from the
-- sequencer and is re-checked by verification; nothing outside the leaf is trusted.
CREATE TABLE ledger_entry (
    idx            BIGINT       PRIMARY KEY,
    leaf           BYTEA        NOT NULL,
    leaf_hash      BYTEA        NOT NULL,
    chain          BYTEA        NOT NULL,
    key_version    INTEGER      NOT NULL,
    -- hashes of the perfect subtrees (levels 1..k, lowest first) that this leaf completes
    subtree_hashes BYTEA        NOT NULL,
    ts             TIMESTAMPTZ  NOT NULL,
    type           VARCHAR(128) NOT NULL,
    actor_id       VARCHAR(256) NOT NULL,
    actor_type     VARCHAR(64),
    action         VARCHAR(128),
    resource_type  VARCHAR(128),
    resource_id    VARCHAR(256),
    outcome        VARCHAR(16)  NOT NULL
);

-- ts never decreases as idx grows (the sequencer guarantees it), so (ts, idx) orders like idx.
CREATE INDEX ledger_entry_ts ON ledger_entry (ts, idx);
CREATE INDEX ledger_entry_actor_ts ON ledger_entry (actor_id, ts, idx);
CREATE INDEX ledger_entry_type_ts ON ledger_entry (type, ts, idx);
CREATE INDEX ledger_entry_resource ON ledger_entry (resource_type, resource_id, idx);

CREATE TABLE ledger_checkpoint (
    tree_size  BIGINT      PRIMARY KEY,
    root_hash  BYTEA       NOT NULL,
    note       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Ledger keys, secrets sealed (AES-256-GCM) under the configured master key.
CREATE TABLE ledger_key (
    purpose       VARCHAR(32) NOT NULL,
    version       INTEGER     NOT NULL,
    public_key    BYTEA,
    sealed_secret BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (purpose, version)
);

CREATE FUNCTION countersign_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'countersign: % is append-only, % rejected', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION countersign_reject_change();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION countersign_reject_change();
CREATE TRIGGER ledger_checkpoint_append_only BEFORE UPDATE OR DELETE ON ledger_checkpoint
    FOR EACH ROW EXECUTE FUNCTION countersign_reject_change();
CREATE TRIGGER ledger_checkpoint_no_truncate BEFORE TRUNCATE ON ledger_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION countersign_reject_change();
CREATE TRIGGER ledger_key_append_only BEFORE UPDATE OR DELETE ON ledger_key
    FOR EACH ROW EXECUTE FUNCTION countersign_reject_change();
CREATE TRIGGER ledger_key_no_truncate BEFORE TRUNCATE ON ledger_key
    FOR EACH STATEMENT EXECUTE FUNCTION countersign_reject_change();
