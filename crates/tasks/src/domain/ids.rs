//! The ids of tasks and tags: distinct types, so a task id is never passed
//! where a tag id or an owner is meant.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a text is not a task id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be a task id (UUID)")]
pub struct InvalidTaskId;

/// A task's id: a UUID (v7 for the tasks this service makes), kept as the text
/// it came as. A client's id is parsed ([`TaskId::parse`], or on
/// deserialisation, so a malformed path id is refused by the extractor); an
/// id a store reads back is taken as stored ([`TaskId::unchecked`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TaskId(String);

impl TaskId {
    /// A fresh id for a new task.
    pub fn generate() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }

    /// A client's text as a task id: it must be a UUID. The text is kept as
    /// sent, so an id matches exactly what the store holds.
    pub fn parse(text: &str) -> Result<Self, InvalidTaskId> {
        Self::try_from(text.to_owned())
    }

    /// An id taken as it is. For ids a store reads back, which it holds
    /// only because this service made or parsed them (or a fixture wrote
    /// them), and for the ids of a bulk request, where a text that is no task
    /// id names no task, like another user's id.
    pub fn unchecked(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TaskId {
    type Error = InvalidTaskId;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        uuid::Uuid::parse_str(&text)
            .map(|_| Self(text))
            .map_err(|_| InvalidTaskId)
    }
}

impl From<TaskId> for String {
    fn from(id: TaskId) -> Self {
        id.0
    }
}

impl AsRef<str> for TaskId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tag's id. Any text deserialises: an id that names none of the user's
/// tags is answered with a 404 like any other unknown tag, as it always was.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct TagId(String);

impl TagId {
    /// A fresh id for a new tag.
    pub fn generate() -> Self {
        Self(uuid::Uuid::now_v7().to_string())
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for TagId {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for TagId {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<TagId> for String {
    fn from(id: TagId) -> Self {
        id.0
    }
}

impl AsRef<str> for TagId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TagId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_ids_are_uuids_kept_as_sent() {
        let fresh = TaskId::generate();
        assert_eq!(TaskId::parse(fresh.as_str()), Ok(fresh.clone()));
        let upper = fresh.as_str().to_uppercase();
        assert_eq!(TaskId::parse(&upper).unwrap().as_str(), upper);
        assert_eq!(TaskId::parse("not-a-uuid"), Err(InvalidTaskId));
        assert_eq!(TaskId::parse(""), Err(InvalidTaskId));
    }

    #[test]
    fn task_ids_parse_on_deserialisation_and_serialise_as_text() {
        let id = TaskId::generate();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        assert_eq!(serde_json::from_str::<TaskId>(&json).unwrap(), id);
        let error = serde_json::from_str::<TaskId>("\"t1\"").unwrap_err();
        assert!(
            error.to_string().contains("must be a task id (UUID)"),
            "{error}"
        );
    }

    #[test]
    fn tag_ids_take_any_text() {
        let id: TagId = serde_json::from_str("\"g1\"").unwrap();
        assert_eq!(id.as_str(), "g1");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"g1\"");
    }
}
