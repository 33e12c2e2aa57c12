-- Pseudonym of the network a request came from (HMAC of its /24 or /48), for per-network rate limits.
ALTER TABLE verification ADD COLUMN source_network_ref TEXT;
CREATE INDEX verification_network_submitted ON verification (source_network_ref, submitted_at);
