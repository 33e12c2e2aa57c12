-- One verdict per request; the evidence of each check joins with the verification issue.
CREATE TABLE verification (
    request_id   UUID        PRIMARY KEY,
    claim_type   TEXT        NOT NULL,
    claimant_ref TEXT        NOT NULL,
    outcome      TEXT        NOT NULL,
    reason_code  TEXT,
    risk_score   INTEGER     NOT NULL,
    decided_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX verification_claimant ON verification (claimant_ref, decided_at);
