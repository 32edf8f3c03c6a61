//! The command line.

use crate::app::{self, Application};
use crate::settings::{Settings, StoreKind};
use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Service {
    /// Products, categories, search and stock reservations.
    Catalog,
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
    kit::telemetry::init(&settings.telemetry);
    match cli.command {
        Command::Up { port, data_dir } => {
            if let Some(port) = port {
                settings.http.port = port;
            }
            if let Some(dir) = data_dir {
                settings.data_dir = dir;
            }
            let app = Application::embedded(&settings).await?;
            tracing::info!(
                "Feira is up on http://{}:{} (API docs at /docs)",
                settings.http.host,
                app.port()
            );
            app.run_until_stopped().await?;
        }
        Command::Serve { service, port } => {
            if let Some(port) = port {
                settings.http.port = port;
            }
            let app = match service {
                Service::Catalog => Application::catalog(&settings).await?,
            };
            tracing::info!(service = ?service, port = app.port(), "serving");
            app.run_until_stopped().await?;
        }
        Command::Seed { store, data_dir } => {
            if let Some(dir) = data_dir {
                settings.data_dir = dir;
            }
            settings.catalog.store = match store {
                SeedStore::Sqlite => StoreKind::Sqlite,
                SeedStore::Mongodb => StoreKind::Mongodb,
            };
            let products = app::catalog_store(&settings).await?;
            let added = catalog::seed(products.as_ref()).await?;
            println!("catalog: {added} demo products added");
        }
    }
    tracing::info!("stopped");
    Ok(())
}
