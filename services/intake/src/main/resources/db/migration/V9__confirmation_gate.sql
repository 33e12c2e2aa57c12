-- A request waits in AWAITING_CONFIRMATION until its e-mail address is confirmed; only then is
-- requests.submitted published. The pseudonymous network reference of the submission (an HMAC of the
-- /24 or /48, never the address) is kept for that later event.
ALTER TABLE takedown_request ADD COLUMN network_ref TEXT;
