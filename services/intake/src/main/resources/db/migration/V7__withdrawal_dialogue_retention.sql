-- What reviewers and admins write to the claimant (a question, the reasons of a denial, …) and what
-- the claimant writes back (an answer, an appeal). Free text of people is personal data: sealed
-- with AES-GCM like contact data, and never sent through Kafka (events carry only the ids).
CREATE TABLE request_message (
    id           UUID        PRIMARY KEY,
    request_id   UUID        NOT NULL REFERENCES takedown_request (id) ON DELETE CASCADE,
    kind         TEXT        NOT NULL,
    author       TEXT        NOT NULL,
    key_id       TEXT        NOT NULL,
    text_sealed  BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX request_message_request ON request_message (request_id, created_at);

CREATE TABLE claimant_reply (
    id           UUID        PRIMARY KEY,
    request_id   UUID        NOT NULL REFERENCES takedown_request (id) ON DELETE CASCADE,
    kind         TEXT        NOT NULL,
    key_id       TEXT        NOT NULL,
    text_sealed  BYTEA       NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX claimant_reply_request ON claimant_reply (request_id, received_at);
-- A denied request may be appealed once: the database holds the line even against a race.
CREATE UNIQUE INDEX claimant_reply_one_appeal ON claimant_reply (request_id) WHERE kind = 'APPEAL';

-- What the claimant is asked to answer on the status page (MISSING_STATEMENTS from verification,
-- REVIEWER_QUESTION from review); null when nothing is asked.
ALTER TABLE takedown_request ADD COLUMN pending_question TEXT;
-- When the claimant (or a reviewer's question) last moved the status against the usual order:
-- events that happened before are late and only join the timeline.
ALTER TABLE takedown_request ADD COLUMN reopened_at TIMESTAMPTZ;
-- The answer the claimant can expect by, when a reviewer extended the deadline.
ALTER TABLE takedown_request ADD COLUMN answer_due_at TIMESTAMPTZ;
-- When the request reached a closed status (COMPLETED, DENIED, REJECTED, WITHDRAWN, REVERSED): retention counts from here.
ALTER TABLE takedown_request ADD COLUMN closed_at TIMESTAMPTZ;
-- When retention erased the personal data (contact data, statements, images, messages, replies).
ALTER TABLE takedown_request ADD COLUMN personal_data_erased_at TIMESTAMPTZ;
ALTER TABLE takedown_request ALTER COLUMN email_sealed DROP NOT NULL;
CREATE INDEX takedown_request_retention ON takedown_request (status, closed_at, created_at);

-- A timeline entry may point to the message that explains it (a reviewer's question).
ALTER TABLE status_change ADD COLUMN message_id UUID;

-- Status mails: a subject (no personal data) and the body sealed, kept for the claimant's export
-- until retention erases it.
ALTER TABLE claimant_mail ADD COLUMN subject TEXT;
ALTER TABLE claimant_mail ADD COLUMN body_sealed BYTEA;

-- Reads of a claimant's reply (by reviewers, admins, services) and the claimant's own export are logged too.
ALTER TABLE evidence_access_log ADD COLUMN reply_id UUID;
