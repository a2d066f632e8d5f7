//! The real binary in a real terminal (tmux): it starts, shows Korean, switches language,
//! moves on, and gives the terminal back however it ends: `q`, SIGTERM, SIGHUP.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
    state: tempfile::TempDir,
}

impl Tmux {
    fn start(name: &str) -> Tmux {
        let version = Command::new("tmux").arg("-V").output();
        assert!(
            version.is_ok_and(|o| o.status.success()),
            "tmux is required for this test: install it (apt-get install tmux)"
        );
        let t = Tmux {
            socket: format!("labguide-test-{}-{name}", std::process::id()),
            state: tempfile::tempdir().unwrap(),
        };
        let ok = Command::new("tmux")
            .args([
                "-u",
                "-L",
                &t.socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                "100",
                "-y",
                "30",
            ])
            .args([
                "env",
                "-i",
                "PATH=/usr/bin:/bin",
                "TERM=screen-256color",
                "LANG=C.UTF-8",
                "PS1=READY$ ",
            ])
            .args(["bash", "--norc", "--noprofile"])
            .env("LANG", "C.UTF-8")
            .status()
            .expect("tmux starts");
        assert!(ok.success(), "tmux could not start a session");
        t.wait_for("READY$");
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        self.tmux(&[&["send-keys", "-t", "t"], keys].concat());
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "waited for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits for labguide to end and returns its exit code (from the `EXIT-<code>-END` line
    /// the launch command prints; the typed command itself shows `$?`, not a number).
    fn wait_exit(&self) -> i32 {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            let code = screen.split("EXIT-").skip(1).find_map(|rest| {
                let (code, _) = rest.split_once("-END")?;
                code.parse::<i32>().ok()
            });
            if let Some(code) = code {
                return code;
            }
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "labguide did not end; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Starts labguide in the pane, in Korean from the locale, on the simulated AWS.
    fn launch(&self) {
        let bin = env!("CARGO_BIN_EXE_labguide");
        let state = self.state.path().display();
        self.keys(&[
            &format!(
                "clear; LANG=ko_KR.UTF-8 {bin} --state-dir {state} --sim-speed 60; echo EXIT-$?-END"
            ),
            "Enter",
        ]);
    }

    /// The pane is back to a shell: normal screen, no mouse reporting, cursor shown, and the
    /// tty in cooked mode with echo.
    fn assert_restored(&self) {
        let flags = self.tmux(&[
            "display",
            "-p",
            "-t",
            "t",
            "#{alternate_on} #{mouse_any_flag} #{cursor_flag}",
        ]);
        assert_eq!(
            flags.trim(),
            "0 0 1",
            "alternate screen, mouse, cursor after exit"
        );
        // The marker is computed, so the typed command line cannot match it.
        self.keys(&[
            "clear; echo \"$(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' ')$((6*7))TTY\"",
            "Enter",
        ]);
        let screen = self.wait_for("42TTY");
        let line = screen
            .lines()
            .find(|l| l.contains("42TTY") && !l.contains("stty"))
            .unwrap_or_default();
        assert_eq!(
            line.trim(),
            "icanon echo 42TTY",
            "tty not restored:\n{screen}"
        );
    }

    fn kill(&self, signal: &str) {
        let pattern = format!("state-dir {}", self.state.path().display());
        let out = Command::new("pkill")
            .args([&format!("-{signal}"), "-f", &pattern])
            .status()
            .expect("pkill runs");
        assert!(out.success(), "labguide was running");
    }

    fn progress(&self) -> serde_json::Value {
        let path = Path::new(self.state.path()).join("progress.json");
        serde_json::from_slice(&std::fs::read(path).expect("progress was saved"))
            .expect("progress is JSON")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

#[test]
fn start_read_switch_language_move_on_and_quit() {
    let t = Tmux::start("quit");
    t.launch();
    t.wait_for("워크숍 소개");
    t.wait_for("시뮬레이션 AWS");
    t.keys(&["L"]);
    let english = t.wait_for("Simulated AWS");
    assert!(
        english.contains("Welcome") || english.contains("Steps"),
        "{english}"
    );
    t.keys(&["n"]);
    t.wait_for("Setup / Launch the CloudFormation stack");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
    let p = t.progress();
    assert_eq!(p["current"], "setup-stack");
    assert_eq!(p["lang"], "en");
    assert_eq!(p["steps"]["setup-welcome"], "done");

    // The next start comes back to the same place, in the saved language.
    t.keys(&["clear", "Enter"]);
    t.launch();
    t.wait_for("Setup / Launch the CloudFormation stack");
    t.keys(&["C-c"]);
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_progress() {
    let t = Tmux::start("term");
    t.launch();
    t.wait_for("워크숍 소개");
    t.keys(&["n"]);
    t.wait_for("CloudFormation 스택 생성");
    t.kill("TERM");
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
    assert_eq!(t.progress()["current"], "setup-stack");
}

#[test]
fn sighup_restores_the_terminal_and_keeps_progress() {
    let t = Tmux::start("hup");
    t.launch();
    t.wait_for("워크숍 소개");
    t.keys(&["n"]);
    t.wait_for("CloudFormation 스택 생성");
    t.kill("HUP");
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
    assert_eq!(t.progress()["current"], "setup-stack");
}

#[test]
fn launching_the_stack_in_the_terminal_shows_it_being_built() {
    let t = Tmux::start("stack");
    t.launch();
    t.wait_for("워크숍 소개");
    t.keys(&["n"]);
    t.wait_for("CloudFormation 스택 생성");
    t.keys(&["Enter"]);
    // The notebook is named after the learner's initials, asked for first.
    t.wait_for("이니셜을 입력하세요");
    t.keys(&["kim", "Enter"]);
    t.wait_for("NotebookExecutionRole");
    // At 60x, the nine-minute stack takes about ten seconds.
    let done = t.wait_for("Jupyter 노트북 열기.");
    assert!(done.contains("CREATE_COMPLETE"), "{done}");
    t.keys(&["q"]);
    // The notebook bills while it runs: quitting says so first.
    t.wait_for("요금이 나가는");
    t.wait_for("y 종료");
    t.keys(&["y"]);
    assert_eq!(t.wait_exit(), 0);
    assert_eq!(t.progress()["steps"]["setup-stack"], "done");
}

#[test]
fn a_panic_restores_the_terminal_then_reports_and_logs() {
    let t = Tmux::start("panic");
    let bin = env!("CARGO_BIN_EXE_labguide");
    let state = t.state.path().display().to_string();
    t.keys(&[
        &format!("clear; LABGUIDE_PANIC_FOR_TEST=1 {bin} --state-dir {state}; echo EXIT-$?-END"),
        "Enter",
    ]);
    assert_eq!(t.wait_exit(), 101, "a panic is a failure");
    let screen = t.screen();
    assert!(
        screen.contains("panic requested by LABGUIDE_PANIC_FOR_TEST"),
        "{screen}"
    );
    t.assert_restored();
    let log = std::fs::read_to_string(t.state.path().join("labguide.log")).unwrap();
    assert!(log.contains("labguide panicked"), "{log}");
}

#[test]
fn real_aws_that_cannot_be_reached_is_said_plainly() {
    let t = Tmux::start("aws");
    // A loopback port nobody listens on: nothing leaves the machine.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bin = env!("CARGO_BIN_EXE_labguide");
    let state = t.state.path().display().to_string();
    t.keys(&[
        &format!(
            "clear; HOME={state} AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
             AWS_EC2_METADATA_DISABLED=true AWS_ACCESS_KEY_ID=AKIDEXAMPLE AWS_SECRET_ACCESS_KEY=secret \
             AWS_ENDPOINT_URL=http://127.0.0.1:{port} {bin} --aws --lang en --state-dir {state}; echo EXIT-$?-END"
        ),
        "Enter",
    ]);
    t.wait_for("(not connected)");
    let screen = t.wait_for(&format!("Cannot reach http://127.0.0.1:{port}"));
    assert!(!screen.contains("secret"), "no secret on screen");
    t.keys(&["q"]);
    assert_eq!(t.wait_exit(), 0);
    t.assert_restored();
    let log = std::fs::read_to_string(t.state.path().join("labguide.log")).unwrap();
    assert!(
        !log.contains("AKIDEXAMPLE") && !log.contains("secret"),
        "no key in the log:\n{log}"
    );
}
