//! The labs' own Python scripts (assets/labs/) pass their pytest suite, run with the venv
//! Python that scripts/test installs (torch, torchvision, pyarrow, pillow, pytest), so a
//! broken lab script fails `cargo test` like any Rust test.

use std::process::Command;

#[test]
fn the_lab_scripts_pass_their_python_tests() {
    let python = std::env::var("LABGUIDE_LAB_PYTHON").unwrap_or_else(|_| {
        panic!(
            "LABGUIDE_LAB_PYTHON is not set: run scripts/test, which installs the labs' \
             Python (scripts/requirements-labs.txt) into .venv and exports it"
        )
    });
    let out = Command::new(&python)
        .args([
            "-m",
            "pytest",
            "assets/labs/tests",
            "-q",
            "-p",
            "no:cacheprovider",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // assets/labs/ is copied to the learners as it is: no __pycache__ may land in it.
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {python} ({e}): run scripts/test, which installs it")
        });
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "the labs' Python tests failed ({}):\n{report}",
        out.status
    );
    // Echo pytest's summary so the run shows what was checked.
    println!("{report}");
}
