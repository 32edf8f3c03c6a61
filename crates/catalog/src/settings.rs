//! The catalog's section of the settings (`catalog:` in `config/base.yaml`).

pub use kit::settings::{DocumentStoreKind, MongoSettings};
use serde::Deserialize;

/// `catalog` settings.
#[derive(Debug, Clone, Deserialize)]
pub struct CatalogSettings {
    /// Store for `feira serve catalog` (`feira up` always uses SQLite).
    pub store: DocumentStoreKind,
    pub mongodb: MongoSettings,
}
