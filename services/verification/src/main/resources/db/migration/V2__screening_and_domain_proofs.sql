-- Abuse screening: when the request was submitted (rate windows), what it targets (duplicates),
-- what reviewers see (flags), what the claimant must add (missing elements).
ALTER TABLE verification ADD COLUMN submitted_at     TIMESTAMPTZ;
ALTER TABLE verification ADD COLUMN fingerprint      TEXT;
ALTER TABLE verification ADD COLUMN duplicate_of     UUID;
ALTER TABLE verification ADD COLUMN flags            TEXT;
ALTER TABLE verification ADD COLUMN missing_elements TEXT;
-- The submitted event (public targets, counts, pseudonym only) of a request that waits for a domain proof.
ALTER TABLE verification ADD COLUMN submitted_event  TEXT;
UPDATE verification SET submitted_at = decided_at;
ALTER TABLE verification ALTER COLUMN submitted_at SET NOT NULL;
CREATE INDEX verification_claimant_submitted ON verification (claimant_ref, submitted_at);
CREATE INDEX verification_claimant_fingerprint ON verification (claimant_ref, fingerprint);

-- One token per request and domain; the claimant publishes it to prove control of the domain.
CREATE TABLE domain_proof (
    id              UUID        PRIMARY KEY,
    request_id      UUID        NOT NULL REFERENCES verification (request_id),
    domain          TEXT        NOT NULL,
    token           TEXT        NOT NULL UNIQUE,
    status          TEXT        NOT NULL,
    issued_at       TIMESTAMPTZ NOT NULL,
    deadline        TIMESTAMPTZ NOT NULL,
    proven_at       TIMESTAMPTZ,
    proven_by       TEXT,
    UNIQUE (request_id, domain)
);
CREATE INDEX domain_proof_pending ON domain_proof (status, deadline);

-- Evidence of every check: what was asked, what came back.
CREATE TABLE domain_proof_check (
    id          UUID        PRIMARY KEY,
    proof_id    UUID        NOT NULL REFERENCES domain_proof (id),
    checked_at  TIMESTAMPTZ NOT NULL,
    method      TEXT        NOT NULL,
    result      TEXT        NOT NULL,
    detail      TEXT        NOT NULL
);
CREATE INDEX domain_proof_check_proof ON domain_proof_check (proof_id, checked_at);
