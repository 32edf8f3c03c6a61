//! A user's tags: names unique per user ignoring case, with a colour.

use super::ids::TagId;
use kit::text::Text;
use kit::{FieldError, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Longest tag name, in characters.
pub const TAG_NAME_MAX: usize = 40;

/// The colour of a tag created without one.
pub const DEFAULT_COLOUR: &str = "#6366f1";

/// A user's tag. Names are unique per user regardless of case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Tag {
    #[schema(value_type = String)]
    pub id: TagId,
    #[serde(skip)]
    pub owner: String,
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
    pub created_at: Timestamp,
}

impl Tag {
    /// The comparison key of a name: case and surrounding space do not count.
    pub fn key(name: &str) -> String {
        name.trim().to_lowercase()
    }
}

/// A tag with how many tasks carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TagView {
    #[serde(flatten)]
    pub tag: Tag,
    pub tasks: u64,
}

/// A tag name as stored: one line, trimmed, in NFC, not blank, at most
/// [`TAG_NAME_MAX`] characters as sent (as the schema counts them); errors
/// name `field`.
pub fn tag_name(field: &str, sent: &str) -> Result<String, FieldError> {
    Text::line(TAG_NAME_MAX).parse(field, sent)
}

/// Checks a tag's name and colour (`#rrggbb`), each when given; the name as
/// it is to be stored.
pub fn check_tag(
    name: Option<&str>,
    colour: Option<&str>,
) -> Result<Option<String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = name.and_then(|name| tag_name("name", name).map_err(|e| errors.push(e)).ok());
    if let Some(colour) = colour {
        let hex = colour.strip_prefix('#').unwrap_or("");
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            errors.push(FieldError::new("colour", "must be #rrggbb"));
        }
    }
    if errors.is_empty() {
        Ok(name)
    } else {
        Err(errors)
    }
}
