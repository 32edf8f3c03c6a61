//! The product aggregate, its inputs, and the factory that turns inputs into
//! valid products.

use kit::text::{self, Lines, Text};
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
    /// Image URLs, the first the main picture: `https` URLs or catalog
    /// image paths (`/api/catalog/images/<file>`, SVG that scales to any
    /// width, so no `srcset` is needed for them).
    pub images: Vec<String>,
    /// The first image, for lists and tables; absent without images.
    #[serde(default)]
    pub thumbnail: Option<String>,
    pub tags: Vec<String>,
    /// Specifications that differ by kind of product. Keys are `snake_case`
    /// words (`dishwasher_safe`: show as "Dishwasher safe"); a value is text,
    /// a number, a boolean (show as Yes/No) or a [`Measure`] with its unit.
    #[schema(value_type = HashMap<String, AttributeValue>)]
    pub attributes: Map<String, Value>,
    /// Shown on the home page; `?featured=true` lists these.
    #[serde(default)]
    pub featured: bool,
    /// Inactive products are hidden from shoppers and cannot be reserved.
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Increases on every change; updates must name the version they read.
    pub version: i64,
}

/// Input to create a product.
///
/// Text is trimmed and stored in Unicode NFC; lengths count characters as
/// sent. Control characters and bidirectional or invisible formatting
/// characters (such as U+202E) are refused, in attribute keys and string
/// values too; the description and attribute values may hold line feeds and
/// tabs.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductCreate {
    /// Letters, digits, `-` and `_`.
    #[schema(min_length = 1, max_length = 64)]
    pub sku: String,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub name: String,
    /// Derived from the name when absent.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 120)]
    pub slug: Option<String>,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub description: String,
    /// A category slug such as `home-kitchen` (any case; stored lower-case).
    #[schema(min_length = 1, max_length = 60)]
    pub category: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub brand: String,
    pub price: Money,
    #[serde(default)]
    pub stock: i64,
    /// At most 20 image URLs, each at most 2048 characters: `https` URLs
    /// (ending, if in an extension, in an image one) or catalog image paths
    /// (`/api/catalog/images/<file>` of a stored picture).
    #[serde(default)]
    pub images: Vec<String>,
    /// At most 30 (repeats, ignoring case, count once), each at most 40
    /// characters; stored lower-case.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Up to 50; an object value with a `unit` must be a [`Measure`].
    #[serde(default)]
    #[schema(value_type = HashMap<String, AttributeValue>)]
    pub attributes: Map<String, Value>,
    /// Shown on the home page.
    #[serde(default)]
    pub featured: bool,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// Input to change a product: absent fields stay as they are. `version` is the
/// version the client read; if the product changed since, the update is refused.
///
/// Fields follow the rules of [`ProductCreate`]: text trimmed and stored in
/// Unicode NFC, lengths as sent, no control characters (bar line feeds and
/// tabs in the description and attribute values) and no bidirectional or
/// invisible formatting characters.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    pub version: i64,
    #[schema(min_length = 1, max_length = 64)]
    pub sku: Option<String>,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub name: Option<String>,
    #[schema(min_length = 1, max_length = 120)]
    pub slug: Option<String>,
    #[schema(max_length = 5000)]
    pub description: Option<String>,
    #[schema(min_length = 1, max_length = 60)]
    pub category: Option<String>,
    #[schema(max_length = 100)]
    pub brand: Option<String>,
    pub price: Option<Money>,
    pub stock: Option<i64>,
    pub images: Option<Vec<String>>,
    pub tags: Option<Vec<String>>,
    #[schema(value_type = Option<HashMap<String, AttributeValue>>)]
    pub attributes: Option<Map<String, Value>>,
    pub featured: Option<bool>,
    pub active: Option<bool>,
}

/// A quantity with its unit, as an attribute value: `{"value": 500, "unit":
/// "ml"}` reads "500 ml".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub value: f64,
    /// A unit symbol or word, 1 to 16 characters: `ml`, `g`, `cm`, `years`.
    #[schema(min_length = 1, max_length = 16)]
    pub unit: String,
}

/// Longest unit of a [`Measure`].
pub const UNIT_MAX: usize = 16;

/// The value of a product attribute: text, a number, a boolean, a
/// [`Measure`], or (for older data) a list or object of those.
pub struct AttributeValue;

impl utoipa::PartialSchema for AttributeValue {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{
            AdditionalProperties, AnyOfBuilder, ArrayBuilder, ObjectBuilder, SchemaType, Type,
        };
        // Any JSON value: no `type`, so lists and objects may hold anything.
        let any = || ObjectBuilder::new().schema_type(SchemaType::AnyValue);
        AnyOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::String))
            .item(ObjectBuilder::new().schema_type(Type::Number))
            .item(ObjectBuilder::new().schema_type(Type::Boolean))
            .item(utoipa::openapi::Ref::from_schema_name("Measure"))
            .item(ArrayBuilder::new().items(any()))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .additional_properties(Some(AdditionalProperties::RefOr(any().into()))),
            )
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .description(Some(
                "Text, a number, a boolean (Yes/No), a measure with its unit, \
                 or a list or object of those.",
            ))
            .into()
    }
}

impl ToSchema for AttributeValue {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((
            "Measure".to_owned(),
            <Measure as utoipa::PartialSchema>::schema(),
        ));
    }
}

/// Input to set the stock level.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockUpdate {
    pub stock: i64,
    /// The version the client read.
    pub version: i64,
}

/// Every free-text field of a product, by the kit's text rule (ADR 32):
/// trimmed, in NFC, without control or bidirectional formatting characters;
/// lengths in characters as sent.
const SKU: Text = Text::line(64);
const NAME: Text = Text::line(200);
const SLUG: Text = Text::line(120);
const DESCRIPTION: Text = Text::lines(5000);
const CATEGORY: Text = Text::line(60);
const BRAND: Text = Text::line(100).optional();
const IMAGE: Text = Text::line(super::image::MAX_CHARS);
const TAG: Text = Text::line(40);

/// The one place products are made and changed: applies defaults, normalises
/// (text by the kit's rule, lower-case tags and categories) and checks every
/// rule, reporting every bad field at once.
pub struct ProductFactory;

impl ProductFactory {
    /// A new product from `input`, created at `now`.
    pub fn create(input: ProductCreate, now: Timestamp) -> Result<Product, Vec<FieldError>> {
        let mut text = Texts::default();
        let name = text.parse("name", &input.name, NAME);
        let slug = match input.slug {
            Some(slug) => text.parse("slug", &slug, SLUG),
            None => slugify(&name),
        };
        let product = Product {
            id: super::ProductId::generate().into_string(),
            sku: text.parse("sku", &input.sku, SKU),
            name,
            slug,
            description: text.parse("description", &input.description, DESCRIPTION),
            category: text
                .parse("category", &input.category, CATEGORY)
                .to_ascii_lowercase(),
            brand: text.parse("brand", &input.brand, BRAND),
            price: input.price,
            stock: input.stock,
            thumbnail: None,
            images: text.images(&input.images),
            tags: text.tags(&input.tags),
            attributes: text.attributes(input.attributes),
            featured: input.featured,
            active: input.active,
            created_at: now,
            updated_at: now,
            version: 1,
        };
        text.finish(product)
    }

    /// `current` with `patch` applied, its version and `updated_at` advanced.
    /// The caller checks `patch.version` against the store.
    pub fn apply(
        current: &Product,
        patch: ProductPatch,
        now: Timestamp,
    ) -> Result<Product, Vec<FieldError>> {
        let mut text = Texts::default();
        let mut next = current.clone();
        if let Some(v) = patch.sku {
            next.sku = text.parse("sku", &v, SKU);
        }
        if let Some(v) = patch.name {
            next.name = text.parse("name", &v, NAME);
        }
        if let Some(v) = patch.slug {
            next.slug = text.parse("slug", &v, SLUG);
        }
        if let Some(v) = patch.description {
            next.description = text.parse("description", &v, DESCRIPTION);
        }
        if let Some(v) = patch.category {
            next.category = text.parse("category", &v, CATEGORY).to_ascii_lowercase();
        }
        if let Some(v) = patch.brand {
            next.brand = text.parse("brand", &v, BRAND);
        }
        if let Some(v) = patch.price {
            next.price = v;
        }
        if let Some(v) = patch.stock {
            next.stock = v;
        }
        if let Some(v) = patch.images {
            next.images = text.images(&v);
        }
        if let Some(v) = patch.tags {
            next.tags = text.tags(&v);
        }
        if let Some(v) = patch.attributes {
            next.attributes = text.attributes(v);
        }
        if let Some(v) = patch.featured {
            next.featured = v;
        }
        if let Some(v) = patch.active {
            next.active = v;
        }
        next.version = current.version + 1;
        next.updated_at = now;
        text.finish(next)
    }
}

/// The errors of a product's text fields as they are parsed.
#[derive(Default)]
struct Texts(Vec<FieldError>);

impl Texts {
    /// `sent` by `rule`; on an error, the error is kept and `sent` trimmed
    /// stands in, so the other checks still run.
    fn parse(&mut self, field: &str, sent: &str, rule: Text) -> String {
        rule.parse(field, sent).unwrap_or_else(|e| {
            self.0.push(e);
            sent.trim().to_owned()
        })
    }

    fn images(&mut self, sent: &[String]) -> Vec<String> {
        sent.iter()
            .enumerate()
            .map(|(i, image)| {
                let field = format!("images[{i}]");
                let url = self.parse(&field, image, IMAGE);
                if !self.0.iter().any(|e| e.field == field)
                    && let Err(e) = super::image::check(&field, &url)
                {
                    self.0.push(e);
                }
                url
            })
            .collect()
    }

    /// Lower-case tags, repeats kept once; errors name the tag as sent.
    fn tags(&mut self, sent: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(sent.len());
        for (i, tag) in sent.iter().enumerate() {
            let tag = self.parse(&format!("tags[{i}]"), tag, TAG).to_lowercase();
            if !out.contains(&tag) {
                out.push(tag);
            }
        }
        out
    }

    /// Attribute keys and string values in NFC, without control or
    /// bidirectional formatting characters (values may hold line feeds and
    /// tabs); neither is trimmed. Errors name the attribute.
    fn attributes(&mut self, sent: Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        for (key, value) in sent {
            let field = format!("attributes.{key}");
            let clean = text::check(&field, &key, Lines::One).and_then(|k| {
                if out.contains_key(&k) {
                    Err(FieldError::new(&field, "repeats another key once in NFC"))
                } else {
                    Ok(k)
                }
            });
            match clean.and_then(|k| Ok((k, attribute_value(&field, value)?))) {
                Ok((k, v)) => {
                    out.insert(k, v);
                }
                Err(e) => self.0.push(e),
            }
        }
        out
    }

    /// `product` if its text parsed and it passes every other rule; one
    /// error a field, the first found.
    fn finish(self, mut product: Product) -> Result<Product, Vec<FieldError>> {
        product.thumbnail = product.images.first().cloned();
        let mut errors = self.0;
        for e in validate(&product) {
            if !errors.iter().any(|known| known.field == e.field) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(product)
        } else {
            Err(errors)
        }
    }
}

/// An attribute's value with every string in it (keys of nested objects
/// too) in NFC, or the first refused character's error, named `field`.
fn attribute_value(field: &str, value: Value) -> Result<Value, FieldError> {
    Ok(match value {
        Value::String(s) => Value::String(text::check(field, &s, Lines::Many)?),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| attribute_value(field, v))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(fields) => {
            let mut out = Map::new();
            for (k, v) in fields {
                out.insert(
                    text::check(field, &k, Lines::One)?,
                    attribute_value(field, v)?,
                );
            }
            Value::Object(out)
        }
        other => other,
    })
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

pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// How deep an attribute's value may nest objects and arrays: enough for
/// `{"dimensions": {"cm": [10, 20]}}`, far below MongoDB's limit of 100
/// levels, past which a write fails.
pub const ATTRIBUTE_DEPTH_MAX: usize = 5;

/// Whether `key` can be a document field name: `$` and `.` would be operators
/// or paths, and BSON cannot hold a NUL in a name (nor may any stored text,
/// by the kit's rule).
fn is_field_name(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && !key.starts_with('$')
        && !key.contains('.')
        && !key.chars().any(|c| text::refusal(c, Lines::One).is_some())
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

/// What is wrong with `value` as a [`Measure`], if it is an object with a
/// `unit` and not a measure.
fn measure_problem(value: &Value) -> Option<&'static str> {
    let Value::Object(fields) = value else {
        return None;
    };
    let unit = fields.get("unit")?;
    let good = fields.len() == 2
        && fields.get("value").is_some_and(Value::is_number)
        && unit
            .as_str()
            .is_some_and(|u| !u.trim().is_empty() && u.chars().count() <= UNIT_MAX);
    (!good).then_some(
        "a value with a `unit` must be {\"value\": <number>, \"unit\": <1 to 16 characters>}",
    )
}

/// The rules beyond the text fields' own: the characters of SKUs, slugs and
/// categories, price, stock, how many images, tags and attributes, and what
/// attributes hold. Blank and over-long text is the text rule's.
fn validate(p: &Product) -> Vec<FieldError> {
    let mut errors = Vec::new();
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
    if p.slug.is_empty() {
        // Only a name without a letter or digit derives an empty slug.
        errors.push(FieldError::new("slug", "must not be blank"));
    } else if !is_slug(&p.slug) {
        errors.push(FieldError::new(
            "slug",
            "may hold only lower-case letters, digits and inner `-`",
        ));
    }
    if !p.category.is_empty() && !is_slug(&p.category) {
        errors.push(FieldError::new(
            "category",
            "must be a category slug such as `home-kitchen`",
        ));
    }
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
    if p.tags.len() > 30 {
        errors.push(FieldError::new("tags", "at most 30 tags"));
    }
    if p.attributes.len() > 50 {
        errors.push(FieldError::new("attributes", "at most 50 attributes"));
    }
    for (key, value) in &p.attributes {
        if !is_field_name(key) {
            errors.push(FieldError::new(
                format!("attributes.{key}"),
                "keys must be 1 to 64 characters, without `.`, a leading `$`, control or bidirectional formatting characters",
            ));
        } else if let Some(problem) = measure_problem(value) {
            errors.push(FieldError::new(format!("attributes.{key}"), problem));
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
    errors
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
