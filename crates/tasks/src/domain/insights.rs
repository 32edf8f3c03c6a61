//! Insights: what a user's dashboard shows, and the instants that split
//! deadlines and completions into its buckets and days (UTC).

use super::task::Priority;
use kit::Timestamp;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

/// Instants that split deadlines into the insight buckets.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub now: Timestamp,
    pub end_of_today: Timestamp,
    pub end_of_week: Timestamp,
    /// The first day (`YYYY-MM-DD`) counted in completions per day.
    pub since: Timestamp,
}

/// Pending tasks by where their deadline falls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct DeadlineBuckets {
    pub overdue: u64,
    pub today: u64,
    pub this_week: u64,
    pub later: u64,
    pub no_deadline: u64,
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

/// `YYYY-MM-DD` of a timestamp (its fixed-width UTC text starts with it).
pub fn day_of(at: Timestamp) -> String {
    at.to_string()[..10].to_owned()
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
