-- Matching searches several data set releases at once: each candidate names the data set and release its
-- item is in (null for candidates of older events: then the case's own dataset_id/release_id).
ALTER TABLE case_candidate ADD COLUMN dataset_id TEXT;
ALTER TABLE case_candidate ADD COLUMN release_id TEXT;
