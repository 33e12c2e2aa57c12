-- The item's PDQ hash as matching found it in the release (64 hex digits), passed on to vendors in the
-- removal notice; null for candidates without one and for those of older events.
ALTER TABLE case_candidate ADD COLUMN pdq VARCHAR(64);
