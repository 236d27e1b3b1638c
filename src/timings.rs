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

/// `phase 1.23 ms` lines, in the order the phases first ran, then the peak memory where the
/// OS tells it.
pub fn report() -> String {
    let mut out: String = PHASES.with(|p| p.borrow().iter().map(|(name, d)| format!("{name:>8} {:>10.3} ms\n", d.as_secs_f64() * 1000.0)).collect());
    if let Some(kib) = peak_memory_kib() {
        out.push_str(&format!("{:>8} {:>10.1} MiB\n", "peak", kib as f64 / 1024.0));
    }
    out
}

/// The process's peak resident memory (`VmHWM`). Not `getrusage`: a parent that starts
/// confspec with vfork or posix_spawn (Python's subprocess does) lends it its own memory
/// until exec, and rusage's maximum keeps the parent's size.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
