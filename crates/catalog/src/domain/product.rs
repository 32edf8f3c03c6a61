//! The product aggregate, its inputs, and the factory that turns inputs into
//! valid products.

use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// A price: an integer number of minor units of an ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// Minor units (cents for EUR): `1999` is 19.99.
    pub amount: i64,
    /// ISO 4217 code, three upper-case letters.
    #[schema(example = "EUR")]
    pub currency: String,
}

/// Largest accepted price, in minor units.
pub const MAX_PRICE: i64 = 100_000_000_000;
/// Largest accepted stock level.
pub const MAX_STOCK: i64 = 1_000_000_000;

impl Money {
    fn validate(&self, field: &str, errors: &mut Vec<FieldError>) {
        if self.amount < 0 {
            errors.push(FieldError::new(
                format!("{field}.amount"),
                "must not be negative",
            ));
        } else if self.amount > MAX_PRICE {
            errors.push(FieldError::new(
                format!("{field}.amount"),
                format!("must be at most {MAX_PRICE}"),
            ));
        }
        if !(self.currency.len() == 3 && self.currency.bytes().all(|b| b.is_ascii_uppercase())) {
            errors.push(FieldError::new(
                format!("{field}.currency"),
                "must be an ISO 4217 code such as EUR",
            ));
        }
    }
}

/// A product in the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Product {
    /// UUIDv7.
    pub id: String,
    /// Stock-keeping unit, unique across the catalog.
    pub sku: String,
    pub name: String,
    /// URL name, unique across the catalog.
    pub slug: String,
    pub description: String,
    /// Category slug.
    pub category: String,
    pub brand: String,
    pub price: Money,
    /// Units available to reserve.
    pub stock: i64,
    /// Image URLs.
    pub images: Vec<String>,
    pub tags: Vec<String>,
    /// Free-form key/values that differ by kind of product (size, colour, pages…).
    #[schema(value_type = Object)]
    pub attributes: Map<String, Value>,
    /// Inactive products are hidden from shoppers and cannot be reserved.
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Increases on every change; updates must name the version they read.
    pub version: i64,
}

/// Input to create a product.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductCreate {
    pub sku: String,
    pub name: String,
    /// Derived from the name when absent.
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub description: String,
    pub category: String,
    #[serde(default)]
    pub brand: String,
    pub price: Money,
    #[serde(default)]
    pub stock: i64,
    #[serde(default)]
    pub images: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Object)]
    pub attributes: Map<String, Value>,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// Input to change a product: absent fields stay as they are. `version` is the
/// version the client read; if the product changed since, the update is refused.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    pub version: i64,
    pub sku: Option<String>,
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub price: Option<Money>,
    pub stock: Option<i64>,
    pub images: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    #[schema(value_type = Option<Object>)]
    pub attributes: Option<Map<String, Value>>,
    pub active: Option<bool>,
}

/// Input to set the stock level.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockUpdate {
    pub stock: i64,
    /// The version the client read.
    pub version: i64,
}

/// The one place products are made and changed: applies defaults, normalises
/// (trimmed text, lower-case tags and slugs) and checks every rule, reporting
/// every bad field at once.
pub struct ProductFactory;

impl ProductFactory {
    /// A new product from `input`, created at `now`.
    pub fn create(input: ProductCreate, now: Timestamp) -> Result<Product, Vec<FieldError>> {
        let slug = match input.slug {
            Some(slug) => slug.trim().to_owned(),
            None => slugify(&input.name),
        };
        let product = Product {
            id: super::ProductId::generate().into_string(),
            sku: input.sku.trim().to_owned(),
            name: input.name.trim().to_owned(),
            slug,
            description: input.description.trim().to_owned(),
            category: input.category.trim().to_ascii_lowercase(),
            brand: input.brand.trim().to_owned(),
            price: input.price,
            stock: input.stock,
            images: input.images,
            tags: normalise_tags(input.tags),
            attributes: input.attributes,
            active: input.active,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        validate(&product)?;
        Ok(product)
    }

    /// `current` with `patch` applied, its version and `updated_at` advanced.
    /// The caller checks `patch.version` against the store.
    pub fn apply(
        current: &Product,
        patch: ProductPatch,
        now: Timestamp,
    ) -> Result<Product, Vec<FieldError>> {
        let mut next = current.clone();
        if let Some(v) = patch.sku {
            next.sku = v.trim().to_owned();
        }
        if let Some(v) = patch.name {
            next.name = v.trim().to_owned();
        }
        if let Some(v) = patch.slug {
            next.slug = v.trim().to_owned();
        }
        if let Some(v) = patch.description {
            next.description = v.trim().to_owned();
        }
        if let Some(v) = patch.category {
            next.category = v.trim().to_ascii_lowercase();
        }
        if let Some(v) = patch.brand {
            next.brand = v.trim().to_owned();
        }
        if let Some(v) = patch.price {
            next.price = v;
        }
        if let Some(v) = patch.stock {
            next.stock = v;
        }
        if let Some(v) = patch.images {
            next.images = v;
        }
        if let Some(v) = patch.tags {
            next.tags = normalise_tags(v);
        }
        if let Some(v) = patch.attributes {
            next.attributes = v;
        }
        if let Some(v) = patch.active {
            next.active = v;
        }
        next.version = current.version + 1;
        next.updated_at = now;
        validate(&next)?;
        Ok(next)
    }
}

/// `Red Wool Scarf!` → `red-wool-scarf`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

fn normalise_tags(tags: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = tag.trim().to_lowercase();
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn check_len(field: &str, value: &str, min: usize, max: usize, errors: &mut Vec<FieldError>) {
    let len = value.chars().count();
    if len < min {
        errors.push(FieldError::new(field, "must not be empty"));
    } else if len > max {
        errors.push(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
}

/// How deep an attribute's value may nest objects and arrays: enough for
/// `{"dimensions": {"cm": [10, 20]}}`, far below MongoDB's limit of 100
/// levels, past which a write fails.
pub const ATTRIBUTE_DEPTH_MAX: usize = 5;

/// Whether `key` can be a document field name: `$` and `.` would be operators
/// or paths, and BSON cannot hold a NUL in a name.
fn is_field_name(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && !key.starts_with('$')
        && !key.contains('.')
        && !key.chars().any(char::is_control)
}

/// Whether `value` nests at most `depth` levels, every object key a field name.
fn fits(value: &Value, depth: usize) -> bool {
    match value {
        Value::Array(items) => depth > 0 && items.iter().all(|v| fits(v, depth - 1)),
        Value::Object(fields) => {
            depth > 0
                && fields
                    .iter()
                    .all(|(k, v)| is_field_name(k) && fits(v, depth - 1))
        }
        _ => true,
    }
}

fn validate(p: &Product) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    check_len("sku", &p.sku, 1, 64, &mut errors);
    if !p
        .sku
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        errors.push(FieldError::new(
            "sku",
            "may hold only letters, digits, `-` and `_`",
        ));
    }
    check_len("name", &p.name, 1, 200, &mut errors);
    check_len("slug", &p.slug, 1, 120, &mut errors);
    if !p.slug.is_empty() && !is_slug(&p.slug) {
        errors.push(FieldError::new(
            "slug",
            "may hold only lower-case letters, digits and inner `-`",
        ));
    }
    check_len("description", &p.description, 0, 5000, &mut errors);
    check_len("category", &p.category, 1, 60, &mut errors);
    if !p.category.is_empty() && !is_slug(&p.category) {
        errors.push(FieldError::new(
            "category",
            "must be a category slug such as `home-kitchen`",
        ));
    }
    check_len("brand", &p.brand, 0, 100, &mut errors);
    p.price.validate("price", &mut errors);
    if p.stock < 0 {
        errors.push(FieldError::new("stock", "must not be negative"));
    } else if p.stock > MAX_STOCK {
        errors.push(FieldError::new(
            "stock",
            format!("must be at most {MAX_STOCK}"),
        ));
    }
    if p.images.len() > 20 {
        errors.push(FieldError::new("images", "at most 20 images"));
    }
    for (i, image) in p.images.iter().enumerate() {
        check_len(&format!("images[{i}]"), image, 1, 2048, &mut errors);
    }
    if p.tags.len() > 30 {
        errors.push(FieldError::new("tags", "at most 30 tags"));
    }
    for (i, tag) in p.tags.iter().enumerate() {
        check_len(&format!("tags[{i}]"), tag, 1, 40, &mut errors);
    }
    if p.attributes.len() > 50 {
        errors.push(FieldError::new("attributes", "at most 50 attributes"));
    }
    for (key, value) in &p.attributes {
        if !is_field_name(key) {
            errors.push(FieldError::new(
                format!("attributes.{key}"),
                "keys must be 1 to 64 characters, without `.`, a leading `$` or control characters",
            ));
        } else if !fits(value, ATTRIBUTE_DEPTH_MAX) {
            errors.push(FieldError::new(
                format!("attributes.{key}"),
                format!(
                    "may nest objects and arrays at most {ATTRIBUTE_DEPTH_MAX} levels deep, \
                     their keys as attribute keys"
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn input() -> ProductCreate {
        serde_json::from_value(json!({
            "sku": "TEA-1", "name": " Green Tea, Loose Leaf ", "category": "Food",
            "price": {"amount": 899, "currency": "EUR"}, "stock": 3, "tags": ["Tea", "tea", "green"]
        }))
        .unwrap()
    }

    #[test]
    fn create_applies_defaults_and_normalises() {
        let p = ProductFactory::create(input(), Timestamp::now()).unwrap();
        assert_eq!(p.name, "Green Tea, Loose Leaf");
        assert_eq!(p.slug, "green-tea-loose-leaf");
        assert_eq!(p.category, "food");
        assert_eq!(p.tags, vec!["tea", "green"]);
        assert!(p.active);
        assert_eq!(p.version, 1);
        assert!(uuid::Uuid::parse_str(&p.id).is_ok());
    }

    #[test]
    fn create_reports_every_bad_field() {
        let mut bad = input();
        bad.sku = String::new();
        bad.price.amount = -1;
        bad.price.currency = "euro".into();
        bad.stock = -5;
        bad.attributes.insert("$where".into(), json!(1));
        let errors = ProductFactory::create(bad, Timestamp::now()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for expected in [
            "sku",
            "price.amount",
            "price.currency",
            "stock",
            "attributes.$where",
        ] {
            assert!(
                fields.contains(&expected),
                "{expected} missing from {fields:?}"
            );
        }
    }

    #[test]
    fn apply_changes_only_given_fields_and_bumps_version() {
        let p = ProductFactory::create(input(), Timestamp::now()).unwrap();
        let patch = ProductPatch {
            version: 1,
            stock: Some(7),
            ..Default::default()
        };
        let next = ProductFactory::apply(&p, patch, Timestamp::now()).unwrap();
        assert_eq!(next.stock, 7);
        assert_eq!(next.name, p.name);
        assert_eq!(next.version, 2);
    }

    #[test]
    fn attribute_values_nest_a_few_levels_with_storable_keys() {
        let deep = (0..=ATTRIBUTE_DEPTH_MAX).fold(json!(1), |inner, _| json!([inner]));
        assert!(!fits(&deep, ATTRIBUTE_DEPTH_MAX));
        assert!(fits(&deep[0], ATTRIBUTE_DEPTH_MAX));
        assert!(fits(&json!({"cm": [10, 20]}), ATTRIBUTE_DEPTH_MAX));
        for key in ["$gt", "a.b", "a\u{0}b", ""] {
            assert!(!fits(&json!({ key: 1 }), ATTRIBUTE_DEPTH_MAX), "{key:?}");
        }
    }

    #[test]
    fn slugify_examples() {
        assert_eq!(slugify("Red Wool Scarf!"), "red-wool-scarf");
        assert_eq!(slugify("  --A  b--"), "a-b");
        assert_eq!(slugify("Café 2000"), "caf-2000");
    }
}
