use std::process::Command;

// The shipped workshop (content/ and assets/) is compiled into the binary; cargo must
// rebuild when any of its files changes, which include_dir cannot tell it by itself.
// `--version` names the commit the binary was built from, so a handed-out binary can be
// traced back to its source.
fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=assets");
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-env-changed=LABGUIDE_COMMIT");
    // Only files that exist: cargo reruns a build script on every build while a path it
    // watches is missing (a repository with no packed refs), and then rebuilds the crate.
    for path in ["HEAD", "packed-refs"] {
        if let Some(p) = git(&["rev-parse", "--git-path", path])
            && std::path::Path::new(&p).exists()
        {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(p) = git(&["rev-parse", "--git-path", &reference])
    {
        println!("cargo:rerun-if-changed={p}");
    }
    // A source tarball has no .git: the packager may say the commit instead.
    let commit = std::env::var("LABGUIDE_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_string());
    println!("cargo:rustc-env=LABGUIDE_COMMIT={commit}");
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}
