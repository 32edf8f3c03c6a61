//! The insights' counts on SQLite: every figure a COUNT over one index range.

use super::{SqlTaskStore, other};
use crate::domain::insights::day_of;
use crate::domain::{Bounds, DeadlineBuckets, Priority, Status, TagId};
use crate::store::{Counts, StoreResult};
use sqlx::Row;
use sqlx::any::AnyRow;

impl SqlTaskStore {
    /// The insights' counts, each over one index range.
    pub(super) async fn insight_counts(
        &self,
        owner: &str,
        bounds: &Bounds,
        top_tags: usize,
    ) -> StoreResult<Counts> {
        let (now, today, week, since) = (
            bounds.now.to_string(),
            bounds.end_of_today.to_string(),
            bounds.end_of_week.to_string(),
            day_of(bounds.since),
        );
        // Every figure is a COUNT over one index range: at 100,000 tasks that
        // is several times faster than one scan with a CASE per row.
        let pairs_sql: Vec<String> = Priority::ALL
            .iter()
            .flat_map(|p| {
                ["pending", "completed"].map(|status| {
                    format!(
                        "SELECT {rank} AS priority, '{status}' AS status, \
                         (SELECT COUNT(*) FROM tasks WHERE owner = ?1 AND priority = {rank} AND status = '{status}') AS n",
                        rank = p.rank()
                    )
                })
            })
            .collect();
        let groups_sql = pairs_sql.join(" UNION ALL ");
        let pending = "SELECT COUNT(*) FROM tasks WHERE owner = ?1 AND status = 'pending'";
        let buckets_sql = format!(
            "SELECT ({pending} AND no_deadline = 0 AND deadline < ?2) AS overdue, \
             ({pending} AND no_deadline = 0 AND deadline >= ?2 AND deadline < ?3) AS today, \
             ({pending} AND no_deadline = 0 AND deadline >= ?3 AND deadline < ?4) AS this_week, \
             ({pending} AND no_deadline = 0 AND deadline >= ?4) AS later, \
             ({pending} AND no_deadline = 1) AS no_deadline"
        );
        let top_sql = format!(
            "SELECT tag_id, n FROM (SELECT g.id AS tag_id, \
               (SELECT COUNT(*) FROM task_tags tt WHERE tt.tag_id = g.id) AS n \
               FROM tags g WHERE g.owner = ?) \
             WHERE n > 0 ORDER BY n DESC, tag_id LIMIT {top_tags}"
        );
        // Four independent counts, each on its own pooled connection at once.
        let (groups, row, days, tags) = tokio::try_join!(
            sqlx::query(&groups_sql).bind(owner).fetch_all(&self.pool),
            sqlx::query(&buckets_sql)
                .bind(owner)
                .bind(&now)
                .bind(&today)
                .bind(&week)
                .fetch_one(&self.pool),
            sqlx::query(
                "SELECT completed_day, COUNT(*) AS n FROM tasks \
                 WHERE owner = ? AND completed_day >= ? \
                 GROUP BY completed_day ORDER BY completed_day",
            )
            .bind(owner)
            .bind(&since)
            .fetch_all(&self.pool),
            sqlx::query(&top_sql).bind(owner).fetch_all(&self.pool),
        )
        .map_err(other)?;
        let mut by_priority_status = Vec::new();
        for row in groups {
            let priority: i64 = row.try_get("priority").map_err(other)?;
            let status: String = row.try_get("status").map_err(other)?;
            let n: i64 = row.try_get("n").map_err(other)?;
            if let (Some(p), Some(s), true) =
                (Priority::from_rank(priority), Status::parse(&status), n > 0)
            {
                by_priority_status.push((p, s, n as u64));
            }
        }
        let get = |name: &str| -> StoreResult<u64> {
            let n: Option<i64> = row.try_get(name).map_err(other)?;
            Ok(n.unwrap_or(0) as u64)
        };
        let buckets = DeadlineBuckets {
            overdue: get("overdue")?,
            today: get("today")?,
            this_week: get("this_week")?,
            later: get("later")?,
            no_deadline: get("no_deadline")?,
        };
        let pairs = |rows: Vec<AnyRow>, key: &str| -> StoreResult<Vec<(String, u64)>> {
            rows.iter()
                .map(|r| {
                    Ok((
                        r.try_get::<String, _>(key)?,
                        r.try_get::<i64, _>("n")? as u64,
                    ))
                })
                .collect::<Result<_, sqlx::Error>>()
                .map_err(other)
        };
        let completed_per_day = pairs(days, "completed_day")?;
        let top_tags = pairs(tags, "tag_id")?
            .into_iter()
            .map(|(id, n)| (TagId::from(id), n))
            .collect();
        Ok(Counts {
            by_priority_status,
            buckets,
            completed_per_day,
            top_tags,
        })
    }
}
