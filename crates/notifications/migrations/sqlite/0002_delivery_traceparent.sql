-- The W3C trace context of the event a delivery came from: its send joins
-- the trace of the request that caused it.
ALTER TABLE deliveries ADD COLUMN traceparent TEXT;
