//! Tasks' section of the settings (`tasks:` in `config/base.yaml`).

pub use kit::settings::{DocumentStoreKind, MongoSettings};
use serde::Deserialize;

/// `tasks` settings.
#[derive(Debug, Clone, Deserialize)]
pub struct TasksSettings {
    /// Store for `feira serve tasks` (`feira up` always uses SQLite).
    pub store: DocumentStoreKind,
    pub mongodb: MongoSettings,
}
