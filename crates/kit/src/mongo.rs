//! Opening a MongoDB database the way every service does.

use anyhow::Context;
use mongodb::bson::doc;
use mongodb::{Client, Database};

/// Connects to `url` and returns database `name` once the server answers a
/// ping. No server answering is marked [`crate::startup::Unreachable`] (worth
/// waiting for); anything else, such as bad credentials, is a misconfiguration.
pub async fn connect(url: &str, name: &str) -> anyhow::Result<Database> {
    let client = Client::with_uri_str(url)
        .await
        .context("connect to MongoDB")?;
    let db = client.database(name);
    if let Err(error) = db.run_command(doc! {"ping": 1}).await {
        return Err(match *error.kind {
            mongodb::error::ErrorKind::ServerSelection { .. }
            | mongodb::error::ErrorKind::Io(_) => {
                anyhow::Error::new(crate::startup::Unreachable(error.to_string()))
            }
            _ => anyhow::Error::new(error),
        })
        .context("connect to MongoDB");
    }
    Ok(db)
}
