//! moto, an independent AWS emulator, started on a free loopback port for one test and
//! stopped with it; and the environment that points the real binary at an endpoint
//! without reading anything of the machine's own AWS configuration. Nothing leaves the
//! machine.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use labguide::cloud::aws::Aws;

/// A tool of the test venv that scripts/test installs (moto_server, python), or the path
/// in `env` when that is set.
pub fn venv_tool(env: &str, name: &str) -> PathBuf {
    let path = std::env::var_os(env).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.venv/bin")).join(name)
    });
    assert!(
        path.exists(),
        "{} is missing: run scripts/test, which installs moto into .venv",
        path.display()
    );
    path
}

/// A loopback port nobody listens on (for a moment).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("a loopback port")
        .local_addr()
        .expect("the port's address")
        .port()
}

pub struct Moto {
    child: Child,
    pub port: u16,
}

impl Moto {
    /// Starts moto_server and waits until it listens; fails loudly when it cannot.
    pub fn start() -> Moto {
        let server = venv_tool("LABGUIDE_MOTO_SERVER", "moto_server");
        let port = free_port();
        let child = Command::new(server)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("moto_server starts");
        let moto = Moto { child, port };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "moto_server did not listen on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A raw POST to moto's control API.
    pub fn control(&self, path: &str, body: &str) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("moto answers");
        write!(
            s,
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("moto takes the request");
        let mut answer = String::new();
        s.read_to_string(&mut answer).expect("moto's answer");
        // 200, or 201 for what it stores (Athena's queued results).
        assert!(
            answer.starts_with("HTTP/1.1 20") || answer.starts_with("HTTP/1.0 20"),
            "{answer}"
        );
    }

    /// An SDK configuration for this emulator, for tests that look with the SDK's own
    /// clients at what labguide asked for.
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        Aws::defaults()
            .endpoint_url(self.url())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_sts::config::Credentials::new(
                "testing", "testing", None, None, "test",
            ))
            .load()
            .await
    }

    /// Creates what the notebooks create (and some things that are not the workshop's).
    pub fn seed(&self) {
        self.run_seed("seed.py");
    }

    /// Runs one of the seeding scripts in tests/moto against this emulator.
    pub fn run_seed(&self, script: &str) {
        self.run_seed_with(script, &[]);
    }

    /// A seeding script with more of its settings in the environment.
    pub fn run_seed_with(&self, script: &str, env: &[(&str, &str)]) {
        let python = venv_tool("LABGUIDE_PYTHON", "python");
        let out = Command::new(python)
            .arg(format!(
                "{}/tests/moto/{script}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .env("ENDPOINT", self.url())
            .envs(env.iter().copied())
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "seeding failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub async fn aws(&self) -> Aws {
        aws_at(&self.url(), "testing", "testing").await
    }

    /// The real binary with `--aws`, configured from the environment as a learner's
    /// shell would be, pointed at this emulator.
    pub fn labguide(&self, state: &Path, args: &[&str]) -> std::process::Output {
        labguide_at(&self.url(), state, args)
    }

    /// The same, for the learner with these initials.
    pub fn labguide_as(&self, initials: &str, state: &Path, args: &[&str]) -> std::process::Output {
        labguide_as(&self.url(), initials, state, args)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// labguide's own AWS client for `url`, with a static key.
pub async fn aws_at(url: &str, key: &str, secret: &str) -> Aws {
    let conf = Aws::defaults()
        .endpoint_url(url)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_sts::config::Credentials::new(
            key, secret, None, None, "test",
        ))
        .load()
        .await;
    Aws::from_config(&conf, Some(url.to_string()))
}

/// What a learner's shell would set to use `endpoint` with dummy credentials, and nothing
/// of the machine's own AWS configuration (HOME is the state folder).
pub fn aws_env(endpoint: &str, state: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("HOME", state.display().to_string()),
        ("AWS_CONFIG_FILE", "/dev/null".into()),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".into()),
        ("AWS_EC2_METADATA_DISABLED", "true".into()),
        ("AWS_ENDPOINT_URL", endpoint.into()),
        ("AWS_ACCESS_KEY_ID", "testing".into()),
        ("AWS_SECRET_ACCESS_KEY", "testing".into()),
        ("AWS_REGION", "us-east-1".into()),
    ]
}

/// `labguide ARGS --aws --lang en --var initial=kim --state-dir STATE` against `endpoint`.
pub fn labguide_at(endpoint: &str, state: &Path, args: &[&str]) -> std::process::Output {
    labguide_as(endpoint, "kim", state, args)
}

pub fn labguide_as(
    endpoint: &str,
    initials: &str,
    state: &Path,
    args: &[&str],
) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_labguide"))
        .args(args)
        .args([
            "--aws",
            "--lang",
            "en",
            "--var",
            &format!("initial={initials}"),
        ])
        .arg("--state-dir")
        .arg(state)
        .envs(aws_env(endpoint, state))
        .stdin(Stdio::null())
        .output()
        .expect("labguide runs")
}
