-- The payment log (ADR 0038): a declined card leaves its order
-- `pending_payment` with a `failed` payment row, so each row names the
-- card's network for the order's payment method; orders carry their
-- customer's email (lower-case) for the admin search, and are found by their
-- last change when their payment window ends.
ALTER TABLE payments ADD COLUMN card_brand TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE orders ADD COLUMN customer_email TEXT NOT NULL DEFAULT '';
UPDATE orders SET customer_email = LOWER(COALESCE(contact::json->>'email', ''));
CREATE INDEX orders_unpaid ON orders (status, updated_at);
