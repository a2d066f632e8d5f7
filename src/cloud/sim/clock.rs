//! The sim's sense of time: its statuses are functions of these clocks, so swapping the
//! clock is how tests and `render` choose a moment.

use std::sync::Mutex;

/// Wall-clock seconds since the Unix epoch. Tests swap in tokio's clock.
pub trait Clock: Send + Sync {
    fn now(&self) -> f64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> f64 {
        crate::cloud::wall_clock()
    }
}

/// A clock that stands still until told otherwise: for drawing a chosen moment.
pub struct ManualClock(Mutex<f64>);

impl ManualClock {
    pub fn new(at: f64) -> ManualClock {
        ManualClock(Mutex::new(at))
    }

    pub fn advance(&self, secs: f64) {
        let mut t = match self.0.lock() {
            Ok(t) => t,
            Err(p) => p.into_inner(),
        };
        *t += secs;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> f64 {
        match self.0.lock() {
            Ok(t) => *t,
            Err(p) => *p.into_inner(),
        }
    }
}

/// tokio's clock, which `tokio::time::pause` controls in tests.
pub struct TokioClock {
    start: tokio::time::Instant,
    base: f64,
}

impl TokioClock {
    pub fn new(base: f64) -> TokioClock {
        TokioClock {
            start: tokio::time::Instant::now(),
            base,
        }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> f64 {
        self.base + self.start.elapsed().as_secs_f64()
    }
}
