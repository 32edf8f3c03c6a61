//! Tasks and tags in SQLite (embedded mode), through sqlx's `Any` driver and
//! the kit's SQLite opener (WAL, busy timeout, foreign keys). The list's
//! filters and sorts compile to SQL in `query.rs`; the insights' counts are in
//! `insights.rs`.

mod insights;
mod query;

use super::{Counts, StoreError, StoreResult, TaskStore, title_key};
use crate::domain::insights::day_of;
use crate::domain::{Bounds, Priority, Status, Tag, TagId, Task, TaskId, TaskQuery};
use anyhow::Context;
use async_trait::async_trait;
use kit::Timestamp;
use query::{KeySet, SqlSort, SqlValue, where_clause};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use std::path::Path;

static MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// The SQLite store.
#[derive(Clone)]
pub struct SqlTaskStore {
    pool: AnyPool,
}

const COLUMNS: &str = "t.id, t.owner, t.title, t.description, t.priority, t.deadline, t.status, \
    t.completed_at, t.created_at, t.updated_at, \
    (SELECT group_concat(tt.tag_id) FROM task_tags tt WHERE tt.task_seq = t.seq) AS tag_ids";

fn other(e: impl Into<anyhow::Error>) -> StoreError {
    StoreError::Other(e.into())
}

/// A unique violation on tags means the name is taken.
fn tag_error(e: sqlx::Error) -> StoreError {
    if kit::sql::is_unique_violation(&e) {
        StoreError::DuplicateTag
    } else {
        other(e)
    }
}

fn ts(text: Option<String>) -> anyhow::Result<Option<Timestamp>> {
    text.map(|t| Timestamp::parse(&t).context("stored timestamp"))
        .transpose()
}

fn task_from(row: &AnyRow) -> anyhow::Result<Task> {
    let priority: i64 = row.try_get("priority")?;
    let status: String = row.try_get("status")?;
    let tags: Option<String> = row.try_get("tag_ids")?;
    Ok(Task {
        id: TaskId::unchecked(row.try_get::<String, _>("id")?),
        owner: row.try_get("owner")?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        priority: Priority::from_rank(priority).context("stored priority")?,
        deadline: ts(row.try_get("deadline")?)?,
        tag_ids: tags
            .map(|t| t.split(',').map(TagId::from).collect())
            .unwrap_or_default(),
        status: Status::parse(&status).context("stored status")?,
        completed_at: ts(row.try_get("completed_at")?)?,
        created_at: Timestamp::parse(&row.try_get::<String, _>("created_at")?)?,
        updated_at: Timestamp::parse(&row.try_get::<String, _>("updated_at")?)?,
    })
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the fields a task's insert and update both write, in this order:
/// title, title_key, description, priority, deadline, no_deadline, status,
/// completed_at, completed_day.
fn bind_fields<'q>(query: AnyQuery<'q>, task: &'q Task) -> AnyQuery<'q> {
    query
        .bind(&task.title)
        .bind(title_key(&task.title))
        .bind(&task.description)
        .bind(i64::from(task.priority.rank()))
        .bind(task.deadline.map(|d| d.to_string()))
        .bind(i64::from(task.deadline.is_none()))
        .bind(task.status.as_str())
        .bind(task.completed_at.map(|d| d.to_string()))
        .bind(task.completed_at.map(day_of))
}

fn tasks_from(rows: &[AnyRow]) -> StoreResult<Vec<Task>> {
    rows.iter()
        .map(task_from)
        .collect::<anyhow::Result<_>>()
        .map_err(other)
}

fn tag_from(row: &AnyRow, owner: &str) -> anyhow::Result<Tag> {
    Ok(Tag {
        id: TagId::from(row.try_get::<String, _>("id")?),
        owner: owner.to_owned(),
        name: row.try_get("name")?,
        colour: row.try_get("colour")?,
        created_at: Timestamp::parse(&row.try_get::<String, _>("created_at")?)?,
    })
}

fn bind_all<'q>(mut query: AnyQuery<'q>, binds: &'q [SqlValue]) -> AnyQuery<'q> {
    for value in binds {
        query = match value {
            SqlValue::Text(t) => query.bind(t.as_str()),
            SqlValue::Int(i) => query.bind(*i),
        };
    }
    query
}

impl SqlTaskStore {
    /// Opens (creating if needed) the SQLite file at `path` with the schema.
    pub async fn open_sqlite(path: &Path) -> anyhow::Result<Self> {
        Ok(Self {
            pool: kit::sql::open_sqlite(path, &MIGRATIONS, "tasks").await?,
        })
    }

    async fn insert_in(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        task: &Task,
    ) -> Result<(), sqlx::Error> {
        // The next key in the owner's band; a new owner gets the next band.
        // Writers are serialised by SQLite, so two inserts cannot share a key.
        let seq: i64 = sqlx::query(
            "INSERT INTO task_owners (owner, band, last) \
             VALUES (?, (SELECT COALESCE(MAX(band), 0) + 1 FROM task_owners), 1) \
             ON CONFLICT (owner) DO UPDATE SET last = last + 1 \
             RETURNING (band << 32) + last",
        )
        .bind(&task.owner)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?;
        let insert = sqlx::query(
            "INSERT INTO tasks (title, title_key, description, priority, deadline, no_deadline, \
             status, completed_at, completed_day, seq, id, owner, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        );
        bind_fields(insert, task)
            .bind(seq)
            .bind(task.id.as_str())
            .bind(&task.owner)
            .bind(task.created_at.to_string())
            .bind(task.updated_at.to_string())
            .execute(&mut **tx)
            .await?;
        Self::write_tags(tx, task).await
    }

    async fn write_tags(
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        task: &Task,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM task_tags WHERE task_seq = (SELECT seq FROM tasks WHERE id = ?)")
            .bind(task.id.as_str())
            .execute(&mut **tx)
            .await?;
        for tag in &task.tag_ids {
            // Only the owner's own tags can be attached.
            sqlx::query(
                "INSERT INTO task_tags (task_seq, tag_id) SELECT t.seq, g.id FROM tasks t, tags g \
                 WHERE t.id = ? AND g.id = ? AND g.owner = t.owner",
            )
            .bind(task.id.as_str())
            .bind(tag.as_str())
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    async fn count(&self, sql: &str, binds: &[SqlValue]) -> StoreResult<u64> {
        let n: i64 = bind_all(sqlx::query(sql), binds)
            .fetch_one(&self.pool)
            .await
            .map_err(other)?
            .try_get(0)
            .map_err(other)?;
        Ok(n as u64)
    }
}

#[async_trait]
impl TaskStore for SqlTaskStore {
    async fn insert(&self, task: &Task) -> StoreResult<()> {
        self.insert_many(std::slice::from_ref(task)).await
    }

    async fn insert_many(&self, tasks: &[Task]) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(other)?;
        for task in tasks {
            Self::insert_in(&mut tx, task).await.map_err(other)?;
        }
        tx.commit().await.map_err(other)
    }

    async fn get(&self, owner: &str, id: &TaskId) -> StoreResult<Option<Task>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tasks t WHERE t.owner = ? AND t.id = ?"
        ))
        .bind(owner)
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await
        .map_err(other)?;
        row.as_ref().map(task_from).transpose().map_err(other)
    }

    async fn update(&self, task: &Task) -> StoreResult<bool> {
        let mut tx = self.pool.begin().await.map_err(other)?;
        let update = sqlx::query(
            "UPDATE tasks SET title = ?, title_key = ?, description = ?, priority = ?, deadline = ?, \
             no_deadline = ?, status = ?, completed_at = ?, completed_day = ?, updated_at = ? \
             WHERE owner = ? AND id = ?",
        );
        let done = bind_fields(update, task)
            .bind(task.updated_at.to_string())
            .bind(&task.owner)
            .bind(task.id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(other)?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        Self::write_tags(&mut tx, task).await.map_err(other)?;
        tx.commit().await.map_err(other)?;
        Ok(true)
    }

    async fn delete(&self, owner: &str, ids: &[TaskId], at: Timestamp) -> StoreResult<u64> {
        let at = at.to_string();
        let mut tx = self.pool.begin().await.map_err(other)?;
        let mut total = 0;
        for id in ids {
            // The task and its tag ids go to the bin in the transaction that
            // removes it, so it is always in exactly one of the two.
            sqlx::query(
                "INSERT OR REPLACE INTO deleted_tasks (id, owner, title, description, priority, \
                 deadline, status, completed_at, created_at, updated_at, tag_ids, deleted_at) \
                 SELECT t.id, t.owner, t.title, t.description, t.priority, t.deadline, t.status, \
                 t.completed_at, t.created_at, t.updated_at, \
                 (SELECT group_concat(tt.tag_id) FROM task_tags tt WHERE tt.task_seq = t.seq), ? \
                 FROM tasks t WHERE t.owner = ? AND t.id = ?",
            )
            .bind(&at)
            .bind(owner)
            .bind(id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(other)?;
            total += sqlx::query("DELETE FROM tasks WHERE owner = ? AND id = ?")
                .bind(owner)
                .bind(id.as_str())
                .execute(&mut *tx)
                .await
                .map_err(other)?
                .rows_affected();
        }
        tx.commit().await.map_err(other)?;
        Ok(total)
    }

    async fn restore(&self, owner: &str, ids: &[TaskId], since: Timestamp) -> StoreResult<u64> {
        let since = since.to_string();
        let mut tx = self.pool.begin().await.map_err(other)?;
        let mut total = 0;
        for id in ids {
            let row = sqlx::query(
                "SELECT id, owner, title, description, priority, deadline, status, completed_at, \
                 created_at, updated_at, tag_ids FROM deleted_tasks \
                 WHERE owner = ? AND id = ? AND deleted_at >= ?",
            )
            .bind(owner)
            .bind(id.as_str())
            .bind(&since)
            .fetch_optional(&mut *tx)
            .await
            .map_err(other)?;
            let Some(row) = row else { continue };
            let task = task_from(&row).map_err(other)?;
            // Tags deleted meanwhile are skipped: write_tags links only the
            // owner's existing tags.
            Self::insert_in(&mut tx, &task).await.map_err(other)?;
            sqlx::query("DELETE FROM deleted_tasks WHERE owner = ? AND id = ?")
                .bind(owner)
                .bind(id.as_str())
                .execute(&mut *tx)
                .await
                .map_err(other)?;
            total += 1;
        }
        tx.commit().await.map_err(other)?;
        Ok(total)
    }

    async fn purge_deleted(&self, before: Timestamp) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM deleted_tasks WHERE deleted_at < ?")
            .bind(before.to_string())
            .execute(&self.pool)
            .await
            .map_err(other)?;
        Ok(done.rows_affected())
    }

    async fn set_completed(
        &self,
        owner: &str,
        ids: &[TaskId],
        at: Option<Timestamp>,
    ) -> StoreResult<u64> {
        let now = Timestamp::now().to_string();
        let (status, from) = match at {
            Some(_) => ("completed", "pending"),
            None => ("pending", "completed"),
        };
        let mut total = 0;
        for id in ids {
            total += sqlx::query(
                "UPDATE tasks SET status = ?, completed_at = ?, completed_day = ?, updated_at = ? \
                 WHERE owner = ? AND id = ? AND status = ?",
            )
            .bind(status)
            .bind(at.map(|d| d.to_string()))
            .bind(at.map(day_of))
            .bind(&now)
            .bind(owner)
            .bind(id.as_str())
            .bind(from)
            .execute(&self.pool)
            .await
            .map_err(other)?
            .rows_affected();
        }
        Ok(total)
    }

    async fn list(&self, owner: &str, query: &TaskQuery) -> StoreResult<(Vec<Task>, u64)> {
        let w = where_clause(owner, query);
        let condition = w.clauses.join(" AND ");
        // Reading a key set (tags, text): SQLite's planner prefers walking
        // the owner's index and probing the set; starting from the set and
        // checking the owner on each row is several times faster at 100,000
        // tasks. The unary `+` keeps the owner term off the index.
        let from_keys = format!("+{condition}");
        let (count_sql, count_binds) = match &w.own_count {
            Some((sql, binds)) if query.filters.len() == 1 => (sql.clone(), binds.as_slice()),
            _ if w.keys != KeySet::None => (
                format!("SELECT COUNT(*) FROM tasks t WHERE {from_keys}"),
                w.binds.as_slice(),
            ),
            _ => (
                format!("SELECT COUNT(*) FROM tasks t WHERE {condition}"),
                w.binds.as_slice(),
            ),
        };
        let mut order: Vec<String> = query.sorts.iter().map(|s| s.sql()).collect();
        order.push("t.id ASC".into());
        let order = order.join(", ");
        let (limit, offset) = (query.page.per_page, query.page.offset());
        if w.keys == KeySet::Narrow {
            // A narrow set (tags): the matches are looked up once, by key, and
            // the total and the page come from that one set rather than from
            // two passes over it. The set holds only what the sort reads.
            let mut kept = vec!["t.seq", "t.id"];
            kept.extend(query.sorts.iter().flat_map(|s| s.columns()));
            let kept = kept.join(", ");
            let sql = format!(
                "WITH m AS MATERIALIZED (SELECT {kept} FROM tasks t WHERE {from_keys}), \
                 page AS (SELECT t.seq FROM m t ORDER BY {order} LIMIT {limit} OFFSET {offset}) \
                 SELECT {COLUMNS}, (SELECT COUNT(*) FROM m) AS total \
                 FROM page p JOIN tasks t ON t.seq = p.seq ORDER BY {order}"
            );
            let rows = bind_all(sqlx::query(&sql), &w.binds)
                .fetch_all(&self.pool)
                .await
                .map_err(other)?;
            let total = match rows.first() {
                Some(row) => row.try_get::<i64, _>("total").map_err(other)? as u64,
                // A page past the end: the total still has to be counted.
                None => self.count(&count_sql, count_binds).await?,
            };
            return Ok((tasks_from(&rows)?, total));
        }
        // Pick the page first, then read its tags: a tag subquery per
        // matching row would run before the sort, for every row. The page
        // walks the owner's index in sort order and stops when it is full.
        let page_sql = format!(
            "WITH page AS (SELECT t.* FROM tasks t WHERE {condition} ORDER BY {order} LIMIT {limit} OFFSET {offset}) \
             SELECT {COLUMNS} FROM page t ORDER BY {order}"
        );
        // The total and the page on two pooled connections at once.
        let (total, rows) = tokio::try_join!(self.count(&count_sql, count_binds), async {
            bind_all(sqlx::query(&page_sql), &w.binds)
                .fetch_all(&self.pool)
                .await
                .map_err(other)
        })?;
        Ok((tasks_from(&rows)?, total))
    }

    async fn counts(&self, owner: &str, bounds: &Bounds, top_tags: usize) -> StoreResult<Counts> {
        self.insight_counts(owner, bounds, top_tags).await
    }

    async fn tags(&self, owner: &str) -> StoreResult<Vec<Tag>> {
        let rows = sqlx::query(
            "SELECT g.id, g.name, g.colour, g.created_at FROM tags g WHERE g.owner = ? ORDER BY g.name_key",
        )
        .bind(owner)
        .fetch_all(&self.pool)
        .await
        .map_err(other)?;
        rows.iter()
            .map(|r| tag_from(r, owner))
            .collect::<anyhow::Result<_>>()
            .map_err(other)
    }

    async fn tags_with_counts(&self, owner: &str) -> StoreResult<Vec<(Tag, u64)>> {
        let rows = sqlx::query(
            "SELECT g.id, g.name, g.colour, g.created_at, \
             (SELECT COUNT(*) FROM task_tags tt WHERE tt.tag_id = g.id) AS n \
             FROM tags g WHERE g.owner = ? ORDER BY g.name_key",
        )
        .bind(owner)
        .fetch_all(&self.pool)
        .await
        .map_err(other)?;
        rows.iter()
            .map(|r| Ok((tag_from(r, owner)?, r.try_get::<i64, _>("n")? as u64)))
            .collect::<anyhow::Result<_>>()
            .map_err(other)
    }

    async fn insert_tag(&self, tag: &Tag) -> StoreResult<()> {
        sqlx::query("INSERT INTO tags (id, owner, name, name_key, colour, created_at) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(tag.id.as_str())
            .bind(&tag.owner)
            .bind(&tag.name)
            .bind(Tag::key(&tag.name))
            .bind(&tag.colour)
            .bind(tag.created_at.to_string())
            .execute(&self.pool)
            .await
            .map_err(tag_error)?;
        Ok(())
    }

    async fn update_tag(&self, tag: &Tag) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE tags SET name = ?, name_key = ?, colour = ? WHERE owner = ? AND id = ?",
        )
        .bind(&tag.name)
        .bind(Tag::key(&tag.name))
        .bind(&tag.colour)
        .bind(&tag.owner)
        .bind(tag.id.as_str())
        .execute(&self.pool)
        .await
        .map_err(tag_error)?;
        Ok(done.rows_affected() > 0)
    }

    async fn delete_tag(&self, owner: &str, id: &TagId) -> StoreResult<bool> {
        // task_tags rows go with it (ON DELETE CASCADE).
        let done = sqlx::query("DELETE FROM tags WHERE owner = ? AND id = ?")
            .bind(owner)
            .bind(id.as_str())
            .execute(&self.pool)
            .await
            .map_err(other)?;
        Ok(done.rows_affected() > 0)
    }

    async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
