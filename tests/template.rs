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

const TEMPLATE: &str = include_str!("../assets/cloudformation/workshop.yml");

/// The template's lines that are not comments.
fn code_lines() -> impl Iterator<Item = &'static str> {
    TEMPLATE
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
}

/// The block of a key at `indent` spaces (`  Name:` under a top-level section), up to
/// the next key at that indent or less.
fn block(section: &str, key: &str, indent: usize) -> String {
    let mut lines = TEMPLATE.lines().skip_while(|l| *l != format!("{section}:"));
    let head = format!("{}{key}:", " ".repeat(indent));
    let mut out = vec![];
    let mut inside = false;
    for l in lines.by_ref().skip(1) {
        let depth = l.len() - l.trim_start().len();
        if inside && !l.trim().is_empty() && depth <= indent {
            break;
        }
        if l.starts_with(&head) {
            inside = true;
        }
        if inside {
            out.push(l);
        }
        if !l.is_empty() && depth == 0 {
            break;
        }
    }
    assert!(!out.is_empty(), "{section}.{key} not found");
    out.join("\n")
}

/// The lifecycle script, as the notebook receives it: `!Sub` filled in with the given
/// labs URI and us-east-1.
fn lifecycle_script(labs_uri: &str) -> String {
    let lines: Vec<&str> = TEMPLATE.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == "Fn::Base64: !Sub |")
        .expect("the lifecycle script is a !Sub block");
    let body: Vec<&str> = lines[start + 1..]
        .iter()
        .take_while(|l| l.trim().is_empty() || l.starts_with("              "))
        .map(|l| l.get(14..).unwrap_or(""))
        .collect();
    let script = body
        .join("\n")
        .replace("${LabsS3Uri}", labs_uri)
        .replace("${AWS::Region}", "us-east-1")
        .replace("${!", "${");
    assert!(
        !script.contains("${"),
        "the script names a variable !Sub does not know:\n{script}"
    );
    script
}

#[test]
fn the_notebook_gets_the_labs_from_s3_and_clones_no_repository() {
    for line in code_lines() {
        let l = line.to_ascii_lowercase();
        assert!(
            !l.contains("git clone") && !l.contains("github.com") && !l.contains(".git"),
            "the template fetches a repository again: {line}"
        );
    }
    assert!(!TEMPLATE.contains("LabsRepositoryUrl"));
    let param = block("Parameters", "LabsS3Uri", 2);
    assert!(param.contains("Default: \"\""), "{param}");
    let script = lifecycle_script("s3://b/labguide/kim/labs/");
    assert!(script.contains("s3 sync"), "{script}");
    assert!(
        script.contains("/home/ec2-user/SageMaker/labguide-labs"),
        "{script}"
    );
    // The same script for the first start and every later one, and no second copy.
    let lifecycle = block("Resources", "LabsLifecycleConfig", 2);
    assert!(lifecycle.contains("      OnStart:"), "{lifecycle}");
    assert!(!lifecycle.contains("      OnCreate:"), "{lifecycle}");
}

#[test]
fn the_lifecycle_script_cannot_exit_non_zero_or_run_past_five_minutes() {
    let script = lifecycle_script("s3://b/labguide/kim/labs/");
    let code: Vec<&str> = script
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    for l in &code {
        let errexit = l.strip_prefix("set ").is_some_and(|flags| {
            flags.contains("errexit")
                || flags
                    .split_whitespace()
                    .any(|f| f.starts_with('-') && !f.starts_with("--") && f.contains('e'))
        });
        assert!(!errexit, "errexit would end the script with a failure: {l}");
        assert!(!l.starts_with("trap"), "{l}");
        for (i, _) in l.match_indices("exit") {
            let before = l[..i].chars().last().unwrap_or(' ');
            let after = &l[i + 4..];
            let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
            if word(before) || after.starts_with(word) {
                continue; // part of a longer word ("exit $?" in a message is a string)
            }
            let in_string = l[..i].matches('"').count() % 2 == 1;
            assert!(
                in_string || after.starts_with(" 0"),
                "an exit that is not exit 0: {l}"
            );
        }
    }
    assert_eq!(
        code.last(),
        Some(&"exit 0"),
        "the script must end with exit 0"
    );
    // Lifecycle scripts are stopped after 5 minutes, which fails the start: the copy
    // runs under a timeout that leaves room for the rest.
    let copy = code.iter().find(|l| l.contains("s3 sync")).unwrap();
    let secs: u32 = copy
        .split("timeout ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the copy has no timeout: {copy}"));
    assert!(
        secs <= 250,
        "{secs} s leaves too little of the 5 minutes: {copy}"
    );
}

/// Runs the lifecycle script with bash in a scratch folder: `/home/ec2-user` is moved
/// there, `sudo` runs its command as the current user, and `aws` (when `aws` is given)
/// is a stand-in that logs its arguments and then does what `aws` says.
fn run_lifecycle(case: &str, labs_uri: &str, aws: Option<&str>) -> (i32, String, String) {
    use std::os::unix::fs::PermissionsExt;
    let root =
        std::env::temp_dir().join(format!("labguide-lifecycle-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let home = root.join("home");
    if case == "home-is-a-file" {
        std::fs::write(&home, "").unwrap();
    } else {
        std::fs::create_dir_all(home.join("SageMaker")).unwrap();
    }
    let tool = |name: &str, text: &str| {
        let p = bin.join(name);
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    tool(
        "sudo",
        "#!/bin/sh\nlogin=\nwhile [ $# -gt 0 ]; do case \"$1\" in\n  -u) shift 2;;\n  \
         -i) login=1; shift;;\n  -*) shift;;\n  *) break;;\nesac; done\n\
         if [ -n \"$login\" ]; then exec sh -c \"$*\"; fi\nexec \"$@\"\n",
    );
    if let Some(behaviour) = aws {
        let calls = root.join("aws-calls");
        tool(
            "aws",
            &format!(
                "#!/bin/sh\necho \"$@\" >> '{}'\n{}\n",
                calls.display(),
                match behaviour {
                    "ok" => "touch \"$4/train.py\"; exit 0",
                    _ => "echo 'fatal error: Access Denied' >&2; exit 1",
                }
            ),
        );
    }
    // Only the tools the script needs, so a real aws CLI on this machine stays out.
    for real in [
        "timeout", "mkdir", "find", "wc", "sh", "touch", "echo", "cat", "tail",
    ] {
        let found = ["/usr/bin", "/bin"]
            .iter()
            .map(|d| std::path::Path::new(d).join(real))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no {real} on this machine"));
        let _ = std::os::unix::fs::symlink(found, bin.join(real));
    }
    let script = lifecycle_script(labs_uri).replace("/home/ec2-user", &home.display().to_string());
    let path = root.join("on-start.sh");
    std::fs::write(&path, script).unwrap();
    let out = Command::new("/bin/bash")
        .arg(&path)
        .env_clear()
        .env("PATH", &bin)
        .output()
        .expect("bash");
    let calls = std::fs::read_to_string(root.join("aws-calls")).unwrap_or_default();
    let labs = home.join("SageMaker/labguide-labs");
    let copied = labs.join("train.py").exists();
    let _ = std::fs::remove_dir_all(&root);
    let log =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    let code = out.status.code().unwrap_or(-1);
    (
        code,
        log,
        if copied {
            calls
        } else {
            format!("not copied; calls: {calls}")
        },
    )
}

#[test]
fn the_lifecycle_script_copies_the_labs_and_exits_0_whatever_fails() {
    let uri = "s3://sagemaker-us-east-1-123456789012/labguide/kim/labs/";

    let (code, log, calls) = run_lifecycle("ok", uri, Some("ok"));
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("labs copied"), "{log}");
    assert!(calls.starts_with(&format!("s3 sync {uri} ")), "{calls}");
    assert!(
        calls.contains("labguide-labs --region us-east-1"),
        "{calls}"
    );

    let (code, log, calls) = run_lifecycle("empty", "", Some("ok"));
    assert_eq!(code, 0, "{log}");
    assert!(log.contains("nothing to copy"), "{log}");
    assert!(
        calls.starts_with("not copied; calls: "),
        "no aws call: {calls}"
    );
    assert_eq!(calls, "not copied; calls: ");

    for (case, aws, says) in [
        ("denied", Some("fail"), "copy failed"),
        ("no-cli", None, "no aws CLI"),
        ("home-is-a-file", Some("ok"), "cannot create"),
    ] {
        let (code, log, calls) = run_lifecycle(case, uri, aws);
        assert_eq!(code, 0, "{case}: {log}");
        assert!(log.contains(says), "{case}: {log}");
        assert!(calls.starts_with("not copied"), "{case}: {calls}");
    }
}

#[test]
fn the_notebook_platform_is_a_pinned_current_parameter() {
    let param = block("Parameters", "PlatformIdentifier", 2);
    assert!(param.contains("Default: notebook-al2023-v1"), "{param}");
    let allowed: Vec<&str> = param
        .lines()
        .skip_while(|l| !l.contains("AllowedValues:"))
        .skip(1)
        .take_while(|l| l.trim_start().starts_with("- "))
        .map(|l| l.trim_start().trim_start_matches("- ").trim())
        .collect();
    assert!(allowed.contains(&"notebook-al2023-v1"), "{param}");
    for platform in &allowed {
        assert!(
            platform.starts_with("notebook-al2023-"),
            "{platform}: Amazon Linux 1 and 2 platforms are deprecated"
        );
    }
    let notebook = block("Resources", "NotebookInstance", 2);
    assert!(
        notebook.contains("      PlatformIdentifier: !Ref PlatformIdentifier"),
        "{notebook}"
    );
}

#[test]
fn the_role_reads_the_learners_prefix_without_s3_full_access() {
    let role = block("Resources", "NotebookExecutionRole", 2);
    let mut granted = role.lines().filter(|l| !l.trim_start().starts_with('#'));
    assert!(!granted.any(|l| l.contains("AmazonS3FullAccess")), "{role}");
    // labguide uploads the labs to s3://sagemaker-<region>-<account>/labguide/<initials>/.
    let bucket = "arn:${AWS::Partition}:s3:::sagemaker-${AWS::Region}-${AWS::AccountId}";
    assert!(role.contains(&format!("- !Sub {bucket}\n")), "{role}");
    assert!(role.contains(&format!("- !Sub {bucket}/*\n")), "{role}");
    for action in ["s3:GetObject", "s3:ListBucket"] {
        assert!(role.contains(&format!("- {action}\n")), "{role}");
    }
}

/// The 2021 role could create any role and push any image; labguide's stack makes the one
/// role Comprehend needs, so the notebook's role may hand on that role and nothing more.
#[test]
fn the_role_cannot_make_roles_or_push_images_and_passes_only_the_comprehend_role() {
    let role = block("Resources", "NotebookExecutionRole", 2);
    let code: Vec<&str> = role
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect();
    for broad in [
        "IAMFullAccess",
        "AmazonEC2ContainerRegistryFullAccess",
        "iam:*",
    ] {
        assert!(!code.iter().any(|l| l.contains(broad)), "{broad} in {role}");
    }
    // IAM actions, not the managed policies' ARNs (arn:...:iam::aws:policy/...).
    let iam: Vec<&&str> = code
        .iter()
        .filter(|l| l.contains("iam:") && !l.contains(":iam::"))
        .collect();
    assert_eq!(
        iam.iter().map(|l| l.trim()).collect::<Vec<_>>(),
        [
            "Action: iam:PassRole",
            "iam:PassedToService: comprehend.amazonaws.com"
        ],
        "{role}"
    );
    let statement = role
        .split("- Sid: ")
        .find(|s| s.starts_with("PassComprehendRole"))
        .expect("a statement of its own");
    assert!(
        statement.contains("Resource: !GetAtt ComprehendDataAccessRole.Arn"),
        "{statement}"
    );
}

#[test]
fn the_workshop_tag_defaults_to_the_workshop_id() {
    let toml = include_str!("../content/workshop.toml");
    let id = toml
        .lines()
        .find_map(|l| l.strip_prefix("id = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap();
    let param = block("Parameters", "WorkshopTag", 2);
    assert!(param.contains(&format!("Default: {id}\n")), "{param}");
}

#[test]
fn the_sim_reads_every_new_parameter_with_its_default() {
    let t = labguide::cloud::template::parse(TEMPLATE);
    let default = |name: &str| {
        t.parameters
            .iter()
            .find(|(p, _)| p == name)
            .unwrap_or_else(|| panic!("{name} missing: {:?}", t.parameters))
            .1
            .clone()
    };
    assert_eq!(default("LabsS3Uri").as_deref(), Some(""));
    assert_eq!(
        default("PlatformIdentifier").as_deref(),
        Some("notebook-al2023-v1")
    );
    assert_eq!(default("Initial"), None);
}
