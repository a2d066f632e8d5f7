//! The real binary in a real terminal: a private tmux server with one 100x30 pane running
//! a bare shell, keys sent with send-keys and the screen read with capture-pane.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// How long `wait_for` waits for text before it fails the test.
pub const WAIT: Duration = Duration::from_secs(15);

pub struct Tmux {
    socket: String,
    /// The state folder of the labguide this pane runs.
    pub state: tempfile::TempDir,
}

impl Tmux {
    /// A fresh tmux server named after the test, with a shell waiting in its 100x30 pane;
    /// fails loudly when tmux is missing or cannot start.
    pub fn start(name: &str) -> Tmux {
        Tmux::start_sized(name, 100, 30)
    }

    /// The same with a pane of `width` x `height`.
    pub fn start_sized(name: &str, width: u16, height: u16) -> Tmux {
        let (width, height) = (width.to_string(), height.to_string());
        let version = Command::new("tmux").arg("-V").output();
        assert!(
            version.is_ok_and(|o| o.status.success()),
            "tmux is required for this test: install it (apt-get install tmux)"
        );
        let t = Tmux {
            socket: format!("labguide-test-{}-{name}", std::process::id()),
            state: tempfile::tempdir().expect("a state folder"),
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
                &width,
                "-y",
                &height,
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

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn keys(&self, keys: &[&str]) {
        self.tmux(&[&["send-keys", "-t", "t"], keys].concat());
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    /// Waits up to `WAIT` for `text` on the screen and returns the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_within(text, WAIT)
    }

    /// Waits up to `limit` for `text` on the screen and returns the screen.
    pub fn wait_for_within(&self, text: &str, limit: Duration) -> String {
        self.wait_until(&format!("{text:?} on the screen"), limit, |s| {
            s.contains(text)
        })
    }

    /// Waits up to `limit` for `text` to leave the screen and returns the screen.
    pub fn wait_gone(&self, text: &str, limit: Duration) -> String {
        self.wait_until(&format!("{text:?} gone from the screen"), limit, |s| {
            !s.contains(text)
        })
    }

    /// Waits up to `limit` until the screen satisfies `ok`, and returns it.
    pub fn wait_until(&self, what: &str, limit: Duration, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < limit,
                "waited {limit:?} for {what}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits for labguide to end and returns its exit code (from the `EXIT-<code>-END` line
    /// the launch command prints; the typed command itself shows `$?`, not a number).
    pub fn wait_exit(&self) -> i32 {
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
                start.elapsed() < WAIT,
                "labguide did not end; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The pane is back to a shell: normal screen, no mouse reporting, cursor shown, and the
    /// tty in cooked mode with echo.
    pub fn assert_restored(&self) {
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

    /// Sends `signal` to the labguide running on this pane's state folder.
    pub fn kill(&self, signal: &str) {
        let pattern = format!("state-dir {}", self.state.path().display());
        let out = Command::new("pkill")
            .args([&format!("-{signal}"), "-f", &pattern])
            .status()
            .expect("pkill runs");
        assert!(out.success(), "labguide was running");
    }

    /// The progress file as labguide wrote it, which must be JSON.
    pub fn progress(&self) -> serde_json::Value {
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
