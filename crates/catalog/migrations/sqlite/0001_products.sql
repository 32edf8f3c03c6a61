-- Products are JSON documents; the columns used to filter, sort and enforce
-- uniqueness are generated from the document so the two can never disagree.
CREATE TABLE products (
    id TEXT PRIMARY KEY NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc)),
    sku TEXT GENERATED ALWAYS AS (json_extract(doc, '$.sku')) VIRTUAL,
    slug TEXT GENERATED ALWAYS AS (json_extract(doc, '$.slug')) VIRTUAL,
    name TEXT GENERATED ALWAYS AS (json_extract(doc, '$.name')) VIRTUAL,
    category TEXT GENERATED ALWAYS AS (json_extract(doc, '$.category')) VIRTUAL,
    brand TEXT GENERATED ALWAYS AS (json_extract(doc, '$.brand')) VIRTUAL,
    price_amount INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.price.amount')) VIRTUAL,
    stock INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.stock')) VIRTUAL,
    active INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.active')) VIRTUAL,
    created_at TEXT GENERATED ALWAYS AS (json_extract(doc, '$.created_at')) VIRTUAL,
    version INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.version')) VIRTUAL
);

CREATE UNIQUE INDEX products_sku ON products (sku);
CREATE UNIQUE INDEX products_slug ON products (slug);
CREATE INDEX products_active_created ON products (active, created_at, id);
CREATE INDEX products_active_price ON products (active, price_amount, id);
CREATE INDEX products_active_name ON products (active, name COLLATE NOCASE, id);
CREATE INDEX products_category ON products (category, active);

-- One row per reservation id: the first answer, replayed on retries.
CREATE TABLE reservations (
    id TEXT PRIMARY KEY NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
);
