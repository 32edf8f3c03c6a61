-- Categories become a managed list. The store derives a record for each
-- category its products already name when it opens (see `Category::derived`),
-- so data from before this migration keeps its categories.
CREATE TABLE categories (
    slug TEXT PRIMARY KEY NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
);

-- Products now carry their first image as `thumbnail`.
UPDATE products
SET doc = json_set(doc, '$.thumbnail', json_extract(doc, '$.images[0]'))
WHERE json_type(doc, '$.thumbnail') IS NULL AND json_array_length(doc, '$.images') > 0;
