-- The case deadline runs from receipt of the confirmed request (LegalClock in shared/events, carried by
-- matches.found), not from when the case opened. due_at stays the stored date (queue order, metrics); these
-- columns are the clock it is computed from. paused_at is the running pause.
ALTER TABLE review_case
    ADD COLUMN received_at      TIMESTAMPTZ,
    ADD COLUMN paused_seconds   BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN extension_months INTEGER NOT NULL DEFAULT 0;

-- Cases opened before: the receipt we knew was the opening (or the appeal, which starts a new month). Their
-- due_at is kept exactly: the months of an extension are recovered from it, the rest is time the clock stood still.
UPDATE review_case SET received_at = COALESCE(appealed_at, opened_at);
UPDATE review_case
   SET extension_months = CASE WHEN extended_at IS NULL OR appealed_at IS NOT NULL THEN 0
                               WHEN due_at >= received_at + INTERVAL '3 months' THEN 2
                               ELSE 1 END;
UPDATE review_case
   SET paused_seconds = GREATEST(0, floor(extract(EPOCH FROM due_at - (received_at + make_interval(months => 1 + extension_months)))));
-- due_at itself is not rewritten: the clock gives it again to the second.
ALTER TABLE review_case ALTER COLUMN received_at SET NOT NULL;
