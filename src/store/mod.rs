//! What labguide keeps on disk, one folder per workshop (the state folder): the
//! learner's progress, the simulated AWS's resources, the lock that keeps a second
//! labguide out, and the log. Nothing else in the crate opens these files.

pub mod created;
mod lock;
pub mod log;
pub mod progress;

use std::io::Write;
use std::path::Path;

pub use lock::{LockError, lock};

/// The simulated AWS keeps what it was asked to create here, inside the state folder.
pub const SIM_FILE: &str = "sim.json";

/// Writes `bytes` to `path` so that readers see either the old file or the new one whole
/// (a temporary file renamed over the old one).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Removes a file; one that is not there is not an error.
pub fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Forgets the learner's progress and the simulated AWS (after `--reset` was confirmed).
pub fn reset(state_dir: &Path) -> std::io::Result<()> {
    // Both go even when the first fails; the first failure is the one told.
    let progress = progress::reset(state_dir);
    let sim = remove_if_there(&state_dir.join(SIM_FILE));
    progress.and(sim)
}
