//! Where a run's time goes (`--timings`): each phase's wall time, summed over its calls.

use std::cell::RefCell;
use std::time::{Duration, Instant};

thread_local! {
    static PHASES: RefCell<Vec<(&'static str, Duration)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f`, adding its wall time to `phase`.
pub fn measure<T>(phase: &'static str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let spent = start.elapsed();
    PHASES.with(|p| {
        let mut p = p.borrow_mut();
        match p.iter_mut().find(|(name, _)| *name == phase) {
            Some((_, total)) => *total += spent,
            None => p.push((phase, spent)),
        }
    });
    out
}

/// `phase 1.23 ms` lines, in the order the phases first ran.
pub fn report() -> String {
    PHASES.with(|p| p.borrow().iter().map(|(name, d)| format!("{name:>8} {:>10.3} ms\n", d.as_secs_f64() * 1000.0)).collect())
}
