//! The tasks store's SQLite files: its data folder is readable by its owner
//! only (0700), its database and WAL files too (0600), even when the folder
//! was made wider before.

use kit::testing::TempDir;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

/// The permission bits of `path`, in octal as `ls` shows them.
fn mode(path: &Path) -> String {
    format!(
        "{:o}",
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    )
}

#[tokio::test]
async fn the_data_folder_and_database_files_are_readable_by_their_owner_only() {
    let scratch = TempDir::new("feira-tasks-files");
    let data_dir = scratch.path.join("data");
    std::fs::create_dir(&data_dir).unwrap();
    std::fs::set_permissions(&data_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let settings = tasks::settings::TasksSettings {
        store: kit::settings::DocumentStoreKind::Sqlite,
        mongodb: kit::settings::MongoSettings {
            url: String::new().into(),
            database: "tasks".to_owned(),
        },
        deleted_retention_days: 30,
        deleted_purge_every_secs: 3600,
    };
    let deps = kit::Deps {
        mode: kit::Mode::Embedded,
        data_dir: data_dir.clone(),
        verifier: Arc::new(kit::testing::TestIssuer::new().verifier()),
        startup: kit::startup::Startup::FailFast,
    };
    let _service = tasks::start(&settings, &deps).await.unwrap();
    assert_eq!(mode(&data_dir), "700", "the data folder");
    for name in ["tasks.db", "tasks.db-wal", "tasks.db-shm"] {
        assert_eq!(mode(&data_dir.join(name)), "600", "{name}");
    }
}
