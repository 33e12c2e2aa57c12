-- E-mail to claimants goes through this table (a mail outbox): the row is written in the same
-- transaction as the request, a job sends it and keeps retrying while the SMTP server is away.
-- The address stays sealed in takedown_request. The confirmation code is kept as a hash, and sealed
-- (AES-GCM, like personal data) only until the mail that carries it is sent.
CREATE TABLE claimant_mail (
    id                 UUID        PRIMARY KEY,
    request_id         UUID        NOT NULL REFERENCES takedown_request (id) ON DELETE CASCADE,
    kind               TEXT        NOT NULL,
    confirmation_hash  BYTEA,
    code_sealed        BYTEA,
    key_id             TEXT,
    expires_at         TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL,
    attempts           INTEGER     NOT NULL DEFAULT 0,
    sent_at            TIMESTAMPTZ
);
CREATE INDEX claimant_mail_unsent ON claimant_mail (created_at) WHERE sent_at IS NULL;
CREATE INDEX claimant_mail_request ON claimant_mail (request_id);

ALTER TABLE takedown_request ADD COLUMN email_confirmed_at TIMESTAMPTZ;
