//! The task store contract, through the service: one suite, run unchanged on
//! SQLite (always) and on MongoDB (ignored unless asked for, as `make test`
//! does when it has one; then it needs `FEIRA_TEST_MONGODB_URL`).

mod common;

use common::{params, titles};
use kit::Timestamp;
use std::sync::Arc;
use tasks::domain::{NewTask, Priority, Status, TaskPatch};
use tasks::service::{Bulk, ServiceError, TasksService};
use tasks::store::TaskStore;
use tasks::store::mongo::MongoTaskStore;
use tasks::store::sql::SqlTaskStore;

/// A service over a fresh, empty store; a MongoDB one in a database of its
/// own.
struct Backend {
    service: TasksService,
    mongo: Option<MongoTaskStore>,
    _file: Option<kit::testing::TempSqlite>,
}

impl kit::testing::ContractBackend for Backend {
    /// Drops the test's MongoDB database; the SQLite file goes with `_file`.
    async fn cleanup(self) {
        if let Some(mongo) = self.mongo {
            let _ = mongo.drop_database().await;
        }
    }
}

impl Backend {
    async fn sqlite() -> Self {
        let file = kit::testing::TempSqlite::new("feira-tasks");
        let store: Arc<dyn TaskStore> =
            Arc::new(SqlTaskStore::open_sqlite(&file.path).await.unwrap());
        Self {
            service: TasksService::new(store),
            mongo: None,
            _file: Some(file),
        }
    }

    async fn mongo() -> Self {
        let url = kit::testing::Backend::Mongodb.url();
        let db = format!("tasks_{}", uuid::Uuid::now_v7().simple());
        let store = MongoTaskStore::connect(&url, &db).await.unwrap();
        Self {
            service: TasksService::new(Arc::new(store.clone())),
            mongo: Some(store),
            _file: None,
        }
    }
}

// One worker: the old suite ran on `#[tokio::test]`'s single thread, and the
// kit's macro always builds a multi-thread runtime.
kit::contract_suite! {
    threads: 1,
    backends: {
        sqlite => Backend::sqlite(),
        #[ignore = "needs the MongoDB protocol (FEIRA_TEST_MONGODB_URL)"]
        mongodb => Backend::mongo(),
    },
    call: |backend| &backend.service,
    tests: [
        tasks_are_created_read_changed_and_deleted,
        nobody_reads_or_changes_another_users_tasks_or_tags,
        filters_narrow_the_list,
        sorts_put_tasks_without_deadline_last_and_combine,
        tags_are_unique_per_user_renamed_everywhere_and_deleted_from_tasks,
        completion_bulk_actions_and_insights_add_up,
        deleted_tasks_restore_as_they_were_until_purged,
    ],
}

const ANA: &str = "user-ana";
const BEN: &str = "user-ben";

fn new(title: &str) -> NewTask {
    NewTask {
        title: title.into(),
        ..Default::default()
    }
}

fn at(hours_from_now: i64) -> String {
    let t = Timestamp::now().as_offset() + time::Duration::hours(hours_from_now);
    Timestamp::from(t).to_string()
}

async fn tasks_are_created_read_changed_and_deleted(s: &TasksService) {
    let created = s
        .create(
            ANA,
            &NewTask {
                title: " Write report ".into(),
                description: "**Q4** numbers".into(),
                deadline: Some("2026-12-01T17:00:00+01:00".into()),
                tags: vec!["Work".into(), "urgent stuff".into()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(created.title, "Write report");
    assert_eq!(created.priority, Priority::Medium);
    assert_eq!(created.status, Status::Pending);
    assert_eq!(
        created.deadline.unwrap().to_string(),
        "2026-12-01T16:00:00.000Z"
    );
    assert_eq!(created.tags, vec!["urgent stuff", "Work"]);
    assert_eq!(s.get(ANA, &created.id).await.unwrap(), created);

    let changed = s
        .update(
            ANA,
            &created.id,
            &TaskPatch {
                priority: Some(Priority::High),
                deadline: Some(None),
                tags: Some(vec!["work".into()]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.priority, Priority::High);
    assert_eq!(changed.deadline, None);
    assert_eq!(
        changed.tags,
        vec!["Work"],
        "an existing tag is reused, whatever its case"
    );
    assert_eq!(changed.title, "Write report", "absent fields stay");
    assert!(matches!(
        s.update(
            ANA,
            &created.id,
            &TaskPatch {
                title: Some(" ".into()),
                ..Default::default()
            }
        )
        .await,
        Err(ServiceError::Fields(_))
    ));
    assert_eq!(
        s.get(ANA, &created.id).await.unwrap().title,
        "Write report",
        "bad input changes nothing"
    );

    s.delete(ANA, &created.id).await.unwrap();
    assert!(matches!(
        s.get(ANA, &created.id).await,
        Err(ServiceError::NotFound(_))
    ));
    assert!(matches!(
        s.delete(ANA, &created.id).await,
        Err(ServiceError::NotFound(_))
    ));
}

fn not_found<T>(result: Result<T, ServiceError>) -> bool {
    matches!(result, Err(ServiceError::NotFound(_)))
}

async fn nobody_reads_or_changes_another_users_tasks_or_tags(s: &TasksService) {
    let anas = s
        .create(
            ANA,
            &NewTask {
                tags: vec!["home".into()],
                ..new("Ana's")
            },
        )
        .await
        .unwrap();
    assert!(not_found(s.get(BEN, &anas.id).await));
    assert!(not_found(
        s.update(
            BEN,
            &anas.id,
            &TaskPatch {
                title: Some("mine".into()),
                ..Default::default()
            }
        )
        .await
    ));
    assert!(not_found(s.set_completed(BEN, &anas.id, true).await));
    assert!(not_found(s.delete(BEN, &anas.id).await));
    assert_eq!(
        s.bulk(BEN, std::slice::from_ref(&anas.id), Bulk::Complete)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        s.bulk(BEN, std::slice::from_ref(&anas.id), Bulk::Delete)
            .await
            .unwrap(),
        0
    );
    assert!(titles(s, BEN, "").await.is_empty());
    assert!(s.tags(BEN).await.unwrap().is_empty());
    let ana_tag = &s.tags(ANA).await.unwrap()[0];
    assert!(not_found(
        s.update_tag(BEN, &ana_tag.tag.id, Some("x"), None).await
    ));
    assert!(not_found(s.delete_tag(BEN, &ana_tag.tag.id).await));
    // Ben's tag of the same name is his own.
    let bens = s
        .create(
            BEN,
            &NewTask {
                tags: vec!["home".into()],
                ..new("Ben's")
            },
        )
        .await
        .unwrap();
    assert_eq!(titles(s, BEN, "tag=home").await, vec!["Ben's"]);
    assert_ne!(s.tags(BEN).await.unwrap()[0].tag.id, ana_tag.tag.id);
    let ana_now = s.get(ANA, &anas.id).await.unwrap();
    assert_eq!(
        (ana_now.title.as_str(), ana_now.status),
        ("Ana's", Status::Pending)
    );
    assert_eq!(s.get(BEN, &bens.id).await.unwrap().tags, vec!["home"]);
}

async fn filters_narrow_the_list(s: &TasksService) {
    let make = |title: &str,
                priority: Priority,
                deadline: Option<String>,
                tags: &[&str],
                description: &str| NewTask {
        title: title.into(),
        description: description.into(),
        priority: Some(priority),
        deadline,
        tags: tags.iter().map(|t| t.to_string()).collect(),
    };
    s.create(
        ANA,
        &make(
            "overdue bill",
            Priority::Urgent,
            Some(at(-5)),
            &["money"],
            "",
        ),
    )
    .await
    .unwrap();
    s.create(
        ANA,
        &make(
            "call mum",
            Priority::Low,
            Some(at(30)),
            &["family", "phone"],
            "",
        ),
    )
    .await
    .unwrap();
    s.create(
        ANA,
        &make(
            "read book",
            Priority::Medium,
            None,
            &["family"],
            "Chapter (3) of Dune",
        ),
    )
    .await
    .unwrap();
    let done = s
        .create(
            ANA,
            &make(
                "old thing",
                Priority::High,
                Some(at(-48)),
                &["money", "phone"],
                "",
            ),
        )
        .await
        .unwrap();
    s.set_completed(ANA, &done.id, true).await.unwrap();

    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(
        sorted(titles(s, ANA, "status=pending").await),
        ["call mum", "overdue bill", "read book"]
    );
    assert_eq!(titles(s, ANA, "status=completed").await, ["old thing"]);
    assert_eq!(
        sorted(titles(s, ANA, "priority=urgent,low").await),
        ["call mum", "overdue bill"]
    );
    assert_eq!(
        sorted(titles(s, ANA, "tag=money,Phone").await),
        ["call mum", "old thing", "overdue bill"]
    );
    assert_eq!(
        sorted(titles(s, ANA, "tag=money,phone&tag_match=all").await),
        ["old thing"]
    );
    assert!(titles(s, ANA, "tag=nosuchtag").await.is_empty());
    assert!(
        titles(s, ANA, "tag=money,nosuchtag&tag_match=all")
            .await
            .is_empty()
    );
    assert_eq!(
        titles(s, ANA, "overdue=true").await,
        ["overdue bill"],
        "completed tasks are never overdue"
    );
    assert_eq!(titles(s, ANA, "no_deadline=true").await, ["read book"]);
    let before = format!("deadline_before={}", at(0).replace('+', "%2B"));
    assert_eq!(
        sorted(titles(s, ANA, &before).await),
        ["old thing", "overdue bill"]
    );
    let after = format!("deadline_after={}", at(1));
    assert_eq!(titles(s, ANA, &after).await, ["call mum"]);
    let day = &at(30)[..10];
    assert_eq!(
        titles(s, ANA, &format!("deadline_on={day}")).await,
        ["call mum"]
    );
    assert_eq!(
        titles(s, ANA, "q=DUNE").await,
        ["read book"],
        "description, any case"
    );
    assert_eq!(
        titles(s, ANA, "q=(3)").await,
        ["read book"],
        "no pattern syntax"
    );
    assert_eq!(titles(s, ANA, "q=call%20mum").await, ["call mum"]);
    assert!(
        titles(s, ANA, "q=call%20book").await.is_empty(),
        "every word must match"
    );
    assert_eq!(
        titles(s, ANA, "status=pending&priority=medium&tag=family").await,
        ["read book"]
    );
    assert_eq!(
        titles(s, ANA, "tag=money,phone,family&tag_match=all").await,
        Vec::<String>::new()
    );
    // A page past the end still carries the total.
    let query = params("tag=family&per_page=1&page=3");
    let past = s.list(ANA, &query).await.unwrap();
    assert!(past.items.is_empty());
    assert_eq!(past.total, 2);
    let query = params("tag=family&per_page=1&page=2&sort=title");
    let second = s.list(ANA, &query).await.unwrap();
    assert_eq!(
        (second.items[0].title.as_str(), second.total),
        ("read book", 2)
    );
    // Words under three characters, and quotes, which the SQLite full-text
    // index cannot or must not read as syntax.
    assert_eq!(titles(s, ANA, "q=MU").await, ["call mum"]);
    assert_eq!(titles(s, ANA, "q=(3%20dune").await, ["read book"]);
    assert!(titles(s, ANA, "q=%22dune").await.is_empty());
    // Another user's matching task stays out; edits and deletes are searched
    // as they are now.
    s.create(BEN, &new("Dune, again")).await.unwrap();
    assert_eq!(titles(s, ANA, "q=dune").await, ["read book"]);
    let dune = params("q=dune");
    for owner in [ANA, BEN] {
        assert_eq!(
            s.list(owner, &dune).await.unwrap().total,
            1,
            "{owner}'s total"
        );
    }
    let query = params("q=bill");
    let bill = &s.list(ANA, &query).await.unwrap().items[0];
    s.update(
        ANA,
        &bill.id,
        &TaskPatch {
            title: Some("pay the rent".into()),
            ..TaskPatch::default()
        },
    )
    .await
    .unwrap();
    assert!(titles(s, ANA, "q=bill").await.is_empty());
    assert_eq!(titles(s, ANA, "q=RENT").await, ["pay the rent"]);
    s.delete(ANA, &bill.id).await.unwrap();
    assert!(titles(s, ANA, "q=rent").await.is_empty());
}

async fn sorts_put_tasks_without_deadline_last_and_combine(s: &TasksService) {
    for (title, priority, deadline) in [
        ("b-soon", Priority::High, Some(at(2))),
        ("a-none", Priority::High, None),
        ("C-later", Priority::Low, Some(at(50))),
        ("d-none", Priority::Urgent, None),
        ("e-past", Priority::Low, Some(at(-3))),
    ] {
        let created = s
            .create(
                ANA,
                &NewTask {
                    priority: Some(priority),
                    deadline,
                    ..new(title)
                },
            )
            .await
            .unwrap();
        // The next task must have a later created_at (a millisecond clock).
        while Timestamp::now() <= created.created_at {
            tokio::task::yield_now().await;
        }
    }
    assert_eq!(
        titles(s, ANA, "sort=deadline,title").await,
        ["e-past", "b-soon", "C-later", "a-none", "d-none"]
    );
    assert_eq!(
        titles(s, ANA, "sort=-deadline,title").await,
        ["C-later", "b-soon", "e-past", "a-none", "d-none"]
    );
    assert_eq!(
        titles(s, ANA, "sort=-priority,title").await,
        ["d-none", "a-none", "b-soon", "C-later", "e-past"]
    );
    assert_eq!(
        titles(s, ANA, "sort=title").await,
        ["a-none", "b-soon", "C-later", "d-none", "e-past"],
        "ignoring case"
    );
    assert_eq!(
        titles(s, ANA, "sort=created").await,
        ["b-soon", "a-none", "C-later", "d-none", "e-past"]
    );
    assert_eq!(
        titles(s, ANA, "").await,
        ["e-past", "d-none", "C-later", "a-none", "b-soon"],
        "newest first by default"
    );
    let query = params("sort=title&per_page=2&page=2");
    let page = s.list(ANA, &query).await.unwrap();
    assert_eq!((page.total, page.items.len()), (5, 2));
    assert_eq!(page.items[0].title, "C-later");
    let query = params("sort=colour");
    match s.list(ANA, &query).await {
        Err(ServiceError::Parameters(errors)) => assert_eq!(errors[0].field, "sort"),
        other => panic!("{other:?}"),
    }
}

async fn tags_are_unique_per_user_renamed_everywhere_and_deleted_from_tasks(s: &TasksService) {
    let work = s
        .create_tag(ANA, Some("Work"), Some("#FF0000"))
        .await
        .unwrap();
    assert_eq!(work.tag.colour, "#ff0000");
    assert!(matches!(
        s.create_tag(ANA, Some(" work "), None).await,
        Err(ServiceError::DuplicateTag(_))
    ));
    assert!(matches!(
        s.create_tag(ANA, Some("x"), Some("red")).await,
        Err(ServiceError::Fields(_))
    ));
    let task = s
        .create(
            ANA,
            &NewTask {
                tags: vec!["WORK".into(), "Later".into()],
                ..new("t")
            },
        )
        .await
        .unwrap();
    assert_eq!(task.tags, vec!["Later", "Work"]);
    let listed = s.tags(ANA).await.unwrap();
    let counts: Vec<_> = listed
        .iter()
        .map(|t| (t.tag.name.as_str(), t.tasks))
        .collect();
    assert_eq!(counts, [("Later", 1), ("Work", 1)]);

    s.update_tag(ANA, &work.tag.id, Some("Office"), Some("#00ff00"))
        .await
        .unwrap();
    assert_eq!(
        s.get(ANA, &task.id).await.unwrap().tags,
        vec!["Later", "Office"]
    );
    assert_eq!(titles(s, ANA, "tag=office").await, ["t"]);
    let later = listed.iter().find(|t| t.tag.name == "Later").unwrap();
    assert!(matches!(
        s.update_tag(ANA, &later.tag.id, Some("OFFICE"), None).await,
        Err(ServiceError::DuplicateTag(_))
    ));

    s.delete_tag(ANA, &work.tag.id).await.unwrap();
    assert_eq!(s.get(ANA, &task.id).await.unwrap().tags, vec!["Later"]);
    assert!(titles(s, ANA, "tag=office").await.is_empty());
    assert!(matches!(
        s.delete_tag(ANA, &work.tag.id).await,
        Err(ServiceError::NotFound(_))
    ));
}

async fn completion_bulk_actions_and_insights_add_up(s: &TasksService) {
    let mut ids = Vec::new();
    for (title, priority, deadline, tags) in [
        ("late", Priority::Urgent, Some(at(-2)), vec!["a"]),
        ("no date", Priority::Low, None, vec!["a", "b"]),
        ("far", Priority::Low, Some(at(24 * 20)), vec!["a"]),
        ("one", Priority::High, None, vec![]),
        ("two", Priority::High, None, vec!["b"]),
    ] {
        let task = s
            .create(
                ANA,
                &NewTask {
                    priority: Some(priority),
                    deadline,
                    tags: tags.into_iter().map(String::from).collect(),
                    ..new(title)
                },
            )
            .await
            .unwrap();
        ids.push(task.id);
    }
    let completed = s.set_completed(ANA, &ids[3], true).await.unwrap();
    assert_eq!(completed.status, Status::Completed);
    assert!(completed.completed_at.is_some());
    let again = s.set_completed(ANA, &ids[3], true).await.unwrap();
    assert_eq!(
        again.completed_at, completed.completed_at,
        "completing twice keeps the first time"
    );
    let reopened = s.set_completed(ANA, &ids[3], false).await.unwrap();
    assert_eq!(
        (reopened.status, reopened.completed_at),
        (Status::Pending, None)
    );
    assert_eq!(
        s.bulk(ANA, &[ids[3].clone(), ids[4].clone()], Bulk::Complete)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        s.bulk(ANA, &[ids[3].clone()], Bulk::Complete)
            .await
            .unwrap(),
        0,
        "already done"
    );
    assert!(matches!(
        s.bulk(ANA, &[], Bulk::Delete).await,
        Err(ServiceError::Fields(_))
    ));

    let insights = s.insights(ANA, Timestamp::now()).await.unwrap();
    assert_eq!((insights.pending, insights.completed), (3, 2));
    assert!((insights.completion_rate - 0.4).abs() < 1e-9);
    let high = insights
        .by_priority
        .iter()
        .find(|p| p.priority == Priority::High)
        .unwrap();
    assert_eq!((high.pending, high.completed), (0, 2));
    let low = insights
        .by_priority
        .iter()
        .find(|p| p.priority == Priority::Low)
        .unwrap();
    assert_eq!((low.pending, low.completed), (2, 0));
    let b = insights.by_deadline;
    assert_eq!(
        (b.overdue, b.today + b.this_week, b.later, b.no_deadline),
        (1, 0, 1, 1)
    );
    assert_eq!(insights.completed_per_day.len(), 30);
    assert_eq!(
        insights.completed_per_day.last().unwrap().count,
        2,
        "both completed today"
    );
    assert_eq!(
        insights
            .completed_per_day
            .iter()
            .map(|d| d.count)
            .sum::<u64>(),
        2
    );
    let top: Vec<_> = insights
        .top_tags
        .iter()
        .map(|t| (t.name.as_str(), t.tasks))
        .collect();
    assert_eq!(top, [("a", 3), ("b", 2)]);

    assert_eq!(s.bulk(ANA, &ids[..2], Bulk::Delete).await.unwrap(), 2);
    assert_eq!(titles(s, ANA, "sort=title").await, ["far", "one", "two"]);
    let empty = s.insights(BEN, Timestamp::now()).await.unwrap();
    assert_eq!(
        (empty.pending, empty.completed, empty.completion_rate),
        (0, 0, 0.0)
    );
}

async fn deleted_tasks_restore_as_they_were_until_purged(s: &TasksService) {
    let kept = s
        .create(
            ANA,
            &NewTask {
                tags: vec!["home".into()],
                deadline: Some("2026-12-24T16:00:00Z".into()),
                ..new("Kept")
            },
        )
        .await
        .unwrap();
    let kept = s.set_completed(ANA, &kept.id, true).await.unwrap();
    let purged = s.create(ANA, &new("Purged")).await.unwrap();
    let bens = s.create(BEN, &new("Ben's")).await.unwrap();
    s.delete(ANA, &kept.id).await.unwrap();
    s.delete(BEN, &bens.id).await.unwrap();
    assert!(not_found(s.get(ANA, &kept.id).await));
    assert!(
        titles(s, ANA, "q=kept").await.is_empty(),
        "text search skips the bin"
    );
    assert!(
        titles(s, ANA, "tag=home").await.is_empty(),
        "tag filters skip the bin"
    );
    assert_eq!(
        s.insights(ANA, Timestamp::now()).await.unwrap().completed,
        0
    );

    let restored = s.restore(ANA, &kept.id).await.unwrap();
    assert_eq!(
        restored, kept,
        "same id, status, completion time, tags, deadline"
    );
    assert_eq!(titles(s, ANA, "q=kept").await, ["Kept"]);
    assert_eq!(titles(s, ANA, "tag=home").await, ["Kept"]);
    assert!(not_found(s.restore(ANA, &kept.id).await), "restored once");

    // Deleted now, purged with a cutoff after now: gone for good. Ben's task,
    // deleted before the cutoff too, goes with it; a later deletion stays.
    s.delete(ANA, &purged.id).await.unwrap();
    let cutoff = Timestamp::now().plus(std::time::Duration::from_secs(1));
    assert_eq!(s.store.purge_deleted(cutoff).await.unwrap(), 2);
    assert!(not_found(s.restore(ANA, &purged.id).await));
    assert!(not_found(s.restore(BEN, &bens.id).await));
    s.delete(ANA, &kept.id).await.unwrap();
    assert_eq!(
        s.store
            .purge_deleted(Timestamp::parse("2000-01-01T00:00:00Z").unwrap())
            .await
            .unwrap(),
        0
    );
    assert_eq!(s.purge_deleted().await.unwrap(), 0, "within the retention");
    assert_eq!(
        s.restore(ANA, &kept.id).await.unwrap().status,
        Status::Completed
    );
}
