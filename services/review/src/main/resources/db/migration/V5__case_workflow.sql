-- The case workflow around the decision: who works on a case, the paused clock while the claimant is
-- asked for more information, the one deadline extension, appeals, disputes by vendors.
-- New statuses (TEXT column, no constraint): WAITING_FOR_CLAIMANT, REVERSED, WITHDRAWN.
ALTER TABLE review_case ADD COLUMN assignee TEXT;
ALTER TABLE review_case ADD COLUMN assigned_at TIMESTAMPTZ;
-- While WAITING_FOR_CLAIMANT: since when the clock stands still; the answer's reply id in intake.
ALTER TABLE review_case ADD COLUMN paused_at TIMESTAMPTZ;
ALTER TABLE review_case ADD COLUMN information_reply_id UUID;
-- GDPR Art. 12(3): one extension, by up to two months, within the first month.
ALTER TABLE review_case ADD COLUMN extended_at TIMESTAMPTZ;
ALTER TABLE review_case ADD COLUMN extension_reason TEXT;
-- An appeal reopens a denied case once; whoever denied it may not decide the appeal.
ALTER TABLE review_case ADD COLUMN appeal BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE review_case ADD COLUMN appeal_reply_id UUID;
ALTER TABLE review_case ADD COLUMN appealed_at TIMESTAMPTZ;
ALTER TABLE review_case ADD COLUMN denied_by TEXT;
-- A vendor disputed a notice of this case.
ALTER TABLE review_case ADD COLUMN disputed_by TEXT;
ALTER TABLE review_case ADD COLUMN dispute_reason TEXT;
ALTER TABLE review_case ADD COLUMN disputed_at TIMESTAMPTZ;

-- The queue: cases by deadline, read in index order and filtered by status (most cases are open), so
-- that the first 200 of 10,000 open cases come without sorting them all.
CREATE INDEX review_case_queue ON review_case (due_at, id);
CREATE INDEX review_case_assignee ON review_case (assignee) WHERE assignee IS NOT NULL;
CREATE INDEX review_case_disputed ON review_case (disputed_at) WHERE disputed_by IS NOT NULL;
