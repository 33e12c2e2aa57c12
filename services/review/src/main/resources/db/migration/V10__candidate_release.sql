-- Matching searches several data set releases at once: each candidate names the data set and release its
-- item is in (null for candidates of older events: then the case's own dataset_id/release_id).
ALTER TABLE case_candidate ADD COLUMN dataset_id TEXT;
ALTER TABLE case_candidate ADD COLUMN release_id TEXT;

-- An item id is unique within its release only: the same id (the same picture, kept by id from one release of a
-- data set to the next) may be a candidate of one case in several releases.
ALTER TABLE case_candidate DROP CONSTRAINT case_candidate_case_id_item_id_key;
CREATE UNIQUE INDEX case_candidate_item_of_release
    ON case_candidate (case_id, COALESCE(dataset_id, ''), COALESCE(release_id, ''), item_id);
