-- The data set registry: which data sets matching knows and which of their releases it searches.
-- Public facts only (names, maintainers' published contact, licence and home pages).
CREATE TABLE dataset (
    id                 TEXT        PRIMARY KEY,
    name               TEXT        NOT NULL,
    maintainer_contact TEXT,
    home_url           TEXT,
    licence_url        TEXT,
    registered_at      TIMESTAMPTZ NOT NULL
);

-- A release moves INGESTING -> ACTIVE -> RETIRED; every ACTIVE release is searched for every request.
-- backend: where its index lives ('lucene': <index root>/<dataset>/<release>; 'memory': the configured
-- JSONL manifest, loaded at start-up).
CREATE TABLE dataset_release (
    dataset_id   TEXT        NOT NULL REFERENCES dataset (id),
    release_id   TEXT        NOT NULL,
    state        TEXT        NOT NULL CHECK (state IN ('INGESTING', 'ACTIVE', 'RETIRED')),
    item_count   BIGINT,
    backend      TEXT        NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL,
    activated_at TIMESTAMPTZ,
    retired_at   TIMESTAMPTZ,
    PRIMARY KEY (dataset_id, release_id)
);
CREATE INDEX dataset_release_active ON dataset_release (state) WHERE state = 'ACTIVE';

-- A request is matched against several releases: each explanation names the release of its item
-- (item ids are unique within a release only), and a run lists the releases it searched.
ALTER TABLE match_signal ADD COLUMN dataset_id TEXT;
ALTER TABLE match_signal ADD COLUMN release_id TEXT;
ALTER TABLE match_run ADD COLUMN releases TEXT;
