-- One row per search made for a verified request: what was searched and how much was found.
CREATE TABLE match_run (
    request_id       UUID        PRIMARY KEY,
    dataset_id       TEXT        NOT NULL,
    release_id       TEXT        NOT NULL,
    total_candidates BIGINT      NOT NULL,
    published        INTEGER     NOT NULL,
    matched_at       TIMESTAMPTZ NOT NULL
);
