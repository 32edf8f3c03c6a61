-- Carts, orders, payments, idempotency keys, stock releases and the outbox.
-- Ids and timestamps are TEXT (UUIDs and fixed-width RFC 3339 UTC, which sort in
-- time order) so one SQL implementation serves PostgreSQL and SQLite (ADR 0008).
CREATE TABLE cart_items (
    user_id    TEXT NOT NULL,
    product_id TEXT NOT NULL,
    quantity   BIGINT NOT NULL CHECK (quantity > 0),
    added_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, product_id)
);

CREATE TABLE orders (
    id               TEXT PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    customer_id      TEXT NOT NULL,
    status           TEXT NOT NULL,
    currency         TEXT NOT NULL,
    subtotal         BIGINT NOT NULL,
    shipping         BIGINT NOT NULL,
    total            BIGINT NOT NULL,
    shipping_address TEXT NOT NULL,
    contact          TEXT NOT NULL,
    shipment         TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX orders_customer ON orders (customer_id, id);
CREATE INDEX orders_status ON orders (status, id);

CREATE TABLE order_items (
    order_id   TEXT NOT NULL REFERENCES orders (id),
    position   BIGINT NOT NULL,
    product_id TEXT NOT NULL,
    sku        TEXT NOT NULL,
    name       TEXT NOT NULL,
    unit_price BIGINT NOT NULL,
    quantity   BIGINT NOT NULL,
    line_total BIGINT NOT NULL,
    PRIMARY KEY (order_id, position)
);

CREATE TABLE order_status_history (
    order_id TEXT NOT NULL REFERENCES orders (id),
    position BIGINT NOT NULL,
    status   TEXT NOT NULL,
    at       TEXT NOT NULL,
    note     TEXT,
    PRIMARY KEY (order_id, position)
);

CREATE TABLE payments (
    id           TEXT PRIMARY KEY,
    order_id     TEXT NOT NULL REFERENCES orders (id),
    kind         TEXT NOT NULL,
    amount       BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    provider     TEXT NOT NULL,
    reference    TEXT,
    card_last4   TEXT NOT NULL,
    failure_code TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX payments_order ON payments (order_id);
-- One capture and one refund per order, whatever retries happen.
CREATE UNIQUE INDEX payments_once ON payments (order_id, kind) WHERE kind IN ('captured', 'refunded');

CREATE TABLE idempotency_keys (
    user_id         TEXT NOT NULL,
    key             TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    order_id        TEXT NOT NULL,
    locked_until    TEXT,
    response_status BIGINT,
    response_body   TEXT,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE stock_releases (
    order_id        TEXT PRIMARY KEY,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    released_at     TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX stock_releases_due ON stock_releases (next_attempt_at) WHERE released_at IS NULL;

CREATE TABLE outbox (
    seq        BIGSERIAL PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    type       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    event      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT,
    attempts   BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_subject ON outbox (subject, seq);
