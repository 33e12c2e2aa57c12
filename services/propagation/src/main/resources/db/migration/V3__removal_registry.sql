-- Every item ever removed: what the do-not-train check answers from, and the vendors' catch-up feed.
-- The id is the feed's cursor. Writers take one advisory lock until they commit, so ids become visible
-- in order and a reader that has seen id n never later finds a smaller one appear.
CREATE TABLE removal (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id  UUID        NOT NULL,
    dataset_id  TEXT        NOT NULL,
    release_id  TEXT,
    item_id     TEXT,
    -- NormalizedUrl form, the same as intake and matching use.
    url         TEXT        NOT NULL,
    removed_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX removal_url ON removal (url);
