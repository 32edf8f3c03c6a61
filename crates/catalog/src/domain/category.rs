//! Categories: a managed list that every product must name one of.

use super::image;
use super::product::is_slug;
use kit::text::Text;
use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A category of products, known by its slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Category {
    /// URL name and identifier; never changes.
    #[schema(example = "home-kitchen")]
    pub slug: String,
    /// Display name.
    #[schema(example = "Home & Kitchen")]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Image URL, by the rule of product images.
    #[serde(default)]
    pub image: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A category as listed, with its number of active products.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CategorySummary {
    /// URL name and identifier.
    #[schema(example = "home-kitchen")]
    pub slug: String,
    /// Display name.
    pub name: String,
    pub description: Option<String>,
    /// Image URL, if any.
    pub image: Option<String>,
    /// Active products in this category.
    pub count: u64,
    /// The slug again, as this list named it before categories had names.
    #[schema(deprecated)]
    pub category: String,
}

impl CategorySummary {
    /// `category` listed with `count` active products.
    pub fn new(category: Category, count: u64) -> Self {
        Self {
            category: category.slug.clone(),
            slug: category.slug,
            name: category.name,
            description: category.description,
            image: category.image,
            count,
        }
    }
}

/// Input to create a category.
///
/// Text is trimmed and stored in Unicode NFC; control and bidirectional
/// formatting characters are refused.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryCreate {
    /// Lower-case letters, digits and inner `-`.
    #[schema(min_length = 1, max_length = 60, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: String,
    #[schema(min_length = 1, max_length = 80, pattern = r"\S")]
    pub name: String,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub description: Option<String>,
    /// An `https` URL or a catalog image path (`/api/catalog/images/<file>`).
    #[serde(default)]
    #[schema(max_length = 2048)]
    pub image: Option<String>,
}

/// Input to change a category: absent fields stay; `null` clears the
/// description or image. The slug never changes.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CategoryPatch {
    #[schema(min_length = 1, max_length = 80, pattern = r"\S")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "kit_nullable")]
    #[schema(value_type = Option<String>, max_length = 1000)]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "kit_nullable")]
    #[schema(value_type = Option<String>, max_length = 2048)]
    pub image: Option<Option<String>>,
}

/// `null` as `Some(None)`, absent (by `default`) as `None`.
fn kit_nullable<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Longest category slug.
pub const SLUG_MAX: usize = 60;
const SLUG: Text = Text::line(SLUG_MAX);
const NAME: Text = Text::line(80);
const DESCRIPTION: Text = Text::lines(1000).optional();
const IMAGE: Text = Text::line(image::MAX_CHARS).optional();

impl Category {
    /// A new category from `input`, checked, at `now`.
    pub fn create(input: CategoryCreate, now: Timestamp) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let slug = SLUG.parse("slug", &input.slug).unwrap_or_else(|e| {
            errors.push(e);
            String::new()
        });
        if !slug.is_empty() && !is_slug(&slug) {
            errors.push(FieldError::new(
                "slug",
                "may hold only lower-case letters, digits and inner `-`",
            ));
        }
        let mut category = Self {
            slug,
            name: String::new(),
            description: None,
            image: None,
            created_at: now,
            updated_at: now,
        };
        category.set_name(&input.name, &mut errors);
        category.set_description(input.description.as_deref(), &mut errors);
        category.set_image(input.image.as_deref(), &mut errors);
        if errors.is_empty() {
            Ok(category)
        } else {
            Err(errors)
        }
    }

    /// This category with `patch` applied at `now`.
    pub fn apply(&self, patch: CategoryPatch, now: Timestamp) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut next = self.clone();
        if let Some(name) = &patch.name {
            next.set_name(name, &mut errors);
        }
        if let Some(description) = &patch.description {
            next.set_description(description.as_deref(), &mut errors);
        }
        if let Some(image) = &patch.image {
            next.set_image(image.as_deref(), &mut errors);
        }
        next.updated_at = now;
        if errors.is_empty() {
            Ok(next)
        } else {
            Err(errors)
        }
    }

    /// The category a store derives for `slug` when products name it but no
    /// category record exists (data from before categories were managed):
    /// the demo catalog's name for it, else the slug in title case.
    pub fn derived(slug: &str, now: Timestamp) -> Self {
        let demo = super::seed::demo_categories()
            .into_iter()
            .find(|c| c.slug == slug);
        let (name, description, image) = match demo {
            Some(c) => (c.name, c.description, c.image),
            None => (title_case(slug), None, None),
        };
        Self {
            slug: slug.to_owned(),
            name,
            description,
            image,
            created_at: now,
            updated_at: now,
        }
    }

    fn set_name(&mut self, sent: &str, errors: &mut Vec<FieldError>) {
        match NAME.parse("name", sent) {
            Ok(name) => self.name = name,
            Err(e) => errors.push(e),
        }
    }

    fn set_description(&mut self, sent: Option<&str>, errors: &mut Vec<FieldError>) {
        match sent.map(|s| DESCRIPTION.parse_optional("description", s)) {
            None => self.description = None,
            Some(Ok(d)) => self.description = d,
            Some(Err(e)) => errors.push(e),
        }
    }

    fn set_image(&mut self, sent: Option<&str>, errors: &mut Vec<FieldError>) {
        let parsed = sent
            .map(|s| IMAGE.parse_optional("image", s))
            .transpose()
            .map(Option::flatten);
        match parsed {
            Ok(Some(url)) => match image::check("image", &url) {
                Ok(()) => self.image = Some(url),
                Err(e) => errors.push(e),
            },
            Ok(None) => self.image = None,
            Err(e) => errors.push(e),
        }
    }
}

/// `home-kitchen` → `Home Kitchen`.
fn title_case(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(slug: &str) -> CategoryCreate {
        CategoryCreate {
            slug: slug.into(),
            name: " Garden ".into(),
            description: Some("  ".into()),
            image: None,
        }
    }

    #[test]
    fn create_trims_and_drops_a_blank_description() {
        let c = Category::create(input("garden"), Timestamp::now()).unwrap();
        assert_eq!(c.name, "Garden");
        assert_eq!(c.description, None);
    }

    #[test]
    fn create_refuses_a_slug_with_capitals_or_spaces() {
        for slug in ["Garden", "two words", "-x", ""] {
            let errors = Category::create(input(slug), Timestamp::now()).unwrap_err();
            assert_eq!(errors[0].field, "slug", "{slug:?}");
        }
    }

    #[test]
    fn derived_names_come_from_the_demo_catalog_or_the_slug() {
        assert_eq!(
            Category::derived("home-kitchen", Timestamp::now()).name,
            "Home & Kitchen"
        );
        assert_eq!(
            Category::derived("garden-tools", Timestamp::now()).name,
            "Garden Tools"
        );
    }

    #[test]
    fn patch_null_clears_and_absent_keeps() {
        let mut c = Category::create(input("garden"), Timestamp::now()).unwrap();
        c.description = Some("Plants".into());
        let patch: CategoryPatch = serde_json::from_str(r#"{"name": "Yard"}"#).unwrap();
        let next = c.apply(patch, Timestamp::now()).unwrap();
        assert_eq!(next.description.as_deref(), Some("Plants"));
        let patch: CategoryPatch = serde_json::from_str(r#"{"description": null}"#).unwrap();
        assert_eq!(c.apply(patch, Timestamp::now()).unwrap().description, None);
    }
}
