//! Data files private to their owner, whatever store writes them.

use anyhow::Context;
use std::path::Path;

/// Makes the SQLite database at `path` readable and writable by its owner
/// only (0600), as the signing keys are: it is created so when missing, and
/// an existing file, `-wal` or `-shm` with a wider mode is narrowed. SQLite
/// gives the `-wal` and `-shm` files it creates the database file's mode, so
/// creating the file first is what keeps them private from the start. A file
/// this process may not change (another user's) is left as it is, with a
/// warning: the operator decides who owns the data folder.
pub fn restrict_sqlite_files(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(e).with_context(|| format!("create the database {}", path.display()));
            }
        }
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let file = std::path::PathBuf::from(name);
            let mode = match std::fs::metadata(&file) {
                Ok(meta) => meta.permissions().mode(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e).with_context(|| format!("read {}", file.display())),
            };
            if mode & 0o077 != 0
                && let Err(e) =
                    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
            {
                tracing::warn!(file = %file.display(), error = %e, "could not make the database file private (0600)");
            }
        }
    }
    Ok(())
}
