-- Evidence images as cleaned PNG (no metadata), sealed with AES-GCM like all personal data.
CREATE TABLE evidence_image (
    id           UUID        PRIMARY KEY,
    request_id   UUID        NOT NULL REFERENCES takedown_request (id) ON DELETE CASCADE,
    position     INTEGER     NOT NULL,
    source_type  TEXT        NOT NULL,
    width        INTEGER     NOT NULL,
    height       INTEGER     NOT NULL,
    sha256       BYTEA       NOT NULL,
    key_id       TEXT        NOT NULL,
    png_sealed   BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX evidence_image_request ON evidence_image (request_id, position);
