-- Evidence hashed on the claimant's device (issue 20): the PDQ hash and its quality of an image that never left
-- the device. No pixels exist here to seal; the hash is erased with the rest of the evidence (RetentionJob).
CREATE TABLE evidence_hash (
    id          UUID        PRIMARY KEY,
    request_id  UUID        NOT NULL REFERENCES takedown_request (id),
    position    INT         NOT NULL,
    pdq         CHAR(64)    NOT NULL CHECK (pdq ~ '^[0-9a-f]{64}$'),
    quality     SMALLINT    NOT NULL CHECK (quality BETWEEN 0 AND 100),
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (request_id, position)
);
