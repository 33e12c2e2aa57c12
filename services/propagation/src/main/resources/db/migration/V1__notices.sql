-- One notice per approved decision and vendor. Scheduled retries live here, not in memory, so
-- they survive restarts.
CREATE TABLE notice (
    id              UUID        PRIMARY KEY,
    request_id      UUID        NOT NULL,
    vendor_id       TEXT        NOT NULL,
    endpoint_url    TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    item_count      INTEGER     NOT NULL,
    status          TEXT        NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    UNIQUE (request_id, vendor_id)
);
CREATE INDEX notice_due ON notice (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX notice_request ON notice (request_id);
