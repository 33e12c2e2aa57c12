-- The public transparency report's read model (ADR 020), filled from events by the consumer group
-- review-transparency and nothing else, so it can be rebuilt by replaying them (docs/operations.md).
-- No personal data: request ids link a request's facts here and never leave in the report.

-- What is known of each request: its claim type and its legal clock as the latest pipeline event carried it.
CREATE TABLE transparency_request (
    request_id UUID PRIMARY KEY,
    claim_type TEXT,
    -- LegalClock (ADR 019) from the event of the highest stage seen: 1 submitted, 2 verified, 3 matches found.
    clock_stage SMALLINT NOT NULL DEFAULT 0,
    clock_received_at TIMESTAMPTZ,
    clock_paused_seconds BIGINT,
    clock_paused_since TIMESTAMPTZ
);

-- One row per event that counts: RECEIVED, CONFIRMED, REJECTED (detail: reason), DECIDED (detail: outcome),
-- WITHDRAWN, APPEALED, REVERSED, PAUSED / RESUMED (review's questions and the claimant's answers).
CREATE TABLE transparency_event (
    event_id UUID PRIMARY KEY,
    request_id UUID NOT NULL,
    kind TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    detail TEXT
);
CREATE INDEX transparency_event_kind ON transparency_event (kind, at);

-- Removal notices per vendor and what the vendor answered.
CREATE TABLE transparency_notice (
    notice_id UUID PRIMARY KEY,
    vendor_id TEXT NOT NULL,
    dispatched_at TIMESTAMPTZ,
    answered_at TIMESTAMPTZ,
    applied_at TIMESTAMPTZ,
    disputed_at TIMESTAMPTZ
);

-- Items removed, per data set and release: by a decision, or carried over to a newer release (ADR 017).
CREATE TABLE transparency_removal (
    dataset_id TEXT NOT NULL,
    release_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    carried_over BOOLEAN NOT NULL,
    removed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dataset_id, release_id, item_id)
);

-- Items whose removal was reversed; apart from transparency_removal so that a reversal counts in whichever order
-- the two topics are read.
CREATE TABLE transparency_reversed_item (
    dataset_id TEXT NOT NULL,
    release_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    reversed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (dataset_id, release_id, item_id)
);
