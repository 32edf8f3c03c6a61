//! Upgrading an existing SQLite file: data written under the earlier schema
//! (migrations 0001 and 0002) is still found, tagged and searchable after the
//! store applies the later ones.

mod common;

use common::{params, titles};
use kit::Timestamp;
use sqlx::Row;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tasks::domain::{NewTask, TaskId, TaskPatch};
use tasks::service::TasksService;
use tasks::store::sql::SqlTaskStore;

/// A task id as the fixtures below store it.
fn id(text: &str) -> TaskId {
    TaskId::unchecked(text)
}

/// A migration folder holding the first `count` migrations only.
fn earlier_migrations(count: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("feira-tasks-migrations-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut files: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    files.sort();
    for file in files.iter().take(count) {
        std::fs::copy(file, dir.join(file.file_name().unwrap())).unwrap();
    }
    dir
}

#[tokio::test]
async fn tasks_tags_and_search_survive_the_integer_key_migration() {
    let file = kit::testing::TempSqlite::new("feira-tasks-upgrade");
    let dir = earlier_migrations(2);
    let old = sqlx::migrate::Migrator::new(dir.as_path()).await.unwrap();
    let pool = kit::sql::open_sqlite(&file.path, &old, "tasks")
        .await
        .unwrap();
    let now = Timestamp::now().to_string();
    for (id, owner, name) in [
        ("g1", "ana", "Work"),
        ("g2", "ana", "Home"),
        ("g3", "bo", "Work"),
    ] {
        sqlx::query("INSERT INTO tags (id, owner, name, name_key, colour, created_at) VALUES (?, ?, ?, ?, '#000000', ?)")
            .bind(id)
            .bind(owner)
            .bind(name)
            .bind(name.to_lowercase())
            .bind(&now)
            .execute(&pool)
            .await
            .unwrap();
    }
    let tasks = [
        (
            "t1",
            "ana",
            "Pay the invoice",
            "before Friday",
            &["g1", "g2"][..],
        ),
        (
            "t2",
            "ana",
            "Review slides",
            "the invoice deck",
            &["g1"][..],
        ),
        ("t3", "ana", "Water plants", "", &[][..]),
        ("t4", "bo", "Invoice for Ana", "", &["g3"][..]),
    ];
    for (id, owner, title, description, tags) in tasks {
        sqlx::query(
            "INSERT INTO tasks (id, owner, title, title_key, description, priority, deadline, no_deadline, \
             status, completed_at, completed_day, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, 2, NULL, 1, 'pending', NULL, NULL, ?, ?)",
        )
        .bind(id)
        .bind(owner)
        .bind(title)
        .bind(title.to_lowercase())
        .bind(description)
        .bind(&now)
        .bind(&now)
        .execute(&pool)
        .await
        .unwrap();
        for tag in tags {
            sqlx::query("INSERT INTO task_tags (task_id, tag_id) VALUES (?, ?)")
                .bind(id)
                .bind(tag)
                .execute(&pool)
                .await
                .unwrap();
        }
    }
    pool.close().await;

    let store = SqlTaskStore::open_sqlite(&file.path).await.unwrap();
    let service = TasksService::new(Arc::new(store));

    let t1 = service.get("ana", &id("t1")).await.unwrap();
    assert_eq!(t1.tags, ["Home", "Work"]);
    assert!(service.get("ana", &id("t3")).await.unwrap().tags.is_empty());
    assert_eq!(service.get("bo", &id("t4")).await.unwrap().tags, ["Work"]);
    let counts: Vec<(String, u64)> = service
        .tags("ana")
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.tag.name, t.tasks))
        .collect();
    assert_eq!(counts, [("Home".to_owned(), 1), ("Work".to_owned(), 2)]);
    assert_eq!(
        titles(&service, "ana", "tag=work&sort=title").await,
        ["Pay the invoice", "Review slides"]
    );
    assert_eq!(
        titles(&service, "ana", "q=invoice&sort=title").await,
        ["Pay the invoice", "Review slides"]
    );
    assert_eq!(
        titles(&service, "bo", "q=invoice").await,
        ["Invoice for Ana"]
    );

    // The triggers follow the new key: edits, deletes and new tasks.
    service
        .update(
            "ana",
            &id("t3"),
            &TaskPatch {
                title: Some("Water the invoice ferns".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    service.delete("ana", &id("t2")).await.unwrap();
    service
        .create(
            "ana",
            &NewTask {
                title: "Invoice numbers".into(),
                tags: vec!["home".into()],
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        titles(&service, "ana", "q=invoice&sort=title").await,
        [
            "Invoice numbers",
            "Pay the invoice",
            "Water the invoice ferns"
        ]
    );
    // A user first seen after the upgrade gets keys of their own.
    service
        .create(
            "cy",
            &NewTask {
                title: "Send the invoice".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        titles(&service, "cy", "q=invoice").await,
        ["Send the invoice"]
    );
    let query = params("q=invoice");
    assert_eq!(service.list("ana", &query).await.unwrap().total, 3);
    assert_eq!(
        titles(&service, "ana", "tag=home&sort=title").await,
        ["Invoice numbers", "Pay the invoice"]
    );
    service
        .delete_tag("ana", &service.tags("ana").await.unwrap()[0].tag.id)
        .await
        .unwrap();
    assert_eq!(service.get("ana", &id("t1")).await.unwrap().tags, ["Work"]);

    let pool = sqlx::AnyPool::connect(&format!("sqlite://{}", file.path.display()))
        .await
        .unwrap();
    let broken: Vec<_> = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(broken.is_empty(), "dangling references after the migration");
    let ok: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(ok, "ok");
    sqlx::query("INSERT INTO task_search (task_search) VALUES ('integrity-check')")
        .execute(&pool)
        .await
        .expect("the text index matches the tasks");
    std::fs::remove_dir_all(dir).unwrap();
}
