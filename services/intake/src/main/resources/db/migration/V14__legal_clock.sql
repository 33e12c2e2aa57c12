-- The GDPR month runs from receipt of the confirmed request (LegalClock in shared/events), standing still while
-- we wait for information we asked the claimant for. NULL received_at: not yet received (awaiting confirmation).
ALTER TABLE takedown_request
    ADD COLUMN received_at            TIMESTAMPTZ,
    ADD COLUMN clock_paused_seconds   BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN clock_paused_since     TIMESTAMPTZ,
    ADD COLUMN clock_extension_months INTEGER NOT NULL DEFAULT 0;

-- Requests received before the clock was kept: received when they first became SUBMITTED (at confirmation, or at
-- once without the gate). Earlier pauses are not reconstructed; a wait that is still open pauses from its start.
-- An extension already granted stays in answer_due_at (its length was not recorded).
UPDATE takedown_request r
   SET received_at = (SELECT min(c.occurred_at) FROM status_change c
                       WHERE c.request_id = r.id AND c.status = 'SUBMITTED' AND c.note IS NULL)
 WHERE r.status <> 'AWAITING_CONFIRMATION';

UPDATE takedown_request r
   SET clock_paused_since = (SELECT max(c.occurred_at) FROM status_change c
                              WHERE c.request_id = r.id AND c.status = 'NEEDS_INFORMATION' AND c.note IS NULL)
 WHERE r.status = 'NEEDS_INFORMATION' AND r.received_at IS NOT NULL;
