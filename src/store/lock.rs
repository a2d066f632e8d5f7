//! One labguide per state folder: two would overwrite each other's progress.

use std::path::Path;

pub const FILE_NAME: &str = "labguide.lock";

pub enum LockError {
    /// Another labguide holds the folder.
    Held,
    Io(std::io::Error),
}

/// Holds `<state_dir>/labguide.lock` for as long as the returned file lives.
pub fn lock(state_dir: &Path) -> Result<std::fs::File, LockError> {
    std::fs::create_dir_all(state_dir).map_err(LockError::Io)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(state_dir.join(FILE_NAME))
        .map_err(LockError::Io)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(LockError::Held),
        Err(std::fs::TryLockError::Error(e)) => Err(LockError::Io(e)),
    }
}
