//! Budgets for what repetition adds to a spec: YAML aliases, and the option sets its groups
//! include.
//!
//! An alias repeats its anchor's whole node, so a file can stand for far more than it holds:
//! one 1 MB help text reused through 500 aliases is a 540 MB sample. serde_yaml's own limit
//! counts alias jumps (100 per event of the document), not bytes, and lets that through. A
//! file that may use aliases (it holds an anchor and an alias token) is first read event by
//! event, with nothing kept but each anchor's expanded size, and refused when its aliases add
//! more than `REPEAT_BUDGET` or expand it past `DOCUMENT_BUDGET`. The sizes count each node's
//! scalar bytes plus `NODE_COST`, so that many small repeated nodes are counted too.
//!
//! An include repeats an option set the same way (31 sets, each including the one before
//! twice, stand for a billion options). Each set file is counted as it expands (`count`) plus
//! `OPTION_COST` per option, a set's size is that plus the sizes of the sets it includes, and
//! a group's include adds its set's size to what the spec's own aliases added (`Added`),
//! before anything is expanded.
//!
//! The parse that follows then builds at most the file's own nodes plus 16 MiB of repeated
//! ones: a 1 MB help text may be repeated 15 times, a spec's usual few small aliases and
//! includes any number of times. A refused file costs the event pass only. Peak memory stays
//! near twice the counted size (the measured peaks are in docs/reliability.md).

use super::yaml_events::{Events, Kind};
use std::collections::HashMap;

/// What all of a spec's aliases and includes may add, in bytes.
pub const REPEAT_BUDGET: u64 = 16 << 20;
/// What a document that uses aliases may expand to, in bytes: the 100,000-option synthetic
/// spec (55 MB of text) counts 127 MB, half of it.
pub const DOCUMENT_BUDGET: u64 = 256 << 20;
/// What a node counts beyond its scalar bytes: about what a parsed node costs in memory.
const NODE_COST: u64 = 64;

/// What an option an include brings in counts beyond its text: the option it builds (its
/// model, its place, the copy of the set's entry it is built from) is about this large.
pub const OPTION_COST: u64 = 1024;

/// What repetition has added to one spec so far, in bytes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Added(pub u64);

impl Added {
    /// Adds `size`; whether the total still fits `REPEAT_BUDGET`.
    pub fn add(&mut self, size: u64) -> bool {
        self.0 = self.0.saturating_add(size);
        self.0 <= REPEAT_BUDGET
    }
}

/// Why a document is refused, and the 1-based line and column of the alias that made it so.
#[derive(Debug, PartialEq, Eq)]
pub struct OverBudget {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// Checks `text`'s aliases against the budgets; what they add. Text that is not valid YAML
/// passes: the parse that follows reports it.
pub fn check(text: &str) -> Result<Added, OverBudget> {
    if !has_token(text, '&') || !has_token(text, '*') {
        return Ok(Added::default());
    }
    count(text).map(|(_, added)| added)
}

/// `text`'s size as it expands (scalar bytes plus `NODE_COST` per node, aliases repeating
/// their anchors), and what its aliases add, checked against the budgets.
pub fn count(text: &str) -> Result<(u64, Added), OverBudget> {
    let mut events = Events::new(text);
    // The expanded size of each anchor defined so far, and of each collection still open
    // (with its anchor, if any).
    let mut anchors: HashMap<Vec<u8>, u64> = HashMap::new();
    let mut open: Vec<(Option<Vec<u8>>, u64)> = Vec::new();
    let (mut added, mut total) = (Added::default(), 0u64);
    while let Some(event) = events.next() {
        let size = match event.kind {
            Kind::Scalar => {
                let size = event.value.len() as u64 + NODE_COST;
                if let Some(anchor) = event.anchor {
                    anchors.insert(anchor.to_vec(), size);
                }
                size
            }
            Kind::SequenceStart | Kind::MappingStart => {
                total += NODE_COST;
                open.push((event.anchor.map(<[u8]>::to_vec), NODE_COST));
                continue;
            }
            Kind::End => {
                let Some((anchor, size)) = open.pop() else { return Ok((total, added)) };
                if let Some(anchor) = anchor {
                    anchors.insert(anchor, size);
                }
                if let Some(parent) = open.last_mut() {
                    parent.1 = parent.1.saturating_add(size);
                }
                continue;
            }
            Kind::Alias => {
                // An unknown anchor is serde_yaml's to report.
                let size = event.anchor.and_then(|a| anchors.get(a)).copied().unwrap_or(0);
                if !added.add(size) {
                    return Err(over(
                        format!(
                            "YAML aliases add more than {} MiB to the document (the alias budget)",
                            REPEAT_BUDGET >> 20
                        ),
                        event.mark,
                    ));
                }
                size
            }
            // Stream and document starts and ends carry nothing to count.
            Kind::DocumentEnd | Kind::StreamEnd | Kind::Other => continue,
        };
        total = total.saturating_add(size);
        if total > DOCUMENT_BUDGET {
            return Err(over(
                format!(
                    "YAML aliases expand the document to more than {} MiB (the document budget)",
                    DOCUMENT_BUDGET >> 20
                ),
                event.mark,
            ));
        }
        if let Some(parent) = open.last_mut() {
            parent.1 = parent.1.saturating_add(size);
        }
    }
    Ok((total, added))
}

/// Whether `text` may hold an anchor (`&`) or alias (`*`) token: the indicator where a token
/// can start (at a line's start, after a blank or a flow or value indicator) followed by a
/// character of libyaml's anchor names. Help texts' `R&D`, `a=1&b=2`, `* item` and `*.conf`
/// are not, so specs that only hold those skip the extra pass.
fn has_token(text: &str, indicator: char) -> bool {
    let name = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let before =
        |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b']' | b'{' | b'}' | b',' | b':' | b'?' | b'-');
    let bytes = text.as_bytes();
    // `match_indices` finds a char with memchr.
    text.match_indices(indicator)
        .any(|(i, _)| (i == 0 || before(bytes[i - 1])) && bytes.get(i + 1).is_some_and(|&b| name(b)))
}

fn over(message: String, (line, column): (usize, usize)) -> OverBudget {
    OverBudget { message, line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_anchor_and_alias_tokens_start_the_count() {
        for text in ["help: R&D uses *.conf", "url: http://x/?a=1&b=2\nlist: \"* item\"", "a: b & c * d"] {
            assert!(!(has_token(text, '&') && has_token(text, '*')), "{text}");
        }
        for text in ["a: &x 1\nb: *x\n", "[&x 1, *x]", "{a: &x-y 1,b:*x-y}", "&top [*top]"] {
            assert!(has_token(text, '&') && has_token(text, '*'), "{text}");
        }
    }

    #[test]
    fn aliases_count_what_they_repeat() {
        let big = "x".repeat(1 << 20);
        let fifteen = format!("a: &a {big}\nb: [{}]\n", vec!["*a"; 15].join(", "));
        assert_eq!(check(&fifteen), Ok(Added(15 * ((1 << 20) + 64))));
        let seventeen = format!("a: &a {big}\nb: [{}]\n", vec!["*a"; 17].join(", "));
        let over = check(&seventeen).unwrap_err();
        assert_eq!((over.line, over.message.contains("alias budget")), (2, true), "{over:?}");
        // Nested: an anchor holding aliases counts them expanded; so do many small nodes.
        let nested = format!("a: &a [{big}]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n");
        assert_eq!(check(&nested).unwrap_err().line, 3);
        let small = format!("a: &a [{}]\nb: [{}]\n", vec!["1"; 10_000].join(", "), vec!["*a"; 30].join(", "));
        assert!(check(&small).is_err());
        // Not YAML, an unknown alias: left to the parse to report.
        assert_eq!(check("a: &a [\nb: *a"), Ok(Added(0)));
        assert_eq!(check("a: &a 1\nb: *nope\n"), Ok(Added(0)));
        // Without aliases, a document counts its nodes: a mapping, two keys, two values.
        assert_eq!(count("a: xy\nb: z\n"), Ok((5 * 64 + 5, Added(0))));
    }
}
