-- The trace a request first came with into this service (W3C traceparent): events this service
-- publishes about the request later, e.g. after a reviewer's click or a vendor's acknowledgement,
-- continue that trace (linked to the trace of the click), so a request is one trace end to end.
-- Written only while tracing is on; no personal data; rows older than the retention are deleted.
CREATE TABLE request_trace (
    request_id   UUID        PRIMARY KEY,
    trace_parent TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX request_trace_created_at ON request_trace (created_at);
