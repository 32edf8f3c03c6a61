//! How a task list is filtered and sorted. Each filter and sort key is a value
//! that compiles itself to SQL and to a MongoDB query, here and nowhere else:
//! adding one touches this module only (the Strategy pattern).

use crate::domain::{Priority, Status};
use kit::pagination::PageRequest;
use kit::{FieldError, Timestamp};
use mongodb::bson::{Bson, Document, doc};
use serde::Deserialize;
use utoipa::IntoParams;

/// Query parameters of `GET /api/tasks`, as sent. Anything else is refused
/// with a 400 naming it.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `pending` or `completed`.
    pub status: Option<String>,
    /// One or more of `low`, `medium`, `high`, `urgent`, comma-separated.
    pub priority: Option<String>,
    /// Tag names, comma-separated.
    pub tag: Option<String>,
    /// `any` (default) or `all` of the tags.
    pub tag_match: Option<String>,
    /// Deadline before this instant (RFC 3339).
    pub deadline_before: Option<String>,
    /// Deadline at or after this instant (RFC 3339).
    pub deadline_after: Option<String>,
    /// Deadline on this day (`YYYY-MM-DD`, UTC).
    pub deadline_on: Option<String>,
    /// `true`: pending tasks whose deadline has passed.
    pub overdue: Option<bool>,
    /// `true`: tasks without a deadline.
    pub no_deadline: Option<bool>,
    /// Words to find in the title or description (case-insensitive).
    pub q: Option<String>,
    /// Sort keys, comma-separated, `-` for descending: `deadline`, `priority`,
    /// `created`, `updated`, `title`. Default `-created`. Tasks without a
    /// deadline come last in both directions.
    pub sort: Option<String>,
    pub page: Option<u32>,
    /// 1 to 100, default 20.
    pub per_page: Option<u32>,
}

/// One filter; all of a query's filters must hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Status(Status),
    Priority(Vec<Priority>),
    /// Tag ids: tasks with at least one of them.
    AnyTag(Vec<String>),
    /// Tag ids: tasks with every one of them.
    AllTags(Vec<String>),
    DeadlineBefore(Timestamp),
    DeadlineAtOrAfter(Timestamp),
    /// Pending with a deadline before this instant (now).
    Overdue(Timestamp),
    NoDeadline,
    /// Lower-cased words, each in the title or the description.
    Text(Vec<String>),
}

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

impl Filter {
    /// Adds this filter to a SQL WHERE clause over `tasks t`.
    pub fn sql(&self, w: &mut SqlWhere) {
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
                w.binds.extend(ids.iter().cloned().map(SqlValue::Text));
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
                    .extend(ids.iter().skip(1).cloned().map(SqlValue::Text));
                w.binds.extend(ids.first().cloned().map(SqlValue::Text));
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

    /// This filter as a MongoDB query document, to be combined with `$and`.
    pub fn mongo(&self) -> Document {
        match self {
            Filter::Status(status) => doc! {"status": status.as_str()},
            Filter::Priority(priorities) => {
                let ranks: Vec<i32> = priorities.iter().map(|p| p.rank()).collect();
                doc! {"priority": {"$in": ranks}}
            }
            Filter::AnyTag(ids) => doc! {"tag_ids": {"$in": ids.clone()}},
            Filter::AllTags(ids) => doc! {"tag_ids": {"$all": ids.clone()}},
            Filter::DeadlineBefore(at) => doc! {"deadline": {"$lt": at.to_string()}},
            Filter::DeadlineAtOrAfter(at) => doc! {"deadline": {"$gte": at.to_string()}},
            Filter::Overdue(now) => {
                doc! {"status": "pending", "deadline": {"$lt": now.to_string()}}
            }
            Filter::NoDeadline => doc! {"deadline": Bson::Null},
            Filter::Text(words) => {
                let each: Vec<Document> = words
                    .iter()
                    .map(|word| {
                        let pattern = regex_escape(word);
                        doc! {"$or": [
                            {"title": {"$regex": &pattern, "$options": "i"}},
                            {"description": {"$regex": &pattern, "$options": "i"}},
                        ]}
                    })
                    .collect();
                doc! {"$and": each}
            }
        }
    }
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// What tasks can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Deadline,
    Priority,
    Created,
    Updated,
    Title,
}

/// One sort key and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    /// ORDER BY terms over `tasks t`.
    pub fn sql(&self) -> String {
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

    /// The columns of `tasks t` that [`Sort::sql`] reads.
    pub fn columns(&self) -> &'static [&'static str] {
        match self.key {
            SortKey::Deadline => &["t.no_deadline", "t.deadline"],
            SortKey::Priority => &["t.priority"],
            SortKey::Created => &["t.created_at"],
            SortKey::Updated => &["t.updated_at"],
            SortKey::Title => &["t.title_key"],
        }
    }

    /// Sort document entries, in order.
    pub fn mongo(&self, sort: &mut Document) {
        let dir = if self.descending { -1 } else { 1 };
        match self.key {
            SortKey::Deadline => {
                sort.insert("no_deadline", 1);
                sort.insert("deadline", dir);
            }
            SortKey::Priority => {
                sort.insert("priority", dir);
            }
            SortKey::Created => {
                sort.insert("created_at", dir);
            }
            SortKey::Updated => {
                sort.insert("updated_at", dir);
            }
            SortKey::Title => {
                sort.insert("title_key", dir);
            }
        }
    }
}

/// A checked list query. Tag names are still names; the service turns them
/// into [`Filter::AnyTag`] / [`Filter::AllTags`] with the user's tag ids.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskQuery {
    pub filters: Vec<Filter>,
    pub sorts: Vec<Sort>,
    pub page: PageRequest,
}

/// Tag names asked for, and whether all must match.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagFilter {
    pub names: Vec<String>,
    pub all: bool,
}

impl TaskQuery {
    /// Checks every parameter; every problem is reported, each naming its
    /// parameter. `now` decides what is overdue.
    pub fn parse(
        params: &ListParams,
        now: Timestamp,
    ) -> Result<(TaskQuery, TagFilter), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut filters = Vec::new();
        if let Some(status) = &params.status {
            match Status::parse(status) {
                Some(s) => filters.push(Filter::Status(s)),
                None => errors.push(FieldError::new("status", "must be pending or completed")),
            }
        }
        if let Some(list) = &params.priority {
            let parsed: Option<Vec<Priority>> =
                list.split(',').map(|p| Priority::parse(p.trim())).collect();
            match parsed {
                Some(p) if !p.is_empty() => filters.push(Filter::Priority(p)),
                _ => errors.push(FieldError::new(
                    "priority",
                    "must be low, medium, high or urgent, comma-separated",
                )),
            }
        }
        let instant = |name: &str, value: &Option<String>, errors: &mut Vec<FieldError>| {
            value
                .as_deref()
                .and_then(|text| match Timestamp::parse(text) {
                    Ok(at) => Some(at),
                    Err(_) => {
                        errors.push(FieldError::new(name, "must be an RFC 3339 date and time"));
                        None
                    }
                })
        };
        if let Some(at) = instant("deadline_before", &params.deadline_before, &mut errors) {
            filters.push(Filter::DeadlineBefore(at));
        }
        if let Some(at) = instant("deadline_after", &params.deadline_after, &mut errors) {
            filters.push(Filter::DeadlineAtOrAfter(at));
        }
        if let Some(day) = &params.deadline_on {
            match Timestamp::parse(&format!("{day}T00:00:00Z")) {
                Ok(start) => {
                    filters.push(Filter::DeadlineAtOrAfter(start));
                    filters.push(Filter::DeadlineBefore(
                        start.plus(std::time::Duration::from_secs(86_400)),
                    ));
                }
                Err(_) => errors.push(FieldError::new("deadline_on", "must be a day, YYYY-MM-DD")),
            }
        }
        if params.overdue == Some(true) {
            filters.push(Filter::Overdue(now));
        }
        if params.no_deadline == Some(true) {
            filters.push(Filter::NoDeadline);
        }
        if let Some(q) = &params.q {
            let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
            if !words.is_empty() {
                filters.push(Filter::Text(words));
            }
        }
        let tags = TagFilter {
            names: params
                .tag
                .as_deref()
                .map(|t| {
                    t.split(',')
                        .map(|n| n.trim().to_owned())
                        .filter(|n| !n.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            all: match params.tag_match.as_deref() {
                None | Some("any") => false,
                Some("all") => true,
                Some(_) => {
                    errors.push(FieldError::new("tag_match", "must be any or all"));
                    false
                }
            },
        };
        let mut sorts = Vec::new();
        for term in params.sort.as_deref().unwrap_or("-created").split(',') {
            let term = term.trim();
            let (descending, name) = match term.strip_prefix('-') {
                Some(name) => (true, name),
                None => (false, term),
            };
            let key = match name {
                "deadline" => SortKey::Deadline,
                "priority" => SortKey::Priority,
                "created" => SortKey::Created,
                "updated" => SortKey::Updated,
                "title" => SortKey::Title,
                other => {
                    errors.push(FieldError::new(
                        "sort",
                        format!("unknown sort key `{other}`; use deadline, priority, created, updated or title"),
                    ));
                    continue;
                }
            };
            if !sorts.iter().any(|s: &Sort| s.key == key) {
                sorts.push(Sort { key, descending });
            }
        }
        let page = PageRequest::parse(params.page, params.per_page).map_err(|e| errors.push(e));
        match page {
            Ok(page) if errors.is_empty() => Ok((
                TaskQuery {
                    filters,
                    sorts,
                    page,
                },
                tags,
            )),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> Result<(TaskQuery, TagFilter), Vec<FieldError>> {
        let params: ListParams = kit::extract::parse_query(query).map_err(|_| vec![])?;
        TaskQuery::parse(&params, Timestamp::now())
    }

    #[test]
    fn filters_and_sorts_parse_and_name_what_is_wrong() {
        let (q, tags) = parse("status=pending&priority=high,urgent&tag=Work,home&tag_match=all&sort=deadline,-priority").unwrap();
        assert_eq!(q.filters[0], Filter::Status(Status::Pending));
        assert_eq!(
            q.filters[1],
            Filter::Priority(vec![Priority::High, Priority::Urgent])
        );
        assert_eq!(
            tags,
            TagFilter {
                names: vec!["Work".into(), "home".into()],
                all: true
            }
        );
        assert_eq!(
            q.sorts,
            vec![
                Sort {
                    key: SortKey::Deadline,
                    descending: false
                },
                Sort {
                    key: SortKey::Priority,
                    descending: true
                },
            ]
        );
        let errors = parse("status=done&priority=meh&sort=colour&deadline_on=soon").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["status", "priority", "deadline_on", "sort"]);
    }

    #[test]
    fn the_default_sort_is_newest_first() {
        let (q, _) = parse("").unwrap();
        assert_eq!(
            q.sorts,
            vec![Sort {
                key: SortKey::Created,
                descending: true
            }]
        );
    }

    #[test]
    fn text_search_escapes_regex_characters_for_mongodb() {
        let f = Filter::Text(vec!["a.b(".into()]);
        let pattern = f.mongo().get_array("$and").unwrap()[0]
            .as_document()
            .unwrap()
            .get_array("$or")
            .unwrap()[0]
            .as_document()
            .unwrap()
            .get_document("title")
            .unwrap()
            .get_str("$regex")
            .unwrap()
            .to_owned();
        assert_eq!(pattern, r"a\.b\(");
    }
}
