-- The host of each candidate's URL, lower case, so that the queue can list the cases with items of one site
-- (the host or its subdomains) and a reviewer can decide those items in many cases at once (ADR 024).
ALTER TABLE case_candidate ADD COLUMN host TEXT;
UPDATE case_candidate SET host = lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)'));
CREATE INDEX case_candidate_host ON case_candidate (host, case_id);
