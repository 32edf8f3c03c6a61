//! The task manager's use cases, on any [`TaskStore`].

use crate::domain::{
    DEFAULT_COLOUR, NewTask, Priority, Status, Tag, Task, TaskFactory, TaskPatch, check_tag,
};
use crate::query::{Filter, ListParams, TaskQuery};
use crate::store::{Bounds, DeadlineBuckets, StoreError, TaskStore};
use kit::pagination::Page;
use kit::{FieldError, Problem, Timestamp};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use utoipa::ToSchema;

/// A task as the API shows it: tags by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TaskView {
    pub id: String,
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

/// A tag with how many tasks carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TagView {
    #[serde(flatten)]
    pub tag: Tag,
    pub tasks: u64,
}

/// Counts of one priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PriorityCount {
    pub priority: Priority,
    pub pending: u64,
    pub completed: u64,
}

/// Completions on one day (UTC).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub count: u64,
}

/// A much-used tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct TagUse {
    pub name: String,
    pub colour: String,
    pub tasks: u64,
}

/// `GET /insights`. Days and deadline buckets are in UTC; a week ends on Sunday.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Insights {
    pub pending: u64,
    pub completed: u64,
    /// Completed over all tasks, 0 to 1 (0 with no tasks).
    pub completion_rate: f64,
    pub by_priority: Vec<PriorityCount>,
    /// Pending tasks by deadline.
    pub by_deadline: DeadlineBuckets,
    /// The last 30 days, oldest first, days without completions included.
    pub completed_per_day: Vec<DayCount>,
    /// The five tags on most tasks.
    pub top_tags: Vec<TagUse>,
}

/// Why a request failed, before it becomes a problem.
#[derive(Debug, thiserror::Error)]
pub enum TasksError {
    #[error("invalid query parameters")]
    Parameters(Vec<FieldError>),
    #[error("invalid fields")]
    Fields(Vec<FieldError>),
    #[error("not found")]
    NotFound(&'static str),
    #[error("tag name taken")]
    DuplicateTag(String),
    #[error(transparent)]
    Store(anyhow::Error),
}

impl From<StoreError> for TasksError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::DuplicateTag => TasksError::DuplicateTag(String::new()),
            StoreError::Other(e) => TasksError::Store(e),
        }
    }
}

impl From<TasksError> for Problem {
    fn from(e: TasksError) -> Self {
        match e {
            TasksError::Parameters(errors) => Problem::invalid_parameters(errors),
            TasksError::Fields(errors) => Problem::validation(errors),
            TasksError::NotFound(what) => Problem::not_found(format!("No such {what}.")),
            TasksError::DuplicateTag(name) => Problem::conflict(
                "tag-exists",
                "Tag exists",
                format!("You already have a tag named {name:?} (names ignore case)."),
            ),
            TasksError::Store(e) => Problem::internal(&e),
        }
    }
}

type Result<T> = std::result::Result<T, TasksError>;

/// Bulk requests name at most this many tasks.
pub const BULK_MAX: usize = 500;

/// The service: validation, tag names to ids, insights shaping.
#[derive(Clone)]
pub struct TasksService {
    pub store: Arc<dyn TaskStore>,
}

impl TasksService {
    pub fn new(store: Arc<dyn TaskStore>) -> Self {
        Self { store }
    }

    /// Tag ids for `names`, creating the ones the user does not have yet
    /// (ADR 0022: assigning a tag by name creates it).
    async fn tag_ids(&self, owner: &str, names: &[String]) -> Result<Vec<String>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let mut known = self.store.tags(owner).await?;
        let mut ids = Vec::with_capacity(names.len());
        for name in names {
            let key = Tag::key(name);
            if let Some(tag) = known.iter().find(|t| Tag::key(&t.name) == key) {
                ids.push(tag.id.clone());
                continue;
            }
            let tag = Tag {
                id: uuid::Uuid::now_v7().to_string(),
                owner: owner.to_owned(),
                name: name.trim().to_owned(),
                colour: DEFAULT_COLOUR.to_owned(),
                created_at: Timestamp::now(),
            };
            match self.store.insert_tag(&tag).await {
                Ok(()) => {
                    ids.push(tag.id.clone());
                    known.push(tag);
                }
                // Made by a concurrent request: use that one.
                Err(StoreError::DuplicateTag) => {
                    let again = self.store.tags(owner).await?;
                    let tag = again
                        .iter()
                        .find(|t| Tag::key(&t.name) == key)
                        .ok_or_else(|| TasksError::Store(anyhow::anyhow!("tag vanished")))?;
                    ids.push(tag.id.clone());
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(ids)
    }

    async fn views(&self, owner: &str, tasks: Vec<Task>) -> Result<Vec<TaskView>> {
        let tags = if tasks.iter().any(|t| !t.tag_ids.is_empty()) {
            self.store.tags(owner).await?
        } else {
            Vec::new()
        };
        Ok(tasks
            .into_iter()
            .map(|t| {
                let mut names: Vec<String> = t
                    .tag_ids
                    .iter()
                    .filter_map(|id| tags.iter().find(|g| &g.id == id).map(|g| g.name.clone()))
                    .collect();
                names.sort_by_key(|n| n.to_lowercase());
                TaskView {
                    id: t.id,
                    title: t.title,
                    description: t.description,
                    priority: t.priority,
                    deadline: t.deadline,
                    tags: names,
                    status: t.status,
                    completed_at: t.completed_at,
                    created_at: t.created_at,
                    updated_at: t.updated_at,
                }
            })
            .collect())
    }

    async fn view(&self, owner: &str, task: Task) -> Result<TaskView> {
        Ok(self.views(owner, vec![task]).await?.remove(0))
    }

    pub async fn create(&self, owner: &str, input: &NewTask) -> Result<TaskView> {
        let (checked, priority) = TaskFactory::check_new(input).map_err(TasksError::Fields)?;
        let ids = self.tag_ids(owner, &checked.tags).await?;
        let task = TaskFactory::create(owner, checked, priority, ids);
        self.store.insert(&task).await?;
        self.view(owner, task).await
    }

    pub async fn get(&self, owner: &str, id: &str) -> Result<TaskView> {
        let task = self
            .store
            .get(owner, id)
            .await?
            .ok_or(TasksError::NotFound("task"))?;
        self.view(owner, task).await
    }

    pub async fn update(&self, owner: &str, id: &str, patch: &TaskPatch) -> Result<TaskView> {
        let checked = TaskFactory::check_patch(patch).map_err(TasksError::Fields)?;
        let mut task = self
            .store
            .get(owner, id)
            .await?
            .ok_or(TasksError::NotFound("task"))?;
        if let Some(title) = checked.title {
            task.title = title;
        }
        if let Some(description) = checked.description {
            task.description = description;
        }
        if let Some(priority) = patch.priority {
            task.priority = priority;
        }
        if let Some(deadline) = checked.deadline {
            task.deadline = deadline;
        }
        if let Some(names) = &checked.tags {
            task.tag_ids = self.tag_ids(owner, names).await?;
        }
        task.updated_at = Timestamp::now();
        if !self.store.update(&task).await? {
            return Err(TasksError::NotFound("task"));
        }
        self.view(owner, task).await
    }

    /// Completes (`true`) or reopens one task; doing it twice is harmless.
    pub async fn set_completed(&self, owner: &str, id: &str, completed: bool) -> Result<TaskView> {
        let at = completed.then(Timestamp::now);
        self.store
            .set_completed(owner, &[id.to_owned()], at)
            .await?;
        self.get(owner, id).await
    }

    pub async fn delete(&self, owner: &str, id: &str) -> Result<()> {
        match self.store.delete(owner, &[id.to_owned()]).await? {
            0 => Err(TasksError::NotFound("task")),
            _ => Ok(()),
        }
    }

    /// Completes or deletes many; ids of other users' tasks count as absent.
    pub async fn bulk(&self, owner: &str, ids: &[String], action: Bulk) -> Result<u64> {
        if ids.is_empty() || ids.len() > BULK_MAX {
            return Err(TasksError::Fields(vec![FieldError::new(
                "ids",
                format!("must name 1 to {BULK_MAX} tasks"),
            )]));
        }
        Ok(match action {
            Bulk::Complete => {
                self.store
                    .set_completed(owner, ids, Some(Timestamp::now()))
                    .await?
            }
            Bulk::Delete => self.store.delete(owner, ids).await?,
        })
    }

    pub async fn list(&self, owner: &str, params: &ListParams) -> Result<Page<TaskView>> {
        let (mut query, tags) =
            TaskQuery::parse(params, Timestamp::now()).map_err(TasksError::Parameters)?;
        if !tags.names.is_empty() {
            let known = self.store.tags(owner).await?;
            let ids: Vec<String> = tags
                .names
                .iter()
                .filter_map(|n| {
                    known
                        .iter()
                        .find(|t| Tag::key(&t.name) == Tag::key(n))
                        .map(|t| t.id.clone())
                })
                .collect();
            let impossible = ids.is_empty() || (tags.all && ids.len() < tags.names.len());
            if impossible {
                return Ok(Page::new(Vec::new(), query.page, 0));
            }
            query.filters.push(if tags.all {
                Filter::AllTags(ids)
            } else {
                Filter::AnyTag(ids)
            });
        }
        let (tasks, total) = self.store.list(owner, &query).await?;
        Ok(Page::new(
            self.views(owner, tasks).await?,
            query.page,
            total,
        ))
    }

    pub async fn insights(&self, owner: &str, now: Timestamp) -> Result<Insights> {
        let bounds = bounds(now);
        let counts = self.store.counts(owner, &bounds, 5).await?;
        let by_priority: Vec<PriorityCount> = Priority::ALL
            .iter()
            .map(|&priority| {
                let of = |status| {
                    counts
                        .by_priority_status
                        .iter()
                        .filter(|(p, s, _)| *p == priority && *s == status)
                        .map(|(_, _, n)| n)
                        .sum()
                };
                PriorityCount {
                    priority,
                    pending: of(Status::Pending),
                    completed: of(Status::Completed),
                }
            })
            .collect();
        let pending: u64 = by_priority.iter().map(|p| p.pending).sum();
        let completed: u64 = by_priority.iter().map(|p| p.completed).sum();
        let completed_per_day = (0..30)
            .map(|i| {
                let day = crate::store::day_of(bounds.since.plus(Duration::from_secs(86_400 * i)));
                let count = counts
                    .completed_per_day
                    .iter()
                    .find(|(d, _)| *d == day)
                    .map_or(0, |(_, n)| *n);
                DayCount { day, count }
            })
            .collect();
        let tags = if counts.top_tags.is_empty() {
            Vec::new()
        } else {
            self.store.tags(owner).await?
        };
        let top_tags = counts
            .top_tags
            .iter()
            .filter_map(|(id, n)| {
                tags.iter().find(|t| &t.id == id).map(|t| TagUse {
                    name: t.name.clone(),
                    colour: t.colour.clone(),
                    tasks: *n,
                })
            })
            .collect();
        Ok(Insights {
            pending,
            completed,
            completion_rate: if pending + completed == 0 {
                0.0
            } else {
                completed as f64 / (pending + completed) as f64
            },
            by_priority,
            by_deadline: counts.buckets,
            completed_per_day,
            top_tags,
        })
    }

    pub async fn tags(&self, owner: &str) -> Result<Vec<TagView>> {
        Ok(self
            .store
            .tags_with_counts(owner)
            .await?
            .into_iter()
            .map(|(tag, tasks)| TagView { tag, tasks })
            .collect())
    }

    pub async fn create_tag(
        &self,
        owner: &str,
        name: &str,
        colour: Option<&str>,
    ) -> Result<TagView> {
        check_tag(Some(name), colour).map_err(TasksError::Fields)?;
        let tag = Tag {
            id: uuid::Uuid::now_v7().to_string(),
            owner: owner.to_owned(),
            name: name.trim().to_owned(),
            colour: colour.unwrap_or(DEFAULT_COLOUR).to_lowercase(),
            created_at: Timestamp::now(),
        };
        self.store.insert_tag(&tag).await.map_err(|e| match e {
            StoreError::DuplicateTag => TasksError::DuplicateTag(tag.name.clone()),
            e => e.into(),
        })?;
        Ok(TagView { tag, tasks: 0 })
    }

    pub async fn update_tag(
        &self,
        owner: &str,
        id: &str,
        name: Option<&str>,
        colour: Option<&str>,
    ) -> Result<TagView> {
        check_tag(name, colour).map_err(TasksError::Fields)?;
        let (mut tag, tasks) = self
            .store
            .tags_with_counts(owner)
            .await?
            .into_iter()
            .find(|(t, _)| t.id == id)
            .ok_or(TasksError::NotFound("tag"))?;
        if let Some(name) = name {
            tag.name = name.trim().to_owned();
        }
        if let Some(colour) = colour {
            tag.colour = colour.to_lowercase();
        }
        match self.store.update_tag(&tag).await {
            Ok(true) => Ok(TagView { tag, tasks }),
            Ok(false) => Err(TasksError::NotFound("tag")),
            Err(StoreError::DuplicateTag) => Err(TasksError::DuplicateTag(tag.name)),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn delete_tag(&self, owner: &str, id: &str) -> Result<()> {
        if self.store.delete_tag(owner, id).await? {
            Ok(())
        } else {
            Err(TasksError::NotFound("tag"))
        }
    }
}

/// What a bulk request does.
#[derive(Debug, Clone, Copy)]
pub enum Bulk {
    Complete,
    Delete,
}

/// The insight buckets' edges for `now` (UTC): the next midnight, the next
/// Monday's midnight, and the first of the last 30 days.
pub fn bounds(now: Timestamp) -> Bounds {
    let at = now.as_offset();
    let midnight = at.replace_time(time::Time::MIDNIGHT);
    let end_of_today = midnight + time::Duration::days(1);
    let days_to_monday = 7 - i64::from(at.weekday().number_days_from_monday());
    Bounds {
        now,
        end_of_today: end_of_today.into(),
        end_of_week: (midnight + time::Duration::days(days_to_monday)).into(),
        since: (midnight - time::Duration::days(29)).into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_split_today_this_week_and_thirty_days() {
        // A Wednesday afternoon.
        let b = bounds(Timestamp::parse("2026-11-25T15:30:00Z").unwrap());
        assert_eq!(b.end_of_today.to_string(), "2026-11-26T00:00:00.000Z");
        assert_eq!(b.end_of_week.to_string(), "2026-11-30T00:00:00.000Z");
        assert_eq!(b.since.to_string(), "2026-10-27T00:00:00.000Z");
        // On a Sunday the week ends at midnight, with today.
        let sunday = bounds(Timestamp::parse("2026-11-29T10:00:00Z").unwrap());
        assert_eq!(sunday.end_of_week, sunday.end_of_today);
    }
}
