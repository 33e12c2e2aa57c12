-- Timeline entries that do not change the status (e.g. the claimant rotated their access token).
ALTER TABLE status_change ADD COLUMN note TEXT;
