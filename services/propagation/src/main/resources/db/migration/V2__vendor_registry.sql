-- The vendor registry: who gets notices, where, for which data sets, signed with which secrets.
CREATE TABLE vendor (
    id            TEXT        PRIMARY KEY,
    name          TEXT        NOT NULL,
    -- The vendor company's contact address (a business contact, never a claimant's); null for vendors seeded from configuration.
    contact_email TEXT,
    enabled       BOOLEAN     NOT NULL,
    -- Seeded from takedown.propagation.vendors.<id>.url: the configuration keeps its endpoint in step.
    from_config   BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE vendor_endpoint (
    id              UUID        PRIMARY KEY,
    vendor_id       TEXT        NOT NULL REFERENCES vendor (id),
    url             TEXT        NOT NULL,
    -- Comma-separated; '*' subscribes to every event type / data set.
    event_types     TEXT        NOT NULL,
    datasets        TEXT        NOT NULL,
    enabled         BOOLEAN     NOT NULL,
    disabled_reason TEXT,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX vendor_endpoint_vendor ON vendor_endpoint (vendor_id);

-- Signing secrets. A rotation gives the old secret an expiry; until then deliveries carry both signatures.
CREATE TABLE vendor_secret (
    id         UUID        PRIMARY KEY,
    vendor_id  TEXT        NOT NULL REFERENCES vendor (id),
    secret     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ
);
CREATE INDEX vendor_secret_vendor ON vendor_secret (vendor_id);

ALTER TABLE notice ADD COLUMN endpoint_id UUID REFERENCES vendor_endpoint (id);
