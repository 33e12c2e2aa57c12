-- Evidence is kept in the format it came in (JPEG, PNG or WebP), its metadata stripped at byte level,
-- instead of a PNG re-encoded in the request. The column png_sealed keeps its name so that replicas of
-- the previous version keep working during a rolling update; stored_type says what it holds (rows
-- written before are PNGs, and their pixels were decoded at upload).
ALTER TABLE evidence_image ADD COLUMN stored_type TEXT NOT NULL DEFAULT 'PNG';
-- PENDING until EvidenceCheck has decoded the stored image off the request path; then DECODED or UNDECODABLE.
ALTER TABLE evidence_image ADD COLUMN check_status TEXT NOT NULL DEFAULT 'DECODED';
ALTER TABLE evidence_image ADD COLUMN checked_at TIMESTAMPTZ;
CREATE INDEX evidence_image_pending ON evidence_image (created_at) WHERE check_status = 'PENDING';

-- A request that is SUBMITTED but whose requests.submitted waits until its images are checked.
ALTER TABLE takedown_request ADD COLUMN release_pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX takedown_request_release_pending ON takedown_request (id) WHERE release_pending;
