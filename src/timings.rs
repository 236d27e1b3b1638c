//! Where a run's time goes (`--timings`): each phase's wall time, summed over its calls.
//!
//! Phases nest (loading an option set parses YAML inside the check phase); a phase's time
//! excludes the phases nested in it, so the figures add up to the run and the YAML parse is
//! counted once, as parse.

use std::cell::RefCell;
use std::time::{Duration, Instant};

thread_local! {
    static LEDGER: RefCell<Ledger> = const { RefCell::new(Ledger { phases: Vec::new(), nested: Vec::new() }) };
}

/// The phases' exclusive totals, and for each phase under way the time of the phases nested
/// in it so far.
#[derive(Debug, Default)]
struct Ledger {
    phases: Vec<(&'static str, Duration)>,
    nested: Vec<Duration>,
}

impl Ledger {
    fn enter(&mut self) {
        self.nested.push(Duration::ZERO);
    }

    /// Closes the innermost phase, which took `spent` in all.
    fn leave(&mut self, phase: &'static str, spent: Duration) {
        let nested = self.nested.pop().unwrap_or_default();
        if let Some(parent) = self.nested.last_mut() {
            *parent += spent;
        }
        let own = spent.saturating_sub(nested);
        match self.phases.iter_mut().find(|(name, _)| *name == phase) {
            Some((_, total)) => *total += own,
            None => self.phases.push((phase, own)),
        }
    }
}

/// Runs `f`, adding its wall time, less that of the phases it runs, to `phase`.
pub fn measure<T>(phase: &'static str, f: impl FnOnce() -> T) -> T {
    LEDGER.with(|l| l.borrow_mut().enter());
    let start = Instant::now();
    let out = f();
    let spent = start.elapsed();
    LEDGER.with(|l| l.borrow_mut().leave(phase, spent));
    out
}

/// `phase 1.23 ms` lines, in the order the phases first ended, then the peak memory where
/// the OS tells it.
pub fn report() -> String {
    let mut out: String = LEDGER.with(|l| {
        l.borrow().phases.iter().map(|(name, d)| format!("{name:>8} {:>10.3} ms\n", d.as_secs_f64() * 1000.0)).collect()
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn nested_phases_are_counted_once() {
        let mut l = Ledger::default();
        l.enter(); // parse of the spec
        l.leave("parse", ms(5));
        l.enter(); // check, which parses an option set
        l.enter();
        l.leave("parse", ms(2));
        l.leave("check", ms(3));
        l.enter();
        l.leave("render", ms(4));
        assert_eq!(l.phases, vec![("parse", ms(7)), ("check", ms(1)), ("render", ms(4))]);
        assert!(l.nested.is_empty());
    }
}
