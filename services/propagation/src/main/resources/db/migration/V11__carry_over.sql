-- Carry-over (ADR 017): each standing item removal of a data set, looked up once in each newly activated release of
-- it. The row is the proof it was looked up (a re-activation or a redelivered event finds it and does nothing again)
-- and says what was found: the same URL or picture (REMOVED_AGAIN: a removal entry for the new item, notices),
-- only a near copy (NEAR_DUPLICATE: a review case), or nothing.
CREATE TABLE carry_over (
    removal_id  BIGINT      NOT NULL REFERENCES removal (id),
    release_id  TEXT        NOT NULL,
    dataset_id  TEXT        NOT NULL,
    request_id  UUID        NOT NULL,
    outcome     TEXT        NOT NULL CHECK (outcome IN ('REMOVED_AGAIN', 'NEAR_DUPLICATE', 'NOT_FOUND')),
    looked_up_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (removal_id, release_id)
);
CREATE INDEX carry_over_request ON carry_over (request_id);

-- A removal notice carried over to a release names it ('<dataset>/<release>'; '<dataset>/<release>/reviewed' for the
-- decision of a carry-over case about near copies there): one removal notice per request, vendor and that key (null:
-- the request's own decision's notice).
ALTER TABLE notice ADD COLUMN carried_to_release TEXT;
DROP INDEX notice_removal_per_vendor;
CREATE UNIQUE INDEX notice_removal_per_vendor ON notice (request_id, vendor_id, coalesce(carried_to_release, ''))
    WHERE kind = 'REMOVAL';
