-- Notices now come in three kinds: the REMOVAL notice itself, a REMINDER that its acknowledgement is
-- overdue, and a REVERSAL telling a vendor that items it was told to remove are no longer removed.
-- Reminders and reversals are delivered like removals (own webhook-id = their id, retries, signature)
-- and name the removal notice they are about in subject_notice_id.
ALTER TABLE notice ADD COLUMN kind TEXT NOT NULL DEFAULT 'REMOVAL';
ALTER TABLE notice ADD COLUMN subject_notice_id UUID REFERENCES notice (id);
ALTER TABLE notice DROP CONSTRAINT notice_request_id_vendor_id_key;
CREATE UNIQUE INDEX notice_removal_per_vendor ON notice (request_id, vendor_id) WHERE kind = 'REMOVAL';
CREATE INDEX notice_subject ON notice (subject_notice_id) WHERE subject_notice_id IS NOT NULL;

-- Acknowledgement deadline of a delivered removal notice, and the overdue escalation.
ALTER TABLE notice ADD COLUMN acknowledgement_due_at TIMESTAMPTZ;
ALTER TABLE notice ADD COLUMN overdue_since TIMESTAMPTZ;
ALTER TABLE notice ADD COLUMN last_reminder_at TIMESTAMPTZ;
ALTER TABLE notice ADD COLUMN reminder_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX notice_acknowledgement_due ON notice (acknowledgement_due_at)
    WHERE kind = 'REMOVAL' AND acknowledgement_due_at IS NOT NULL AND (vendor_state IS NULL OR vendor_state <> 'APPLIED');

-- A dispute's reason code (published); the note stays here, for administrators only.
ALTER TABLE notice_acknowledgement ADD COLUMN reason_code TEXT;

-- RequestCompleted goes out once per request: the row is the proof it went.
CREATE TABLE completed_request (
    request_id   UUID        PRIMARY KEY,
    notice_count INTEGER     NOT NULL,
    completed_at TIMESTAMPTZ NOT NULL
);

-- Withdrawn requests: a decision that arrives later plans nothing.
CREATE TABLE withdrawn_request (
    request_id   UUID        PRIMARY KEY,
    withdrawn_at TIMESTAMPTZ NOT NULL
);

-- The registry learns reversals: the removed row gets reversed_at (the check stops answering removed)
-- and the feed gets a REVERSAL row of its own, in cursor order after the removal it reverses.
ALTER TABLE removal ADD COLUMN kind TEXT NOT NULL DEFAULT 'REMOVAL';
ALTER TABLE removal ADD COLUMN reversed_at TIMESTAMPTZ;
ALTER TABLE removal ADD COLUMN reverses_id BIGINT REFERENCES removal (id);
-- The item's PDQ perceptual hash (64 hex digits) when the decision carried one.
ALTER TABLE removal ADD COLUMN pdq TEXT;
CREATE INDEX removal_request ON removal (request_id);
-- For the foreign key: without it every deleted removal row would scan the table for reversals naming it.
CREATE INDEX removal_reverses ON removal (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX removal_dataset ON removal (dataset_id, release_id, id);
CREATE INDEX removal_pdq ON removal (id) WHERE pdq IS NOT NULL AND kind = 'REMOVAL' AND reversed_at IS NULL;
