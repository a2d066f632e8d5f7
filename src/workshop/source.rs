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

    /// How to name a content file in a message.
    pub fn display(&self, rel: &str) -> PathBuf {
        match self {
            Source::Embedded => Path::new("content").join(rel),
            Source::Dir(dir) => dir.join(rel),
        }
    }
}

fn embedded(dir: &Dir<'static>, rel: &str) -> std::io::Result<String> {
    let file = dir
        .get_file(rel)
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, rel.to_string()))?;
    file.contents_utf8()
        .map(str::to_string)
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, rel.to_string()))
}
