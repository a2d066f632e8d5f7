//! The start-up every command shares, the TUI's included, written once: the content,
//! the state folder, the language, the saved progress, the cloud and who its calls go
//! out as, and the tokio runtime they run on.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::app::{App, Notice, Progress};
use crate::cloud::{Cloud, Identity};
use crate::i18n::{I18n, Lang};
use crate::store::progress::{self, Loaded};
use crate::tr;
use crate::workshop::Workshop;

use super::args::Global;

/// What every command starts from: the options, the words, the loaded workshop and its
/// state folder.
pub struct Start {
    pub global: Global,
    pub i18n: I18n,
    /// `--lang`, else the locale environment: the language of what is said before the
    /// saved choice is known, and of the headless commands.
    pub env_lang: Lang,
    pub workshop: Arc<Workshop>,
    pub state_dir: PathBuf,
}

impl Start {
    pub fn new(global: Global, i18n: I18n, env_lang: Lang, workshop: Arc<Workshop>) -> Start {
        let state_dir = state_dir(&global, &workshop);
        Start {
            global,
            i18n,
            env_lang,
            workshop,
            state_dir,
        }
    }

    /// The runtime the calls run on: one thread is plenty for a workshop's calls.
    pub fn runtime(&self) -> std::io::Result<tokio::runtime::Runtime> {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    }

    /// The saved progress, read without changing anything on disk (headless commands).
    pub fn saved(&self) -> Option<Progress> {
        progress::peek(&self.state_dir, &self.workshop.id)
    }

    /// The saved progress for the TUI, a damaged file kept aside with a notice.
    pub fn load_progress(&self) -> (Option<Progress>, Option<Notice>) {
        load_progress(&self.state_dir, &self.workshop.id)
    }

    /// The language: `--lang`, then the saved choice, then the locale environment.
    pub fn lang(&self, saved: Option<&Progress>) -> Lang {
        choose_lang(self.global.lang, saved, self.env_lang)
    }

    /// The cloud the options ask for: the simulated AWS (keeping its state in the state
    /// folder, playing the workshop's notebook plans) or the real one, whose clients are
    /// made by its first call.
    pub async fn cloud(&self) -> Arc<dyn Cloud> {
        use crate::cloud::aws::Aws;
        use crate::cloud::sim::{Sim, SystemClock};
        let global = &self.global;
        if global.uses_aws() {
            Arc::new(Aws::new(global.profile.clone(), global.region.clone()).await)
        } else {
            Arc::new(
                Sim::new(
                    global.sim_speed,
                    &self.sim_region(),
                    Arc::new(SystemClock),
                    Some(self.state_dir.join(crate::store::SIM_FILE)),
                )
                .with_plans(self.workshop.sim.clone()),
            )
        }
    }

    /// Who the calls would go out as, without a call: the real AWS's region comes from
    /// the environment and the profile files as the TUI's does.
    pub fn identity_without_calls(&self) -> std::io::Result<Identity> {
        let global = &self.global;
        if global.uses_aws() {
            let aws = self.runtime()?.block_on(crate::cloud::aws::Aws::new(
                global.profile.clone(),
                global.region.clone(),
            ));
            Ok(aws.identity())
        } else {
            Ok(crate::cloud::sim::identity(
                global.sim_speed,
                &self.sim_region(),
            ))
        }
    }

    /// The simulated AWS's region: `--region`, else the workshop's own, else the default.
    fn sim_region(&self) -> String {
        self.global
            .region
            .clone()
            .or_else(|| self.workshop.vars.get("region").cloned())
            .unwrap_or_else(|| crate::cloud::DEFAULT_REGION.into())
    }

    /// What a headless command that calls the cloud starts with: the runtime, the cloud,
    /// and the app with who the calls go out as (the account asked once), the saved
    /// progress and the values given with `--var`.
    pub fn connect(
        &self,
        lang: Lang,
        overrides: &[(String, String)],
    ) -> std::io::Result<Connected> {
        self.check_overrides(overrides)
            .map_err(std::io::Error::other)?;
        let runtime = self.runtime()?;
        let cloud = runtime.block_on(self.cloud());
        let (identity, account_error) = runtime.block_on(identity_and_error(cloud.as_ref()));
        let saved = self.saved();
        let mut app = self.app(lang, identity, saved.as_ref());
        app.learner_vars.extend(overrides.iter().cloned());
        Ok(Connected {
            runtime,
            cloud,
            app,
            account_error,
        })
    }

    /// Refuses a `--var` value the question for it would refuse (initials with a space,
    /// an S3 address without `s3://`), in the words the question uses.
    pub fn check_overrides(&self, overrides: &[(String, String)]) -> Result<(), String> {
        for (name, value) in overrides {
            if let Some(ask) = self.workshop.asks.get(name)
                && let Err(problem) = ask.check(value)
            {
                let lang = self.env_lang;
                let why = crate::ui::ask_problem(problem, ask.max, &self.i18n, lang);
                return Err(tr!(
                    self.i18n,
                    lang,
                    "var-refused",
                    name = name.clone(),
                    why = why
                ));
            }
        }
        Ok(())
    }

    /// The app as the options, the saved progress and the cloud's identity make it.
    pub fn app(&self, lang: Lang, identity: Identity, saved: Option<&Progress>) -> App {
        let mut app = App::new(self.workshop.clone(), lang, identity, saved);
        app.present = self.global.present;
        app
    }

    /// The index of the step named `id`, or the message that names the known ones.
    pub fn step_index(&self, id: &str, lang: Lang) -> Result<usize, ExitCode> {
        if let Some(i) = self.workshop.step_index(id) {
            return Ok(i);
        }
        let known: Vec<&str> = self.workshop.steps.iter().map(|s| s.id.as_str()).collect();
        eprintln!(
            "{}",
            tr!(
                self.i18n,
                lang,
                "unknown-step",
                id = id,
                known = known.join(", ")
            )
        );
        Err(ExitCode::from(2))
    }
}

/// See `Start::connect`.
pub struct Connected {
    pub runtime: tokio::runtime::Runtime,
    pub cloud: Arc<dyn Cloud>,
    pub app: App,
    /// Why the account id is unknown, when asking for it failed: the reason a task that
    /// names `${account}` cannot run, rather than "account is not set".
    pub account_error: Option<crate::cloud::CloudError>,
}

/// Who the calls go out as, the account asked once and bounded like every call: what
/// the headless commands fill `${account}` and `${region}` with.
/// Also why the account is unknown, when the call failed.
pub async fn identity_and_error(cloud: &dyn Cloud) -> (Identity, Option<crate::cloud::CloudError>) {
    if cloud.identity().account.is_some() {
        return (cloud.identity(), None);
    }
    let account = crate::runtime::timed(cloud, cloud.account()).await;
    // Asked after the call: the region is the one the call went to.
    let mut identity = cloud.identity();
    match account {
        Ok(account) => {
            identity.account = account;
            (identity, None)
        }
        Err(e) => {
            tracing::warn!(error = %e, "could not read the account id");
            (identity, Some(e))
        }
    }
}

/// The state folder: `--state-dir` as given, else one per workshop in the platform's
/// state directory (XDG_STATE_HOME on Linux).
pub fn state_dir(global: &Global, workshop: &Workshop) -> PathBuf {
    if let Some(dir) = &global.state_dir {
        return dir.clone();
    }
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .unwrap_or_else(|| PathBuf::from(".labguide"))
        .join("labguide")
        .join(&workshop.id)
}

/// The language: `--lang`, then the saved choice, then the locale environment.
pub fn choose_lang(flag: Option<Lang>, saved: Option<&Progress>, env: Lang) -> Lang {
    flag.or_else(|| saved.and_then(|p| p.lang)).unwrap_or(env)
}

/// Loads progress for the TUI, keeping a damaged file aside, and says what happened.
pub fn load_progress(
    state_dir: &std::path::Path,
    workshop: &str,
) -> (Option<Progress>, Option<Notice>) {
    match progress::load(state_dir, workshop) {
        Loaded::Fresh => (None, None),
        Loaded::Restored(p) => (Some(p), None),
        Loaded::Corrupt { kept_as, error } => {
            tracing::warn!(kept_as = %kept_as.display(), error, "progress file was damaged");
            (
                None,
                Some(Notice::warning(
                    "notice-progress-corrupt",
                    vec![("path", kept_as.display().to_string())],
                )),
            )
        }
    }
}

/// Whether a typed answer is a yes, in either language.
pub fn is_yes(answer: &str) -> bool {
    matches!(answer.trim(), "y" | "Y" | "yes" | "예" | "네")
}
