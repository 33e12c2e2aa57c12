-- Why each signal found the candidate, as matching explained it (e.g. "PDQ 12: evidence image 1,
-- rotated 90°"), one per line; null for candidates of older events, which carried none.
ALTER TABLE case_candidate ADD COLUMN explanations TEXT;
