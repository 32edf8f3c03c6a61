//! Service credentials for tests that run the services apart: identity's
//! client registry and orders' secret file, written into a test folder.

use std::path::{Path, PathBuf};

/// The files a deployment mounts as secrets.
pub struct Credentials {
    /// identity.service_clients_file
    pub clients_file: PathBuf,
    /// orders.service_auth.secret_file
    pub orders_secret_file: PathBuf,
}

/// Writes a registry granting orders the catalog's internal scopes, and a
/// `probe` client with grants elsewhere (another audience, another catalog
/// scope), each with a fresh secret.
pub fn write(dir: &Path, orders_secret: &str, probe_secret: &str) -> Credentials {
    std::fs::create_dir_all(dir).unwrap();
    let registry = serde_json::json!({"clients": [
        {"id": "orders", "secret_sha256": identity::domain::clients::secret_digest(orders_secret),
         "grants": {"catalog": ["catalog:reservations", "catalog:products"]}},
        {"id": "probe", "secret_sha256": identity::domain::clients::secret_digest(probe_secret),
         "grants": {"orders": ["orders:read"], "catalog": ["catalog:other"]}},
    ]});
    let clients_file = dir.join("service-clients.json");
    std::fs::write(&clients_file, registry.to_string()).unwrap();
    let orders_secret_file = dir.join("orders-client-secret");
    std::fs::write(&orders_secret_file, orders_secret).unwrap();
    Credentials {
        clients_file,
        orders_secret_file,
    }
}
