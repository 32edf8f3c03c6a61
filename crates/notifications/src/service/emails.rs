//! The emails written as `.eml` files when no SMTP server is configured
//! (embedded mode), for the admin area to show.

use super::error::invalid;
use super::{Notifications, Result, ServiceError};
use kit::Timestamp;
use serde::Serialize;
use std::path::Path;
use utoipa::ToSchema;

/// An email written to a file.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmailFile {
    /// File name; `GET /admin/emails/{name}` returns it.
    pub name: String,
    pub bytes: u64,
    pub modified: Option<Timestamp>,
}

impl Notifications {
    fn emails_dir(&self) -> Result<&Path> {
        self.emails_dir.as_deref().ok_or(ServiceError::NoEmailFiles)
    }

    /// The email files, newest first.
    pub async fn email_files(&self) -> Result<Vec<EmailFile>> {
        let dir = self.emails_dir()?;
        let mut files = Vec::new();
        let mut entries = tokio::fs::read_dir(dir).await?;
        while let Some(entry) = entries.next_entry().await? {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".eml") {
                continue;
            }
            let meta = entry.metadata().await?;
            files.push(EmailFile {
                name,
                bytes: meta.len(),
                modified: meta
                    .modified()
                    .ok()
                    .map(|t| Timestamp::from(time::OffsetDateTime::from(t))),
            });
        }
        files.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.name.cmp(&a.name)));
        Ok(files)
    }

    /// The email file `name`, as written (`message/rfc822`).
    pub async fn email_file(&self, name: &str) -> Result<Vec<u8>> {
        // Only plain names, so nothing outside the folder can be read.
        let valid = name.ends_with(".eml")
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !name.contains("..");
        if !valid {
            return Err(invalid("name", "must be an .eml file name"));
        }
        let path = self.emails_dir()?.join(name);
        tokio::fs::read(&path)
            .await
            .map_err(|_| ServiceError::EmailNotFound)
    }
}
