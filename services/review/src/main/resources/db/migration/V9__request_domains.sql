-- The domains and URL prefixes a verified request names (one a line), so that an approved site opt-out can tell
-- propagation to remove them as a whole (ReviewDecided.scopes).
ALTER TABLE request_risk ADD COLUMN domains TEXT NOT NULL DEFAULT '';
