-- Why each candidate was found, per signal: the raw score (e.g. PDQ Hamming distance) and how it
-- was found (which evidence image, which rotation or flip, which crop). Item ids and scores only:
-- no image data, no personal data.
CREATE TABLE match_signal (
    id          BIGSERIAL   PRIMARY KEY,
    request_id  UUID        NOT NULL REFERENCES match_run (request_id),
    item_id     TEXT        NOT NULL,
    signal      TEXT        NOT NULL,
    score       DOUBLE PRECISION,
    detail      TEXT        NOT NULL
);
CREATE INDEX match_signal_request ON match_signal (request_id);
