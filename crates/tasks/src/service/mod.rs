//! The task manager's use cases, on any [`TaskStore`]: the only thing the
//! handlers call. Tasks ([`tasks`]), tags ([`tags`]) and insights
//! ([`insights`]); every failure is a [`ServiceError`].

mod error;
pub mod insights;
pub mod tags;
pub mod tasks;

pub use error::{Resource, Result, ServiceError};
pub use tasks::{BULK_MAX, Bulk};

use crate::domain::{Task, TaskView};
use crate::store::TaskStore;
use std::sync::Arc;
use std::time::Duration;

/// How long a deleted task stays restorable unless the settings say
/// otherwise.
pub const DEFAULT_DELETED_RETENTION: Duration = Duration::from_secs(30 * 86_400);

/// The service: validation, tag names to ids, insights shaping.
#[derive(Clone)]
pub struct TasksService {
    pub store: Arc<dyn TaskStore>,
    /// How long a deleted task can be restored; past it, it is gone.
    pub deleted_retention: Duration,
}

impl TasksService {
    /// The service over `store`, keeping deleted tasks restorable for
    /// [`DEFAULT_DELETED_RETENTION`].
    pub fn new(store: Arc<dyn TaskStore>) -> Self {
        Self {
            store,
            deleted_retention: DEFAULT_DELETED_RETENTION,
        }
    }

    /// The same service, keeping deleted tasks restorable for `retention`.
    pub fn with_deleted_retention(mut self, retention: Duration) -> Self {
        self.deleted_retention = retention;
        self
    }

    /// `tasks` as the API shows them, their tags named.
    async fn views(&self, owner: &str, tasks: Vec<Task>) -> Result<Vec<TaskView>> {
        // Tasks without tags need no tag names.
        let tags = if tasks.iter().any(|t| !t.tag_ids.is_empty()) {
            self.store.tags(owner).await?
        } else {
            Vec::new()
        };
        Ok(tasks
            .into_iter()
            .map(|task| TaskView::of(task, &tags))
            .collect())
    }

    async fn view(&self, owner: &str, task: Task) -> Result<TaskView> {
        let tags = if task.tag_ids.is_empty() {
            Vec::new()
        } else {
            self.store.tags(owner).await?
        };
        Ok(TaskView::of(task, &tags))
    }
}
