-- The W3C trace context (traceparent) of the transaction that recorded the event, so the relay
-- publishes it as a child of that trace and one request can be followed across services.
-- Null when tracing was off or no span was active.
ALTER TABLE outbox_event ADD COLUMN trace_parent TEXT;
