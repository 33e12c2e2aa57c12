-- What each vendor says it did with a notice: ACKNOWLEDGED (received), APPLIED (removed from its
-- training data) or DISPUTED (objects, with a note). The notice keeps the latest state; every step
-- is kept below, with the client that reported it.
ALTER TABLE notice ADD COLUMN vendor_state TEXT;
ALTER TABLE notice ADD COLUMN vendor_state_at TIMESTAMPTZ;

CREATE TABLE notice_acknowledgement (
    id          BIGSERIAL   PRIMARY KEY,
    notice_id   UUID        NOT NULL REFERENCES notice (id),
    state       TEXT        NOT NULL,
    note        TEXT,
    reported_by TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX notice_acknowledgement_notice ON notice_acknowledgement (notice_id, id);
CREATE INDEX notice_vendor ON notice (vendor_id, created_at);
