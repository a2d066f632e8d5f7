//! Where a workshop's files come from: the workshop built into the binary (so labguide
//! runs from anywhere, offline), or a folder given with `--content`.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

static EMBEDDED_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static EMBEDDED_ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The shipped workshop, compiled in.
    Embedded,
    /// A content folder on disk (holding workshop.toml, ko/ and en/).
    Dir(PathBuf),
}

impl Source {
    /// A file of the content, by its path inside the content folder.
    pub fn read(&self, rel: &str) -> std::io::Result<String> {
        match self {
            Source::Embedded => embedded(&EMBEDDED_CONTENT, rel),
            Source::Dir(dir) => std::fs::read_to_string(dir.join(rel)),
        }
    }

    /// A file the content refers to (a template, say), by its path relative to the
    /// project folder that holds the content folder: `assets/...` for the shipped one.
    pub fn read_project_file(&self, rel: &str) -> std::io::Result<String> {
        match self {
            Source::Embedded => match rel.strip_prefix("assets/") {
                Some(inner) => embedded(&EMBEDDED_ASSETS, inner),
                None => Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    rel.to_string(),
                )),
            },
            Source::Dir(dir) => {
                let base = dir.parent().unwrap_or(Path::new("."));
                std::fs::read_to_string(base.join(rel))
            }
        }
    }

    /// Every file under a project folder (`assets/labs/lab3-pets`), as (path inside the
    /// folder, bytes), sorted by path: what a lab's code pack holds. Tests, caches and
    /// hidden files stay out: they are ours, not the job's.
    pub fn project_files(&self, rel: &str) -> std::io::Result<Vec<(String, Vec<u8>)>> {
        let mut out = vec![];
        match self {
            Source::Embedded => {
                let inner = rel.strip_prefix("assets/").ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::NotFound, rel.to_string())
                })?;
                let dir = EMBEDDED_ASSETS.get_dir(inner).ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::NotFound, rel.to_string())
                })?;
                collect_embedded(dir, inner, &mut out);
            }
            Source::Dir(dir) => {
                let base = dir.parent().unwrap_or(Path::new(".")).join(rel);
                collect_disk(&base, "", &mut out)?;
            }
        }
        out.retain(|(path, _)| packable(path));
        out.sort();
        Ok(out)
    }

    /// How to name a content file in a message.
    pub fn display(&self, rel: &str) -> PathBuf {
        match self {
            Source::Embedded => Path::new("content").join(rel),
            Source::Dir(dir) => dir.join(rel),
        }
    }
}

/// Whether a file of a lab's folder belongs in its code pack.
fn packable(path: &str) -> bool {
    !path.split('/').any(|part| {
        part.starts_with('.') || part == "__pycache__" || part == "tests" || part.ends_with(".pyc")
    })
}

fn collect_embedded(dir: &Dir<'static>, root: &str, out: &mut Vec<(String, Vec<u8>)>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .trim_start_matches('/');
        out.push((rel.to_string(), file.contents().to_vec()));
    }
    for sub in dir.dirs() {
        collect_embedded(sub, root, out);
    }
}

fn collect_disk(dir: &Path, rel: &str, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().to_string();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        if entry.file_type()?.is_dir() {
            collect_disk(&entry.path(), &path, out)?;
        } else {
            out.push((path, std::fs::read(entry.path())?));
        }
    }
    Ok(())
}

fn embedded(dir: &Dir<'static>, rel: &str) -> std::io::Result<String> {
    let file = dir
        .get_file(rel)
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, rel.to_string()))?;
    file.contents_utf8()
        .map(str::to_string)
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, rel.to_string()))
}
