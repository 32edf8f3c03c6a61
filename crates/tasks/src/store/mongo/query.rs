//! The list's filters and sorts as MongoDB documents: each [`Filter`] is a
//! query document combined with `$and`, each [`Sort`] adds sort entries.

use crate::domain::{Filter, Sort, SortKey, TagId, TaskQuery};
use mongodb::bson::{Bson, Document, doc};

/// A filter as a MongoDB query document.
pub trait MongoFilter {
    /// This filter's document, to be combined with `$and`.
    fn mongo(&self) -> Document;
}

impl MongoFilter for Filter {
    fn mongo(&self) -> Document {
        match self {
            Filter::Status(status) => doc! {"status": status.as_str()},
            Filter::Priority(priorities) => {
                let ranks: Vec<i32> = priorities.iter().map(|p| p.rank()).collect();
                doc! {"priority": {"$in": ranks}}
            }
            Filter::AnyTag(ids) => doc! {"tag_ids": {"$in": tag_texts(ids)}},
            Filter::AllTags(ids) => doc! {"tag_ids": {"$all": tag_texts(ids)}},
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

fn tag_texts(ids: &[TagId]) -> Vec<&str> {
    ids.iter().map(TagId::as_str).collect()
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

/// A sort key as MongoDB sort entries.
pub trait MongoSort {
    /// Adds this key's entries to `sort`, in order.
    fn mongo(&self, sort: &mut Document);
}

impl MongoSort for Sort {
    fn mongo(&self, sort: &mut Document) {
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

/// The query document of `query` over `owner`'s tasks.
pub fn filter(owner: &str, query: &TaskQuery) -> Document {
    let mut all = vec![doc! {"owner": owner}];
    all.extend(query.filters.iter().map(|f| f.mongo()));
    doc! {"$and": all}
}

/// The sort document of `query`, by id last so pages are stable.
pub fn sort(query: &TaskQuery) -> Document {
    let mut sort = Document::new();
    for s in &query.sorts {
        s.mongo(&mut sort);
    }
    sort.insert("_id", 1);
    sort
}

#[cfg(test)]
mod tests {
    use super::*;

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
