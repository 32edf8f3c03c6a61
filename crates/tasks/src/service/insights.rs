//! The insights use case: the store counts, the service shapes.

use super::{Result, TasksService};
use crate::domain::insights::{DayCount, Insights, PriorityCount, TagUse, bounds, day_of};
use crate::domain::{Priority, Status};
use kit::Timestamp;
use std::time::Duration;

impl TasksService {
    /// The owner's insights at `now`: counts by status, priority and
    /// deadline bucket, completions on each of the last 30 days, top tags.
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
                let day = day_of(bounds.since.plus(Duration::from_secs(86_400 * i)));
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
}
