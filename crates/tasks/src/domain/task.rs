//! A task: its fields, priority and status, the inputs that create and change
//! it, and how the API shows it.

use super::ids::{TagId, TaskId};
use super::tag::Tag;
use kit::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Longest title, in characters.
pub const TITLE_MAX: usize = 200;
/// Longest description (markdown), in characters.
pub const DESCRIPTION_MAX: usize = 10_000;
/// Most tags on one task.
pub const TAGS_MAX: usize = 20;

/// How urgent a task is; sorts low < medium < high < urgent.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    Low,
    Medium,
    High,
    Urgent,
}

impl Priority {
    /// Every priority, lowest first.
    pub const ALL: [Priority; 4] = [Self::Low, Self::Medium, Self::High, Self::Urgent];

    /// The stored rank, so stores sort by urgency rather than by name.
    pub fn rank(self) -> i32 {
        self as i32
    }

    /// The priority of a stored rank.
    pub fn from_rank(rank: i64) -> Option<Self> {
        Self::ALL.get(usize::try_from(rank).ok()?).copied()
    }

    /// The priority named `low`, `medium`, `high` or `urgent`.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The priority's name, as the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }
}

/// Whether a task is still to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Completed,
}

impl Status {
    /// The status's name, as the API and the stores spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Completed => "completed",
        }
    }

    /// The status named `pending` or `completed`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Self::Pending),
            "completed" => Some(Self::Completed),
            _ => None,
        }
    }
}

/// A task as stored: tags by id, so renaming a tag renames it everywhere.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: TaskId,
    pub owner: String,
    pub title: String,
    pub description: String,
    pub priority: Priority,
    pub deadline: Option<Timestamp>,
    pub tag_ids: Vec<TagId>,
    pub status: Status,
    pub completed_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// `POST /tasks`: the fields a client sends to create a task.
///
/// Text is stored in Unicode NFC. The title and tag names are one line,
/// trimmed; the description is kept as sent and may hold line feeds and
/// tabs. Other control characters and bidirectional or invisible formatting
/// characters (such as U+202E) are refused.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTask {
    /// Not blank, at most 200 characters.
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub title: String,
    /// Markdown, at most 10,000 characters.
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub description: String,
    /// Default `medium`.
    pub priority: Option<Priority>,
    /// RFC 3339 with a time zone, such as `2026-12-01T17:00:00+01:00`.
    #[schema(format = DateTime)]
    pub deadline: Option<String>,
    /// Tag names, each 1 to 40 characters, at most 20; a name the user has
    /// no tag for creates that tag.
    #[serde(default)]
    #[schema(max_items = 20, value_type = Vec<TagName>)]
    pub tags: Vec<String>,
}

/// `PATCH /tasks/{id}`: absent fields stay; `"deadline": null` removes it.
///
/// Text follows the rules of a new task's: NFC, no control characters other
/// than line feeds and tabs in the description, no bidirectional or
/// invisible formatting characters.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskPatch {
    /// Not blank, at most 200 characters.
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    pub title: Option<String>,
    /// Markdown, at most 10,000 characters.
    #[schema(max_length = 10000)]
    pub description: Option<String>,
    pub priority: Option<Priority>,
    #[serde(default, deserialize_with = "kit::extract::nullable")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub deadline: Option<Option<String>>,
    /// Tag names, each 1 to 40 characters, at most 20.
    #[schema(max_items = 20, value_type = Option<Vec<TagName>>)]
    pub tags: Option<Vec<String>>,
}

/// A task as the API shows it: tags by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TaskView {
    #[schema(value_type = String)]
    pub id: TaskId,
    pub title: String,
    /// Markdown.
    pub description: String,
    pub priority: Priority,
    pub deadline: Option<Timestamp>,
    pub tags: Vec<String>,
    pub status: Status,
    pub completed_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl TaskView {
    /// `task` with its tags named from `tags` (the owner's), sorted ignoring
    /// case; an id with no tag in `tags` is left out.
    pub fn of(task: Task, tags: &[Tag]) -> Self {
        let mut names: Vec<String> = task
            .tag_ids
            .iter()
            .filter_map(|id| tags.iter().find(|g| &g.id == id).map(|g| g.name.clone()))
            .collect();
        names.sort_by_key(|n| n.to_lowercase());
        TaskView {
            id: task.id,
            title: task.title,
            description: task.description,
            priority: task.priority,
            deadline: task.deadline,
            tags: names,
            status: task.status,
            completed_at: task.completed_at,
            created_at: task.created_at,
            updated_at: task.updated_at,
        }
    }
}

/// A tag name as a request sends it: 1 to 40 characters, not blank, one
/// line. Only a schema (each element of a task's `tags`); names are checked
/// by [`check_tag`](super::check_tag).
pub struct TagName;

impl utoipa::PartialSchema for TagName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(1))
            .max_length(Some(super::TAG_NAME_MAX))
            .pattern(Some(r"\S"))
            .into()
    }
}

impl ToSchema for TagName {
    fn name() -> std::borrow::Cow<'static, str> {
        "TagName".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::PartialSchema;

    /// The limits the OpenAPI document states are the ones the factory checks.
    #[test]
    fn the_schemas_state_the_limits_the_factory_checks() {
        for schema in [
            serde_json::to_value(NewTask::schema()).unwrap(),
            serde_json::to_value(TaskPatch::schema()).unwrap(),
        ] {
            let fields = &schema["properties"];
            assert_eq!(fields["title"]["maxLength"], TITLE_MAX, "{schema}");
            assert_eq!(fields["description"]["maxLength"], DESCRIPTION_MAX);
            assert_eq!(fields["tags"]["maxItems"], TAGS_MAX);
        }
    }
}
