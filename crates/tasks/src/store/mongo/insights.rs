//! The insights' counts on MongoDB: aggregation pipelines grouped by the
//! store, never every task loaded.

use super::{MongoTaskStore, count_of, other};
use crate::domain::insights::day_of;
use crate::domain::{Bounds, DeadlineBuckets, Priority, Status, TagId};
use crate::store::{Counts, StoreResult};
use mongodb::bson::{Document, doc};

impl MongoTaskStore {
    /// The insights' counts: aggregation pipelines and counts by index.
    pub(super) async fn insight_counts(
        &self,
        owner: &str,
        bounds: &Bounds,
        top_tags: usize,
    ) -> StoreResult<Counts> {
        let groups = self
            .aggregate(vec![
                doc! {"$match": {"owner": owner}},
                doc! {"$group": {"_id": {"priority": "$priority", "status": "$status"}, "n": {"$sum": 1}}},
            ])
            .await?;
        let mut by_priority_status = Vec::new();
        for g in &groups {
            let id = g.get_document("_id").map_err(other)?;
            let priority = id
                .get_i32("priority")
                .ok()
                .and_then(|p| Priority::from_rank(p.into()));
            let status = id.get_str("status").ok().and_then(Status::parse);
            if let (Some(p), Some(s)) = (priority, status) {
                by_priority_status.push((p, s, count_of(g)));
            }
        }
        let pending = |extra: Document| {
            let mut filter = doc! {"owner": owner, "status": "pending"};
            filter.extend(extra);
            filter
        };
        let (now, today, week) = (
            bounds.now.to_string(),
            bounds.end_of_today.to_string(),
            bounds.end_of_week.to_string(),
        );
        let buckets = DeadlineBuckets {
            overdue: self
                .count(pending(doc! {"deadline": {"$lt": &now}}))
                .await?,
            today: self
                .count(pending(doc! {"deadline": {"$gte": &now, "$lt": &today}}))
                .await?,
            this_week: self
                .count(pending(doc! {"deadline": {"$gte": &today, "$lt": &week}}))
                .await?,
            later: self
                .count(pending(doc! {"deadline": {"$gte": &week}}))
                .await?,
            no_deadline: self.count(pending(doc! {"no_deadline": true})).await?,
        };
        let days = self
            .aggregate(vec![
                doc! {"$match": {"owner": owner, "status": "completed", "completed_day": {"$gte": day_of(bounds.since)}}},
                doc! {"$group": {"_id": "$completed_day", "n": {"$sum": 1}}},
                doc! {"$sort": {"_id": 1}},
            ])
            .await?;
        let completed_per_day = days
            .iter()
            .filter_map(|d| Some((d.get_str("_id").ok()?.to_owned(), count_of(d))))
            .collect();
        let tags = self
            .aggregate(vec![
                doc! {"$match": {"owner": owner}},
                doc! {"$unwind": "$tag_ids"},
                doc! {"$group": {"_id": "$tag_ids", "n": {"$sum": 1}}},
                doc! {"$sort": {"n": -1, "_id": 1}},
                doc! {"$limit": top_tags as i64},
            ])
            .await?;
        let top_tags = tags
            .iter()
            .filter_map(|d| Some((TagId::from(d.get_str("_id").ok()?), count_of(d))))
            .collect();
        Ok(Counts {
            by_priority_status,
            buckets,
            completed_per_day,
            top_tags,
        })
    }
}
