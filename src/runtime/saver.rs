//! Progress writes off the UI's path, coalesced: a burst of scrolling is one write.

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::watch;

use crate::app::Progress;
use crate::store::progress;

/// Progress writes are coalesced: a burst of scrolling is one write.
const SAVE_DELAY: Duration = Duration::from_millis(300);

/// Writes the newest progress sent, a moment after it changed, until the sender is gone.
pub(super) async fn saver(dir: PathBuf, mut rx: watch::Receiver<Option<Progress>>) {
    while rx.changed().await.is_ok() {
        tokio::time::sleep(SAVE_DELAY).await;
        let latest = rx.borrow_and_update().clone();
        if let Some(p) = latest {
            let dir = dir.clone();
            let result = tokio::task::spawn_blocking(move || progress::save(&dir, &p)).await;
            match result {
                Ok(Err(e)) => tracing::error!(error = %e, "could not save progress"),
                Err(e) => tracing::error!(error = %e, "progress writer stopped"),
                Ok(Ok(())) => {}
            }
        }
    }
}
