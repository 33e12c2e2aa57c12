-- What verification found about each request (risk score and the reasons for it), for reviewers.
CREATE TABLE request_risk (
    request_id  UUID        PRIMARY KEY,
    risk_score  INTEGER     NOT NULL,
    flags       TEXT        NOT NULL,
    verified_at TIMESTAMPTZ NOT NULL
);
