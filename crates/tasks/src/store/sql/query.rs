//! The list's filters and sorts in SQL over `tasks t`: each [`Filter`] adds
//! its clause and binds to a WHERE clause, each [`Sort`] its ORDER BY terms.

use crate::domain::{Filter, Sort, SortKey, TaskQuery};

/// A WHERE clause over one owner's tasks under construction: SQL text with
/// `?` binds, in order.
#[derive(Debug)]
pub struct SqlWhere {
    pub owner: String,
    pub clauses: Vec<String>,
    pub binds: Vec<SqlValue>,
    /// Whether a filter names a set of task keys, and how wide it may be.
    pub keys: KeySet,
    /// A count of the matches that needs no lookup in `tasks`, when this
    /// filter is the only one: SQL and its binds.
    pub own_count: Option<(String, Vec<SqlValue>)>,
}

impl SqlWhere {
    /// The owner's tasks, before any filter.
    pub fn new(owner: &str) -> Self {
        Self {
            owner: owner.to_owned(),
            clauses: vec!["t.owner = ?".into()],
            binds: vec![SqlValue::Text(owner.to_owned())],
            keys: KeySet::None,
            own_count: None,
        }
    }
}

/// A set of task keys (`seq`) named by the filters, from narrowest to widest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeySet {
    /// No filter names one.
    None,
    /// Tags: counting and the page both start from the set, read once.
    Narrow,
    /// Text: one common word can match a large share of the owner's tasks, so
    /// the page walks the sort order and stops when full rather than reading
    /// and sorting the whole set; counting still starts from the set.
    Broad,
}

/// Task keys are `band * 2^32 + n`, a band per owner (migration 0003): these
/// bound the owner's band, for a `BETWEEN` on a `seq` or a text-index rowid.
const OWNER_BAND: &str = "(SELECT band << 32 FROM task_owners WHERE owner = ?) \
    AND (SELECT (band << 32) + 4294967295 FROM task_owners WHERE owner = ?)";

/// A value bound into SQL.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue {
    Text(String),
    Int(i64),
}

/// A filter's part of a WHERE clause over `tasks t`.
pub trait SqlFilter {
    /// Adds this filter's clause and binds to `w`.
    fn sql(&self, w: &mut SqlWhere);
}

impl SqlFilter for Filter {
    fn sql(&self, w: &mut SqlWhere) {
        let marks = |n: usize| vec!["?"; n].join(", ");
        match self {
            Filter::Status(status) => {
                w.clauses.push("t.status = ?".into());
                w.binds.push(SqlValue::Text(status.as_str().into()));
            }
            Filter::Priority(priorities) => {
                w.clauses
                    .push(format!("t.priority IN ({})", marks(priorities.len())));
                w.binds
                    .extend(priorities.iter().map(|p| SqlValue::Int(p.rank().into())));
            }
            // Through the tag index, not a subquery per task.
            Filter::AnyTag(ids) => {
                w.clauses.push(format!(
                    "t.seq IN (SELECT tt.task_seq FROM task_tags tt WHERE tt.tag_id IN ({}))",
                    marks(ids.len())
                ));
                w.binds
                    .extend(ids.iter().map(|id| SqlValue::Text(id.to_string())));
                w.keys = w.keys.max(KeySet::Narrow);
            }
            // One index range per tag, joined on the task id.
            Filter::AllTags(ids) => {
                let mut sql = String::from("t.seq IN (SELECT a0.task_seq FROM task_tags a0");
                for i in 1..ids.len() {
                    sql.push_str(&format!(
                        " JOIN task_tags a{i} ON a{i}.tag_id = ? AND a{i}.task_seq = a0.task_seq"
                    ));
                }
                sql.push_str(" WHERE a0.tag_id = ?)");
                w.clauses.push(sql);
                w.binds
                    .extend(ids.iter().skip(1).map(|id| SqlValue::Text(id.to_string())));
                w.binds
                    .extend(ids.first().map(|id| SqlValue::Text(id.to_string())));
                w.keys = w.keys.max(KeySet::Narrow);
            }
            Filter::DeadlineBefore(at) => {
                w.clauses.push("t.deadline < ?".into());
                w.binds.push(SqlValue::Text(at.to_string()));
            }
            Filter::DeadlineAtOrAfter(at) => {
                w.clauses.push("t.deadline >= ?".into());
                w.binds.push(SqlValue::Text(at.to_string()));
            }
            Filter::Overdue(now) => {
                w.clauses
                    .push("t.status = 'pending' AND t.deadline < ?".into());
                w.binds.push(SqlValue::Text(now.to_string()));
            }
            Filter::NoDeadline => w.clauses.push("t.no_deadline = 1".into()),
            // Words of three characters or more through the trigram index
            // (migrations 0002 and 0003); shorter ones cannot use it and are scanned.
            Filter::Text(words) => {
                let (indexed, short): (Vec<&String>, Vec<&String>) =
                    words.iter().partition(|w| w.chars().count() >= 3);
                if !indexed.is_empty() {
                    // Only the owner's band of the index is read.
                    let matches = format!(
                        "SELECT rowid FROM task_search WHERE task_search MATCH ? AND rowid BETWEEN {OWNER_BAND}"
                    );
                    let phrases: Vec<String> = indexed
                        .iter()
                        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                        .collect();
                    let binds = vec![
                        SqlValue::Text(phrases.join(" AND ")),
                        SqlValue::Text(w.owner.clone()),
                        SqlValue::Text(w.owner.clone()),
                    ];
                    w.clauses.push(format!("t.seq IN ({matches})"));
                    w.binds.extend(binds.iter().cloned());
                    w.keys = KeySet::Broad;
                    if short.is_empty() {
                        w.own_count = Some((format!("SELECT COUNT(*) FROM ({matches})"), binds));
                    }
                }
                for word in short {
                    w.clauses.push(
                        "(instr(lower(t.title), ?) > 0 OR instr(lower(t.description), ?) > 0)"
                            .into(),
                    );
                    w.binds.push(SqlValue::Text(word.clone()));
                    w.binds.push(SqlValue::Text(word.clone()));
                }
            }
        }
    }
}

/// A sort key's part of an ORDER BY over `tasks t`.
pub trait SqlSort {
    /// ORDER BY terms.
    fn sql(&self) -> String;
    /// The columns of `tasks t` that [`SqlSort::sql`] reads.
    fn columns(&self) -> &'static [&'static str];
}

impl SqlSort for Sort {
    fn sql(&self) -> String {
        let dir = if self.descending { "DESC" } else { "ASC" };
        match self.key {
            // No deadline last in both directions.
            SortKey::Deadline => format!("t.no_deadline, t.deadline {dir}"),
            SortKey::Priority => format!("t.priority {dir}"),
            SortKey::Created => format!("t.created_at {dir}"),
            SortKey::Updated => format!("t.updated_at {dir}"),
            SortKey::Title => format!("t.title_key {dir}"),
        }
    }

    fn columns(&self) -> &'static [&'static str] {
        match self.key {
            SortKey::Deadline => &["t.no_deadline", "t.deadline"],
            SortKey::Priority => &["t.priority"],
            SortKey::Created => &["t.created_at"],
            SortKey::Updated => &["t.updated_at"],
            SortKey::Title => &["t.title_key"],
        }
    }
}

/// The WHERE clause of `query` over `owner`'s tasks.
pub fn where_clause(owner: &str, query: &TaskQuery) -> SqlWhere {
    let mut w = SqlWhere::new(owner);
    for filter in &query.filters {
        filter.sql(&mut w);
    }
    w
}
