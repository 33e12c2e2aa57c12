-- Everything intake knows about a request. Personal data (e-mail, name, free-text queries) is
-- stored only as AES-GCM ciphertext with the id of the key that sealed it.
CREATE TABLE takedown_request (
    id                 UUID        PRIMARY KEY,
    claim_type         TEXT        NOT NULL,
    status             TEXT        NOT NULL,
    claimant_ref       TEXT        NOT NULL,
    country            TEXT,
    acting_for         TEXT        NOT NULL,
    key_id             TEXT        NOT NULL,
    email_sealed       BYTEA       NOT NULL,
    name_sealed        BYTEA,
    access_token_hash  BYTEA       NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    version            BIGINT      NOT NULL DEFAULT 0
);

CREATE TABLE request_target (
    id           BIGSERIAL PRIMARY KEY,
    request_id   UUID  NOT NULL REFERENCES takedown_request (id) ON DELETE CASCADE,
    kind         TEXT  NOT NULL,
    position     INTEGER NOT NULL,
    value        TEXT,
    value_sealed BYTEA
);
CREATE INDEX request_target_request ON request_target (request_id);

-- The timeline the claimant sees: every status change, with the event that caused it.
CREATE TABLE status_change (
    id          BIGSERIAL   PRIMARY KEY,
    request_id  UUID        NOT NULL REFERENCES takedown_request (id) ON DELETE CASCADE,
    status      TEXT        NOT NULL,
    detail      TEXT,
    event_id    UUID,
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX status_change_request ON status_change (request_id, occurred_at);
