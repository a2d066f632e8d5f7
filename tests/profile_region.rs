//! The region a learner's profile names, with no AWS_REGION anywhere, is the region
//! labguide shows and fills in: in the TUI's header and `${region}`, and in the headless
//! commands, against moto on a free loopback port. Nothing leaves the machine.

mod common;

use std::path::Path;
use std::process::Command;

use common::moto::Moto;
use common::tmux::Tmux;

/// What `aws configure` would have written, and no other region anywhere.
const REGION: &str = "ap-northeast-2";
/// lab1-athena's check, with `${region}` and moto's `${account}` filled in.
const BUCKET: &str = "sagemaker-ap-northeast-2-123456789012";

/// A HOME whose ~/.aws names the region and dummy keys, as `aws configure` writes them.
fn home_with_profile() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("a HOME");
    let aws = home.path().join(".aws");
    std::fs::create_dir_all(&aws).expect("~/.aws");
    std::fs::write(
        aws.join("config"),
        format!("[default]\nregion = {REGION}\noutput = json\n"),
    )
    .expect("~/.aws/config");
    std::fs::write(
        aws.join("credentials"),
        "[default]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
    )
    .expect("~/.aws/credentials");
    home
}

/// Saved progress with everything before `step` done, in English, initials answered.
fn progress_at(state: &Path, step: &str) {
    let workshop = labguide::workshop::load(&labguide::workshop::Source::Embedded)
        .expect("shipped content loads");
    let mut progress = labguide::app::Progress::new(&workshop.id);
    progress.lang = Some(labguide::i18n::Lang::En);
    progress.current = Some(step.into());
    progress.vars.insert("initial".into(), "kim".into());
    for s in workshop.steps.iter().take_while(|s| s.id != step) {
        progress
            .steps
            .insert(s.id.clone(), labguide::app::SavedState::Done);
    }
    labguide::store::progress::save(state, &progress).expect("progress written");
}

/// The binary with only HOME, the emulator's address and no instance metadata: the
/// region can come from nowhere but the profile.
fn labguide(home: &Path, endpoint: &str, state: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_labguide"))
        .args(args)
        .args(["--aws", "--lang", "en", "--state-dir"])
        .arg(state)
        .env_clear()
        .env("HOME", home)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", endpoint)
        .output()
        .expect("labguide runs")
}

#[test]
fn the_profile_region_is_the_one_shown_and_filled_in() {
    let moto = Moto::start();
    let home = home_with_profile();
    let t = Tmux::start_sized("region", 160, 48);
    progress_at(t.state.path(), "lab1-athena");
    let bin = env!("CARGO_BIN_EXE_labguide");
    let state = t.state.path().display();
    // The pane's shell has no AWS_REGION or AWS_DEFAULT_REGION (tmux starts it `env -i`).
    t.keys(&[
        &format!(
            "clear; HOME={} AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL={} {bin} --aws \
             --state-dir {state}; echo EXIT-$?-END",
            home.path().display(),
            moto.url()
        ),
        "Enter",
    ]);
    let screen = t.wait_for(&format!("AWS 123456789012 {REGION}"));
    assert!(!screen.contains("us-east-1"), "{screen}");
    // The step's check names the bucket with `${region}` filled in from the profile (its
    // label is cut to the pane's width after the region).
    let screen = t.wait_for(&BUCKET[..20]);
    assert!(!screen.contains("us-east-1"), "{screen}");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();

    // The headless commands agree: `check` fills the bucket name in the same way...
    let state = tempfile::tempdir().expect("a state folder");
    let out = labguide(
        home.path(),
        &moto.url(),
        state.path(),
        &["check", "lab1-athena", "--json", "--var", "initial=kim"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(BUCKET),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.contains("us-east-1"), "{stdout}");
    // ...and `render`, which asks AWS nothing, names the region in its header.
    let out = labguide(
        home.path(),
        &moto.url(),
        state.path(),
        &[
            "render",
            "--step",
            "lab1-athena",
            "--width",
            "160",
            "--height",
            "48",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("AWS {REGION} (connecting)")),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.contains("us-east-1"), "{stdout}");
}
