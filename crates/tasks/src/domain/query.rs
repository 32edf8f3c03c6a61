//! How a task list is filtered and sorted: each filter and sort key is a
//! value, parsed here from the query string and compiled to each store's
//! query beside that store (`store::sql::query`, `store::mongo::query`), the
//! Strategy pattern: adding one touches this module and those two.

use super::ids::TagId;
use super::tag::{TAG_NAME_MAX, Tag};
use super::task::{Priority, Status, TAGS_MAX};
use kit::pagination::PageRequest;
use kit::{FieldError, Timestamp};
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
    /// One or more of `low`, `medium`, `high`, `urgent`, comma-separated
    /// (a repeat counts once).
    pub priority: Option<String>,
    /// Tag names, comma-separated: at most 20, each at most 40 characters.
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
    /// Words to find in the title or description (case-insensitive): at most
    /// 200 characters and 10 words, no control characters.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Sort keys, comma-separated, `-` for descending: `deadline`, `priority`,
    /// `created`, `updated`, `title`; at most 5. Default `-created`. Tasks
    /// without a deadline come last in both directions.
    pub sort: Option<String>,
    pub page: Option<u32>,
    /// 1 to 100, default 20.
    pub per_page: Option<u32>,
}

/// Longest search (`q`), in characters.
pub const SEARCH_MAX_CHARS: usize = 200;
/// Most words in a search: every word is a condition each of the user's
/// tasks is checked against, so the count bounds the query's size.
pub const SEARCH_MAX_WORDS: usize = 10;
/// Most tag names in a tag filter: a task carries at most [`TAGS_MAX`] tags,
/// so more could never all match.
pub const TAG_FILTER_MAX: usize = TAGS_MAX;
/// Most sort keys: there are five, and a repeat adds nothing.
pub const SORT_KEYS_MAX: usize = 5;

/// One filter; all of a query's filters must hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Status(Status),
    Priority(Vec<Priority>),
    /// Tag ids: tasks with at least one of them.
    AnyTag(Vec<TagId>),
    /// Tag ids: tasks with every one of them.
    AllTags(Vec<TagId>),
    DeadlineBefore(Timestamp),
    DeadlineAtOrAfter(Timestamp),
    /// Pending with a deadline before this instant (now).
    Overdue(Timestamp),
    NoDeadline,
    /// Lower-cased words, each in the title or the description.
    Text(Vec<String>),
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
                Some(mut p) if !p.is_empty() => {
                    // Repeats would only lengthen the store's query.
                    p.sort();
                    p.dedup();
                    filters.push(Filter::Priority(p));
                }
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
            match search_words(q) {
                Ok(words) if !words.is_empty() => filters.push(Filter::Text(words)),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        let tags = TagFilter {
            names: match tag_names(params.tag.as_deref().unwrap_or_default()) {
                Ok(names) => names,
                Err(e) => {
                    errors.push(e);
                    Vec::new()
                }
            },
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
        let mut terms: Vec<&str> = params
            .sort
            .as_deref()
            .unwrap_or("-created")
            .split(',')
            .collect();
        if terms.len() > SORT_KEYS_MAX {
            errors.push(FieldError::new(
                "sort",
                format!("at most {SORT_KEYS_MAX} sort keys"),
            ));
            // One error for the list, not one per key past the limit.
            terms.clear();
        }
        for term in terms {
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

/// The lower-cased words of a search, within [`SEARCH_MAX_CHARS`] and
/// [`SEARCH_MAX_WORDS`]. Control characters other than spacing are refused:
/// they match no text a person typed, and MongoDB refuses a NUL in a pattern.
fn search_words(q: &str) -> Result<Vec<String>, FieldError> {
    if q.chars().count() > SEARCH_MAX_CHARS {
        return Err(FieldError::new(
            "q",
            format!("must be at most {SEARCH_MAX_CHARS} characters"),
        ));
    }
    if q.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(FieldError::new("q", "must not contain control characters"));
    }
    // In NFC, as the text it searches is stored.
    let words: Vec<String> = q
        .split_whitespace()
        .map(|w| kit::text::nfc(&w.to_lowercase()))
        .collect();
    if words.len() > SEARCH_MAX_WORDS {
        return Err(FieldError::new(
            "q",
            format!("must be at most {SEARCH_MAX_WORDS} words"),
        ));
    }
    Ok(words)
}

/// The names of a tag filter, trimmed, empty ones dropped and repeats
/// (ignoring case) kept once, within [`TAG_FILTER_MAX`] names of at most
/// [`TAG_NAME_MAX`] characters. Repeats count against the limit: it bounds
/// what is sent.
fn tag_names(list: &str) -> Result<Vec<String>, FieldError> {
    let sent: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    if sent.len() > TAG_FILTER_MAX {
        return Err(FieldError::new(
            "tag",
            format!("at most {TAG_FILTER_MAX} tag names"),
        ));
    }
    if sent.iter().any(|n| n.chars().count() > TAG_NAME_MAX) {
        return Err(FieldError::new(
            "tag",
            format!("each tag name must be at most {TAG_NAME_MAX} characters"),
        ));
    }
    let mut names: Vec<String> = Vec::with_capacity(sent.len());
    for name in sent {
        // In NFC, as tag names are stored.
        let name = kit::text::nfc(name);
        if !names.iter().any(|n| Tag::key(n) == Tag::key(&name)) {
            names.push(name);
        }
    }
    Ok(names)
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
    fn every_list_input_has_a_limit_and_a_field_past_it() {
        let words = |n: usize| vec!["w"; n].join("+");
        assert!(parse(&format!("q={}", words(SEARCH_MAX_WORDS))).is_ok());
        let fields = |query: &str| -> Vec<String> {
            parse(query)
                .unwrap_err()
                .into_iter()
                .map(|e| e.field)
                .collect()
        };
        assert_eq!(fields(&format!("q={}", words(SEARCH_MAX_WORDS + 1))), ["q"]);
        assert_eq!(
            fields(&format!("q={}", "x".repeat(SEARCH_MAX_CHARS + 1))),
            ["q"]
        );
        assert_eq!(fields("q=a%00"), ["q"]);
        let names = |n: usize| {
            (0..n)
                .map(|i| format!("t{i}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        assert!(parse(&format!("tag={}", names(TAG_FILTER_MAX))).is_ok());
        assert_eq!(
            fields(&format!("tag={}", names(TAG_FILTER_MAX + 1))),
            ["tag"]
        );
        assert_eq!(
            fields(&format!("tag={}", "x".repeat(TAG_NAME_MAX + 1))),
            ["tag"]
        );
        assert_eq!(
            fields(&format!("sort={}", ["title"; SORT_KEYS_MAX + 1].join(","))),
            ["sort"]
        );
        let (_, tags) = parse("tag=Work,work,home").unwrap();
        assert_eq!(tags.names, ["Work", "home"]);
        let (q, _) = parse("priority=low,high,low,low").unwrap();
        assert_eq!(
            q.filters,
            [Filter::Priority(vec![Priority::Low, Priority::High])]
        );
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
}
