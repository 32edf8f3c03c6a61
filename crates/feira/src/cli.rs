//! The command line.

use crate::app::{self, Application, ServiceName as Service, Topology};
use crate::settings::Settings;
use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use kit::settings::{DocumentStoreKind, SqlStoreKind};
use secrecy::SecretString;
use std::path::PathBuf;
use std::sync::Arc;

/// Feira: a shop, a static-site deployer and a task manager, as Rust services.
#[derive(Debug, Parser)]
#[command(name = "feira", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the whole platform in one process on embedded SQLite storage, with demo data.
    Up {
        /// Port for the API, docs and web app.
        #[arg(long, env = "FEIRA_PORT")]
        port: Option<u16>,
        /// Folder for the SQLite files.
        #[arg(long, env = "FEIRA_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Run one service on its production backends (distributed mode).
    Serve {
        /// The service to run.
        service: Service,
        /// Port to listen on (default from settings).
        #[arg(long)]
        port: Option<u16>,
        /// Port of the internal listener: service-to-service routes and
        /// `/metrics` (default from settings, `http.internal_port`).
        #[arg(long)]
        internal_port: Option<u16>,
    },
    /// Apply the production stores' schemas and exit: SQL migrations of
    /// identity, orders and notifications, MongoDB indexes of the catalog and
    /// tasks, on the stores their settings name. (Services also apply them at start; this is for operators who
    /// migrate as a separate step.)
    Migrate {
        /// One service, or all of them.
        #[arg(long)]
        service: Option<Service>,
    },
    /// Load the demo data into a store; products already there are left alone.
    Seed {
        /// `sqlite` (the embedded store under --data-dir) or `mongodb` (from settings).
        #[arg(long, value_enum, default_value = "sqlite")]
        store: SeedStore,
        /// Folder for the SQLite files.
        #[arg(long, env = "FEIRA_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
    /// Manage accounts from the command line.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Manage identity's token signing keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Static sites on AWS S3 (System 2).
    Site {
        #[command(subcommand)]
        command: SiteCommand,
    },
}

#[derive(Debug, Subcommand)]
enum SiteCommand {
    /// Sync a folder to an S3 bucket: upload new and changed files (by content
    /// hash), with Content-Type and Cache-Control set; delete removed ones only
    /// with --delete. Credentials and region come from the standard AWS chain.
    Deploy {
        /// The folder to publish, such as web/dist.
        dir: PathBuf,
        #[arg(long)]
        bucket: String,
        /// Key prefix inside the bucket.
        #[arg(long, default_value = "")]
        prefix: String,
        /// Delete objects under the prefix that the folder no longer has.
        #[arg(long)]
        delete: bool,
        /// Print the plan and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Uploads at once.
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
        /// An S3-compatible endpoint instead of AWS (tests, MinIO).
        #[arg(long, env = "AWS_ENDPOINT_URL")]
        endpoint_url: Option<String>,
        /// A CloudFront distribution serving the prefix: invalidate the
        /// changed paths (`/*` past 15).
        #[arg(long)]
        distribution: Option<String>,
        /// Wait for the invalidation to complete.
        #[arg(long, requires = "distribution")]
        wait: bool,
    },
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an admin account, or grant admin to an existing one. The password is
    /// read from FEIRA_ADMIN_PASSWORD or, with --password-stdin, from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// `sqlite` (the embedded store under --data-dir) or `postgres` (from settings).
        #[arg(long, value_enum, default_value = "sqlite")]
        store: AccountStore,
        /// Folder for the SQLite files.
        #[arg(long, env = "FEIRA_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Add a new signing key: it signs from the next reload (within
    /// identity.keys.reload_secs) while the previous key stays published, so
    /// nobody is logged out. Keys older than the previous one are deleted.
    Rotate {
        /// The key folder (default: identity.keys.dir, or <data_dir>/keys).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Folder for the SQLite files (locates the default key folder).
        #[arg(long, env = "FEIRA_DATA_DIR")]
        data_dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AccountStore {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum SeedStore {
    Sqlite,
    Mongodb,
}

/// Parses the command line and runs the command.
pub async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut settings = Settings::load().context("load settings")?;
    // Spans are named after the process: `feira` for `up` and the one-off
    // commands, the service for `serve`. Only `up` keeps spans in memory, for
    // its admin traces page.
    let (process, keep_recent) = match &cli.command {
        Command::Up { .. } => ("feira", true),
        Command::Serve { service, .. } => (service.name(), false),
        _ => ("feira", false),
    };
    let _telemetry = kit::telemetry::init(&settings.telemetry, process, keep_recent);
    match cli.command {
        Command::Up { port, data_dir } => {
            if let Some(port) = port {
                settings.http.port = port;
            }
            if let Some(dir) = data_dir {
                settings.data_dir = dir;
            }
            let app = Application::start(&settings, Topology::Embedded).await?;
            tracing::info!(
                "Feira is up on http://{}:{} (API docs at /docs)",
                settings.http.host,
                app.port()
            );
            app.run_until_stopped().await?;
        }
        Command::Serve {
            service,
            port,
            internal_port,
        } => {
            if let Some(port) = port {
                settings.http.port = port;
            }
            if let Some(port) = internal_port {
                settings.http.internal_port = port;
            }
            tracing::info!(
                service = service.name(),
                "starting; /ready reports start-up"
            );
            Application::start(&settings, Topology::One(service))
                .await?
                .run_until_stopped()
                .await?;
        }
        Command::Site {
            command:
                SiteCommand::Deploy {
                    dir,
                    bucket,
                    prefix,
                    delete,
                    dry_run,
                    concurrency,
                    endpoint_url,
                    distribution,
                    wait,
                },
        } => {
            let s3 = site::client(endpoint_url.as_deref()).await;
            let options = site::Options {
                bucket,
                prefix,
                delete,
                dry_run,
                concurrency,
            };
            let bar = SiteProgress::new();
            let (plan, summary) = site::deploy(&s3, &dir, &options, &|step| bar.step(step)).await?;
            bar.finish();
            if dry_run {
                for file in &plan.uploads {
                    println!("would upload {} ({} bytes)", file.key, file.size);
                }
                for key in &plan.deletes {
                    println!("would delete {key}");
                }
            }
            println!(
                "{}uploaded {}, unchanged {}, deleted {}, {} bytes",
                if dry_run { "dry run: " } else { "" },
                if dry_run {
                    plan.uploads.len()
                } else {
                    summary.uploaded
                },
                summary.unchanged,
                if dry_run {
                    plan.deletes.len()
                } else {
                    summary.deleted
                },
                if dry_run {
                    plan.uploads.iter().map(|f| f.size).sum()
                } else {
                    summary.bytes
                },
            );
            let changed: Vec<String> = plan
                .uploads
                .iter()
                .map(|f| f.key.clone())
                .chain(plan.deletes.iter().cloned())
                .collect();
            if let (Some(distribution), false, false) = (distribution, dry_run, changed.is_empty())
            {
                let paths = site::invalidation_paths(&changed, &options.prefix);
                let cloudfront = site::cloudfront_client(endpoint_url.as_deref()).await;
                let id = site::invalidate(&cloudfront, &distribution, &paths, wait).await?;
                println!(
                    "invalidation {id} on {distribution}: {} path(s){}",
                    paths.len(),
                    if wait { ", completed" } else { "" }
                );
            }
        }
        Command::Migrate { service } => {
            for service in service.map_or(Service::ALL.to_vec(), |s| vec![s]) {
                app::migrate(&settings, service).await?;
                println!("migrated {}", service.name());
            }
        }
        Command::Seed { store, data_dir } => {
            if let Some(dir) = data_dir {
                settings.data_dir = dir;
            }
            settings.catalog.store = match store {
                SeedStore::Sqlite => DocumentStoreKind::Sqlite,
                SeedStore::Mongodb => DocumentStoreKind::Mongodb,
            };
            let products =
                catalog::store::open(&settings.catalog, &app::command_deps(&settings)).await?;
            let added = catalog::seed(products.as_ref()).await?;
            println!("catalog: {added} demo products added");
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    name,
                    password_stdin,
                    store,
                    data_dir,
                },
        } => {
            if let Some(dir) = data_dir {
                settings.data_dir = dir;
            }
            settings.identity.store = match store {
                AccountStore::Sqlite => SqlStoreKind::Sqlite,
                AccountStore::Postgres => SqlStoreKind::Postgres,
            };
            let password = read_password(password_stdin)?;
            let deps = app::command_deps(&settings);
            let users = Arc::new(identity::store::open(&settings.identity, &deps).await?);
            let local = identity::local(&settings.identity, &settings.auth, &deps, users, None)?;
            let (user, created) = local
                .accounts
                .ensure_user(&email, &name, password, true)
                .await
                .map_err(|e| match e {
                    identity::service::ServiceError::Validation(errors) => anyhow::anyhow!(
                        "{}",
                        errors
                            .iter()
                            .map(|e| format!("{}: {}", e.field, e.message))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                    other => anyhow::anyhow!(other),
                })?;
            let verb = if created {
                "created"
            } else {
                "granted admin to existing account"
            };
            println!("{verb}: {} ({})", user.email, user.id);
        }
        Command::Keys {
            command: KeysCommand::Rotate { dir, data_dir },
        } => {
            if let Some(data_dir) = data_dir {
                settings.data_dir = data_dir;
            }
            let dir = dir.unwrap_or_else(|| settings.identity.keys_dir(&settings.data_dir));
            let kid = identity::domain::keys::rotate(&dir)?;
            println!(
                "new signing key {kid} in {}; it signs once the service reloads its keys (within {} s)",
                dir.display(),
                settings.identity.keys.reload_secs
            );
        }
    }
    tracing::info!("stopped");
    Ok(())
}

/// The admin password: from standard input or FEIRA_ADMIN_PASSWORD, never from
/// an argument (arguments are visible to every user of the machine).
fn read_password(from_stdin: bool) -> anyhow::Result<SecretString> {
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("read the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        std::env::var("FEIRA_ADMIN_PASSWORD").map_err(|_| {
            anyhow::anyhow!(
                "set FEIRA_ADMIN_PASSWORD or pass --password-stdin to give the password"
            )
        })?
    };
    Ok(SecretString::from(password))
}

/// `feira site deploy`'s progress: a bar on a terminal, a line per file
/// otherwise (CI logs keep what was uploaded).
struct SiteProgress {
    bar: indicatif::ProgressBar,
    terminal: bool,
    done: std::sync::atomic::AtomicUsize,
    bytes: std::sync::atomic::AtomicU64,
}

impl SiteProgress {
    fn new() -> Self {
        use std::io::IsTerminal;
        Self {
            bar: indicatif::ProgressBar::hidden(),
            terminal: std::io::stderr().is_terminal(),
            done: std::sync::atomic::AtomicUsize::new(0),
            bytes: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn step(&self, step: site::Step<'_>) {
        match step {
            site::Step::Planned { uploads, deletes } if self.terminal => {
                self.bar.set_length((uploads + deletes) as u64);
                self.bar
                    .set_draw_target(indicatif::ProgressDrawTarget::stderr());
                self.bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{bar:30} {pos}/{len} files, {msg} ({elapsed})",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
            }
            site::Step::Planned { .. } => {}
            site::Step::Done { key, bytes } => {
                use std::sync::atomic::Ordering::Relaxed;
                let n = self.done.fetch_add(1, Relaxed) + 1;
                let total = self.bytes.fetch_add(bytes, Relaxed) + bytes;
                if self.terminal {
                    self.bar.inc(1);
                    self.bar
                        .set_message(format!("{} sent, {key}", indicatif::HumanBytes(total)));
                } else {
                    eprintln!("[{n}] {key}");
                }
            }
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
