-- The data sets (matching registry ids, comma-separated) a claimant asked to be searched; NULL: every ACTIVE release.
ALTER TABLE takedown_request ADD COLUMN datasets TEXT;
