-- A case per request with candidates; a person decides it item by item.
CREATE TABLE review_case (
    id               UUID        PRIMARY KEY,
    request_id       UUID        NOT NULL UNIQUE,
    claim_type       TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    dataset_id       TEXT        NOT NULL,
    release_id       TEXT        NOT NULL,
    total_candidates BIGINT      NOT NULL,
    opened_at        TIMESTAMPTZ NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL,
    outcome          TEXT,
    reason_code      TEXT,
    decided_by       TEXT,
    decided_at       TIMESTAMPTZ,
    version          BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX review_case_open_by_due ON review_case (status, due_at);

CREATE TABLE case_candidate (
    id         BIGSERIAL PRIMARY KEY,
    case_id    UUID             NOT NULL REFERENCES review_case (id) ON DELETE CASCADE,
    item_id    TEXT             NOT NULL,
    url        TEXT             NOT NULL,
    caption    TEXT,
    signals    TEXT             NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    approved   BOOLEAN,
    UNIQUE (case_id, item_id)
);
