-- Compliance (docs/compliance.md, docs/decisions/028): evaluation runs of the automated
-- checks, each framework's daily scores, attestations with their evidence files, and
-- access reviews. Evaluations, attestations, files and reviews are never changed: a new
-- attestation replaces the one in force by being newer.

-- One run of every automated check: its results as JSON and their SHA-256 (on the ledger
-- as compliance_checks_evaluated).
CREATE TABLE compliance_evaluation (
    id              VARCHAR(36)  PRIMARY KEY,
    evaluated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    evaluated_by    VARCHAR(64)  NOT NULL,
    catalog_version VARCHAR(64)  NOT NULL,
    results         CLOB         NOT NULL,
    digest          CHAR(64)     NOT NULL
);
CREATE INDEX compliance_evaluation_at ON compliance_evaluation (evaluated_at);

-- A framework's scores on a day: the day's last evaluation overwrites the row.
CREATE TABLE compliance_score (
    framework_id      VARCHAR(64)  NOT NULL,
    score_day         DATE         NOT NULL,
    implemented_share DOUBLE PRECISION NOT NULL,
    weighted_score    DOUBLE PRECISION NOT NULL,
    evaluation_id     VARCHAR(36)  NOT NULL REFERENCES compliance_evaluation (id),
    evaluated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (framework_id, score_day)
);

CREATE TABLE compliance_attestation (
    id           VARCHAR(36)   PRIMARY KEY,
    control_id   VARCHAR(100)  NOT NULL,
    state        VARCHAR(16)   NOT NULL CHECK (state IN ('IMPLEMENTED', 'IN_PROGRESS', 'NOT_STARTED')),
    note         VARCHAR(4000) NOT NULL,
    owner        VARCHAR(200)  NOT NULL,
    -- the first day it no longer counts
    expires_on   DATE          NOT NULL,
    attested_by  VARCHAR(64)   NOT NULL,
    attested_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX compliance_attestation_control ON compliance_attestation (control_id, attested_at);

CREATE TABLE compliance_evidence_file (
    id             VARCHAR(36)  PRIMARY KEY,
    attestation_id VARCHAR(36)  NOT NULL REFERENCES compliance_attestation (id),
    ordinal        INTEGER      NOT NULL,
    name           VARCHAR(255) NOT NULL,
    content_type   VARCHAR(255) NOT NULL,
    size_bytes     BIGINT       NOT NULL,
    sha256         CHAR(64)     NOT NULL,
    content        BLOB         NOT NULL,
    UNIQUE (attestation_id, ordinal)
);

-- An access review of the role grants, as recorded by an admin.
CREATE TABLE compliance_access_review (
    id          VARCHAR(36)   PRIMARY KEY,
    reviewed_by VARCHAR(64)   NOT NULL,
    reviewed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    note        VARCHAR(4000) NOT NULL
);
CREATE INDEX compliance_access_review_at ON compliance_access_review (reviewed_at);
