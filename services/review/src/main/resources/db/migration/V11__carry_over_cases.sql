-- Carry-over cases (ADR 017): near copies of a request's removed items found in a newly activated release are decided
-- in a case of their own, linked to the request's case; one per request and release (null: the request's own case).
ALTER TABLE review_case ADD COLUMN carried_to_release TEXT;
ALTER TABLE review_case ADD COLUMN original_case_id UUID REFERENCES review_case (id);
ALTER TABLE review_case DROP CONSTRAINT review_case_request_id_key;
CREATE UNIQUE INDEX review_case_per_request ON review_case (request_id, coalesce(carried_to_release, ''));
