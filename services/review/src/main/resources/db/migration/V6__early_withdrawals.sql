-- Requests withdrawn before review opened a case for them (the withdrawal overtook the matches):
-- no case is opened for them later.
CREATE TABLE withdrawn_request (
    request_id   UUID        PRIMARY KEY,
    withdrawn_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
