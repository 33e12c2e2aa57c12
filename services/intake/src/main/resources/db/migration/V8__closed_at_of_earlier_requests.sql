-- Requests closed before closed_at existed: their retention period counts from their last change.
UPDATE takedown_request SET closed_at = updated_at
WHERE closed_at IS NULL AND status IN ('COMPLETED', 'DENIED', 'REJECTED', 'WITHDRAWN', 'REVERSED');
