-- Reversed items, remembered with the time of the reversal: a ReviewDecided that arrives after a DecisionReversed
-- about it (the topics are not ordered with each other) must not propagate the items reversed after it was decided.
CREATE TABLE reversed_item (
    id          BIGSERIAL   PRIMARY KEY,
    request_id  UUID        NOT NULL,
    item_id     TEXT,
    url         TEXT,
    reason_code TEXT        NOT NULL,
    reversed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX reversed_item_request ON reversed_item (request_id);

-- A vendor seeded from configuration and later no longer configured is retired (disabled) at start-up when
-- takedown.propagation.retire-unconfigured-vendors is on; configured again, it comes back.
ALTER TABLE vendor ADD COLUMN retired_at TIMESTAMPTZ;
