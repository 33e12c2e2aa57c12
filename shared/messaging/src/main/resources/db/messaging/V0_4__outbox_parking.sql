-- An outbox row that Kafka refuses for a reason that retrying cannot cure (too large, not
-- serialisable, an invalid topic) is parked instead of retried forever: parked_at says since when,
-- attempts and last_error (V0_1) say how often and why. Rows of the same key behind a parked row are
-- parked with it, so that they never overtake it; the relay skips parked rows (ADR 012).
ALTER TABLE outbox_event ADD COLUMN parked_at TIMESTAMPTZ;
CREATE INDEX outbox_event_parked_key ON outbox_event (message_key) WHERE parked_at IS NOT NULL;
