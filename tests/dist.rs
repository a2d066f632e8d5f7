//! The tarball `scripts/dist` makes for an instructor to hand out: the binary runs from it
//! alone, on a machine with nothing of the project beside it.
//!
//! The suite packs the binary it has just built (the `dist` profile's LTO build takes too
//! long for every run; BENCHMARKS.md measures that one): what is tested here is the packing
//! and that the binary needs no file of the repository at run time.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pack(out: &Path) -> PathBuf {
    let run = Command::new("bash")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/dist"))
        .args(["--binary", env!("CARGO_BIN_EXE_labguide"), "--out"])
        .arg(out)
        .output()
        .expect("bash runs scripts/dist");
    assert!(
        run.status.success(),
        "scripts/dist failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    let last = stdout
        .lines()
        .last()
        .expect("scripts/dist names its tarball");
    PathBuf::from(last.trim())
}

/// The unpacked binary, run from an empty folder with an empty HOME: no content, assets,
/// locales or state of the repository's can reach it.
fn run_alone(bin: &Path, home: &Path, args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .current_dir(home)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home)
        .env("LANG", "C.UTF-8")
        .output()
        .expect("the packed binary runs")
}

#[test]
fn the_packed_binary_runs_alone() {
    let work = tempfile::tempdir().unwrap();
    let tarball = pack(&work.path().join("out"));
    let name = tarball
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".tar.gz"))
        .expect("the tarball is NAME.tar.gz")
        .to_string();
    assert!(
        name.starts_with(&format!("labguide-{}-", env!("CARGO_PKG_VERSION"))),
        "{name}"
    );

    let unpacked = work.path().join("unpacked");
    std::fs::create_dir(&unpacked).unwrap();
    let tar = Command::new("tar")
        .arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&unpacked)
        .status()
        .expect("tar runs");
    assert!(tar.success());
    let folder = unpacked.join(&name);
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "LICENSE-APACHE",
            "LICENSE-MIT",
            "README.txt",
            "THIRD-PARTY-LICENSES.txt",
            "labguide"
        ]
    );
    let notices = std::fs::read_to_string(folder.join("THIRD-PARTY-LICENSES.txt")).unwrap();
    for linked in ["ratatui ", "aws-sdk-sagemaker ", "rustls ", "ring "] {
        assert!(notices.contains(linked), "licences name {linked}");
    }
    assert!(
        !notices.contains("\ninsta ") && !notices.contains("\ncriterion "),
        "test-only crates are not in the binary, so not in its licences"
    );

    // The binary moves away from the folder it was packed in, as a handed-out file would.
    let home = work.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let bin = home.join("labguide");
    std::fs::rename(folder.join("labguide"), &bin).unwrap();
    drop(std::fs::remove_dir_all(&unpacked));

    let render = run_alone(
        &bin,
        &home,
        &[
            "render",
            "--step",
            "setup-stack",
            "--lang",
            "en",
            "--width",
            "100",
            "--height",
            "30",
        ],
    );
    let screen = String::from_utf8_lossy(&render.stdout);
    assert!(
        render.status.success(),
        "{}",
        String::from_utf8_lossy(&render.stderr)
    );
    assert!(
        screen.contains("Launch the CloudFormation stack"),
        "{screen}"
    );
    assert!(screen.contains("AIMLWorkshop-"), "{screen}");
    let ko = run_alone(
        &bin,
        &home,
        &["render", "--step", "setup-stack", "--lang", "ko"],
    );
    assert!(
        String::from_utf8_lossy(&ko.stdout).contains("CloudFormation 스택 생성"),
        "the Korean text is inside too"
    );
    let validate = run_alone(&bin, &home, &["validate", "--lang", "en"]);
    assert!(
        validate.status.success(),
        "the embedded workshop validates: {}",
        String::from_utf8_lossy(&validate.stdout)
    );
    let version = run_alone(&bin, &home, &["--version"]);
    assert!(
        String::from_utf8_lossy(&version.stdout).contains("(commit "),
        "--version names the commit"
    );
}

#[test]
fn the_same_binary_packs_to_the_same_bytes() {
    let work = tempfile::tempdir().unwrap();
    let first = std::fs::read(pack(&work.path().join("a"))).unwrap();
    let second = std::fs::read(pack(&work.path().join("b"))).unwrap();
    assert!(first == second, "two packings of one binary differ");
}
