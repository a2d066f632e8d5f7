//! The workshop's CloudFormation template passes cfn-lint.

use std::process::Command;

#[test]
fn the_template_passes_cfn_lint() {
    let lint = std::env::var("LABGUIDE_CFN_LINT")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/.venv/bin/cfn-lint").to_string());
    let template = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/cloudformation/workshop.yml"
    );
    let out = Command::new(&lint).arg(template).output().unwrap_or_else(|e| {
        panic!("cannot run cfn-lint at {lint} ({e}): run scripts/test, which installs it into .venv")
    });
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "cfn-lint found problems:\n{report}"
    );
}

#[test]
fn the_template_has_no_elastic_inference_and_tags_what_it_can() {
    let text = include_str!("../assets/cloudformation/workshop.yml");
    let accelerators = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .any(|l| l.contains("AcceleratorTypes"));
    assert!(!accelerators, "Elastic Inference takes no new customers");
    assert!(text.contains("sagemaker-hol-lab-${Initial}"));
    assert!(text.matches("labguide:workshop").count() >= 2);
    for output in [
        "jupyterNotebookURL",
        "jupyterLabURL",
        "RoleArn",
        "NotebookInstanceName",
    ] {
        assert!(text.contains(&format!("  {output}:")), "output {output}");
    }
}
