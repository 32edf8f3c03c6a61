//! Tasks' section of the settings (`tasks:` in `config/base.yaml`).

pub use kit::settings::{DocumentStoreKind, MongoSettings};
use serde::Deserialize;

/// `tasks` settings.
#[derive(Debug, Clone, Deserialize)]
pub struct TasksSettings {
    /// Store for `feira serve tasks` (`feira up` always uses SQLite).
    pub store: DocumentStoreKind,
    pub mongodb: MongoSettings,
    /// Days a deleted task stays restorable before it is removed for good
    /// (ADR 0036). Default 30.
    #[serde(default = "default_retention_days")]
    pub deleted_retention_days: u32,
    /// Seconds between sweeps that remove deleted tasks past their
    /// retention. Default 3600.
    #[serde(default = "default_purge_every_secs")]
    pub deleted_purge_every_secs: u64,
}

fn default_retention_days() -> u32 {
    30
}

fn default_purge_every_secs() -> u64 {
    3600
}

impl TasksSettings {
    /// How long a deleted task stays restorable.
    pub fn deleted_retention(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.deleted_retention_days) * 86_400)
    }
}
