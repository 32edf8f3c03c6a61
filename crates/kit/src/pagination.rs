//! Page-number pagination shared by list endpoints.

use crate::problem::FieldError;
use serde::Serialize;
use utoipa::ToSchema;

/// Largest page a client may ask for.
pub const MAX_PER_PAGE: u32 = 100;
/// Page size when the client does not say.
pub const DEFAULT_PER_PAGE: u32 = 20;

/// A validated page request: `page` from 1, `per_page` from 1 to [`MAX_PER_PAGE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    /// Validates the raw query values, naming the parameter that is out of range.
    pub fn parse(page: Option<u32>, per_page: Option<u32>) -> Result<Self, FieldError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 {
            return Err(FieldError::new("page", "must be 1 or more"));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(FieldError::new(
                "per_page",
                format!("must be between 1 and {MAX_PER_PAGE}"),
            ));
        }
        Ok(Self { page, per_page })
    }

    /// How many items come before this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

/// One page of a list with the total count of matching items.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl<T> Page<T> {
    /// Wraps items fetched for `request`.
    pub fn new(items: Vec<T>, request: PageRequest, total: u64) -> Self {
        Self {
            items,
            page: request.page,
            per_page: request.per_page,
            total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(
            PageRequest::parse(None, None).unwrap(),
            PageRequest::default()
        );
        assert_eq!(PageRequest::parse(Some(0), None).unwrap_err().field, "page");
        assert_eq!(
            PageRequest::parse(None, Some(101)).unwrap_err().field,
            "per_page"
        );
        assert_eq!(PageRequest::parse(Some(3), Some(10)).unwrap().offset(), 20);
    }
}
