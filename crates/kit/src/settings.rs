//! Typed settings: built-in defaults, then `config/base.yaml`, then
//! `config/<env>.yaml`, then `FEIRA_SECTION__KEY` environment variables.
//!
//! `FEIRA_ENV` names the environment (`local` unless set) and `FEIRA_CONFIG_DIR`
//! the folder (`config` unless set). Files are optional so the binary runs from
//! anywhere; the defaults are compiled in by the caller.
//!
//! `FEIRA_SECRETS_DIR` names a folder of secrets mounted as files (a
//! Kubernetes Secret volume): each file named like a setting's variable
//! (`FEIRA_ORDERS__POSTGRES__URL`) gives that setting its contents, a final
//! newline trimmed, so credentials need not be in the environment. A variable
//! of the same name wins; other names in the folder are ignored.

use secrecy::SecretString;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::net::IpAddr;

/// A setting that is missing or malformed. The message names the key.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct SettingsError(#[from] config::ConfigError);

/// Loads settings of type `T` from `defaults_yaml` and the layers above it.
pub fn load<T: DeserializeOwned>(defaults_yaml: &str) -> Result<T, SettingsError> {
    load_from(defaults_yaml, std::env::vars())
}

/// As [`load`] with an explicit environment, so tests need not touch the process's.
pub fn load_from<T: DeserializeOwned>(
    defaults_yaml: &str,
    vars: impl IntoIterator<Item = (String, String)>,
) -> Result<T, SettingsError> {
    let mut vars: std::collections::HashMap<String, String> = vars.into_iter().collect();
    if let Some(dir) = vars.get("FEIRA_SECRETS_DIR").cloned() {
        for (name, value) in secret_files(std::path::Path::new(&dir))? {
            vars.entry(name).or_insert(value);
        }
    }
    let env_name = vars
        .get("FEIRA_ENV")
        .cloned()
        .unwrap_or_else(|| "local".to_owned());
    let dir = vars
        .get("FEIRA_CONFIG_DIR")
        .cloned()
        .unwrap_or_else(|| "config".to_owned());
    let settings = config::Config::builder()
        .add_source(config::File::from_str(
            defaults_yaml,
            config::FileFormat::Yaml,
        ))
        .add_source(config::File::with_name(&format!("{dir}/base")).required(false))
        .add_source(config::File::with_name(&format!("{dir}/{env_name}")).required(false))
        .add_source(
            config::Environment::with_prefix("FEIRA")
                .prefix_separator("_")
                .separator("__")
                .try_parsing(true)
                .source(Some(vars.into_iter().collect())),
        )
        .build()?;
    Ok(settings.try_deserialize()?)
}

/// The settings in a secrets folder: regular files (or links to them, as a
/// Secret volume has) whose names are `FEIRA_` variables.
fn secret_files(dir: &std::path::Path) -> Result<Vec<(String, String)>, SettingsError> {
    let unreadable = |e: std::io::Error| {
        SettingsError(config::ConfigError::Message(format!(
            "FEIRA_SECRETS_DIR {}: {e}",
            dir.display()
        )))
    };
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        // `std::fs::metadata` follows links; the `..data` folders are skipped.
        if !name.starts_with("FEIRA_") || !std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let value = std::fs::read_to_string(&path).map_err(unreadable)?;
        let value = value.strip_suffix('\n').unwrap_or(&value);
        let value = value.strip_suffix('\r').unwrap_or(value);
        found.push((name.to_owned(), value.to_owned()));
    }
    Ok(found)
}

/// `http` settings of a listening service.
#[derive(Debug, Clone, Deserialize)]
pub struct HttpSettings {
    /// Address to bind, such as `127.0.0.1` or `0.0.0.0`.
    pub host: IpAddr,
    /// Port to bind; 0 picks a free one.
    pub port: u16,
    /// Port of the internal listener (service-to-service routes and
    /// `/metrics`), on the same address; 0 picks a free one.
    pub internal_port: u16,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// A request still running after this many seconds is answered 408.
    pub request_timeout_secs: u64,
}

/// A PostgreSQL connection.
#[derive(Debug, Clone, Deserialize)]
pub struct PostgresSettings {
    /// May hold credentials: never logged.
    pub url: SecretString,
    pub max_connections: u32,
}

/// Which SQL database backs a service (identity, orders, notifications):
/// PostgreSQL in distributed mode, a SQLite file under `data_dir` embedded.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SqlStoreKind {
    Postgres,
    Sqlite,
}

/// Which store backs a document service (catalog, tasks): MongoDB in
/// distributed mode, a SQLite file under `data_dir` embedded.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DocumentStoreKind {
    Sqlite,
    Mongodb,
}

/// A MongoDB connection.
#[derive(Debug, Clone, Deserialize)]
pub struct MongoSettings {
    /// Connection string; may hold credentials, so it is never logged.
    pub url: SecretString,
    pub database: String,
}

/// `auth` settings: which issuer's tokens this service accepts.
#[derive(Debug, Clone, Deserialize)]
pub struct AuthSettings {
    /// Expected `iss` claim.
    pub issuer: String,
    /// Expected `aud` claim (Cognito access tokens: `client_id`).
    pub audience: String,
    /// Where the issuer publishes its keys; unset means no token is accepted.
    pub jwks_url: Option<String>,
    /// A token naming an unknown key refetches the JWKS at most this often.
    #[serde(default = "default_min_refetch")]
    pub jwks_min_refetch_secs: u64,
}

fn default_min_refetch() -> u64 {
    30
}

/// A connection URL that may hold credentials: never printed.
#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseUrl(pub SecretString);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Sample {
        http: HttpSettings,
    }

    const DEFAULTS: &str = "http:\n  host: 127.0.0.1\n  port: 8080\n  internal_port: 8081\n  body_limit_bytes: 1024\n  request_timeout_secs: 5\n";

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        v.push(("FEIRA_CONFIG_DIR".into(), "/nonexistent".into()));
        v
    }

    #[test]
    fn environment_overrides_defaults() {
        let s: Sample = load_from(DEFAULTS, env(&[("FEIRA_HTTP__PORT", "9090")])).unwrap();
        assert_eq!(s.http.port, 9090);
        assert_eq!(s.http.body_limit_bytes, 1024);
    }

    /// A folder laid out as a Kubernetes Secret volume: the visible names
    /// are links into a hidden timestamped folder, beside `..data`.
    #[test]
    fn a_secrets_folder_gives_settings_and_the_environment_wins() {
        let dir = std::env::temp_dir().join(format!("feira-secrets-{}", uuid::Uuid::now_v7()));
        let data = dir.join("..2026_12_04_19_00_00.1");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(data.join("FEIRA_HTTP__PORT"), "9191\n").unwrap();
        std::fs::write(data.join("FEIRA_HTTP__BODY_LIMIT_BYTES"), "2048").unwrap();
        std::fs::write(data.join("not-a-setting"), "x").unwrap();
        std::os::unix::fs::symlink(&data, dir.join("..data")).unwrap();
        for name in [
            "FEIRA_HTTP__PORT",
            "FEIRA_HTTP__BODY_LIMIT_BYTES",
            "not-a-setting",
        ] {
            std::os::unix::fs::symlink(dir.join("..data").join(name), dir.join(name)).unwrap();
        }
        let folder = dir.to_str().unwrap();
        let s: Sample = load_from(DEFAULTS, env(&[("FEIRA_SECRETS_DIR", folder)])).unwrap();
        assert_eq!((s.http.port, s.http.body_limit_bytes), (9191, 2048));
        let s: Sample = load_from(
            DEFAULTS,
            env(&[("FEIRA_SECRETS_DIR", folder), ("FEIRA_HTTP__PORT", "7070")]),
        )
        .unwrap();
        assert_eq!(s.http.port, 7070);
        let missing = load_from::<Sample>(
            DEFAULTS,
            env(&[("FEIRA_SECRETS_DIR", "/nonexistent/secrets")]),
        )
        .unwrap_err()
        .to_string();
        assert!(missing.contains("FEIRA_SECRETS_DIR"), "{missing}");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_bad_setting_names_its_key() {
        let err = load_from::<Sample>(DEFAULTS, env(&[("FEIRA_HTTP__PORT", "eighty")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("http.port"), "{err}");
    }
}
