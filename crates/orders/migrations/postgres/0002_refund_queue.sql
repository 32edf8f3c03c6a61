-- The refund of a cancelled order, queued in the transaction that moves the
-- order to `cancelling` (ADR 0031), and retried until the provider confirms.
-- `refunded_at` is set in the transaction that records the refund and moves
-- the order to `cancelled`.
CREATE TABLE refund_queue (
    order_id        TEXT PRIMARY KEY REFERENCES orders (id),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    refunded_at     TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX refund_queue_due ON refund_queue (next_attempt_at) WHERE refunded_at IS NULL;
