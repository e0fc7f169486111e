-- API tokens; only a SHA-256 of the token is stored. The bootstrap token is the first row.
CREATE TABLE access_token (
    id         VARCHAR(36)  PRIMARY KEY,
    token_hash BYTEA        NOT NULL UNIQUE,
    name       VARCHAR(128) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
