-- Four eyes: a large approval (or any site opt-out) is first a proposal, which a second reviewer with
-- senior-reviewer confirms or turns into a denial. The proposal is kept on the case and its candidates.
ALTER TABLE review_case ADD COLUMN proposed_by TEXT;
ALTER TABLE review_case ADD COLUMN proposed_at TIMESTAMPTZ;
ALTER TABLE case_candidate ADD COLUMN proposed BOOLEAN;
