//! How shoppers filter and sort the catalog: one validated value that each store
//! compiles to its own query language (a strategy per backend).

use kit::FieldError;
use kit::pagination::PageRequest;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

/// What to sort by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortKey {
    /// Price amount.
    Price,
    /// Name, case-insensitive.
    Name,
    /// Creation time; descending (newest first) unless `order=asc`.
    #[default]
    Newest,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    Asc,
    #[default]
    Desc,
}

/// Longest search (`q`), in characters.
pub const SEARCH_MAX_CHARS: usize = 200;
/// Most words in a search: each is a condition every product is checked against.
pub const SEARCH_MAX_WORDS: usize = 10;
/// Longest `category`: a category slug is at most this long, so a longer one
/// names none.
pub const CATEGORY_MAX: usize = 60;
/// Longest `brand`, as for a product's brand.
pub const BRAND_MAX: usize = 100;
/// Longest `tag`, as for a product's tag.
pub const TAG_MAX: usize = 40;

/// Query parameters of `GET /api/catalog/products`, as sent.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProductListParams {
    /// Words to find in name, description or tags (case-insensitive; all must
    /// match): at most 200 characters and 10 words, no control characters.
    /// When nothing matches and a word looks misspelt, the answer holds the
    /// products of the corrected search and names it in `did_you_mean`.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Category slug, at most 60 characters.
    #[param(max_length = 60)]
    pub category: Option<String>,
    /// Brand, exact, at most 100 characters.
    #[param(max_length = 100)]
    pub brand: Option<String>,
    /// Lowest price amount in minor units, inclusive.
    pub min_price: Option<i64>,
    /// Highest price amount in minor units, inclusive.
    pub max_price: Option<i64>,
    /// `true`: only products with stock; `false`: only products without.
    pub in_stock: Option<bool>,
    /// A tag the product must have, at most 40 characters.
    #[param(max_length = 40)]
    pub tag: Option<String>,
    /// `true`: only featured products (the home page's); `false`: only others.
    pub featured: Option<bool>,
    /// `price`, `name` or `newest` (the default).
    #[param(inline)]
    pub sort: Option<SortKey>,
    /// `asc` or `desc`; `newest` defaults to `desc`, the others to `asc`.
    #[param(inline)]
    pub order: Option<SortOrder>,
    /// Page number from 1.
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    pub per_page: Option<u32>,
    /// Admins only: include deactivated products.
    pub include_inactive: Option<bool>,
}

/// A validated product query.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ProductQuery {
    /// Lower-case search terms; every one must match.
    pub terms: Vec<String>,
    pub category: Option<String>,
    pub brand: Option<String>,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub in_stock: Option<bool>,
    pub tag: Option<String>,
    pub featured: Option<bool>,
    pub sort: SortKey,
    pub order: SortOrder,
    pub page: PageRequest,
    pub include_inactive: bool,
}

impl ProductQuery {
    /// Checks ranges and sizes, naming each bad parameter.
    pub fn parse(p: ProductListParams) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let terms: Vec<String> =
            p.q.as_deref()
                .unwrap_or_default()
                .split_whitespace()
                // In NFC, as product text is stored.
                .map(|w| kit::text::nfc(&w.to_lowercase()))
                .collect();
        if p.q
            .as_ref()
            .is_some_and(|q| q.chars().count() > SEARCH_MAX_CHARS)
        {
            errors.push(FieldError::new(
                "q",
                format!("must be at most {SEARCH_MAX_CHARS} characters"),
            ));
        } else if terms.len() > SEARCH_MAX_WORDS {
            errors.push(FieldError::new(
                "q",
                format!("at most {SEARCH_MAX_WORDS} words"),
            ));
        } else if p
            .q
            .as_ref()
            .is_some_and(|q| q.chars().any(|c| c.is_control() && !c.is_whitespace()))
        {
            // They match no text a person typed, and MongoDB refuses a NUL in
            // a pattern.
            errors.push(FieldError::new("q", "must not contain control characters"));
        }
        for (name, value, max) in [
            ("category", &p.category, CATEGORY_MAX),
            ("brand", &p.brand, BRAND_MAX),
            ("tag", &p.tag, TAG_MAX),
        ] {
            if value.as_ref().is_some_and(|v| v.chars().count() > max) {
                errors.push(FieldError::new(
                    name,
                    format!("must be at most {max} characters"),
                ));
            }
        }
        for (name, value) in [("min_price", p.min_price), ("max_price", p.max_price)] {
            if value.is_some_and(|v| v < 0) {
                errors.push(FieldError::new(name, "must not be negative"));
            }
        }
        if let (Some(min), Some(max)) = (p.min_price, p.max_price)
            && min > max
        {
            errors.push(FieldError::new("max_price", "must not be below min_price"));
        }
        let page = PageRequest::parse(p.page, p.per_page).map_err(|e| errors.push(e));
        let sort = p.sort.unwrap_or_default();
        let order = p.order.unwrap_or(match sort {
            SortKey::Newest => SortOrder::Desc,
            SortKey::Price | SortKey::Name => SortOrder::Asc,
        });
        let clean = |v: Option<String>| {
            v.map(|s| kit::text::nfc(s.trim()))
                .filter(|s| !s.is_empty())
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            terms,
            category: clean(p.category).map(|c| c.to_ascii_lowercase()),
            brand: clean(p.brand),
            min_price: p.min_price,
            max_price: p.max_price,
            in_stock: p.in_stock,
            tag: clean(p.tag).map(|t| t.to_lowercase()),
            featured: p.featured,
            sort,
            order,
            page: page.unwrap_or_default(),
            include_inactive: p.include_inactive.unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_newest_first() {
        let q = ProductQuery::parse(ProductListParams::default()).unwrap();
        assert_eq!((q.sort, q.order), (SortKey::Newest, SortOrder::Desc));
        let q = ProductQuery::parse(ProductListParams {
            sort: Some(SortKey::Price),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(q.order, SortOrder::Asc);
    }

    #[test]
    fn rejects_negative_and_inverted_price_ranges() {
        let errors = ProductQuery::parse(ProductListParams {
            min_price: Some(-1),
            max_price: Some(-5),
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"min_price") && fields.contains(&"max_price"));
    }

    #[test]
    fn splits_search_into_lower_case_terms() {
        let q = ProductQuery::parse(ProductListParams {
            q: Some("  Wool  SCARF ".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(q.terms, vec!["wool", "scarf"]);
    }
}
