//! The journal of what labguide created in AWS: one JSON line per resource, appended and
//! flushed to disk the moment the create call has answered, so a crash a second later
//! loses nothing and cleanup can tell the learner's resources by provenance, not by name.
//! Append-only (never rewritten) so it needs no lock against the progress saver, and a
//! line cut short by a crash spoils only itself.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The journal, inside the state folder.
pub const CREATED_FILE: &str = "created.jsonl";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Created {
    /// `training_job`, `processing_job`, `bucket`, `object`, ...
    pub kind: String,
    pub name: String,
    /// The step whose action created it.
    pub step: String,
    pub region: String,
    /// Seconds since the Unix epoch.
    pub at: f64,
}

/// Appends one record and waits until it is on disk.
pub fn record(state_dir: &Path, entry: &Created) -> std::io::Result<()> {
    std::fs::create_dir_all(state_dir)?;
    let path = state_dir.join(CREATED_FILE);
    let mut line = vec![];
    // A line a crash cut short gets its end here, so this record starts a line of its own.
    if ends_torn(&path)? {
        line.push(b'\n');
    }
    line.extend(serde_json::to_vec(entry).map_err(std::io::Error::other)?);
    line.push(b'\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)?;
    // One write of the whole line: appends of other writers never land inside it.
    file.write_all(&line)?;
    file.sync_data()
}

fn ends_torn(path: &Path) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// Every record that reads back whole, oldest first; a damaged line is skipped.
pub fn read(state_dir: &Path) -> Vec<Created> {
    let Ok(text) = std::fs::read_to_string(state_dir.join(CREATED_FILE)) else {
        return vec![];
    };
    text.lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_survive_and_a_torn_line_spoils_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let a = Created {
            kind: "training_job".into(),
            name: "lg-kim-lab3-amp-20261202-051500".into(),
            step: "lab3-training".into(),
            region: "us-east-1".into(),
            at: 1.0,
        };
        record(dir.path(), &a).unwrap();
        // A crash in the middle of a later write.
        std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join(CREATED_FILE))
            .unwrap()
            .write_all(b"{\"kind\":\"endp")
            .unwrap();
        let b = Created {
            name: "lg-kim-lab3-fp32-20261202-051600".into(),
            ..a.clone()
        };
        record(dir.path(), &b).unwrap();
        assert_eq!(read(dir.path()), vec![a, b]);
    }
}
