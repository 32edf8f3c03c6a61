//! The one place new tasks are made and their fields checked: [`TaskFactory`]
//! applies the defaults and every field rule, for creation and updates alike.

use super::ids::{TagId, TaskId};
use super::tag::{Tag, tag_name};
use super::task::{
    DESCRIPTION_MAX, NewTask, Priority, Status, TAGS_MAX, TITLE_MAX, Task, TaskPatch,
};
use kit::text::Text;
use kit::{FieldError, Timestamp};

/// Checked values of a task's editable fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub title: String,
    pub description: String,
    pub deadline: Option<Timestamp>,
    pub tags: Vec<String>,
}

/// Makes tasks: applies the defaults (priority medium, pending) and every
/// rule about a task's fields, for creation and for updates alike.
pub struct TaskFactory;

impl TaskFactory {
    /// A new task's checked fields and its priority (default medium), or
    /// every field error at once. The service then resolves the tag names to
    /// ids and calls [`TaskFactory::create`].
    pub fn check_new(input: &NewTask) -> Result<(Checked, Priority), Vec<FieldError>> {
        let checked = Self::check(
            Some(&input.title),
            Some(&input.description),
            Some(input.deadline.as_deref()),
            Some(&input.tags),
        )?;
        Ok((checked, input.priority.unwrap_or(Priority::Medium)))
    }

    /// Builds the task once its tags are resolved to ids.
    pub fn create(owner: &str, checked: Checked, priority: Priority, tag_ids: Vec<TagId>) -> Task {
        let now = Timestamp::now();
        Task {
            id: TaskId::generate(),
            owner: owner.to_owned(),
            title: checked.title,
            description: checked.description,
            priority,
            deadline: checked.deadline,
            tag_ids,
            status: Status::Pending,
            completed_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// Checks the fields a patch sets (absent ones as `None`).
    pub fn check_patch(patch: &TaskPatch) -> Result<PatchChecked, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = patch.title.as_deref().map(|t| check_title(t, &mut errors));
        let description = patch
            .description
            .as_deref()
            .map(|d| check_description(d, &mut errors));
        let deadline = patch.deadline.as_ref().map(|d| {
            d.as_deref()
                .and_then(|text| check_deadline(text, &mut errors))
        });
        let tags = patch.tags.as_ref().map(|t| check_tags(t, &mut errors));
        if errors.is_empty() {
            Ok(PatchChecked {
                title,
                description,
                deadline,
                tags,
            })
        } else {
            Err(errors)
        }
    }

    fn check(
        title: Option<&str>,
        description: Option<&str>,
        deadline: Option<Option<&str>>,
        tags: Option<&[String]>,
    ) -> Result<Checked, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = check_title(title.unwrap_or_default(), &mut errors);
        let description = check_description(description.unwrap_or_default(), &mut errors);
        let deadline = deadline
            .flatten()
            .and_then(|text| check_deadline(text, &mut errors));
        let tags = check_tags(tags.unwrap_or_default(), &mut errors);
        if errors.is_empty() {
            Ok(Checked {
                title,
                description,
                deadline,
                tags,
            })
        } else {
            Err(errors)
        }
    }
}

/// A checked patch: `Some` for each field it changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PatchChecked {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deadline: Option<Option<Timestamp>>,
    pub tags: Option<Vec<String>>,
}

/// The title trimmed and in NFC, one line. Its length is counted as sent,
/// the way the schema's `maxLength` counts it.
fn check_title(title: &str, errors: &mut Vec<FieldError>) -> String {
    Text::line(TITLE_MAX)
        .parse("title", title)
        .unwrap_or_else(|e| {
            errors.push(e);
            String::new()
        })
}

/// The description as sent (markdown: leading spaces can matter), in NFC;
/// line feeds and tabs are its only control characters.
fn check_description(description: &str, errors: &mut Vec<FieldError>) -> String {
    Text::lines(DESCRIPTION_MAX)
        .untrimmed()
        .parse("description", description)
        .unwrap_or_else(|e| {
            errors.push(e);
            String::new()
        })
}

fn check_deadline(text: &str, errors: &mut Vec<FieldError>) -> Option<Timestamp> {
    match Timestamp::parse(text) {
        Ok(at) => Some(at),
        Err(_) => {
            errors.push(FieldError::new(
                "deadline",
                "must be an RFC 3339 date and time with a time zone, such as 2026-12-01T17:00:00+01:00",
            ));
            None
        }
    }
}

/// Checked (see [`tag_name`]), de-duplicated (ignoring case) tag names,
/// first spelling kept.
/// At most [`TAGS_MAX`] names may be sent, repeats included, as the schema
/// says; past that one error names the list rather than one per name.
fn check_tags(tags: &[String], errors: &mut Vec<FieldError>) -> Vec<String> {
    if tags.len() > TAGS_MAX {
        errors.push(FieldError::new(
            "tags",
            format!("at most {TAGS_MAX} tags per task"),
        ));
        return Vec::new();
    }
    let mut names: Vec<String> = Vec::new();
    for (i, sent) in tags.iter().enumerate() {
        match tag_name(&format!("tags[{i}]"), sent) {
            Err(e) => errors.push(e),
            Ok(name) => {
                if !names.iter().any(|n| Tag::key(n) == Tag::key(&name)) {
                    names.push(name);
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_factory_applies_defaults_and_trims() {
        let (checked, priority) = TaskFactory::check_new(&NewTask {
            title: "  Write report ".into(),
            tags: vec!["Work".into(), "work ".into(), "home".into()],
            ..Default::default()
        })
        .unwrap();
        assert_eq!(priority, Priority::Medium);
        assert_eq!(checked.title, "Write report");
        assert_eq!(checked.tags, vec!["Work", "home"]);
        let task = TaskFactory::create("u1", checked, priority, vec![]);
        assert_eq!(task.status, Status::Pending);
        assert_eq!(task.completed_at, None);
    }

    #[test]
    fn the_factory_names_every_bad_field() {
        let errors = TaskFactory::check_new(&NewTask {
            title: " ".into(),
            deadline: Some("tomorrow".into()),
            tags: vec!["".into()],
            ..Default::default()
        })
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "deadline", "tags[0]"]);
        assert!(
            TaskFactory::check_new(&NewTask {
                title: "x".repeat(TITLE_MAX + 1),
                ..Default::default()
            })
            .is_err()
        );
    }

    #[test]
    fn deadlines_need_a_time_zone() {
        let ok = TaskFactory::check_new(&NewTask {
            title: "t".into(),
            deadline: Some("2026-12-01T17:00:00+01:00".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            ok.0.deadline.unwrap().to_string(),
            "2026-12-01T16:00:00.000Z"
        );
        assert!(
            TaskFactory::check_new(&NewTask {
                title: "t".into(),
                deadline: Some("2026-12-01T17:00:00".into()),
                ..Default::default()
            })
            .is_err()
        );
    }
}
