//! Why a use case failed: one enum for the whole service. `http/error.rs`
//! decides each variant's answer.

use crate::store::StoreError;
use kit::FieldError;
use std::fmt;

/// What a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Query parameters that do not parse or do not hold (a 400).
    #[error("invalid query parameters")]
    Parameters(Vec<FieldError>),
    /// Fields of a body that break a task's or a tag's rules (a 422).
    #[error("invalid fields")]
    Fields(Vec<FieldError>),
    /// None of the user's tasks or tags has that id (a 404): another user's
    /// count as absent.
    #[error("{0} not found")]
    NotFound(Resource),
    /// The user already has a tag of that name, ignoring case (a 409).
    #[error("tag name taken")]
    DuplicateTag(String),
    /// The store failed, or broke its contract (a 500, logged, never shown).
    #[error(transparent)]
    Internal(anyhow::Error),
}

/// What was not found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Task,
    Tag,
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Task => "task",
            Self::Tag => "tag",
        })
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::DuplicateTag => ServiceError::DuplicateTag(String::new()),
            StoreError::Other(e) => ServiceError::Internal(e),
        }
    }
}

/// A use case's result.
pub type Result<T, E = ServiceError> = std::result::Result<T, E>;
