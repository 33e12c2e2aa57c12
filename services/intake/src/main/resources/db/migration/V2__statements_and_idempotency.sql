-- The claimant's statements (signature, good-faith statement, …) are personal data: sealed.
ALTER TABLE takedown_request ADD COLUMN statements_sealed BYTEA;

-- Idempotency-Key: a retried submission returns the request the first one created.
ALTER TABLE takedown_request ADD COLUMN idempotency_key TEXT;
ALTER TABLE takedown_request ADD COLUMN submission_hash BYTEA;
CREATE UNIQUE INDEX takedown_request_idempotency_key ON takedown_request (idempotency_key);
