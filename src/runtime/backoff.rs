//! One backoff for every loop of the runtime that waits and looks again: the account
//! lookup, a launch throttled before it started, the stack watch, waiting for what an
//! action started to settle, the watchers and the cost meter.
//!
//! An interval starts at `base` and grows by `factor` up to `max`; each wait is the
//! interval stretched by up to `jitter` of itself, from a cheap generator seeded per
//! poller, so that a class whose pollers failed together does not come back together.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// Growing waits between looks. See the module's words.
#[derive(Clone, Debug)]
pub struct Backoff {
    base: Duration,
    max: Duration,
    factor: u32,
    jitter: f64,
    current: Duration,
    rng: SplitMix,
}

impl Backoff {
    /// Doubling from `base` up to `max`, without jitter until `jitter` asks for it.
    pub fn new(base: Duration, max: Duration) -> Backoff {
        Backoff {
            base,
            max: max.max(base),
            factor: 2,
            jitter: 0.0,
            current: base,
            rng: SplitMix(fresh_seed()),
        }
    }

    /// Grows by `factor` instead of doubling (1 keeps the interval as it is).
    pub fn factor(mut self, factor: u32) -> Backoff {
        self.factor = factor.max(1);
        self
    }

    /// Each wait is the interval times a number in [1, 1 + `jitter`); `jitter` in [0, 1].
    pub fn jitter(mut self, jitter: f64) -> Backoff {
        self.jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self
    }

    /// The same waits every run, for tests.
    pub fn seeded(mut self, seed: u64) -> Backoff {
        self.rng = SplitMix(seed);
        self
    }

    /// The interval now, before jitter.
    pub fn current(&self) -> Duration {
        self.current
    }

    /// The wait before the next look: the interval now, jittered; the interval grows for
    /// the look after.
    pub fn next_wait(&mut self) -> Duration {
        let wait = self.delay();
        self.grow();
        wait
    }

    /// The interval now, jittered, without growing it: a poller keeping its pace.
    pub fn delay(&mut self) -> Duration {
        let u = self.rng.unit();
        if self.jitter == 0.0 {
            self.current
        } else {
            self.current.mul_f64(1.0 + self.jitter * u)
        }
    }

    /// The interval grows by the factor, up to `max`.
    pub fn grow(&mut self) {
        self.grow_up_to(self.max);
    }

    /// The interval grows by the factor, up to `limit` (or `max`, the lower): one above
    /// `limit` comes down to it.
    pub fn grow_up_to(&mut self, limit: Duration) {
        self.current = self
            .current
            .saturating_mul(self.factor)
            .min(limit.min(self.max))
            .max(self.base.min(limit));
    }

    /// The interval at its longest at once (something is wrong that waiting will not fix
    /// soon).
    pub fn saturate(&mut self) {
        self.current = self.max;
    }

    /// The interval set to `interval` (within `base` and `max`): a pace of its own.
    pub fn hold_at(&mut self, interval: Duration) {
        self.current = interval.clamp(self.base, self.max);
    }

    /// Back to `base`: the look succeeded, or something changed.
    pub fn reset(&mut self) {
        self.current = self.base;
    }
}

/// A seed that differs from poller to poller (the standard library's per-map keys).
fn fresh_seed() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0x6c61_6267_7569_6465);
    h.finish()
}

/// SplitMix64: a few arithmetic operations per number, plenty for jitter.
#[derive(Clone, Debug)]
struct SplitMix(u64);

impl SplitMix {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn doubles_from_base_to_max_and_resets() {
        let mut b = Backoff::new(S(5), S(60));
        let waits: Vec<_> = (0..7).map(|_| b.next_wait()).collect();
        assert_eq!(waits, [S(5), S(10), S(20), S(40), S(60), S(60), S(60)]);
        b.reset();
        assert_eq!(b.current(), S(5));
        assert_eq!(b.next_wait(), S(5));
    }

    #[test]
    fn a_factor_of_its_own_and_a_max_below_base() {
        let mut b = Backoff::new(S(1), S(100)).factor(3);
        let waits: Vec<_> = (0..6).map(|_| b.next_wait()).collect();
        assert_eq!(waits, [S(1), S(3), S(9), S(27), S(81), S(100)]);
        // A max below the base is the base: the interval never shrinks under it.
        let mut b = Backoff::new(S(10), S(1));
        assert_eq!((b.next_wait(), b.next_wait()), (S(10), S(10)));
        // A factor of 1 keeps the pace.
        let mut b = Backoff::new(S(2), S(60)).factor(1);
        assert_eq!((b.next_wait(), b.next_wait()), (S(2), S(2)));
    }

    #[test]
    fn delay_keeps_the_interval_and_grow_up_to_caps_it() {
        let mut b = Backoff::new(S(6), S(72));
        assert_eq!((b.delay(), b.delay()), (S(6), S(6)));
        b.grow_up_to(S(18));
        b.grow_up_to(S(18));
        assert_eq!(b.current(), S(18));
        b.saturate();
        assert_eq!(b.current(), S(72));
        // Above the limit, the interval comes down to it.
        b.grow_up_to(S(18));
        assert_eq!(b.current(), S(18));
        b.grow();
        assert_eq!(b.current(), S(36));
    }

    #[test]
    fn jitter_only_stretches_and_stays_within_its_share() {
        let mut b = Backoff::new(S(10), S(10)).jitter(0.5).seeded(7);
        for _ in 0..1000 {
            let w = b.next_wait();
            assert!(w >= S(10) && w < S(15), "{w:?}");
        }
        // Out-of-range jitter is clamped, never negative or NaN.
        let mut b = Backoff::new(S(10), S(10)).jitter(f64::NAN);
        assert_eq!(b.next_wait(), S(10));
        let mut b = Backoff::new(S(10), S(10)).jitter(7.0).seeded(1);
        assert!(b.next_wait() < S(20));
    }

    #[test]
    fn pollers_seeded_apart_drift_apart_and_one_seed_repeats_itself() {
        let first = |b: Backoff| {
            let mut b = b.jitter(0.8);
            b.next_wait()
        };
        let same: Vec<_> = (0..3)
            .map(|_| first(Backoff::new(S(5), S(60)).seeded(42)))
            .collect();
        assert!(same.windows(2).all(|w| w[0] == w[1]), "{same:?}");
        let mut apart: Vec<_> = (0..30).map(|_| first(Backoff::new(S(5), S(60)))).collect();
        apart.sort();
        apart.dedup();
        assert!(
            apart.len() > 20,
            "30 pollers, {} distinct waits",
            apart.len()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn on_the_paused_clock_the_waits_add_up_to_the_schedule() {
        let start = tokio::time::Instant::now();
        let mut b = Backoff::new(S(5), S(60));
        for _ in 0..6 {
            tokio::time::sleep(b.next_wait()).await;
        }
        assert_eq!(start.elapsed(), S(5 + 10 + 20 + 40 + 60 + 60));
        // With jitter, never sooner than the schedule and at most its share later.
        let start = tokio::time::Instant::now();
        let mut b = Backoff::new(S(5), S(60)).jitter(0.25).seeded(3);
        for _ in 0..6 {
            tokio::time::sleep(b.next_wait()).await;
        }
        let elapsed = start.elapsed();
        assert!(
            elapsed >= S(195) && elapsed < S(195).mul_f64(1.25),
            "{elapsed:?}"
        );
    }
}
