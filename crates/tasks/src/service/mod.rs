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

/// The service: validation, tag names to ids, insights shaping.
#[derive(Clone)]
pub struct TasksService {
    pub store: Arc<dyn TaskStore>,
}

impl TasksService {
    /// The service over `store`.
    pub fn new(store: Arc<dyn TaskStore>) -> Self {
        Self { store }
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
