//! The binary's settings: the kit's sections plus one per service.

use kit::settings::{AuthSettings, HttpSettings};
use kit::telemetry::TelemetrySettings;
use secrecy::SecretString;
use serde::Deserialize;
use std::path::PathBuf;

/// The defaults compiled into the binary, so it runs from any directory.
pub const DEFAULTS: &str = include_str!("../../../config/base.yaml");

/// Everything `feira` reads at start-up.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    pub http: HttpSettings,
    pub telemetry: TelemetrySettings,
    /// Folder of the embedded SQLite files.
    pub data_dir: PathBuf,
    /// The web app's production build, served by `feira up`.
    pub web: WebSettings,
    pub auth: AuthSettings,
    pub catalog: catalog::settings::CatalogSettings,
    pub identity: identity::settings::IdentitySettings,
    pub orders: orders::settings::OrdersSettings,
    pub bus: BusSettings,
    pub notifications: notifications::settings::NotificationsSettings,
    pub tasks: tasks::settings::TasksSettings,
}

/// `web` settings: the React app's build.
#[derive(Debug, Clone, Deserialize)]
pub struct WebSettings {
    /// Folder holding `index.html` and `assets/` (`npm run build` in `web/`).
    /// Without it `feira up` serves a plain landing page instead.
    pub dir: PathBuf,
}

/// `bus` settings: the broker of distributed mode.
#[derive(Debug, Clone, Deserialize)]
pub struct BusSettings {
    /// AMQP URL; may hold credentials, so it is never logged. Empty: no broker.
    pub amqp_url: SecretString,
}

impl Settings {
    /// Defaults, files, then `FEIRA_*` variables; a bad value names its key.
    pub fn load() -> Result<Self, kit::settings::SettingsError> {
        kit::settings::load(DEFAULTS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_defaults_parse() {
        let s: Settings = kit::settings::load_from(
            DEFAULTS,
            [("FEIRA_CONFIG_DIR".to_owned(), "/nonexistent".to_owned())],
        )
        .unwrap();
        assert_eq!(s.http.port, 8080);
        assert_eq!(s.catalog.store, kit::settings::DocumentStoreKind::Mongodb);
    }

    /// Settings as a deployment gets them: the repository's `config/`
    /// files for `env`, then `vars`.
    fn deployed(env: &str, vars: &[(&str, &str)]) -> Settings {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../config");
        let mut all = vec![
            ("FEIRA_CONFIG_DIR".to_owned(), dir.to_owned()),
            ("FEIRA_ENV".to_owned(), env.to_owned()),
        ];
        all.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        kit::settings::load_from(DEFAULTS, all).unwrap()
    }

    /// Each deployment counts its proxies (ADR 33, deploy/README.md).
    #[test]
    fn each_deployment_trusts_the_proxies_it_has() {
        use kit::ratelimit::{ClientIp, ClientIpSource};
        let embedded = deployed("local", &[]).identity.rate_limits.client_ip();
        assert_eq!(embedded.source, ClientIpSource::Peer);
        // The image behind the nginx gateway, as compose.yaml runs it.
        let nginx = deployed("production", &[]).identity.rate_limits.client_ip();
        assert_eq!(
            nginx,
            ClientIp {
                source: ClientIpSource::XForwardedFor,
                trusted_hops: 1
            }
        );
        // The AWS stacks' variable: CloudFront and the ALB.
        let aws = deployed(
            "production",
            &[("FEIRA_IDENTITY__RATE_LIMITS__TRUSTED_PROXY_HOPS", "2")],
        );
        assert_eq!(aws.identity.rate_limits.client_ip().trusted_hops, 2);
    }

    /// Every key of `config/base.yaml`, as its environment variable.
    fn environment_variables(prefix: &str, value: &serde_json::Value, out: &mut Vec<String>) {
        match value.as_object() {
            Some(map) => {
                for (key, inner) in map {
                    environment_variables(&format!("{prefix}__{}", key.to_uppercase()), inner, out);
                }
            }
            None => out.push(prefix.to_owned()),
        }
    }

    #[test]
    fn operations_guide_lists_every_setting() {
        let defaults: serde_json::Value = kit::settings::load_from(
            DEFAULTS,
            [("FEIRA_CONFIG_DIR".to_owned(), "/nonexistent".to_owned())],
        )
        .unwrap();
        let mut names = Vec::new();
        for (section, value) in defaults.as_object().unwrap() {
            environment_variables(
                &format!("FEIRA_{}", section.to_uppercase()),
                value,
                &mut names,
            );
        }
        let guide = include_str!("../../../docs/operations.md");
        let missing: Vec<_> = names
            .iter()
            .filter(|name| !guide.contains(&format!("`{name}`")))
            .collect();
        assert!(names.len() > 50, "{names:?}");
        assert!(missing.is_empty(), "docs/operations.md lacks {missing:?}");
    }
}
