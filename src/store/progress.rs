//! The learner's progress on disk: written atomically so a dropped SSH session or a
//! crash never leaves half a file, and read back at the next start. A damaged file is
//! kept aside, never silently overwritten.

use std::path::{Path, PathBuf};

use crate::app::Progress;

pub const FILE_NAME: &str = "progress.json";

/// What loading found.
#[derive(Debug, PartialEq)]
pub enum Loaded {
    Fresh,
    Restored(Progress),
    /// The file could not be read as progress; it was moved to `kept_as`.
    Corrupt {
        kept_as: PathBuf,
        error: String,
    },
}

pub fn path_in(state_dir: &Path) -> PathBuf {
    state_dir.join(FILE_NAME)
}

/// Reads the progress file. A damaged file is renamed aside (with the time in its name)
/// so the learner can inspect it, and the caller starts fresh.
pub fn load(state_dir: &Path, workshop: &str) -> Loaded {
    let path = path_in(state_dir);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Fresh,
        Err(e) => return keep_aside(&path, e.to_string()),
    };
    match serde_json::from_slice::<Progress>(&bytes) {
        Ok(p) if p.version == Progress::VERSION && p.workshop == workshop => Loaded::Restored(p),
        // Progress of another workshop is not ours to use, nor to overwrite.
        Ok(p) if p.workshop != workshop => keep_aside(
            &path,
            format!("progress of another workshop ({})", p.workshop),
        ),
        Ok(p) => keep_aside(&path, format!("unknown version {}", p.version)),
        Err(e) => keep_aside(&path, e.to_string()),
    }
}

/// Reads the progress file without changing anything on disk, for headless commands.
/// Anything unreadable counts as no progress.
pub fn peek(state_dir: &Path, workshop: &str) -> Option<Progress> {
    let bytes = std::fs::read(path_in(state_dir)).ok()?;
    serde_json::from_slice::<Progress>(&bytes)
        .ok()
        .filter(|p| p.version == Progress::VERSION && p.workshop == workshop)
}

fn keep_aside(path: &Path, error: String) -> Loaded {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let kept_as = path.with_file_name(format!("{FILE_NAME}.corrupt-{stamp}"));
    match std::fs::rename(path, &kept_as) {
        Ok(()) => Loaded::Corrupt { kept_as, error },
        Err(e) => Loaded::Corrupt {
            kept_as: path.to_path_buf(),
            error: format!("{error}; could not move it aside: {e}"),
        },
    }
}

pub fn save(state_dir: &Path, progress: &Progress) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(progress).map_err(std::io::Error::other)?;
    super::write_atomic(&path_in(state_dir), &bytes)
}

/// Removes saved progress (after the learner confirmed `--reset`).
pub fn reset(state_dir: &Path) -> std::io::Result<()> {
    super::remove_if_there(&path_in(state_dir))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{SavedState, ScrollPos};
    use crate::i18n::Lang;

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Progress::new("w");
        p.lang = Some(Lang::Ko);
        p.current = Some("setup-stack".into());
        p.steps.insert("setup-welcome".into(), SavedState::Done);
        p.scroll.insert(
            "setup-stack".into(),
            ScrollPos {
                block: 3,
                offset: 1,
            },
        );
        save(dir.path(), &p).unwrap();
        assert_eq!(load(dir.path(), "w"), Loaded::Restored(p));
    }

    #[test]
    fn missing_is_fresh() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path(), "w"), Loaded::Fresh);
    }

    #[test]
    fn corrupt_file_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            path_in(dir.path()),
            b"{\"version\": 1, \"workshop\": \"w\", trunc",
        )
        .unwrap();
        let Loaded::Corrupt { kept_as, .. } = load(dir.path(), "w") else {
            panic!("expected corrupt");
        };
        assert!(kept_as.exists(), "the damaged file is kept");
        assert!(!path_in(dir.path()).exists(), "and moved out of the way");
        assert_eq!(load(dir.path(), "w"), Loaded::Fresh);
    }

    #[test]
    fn other_workshops_progress_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), &Progress::new("other")).unwrap();
        let Loaded::Corrupt { kept_as, .. } = load(dir.path(), "w") else {
            panic!("expected the file to be kept aside");
        };
        assert!(kept_as.exists());
    }
}
