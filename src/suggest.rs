//! "Did you mean" suggestions for misspelt names.
//!
//! A name is compared with each candidate by edit distance, and only a near miss (at most a
//! third of its length away) is suggested. Comparing is quadratic in the names' lengths, and
//! a run may compare every unknown name of a file with every name a group has: so candidates
//! are prepared once, a candidate whose length alone puts it too far is skipped, the distance
//! is computed only as far as it can still win (a band around the diagonal, given up as soon
//! as a row passes the bound), and a `Suggester` holds a run to a budget of work, after which
//! it suggests nothing more and says so (`exhausted`).

use crate::hashing::HashMap;

/// The work one run may spend on suggestions: cells of the distance table filled, plus one
/// per candidate compared. About a tenth of a second (release build); one unknown name against
/// nova.conf's 102 `[DEFAULT]` options takes 20 to 13,000 steps.
pub const BUDGET: u64 = 20_000_000;

/// Names to suggest from, prepared once for many lookups: each one's length in characters
/// and lower-case characters, by its place in the list; and the answers already given.
#[derive(Default)]
pub struct Candidates {
    lengths: Vec<usize>,
    lowered: Vec<Vec<char>>,
    answers: HashMap<String, Option<usize>>,
}

impl Candidates {
    pub fn new<'n>(names: impl IntoIterator<Item = &'n str>) -> Self {
        let mut candidates = Candidates::default();
        for name in names {
            candidates.lengths.push(name.chars().count());
            candidates.lowered.push(lowered(name));
        }
        candidates
    }
}

/// `text`'s characters, lower case (case is ignored in comparisons).
fn lowered(text: &str) -> Vec<char> {
    if text.is_ascii() {
        // One allocation of the right size, without `to_lowercase`'s Unicode tables.
        text.bytes().map(|b| char::from(b.to_ascii_lowercase())).collect()
    } else {
        text.to_lowercase().chars().collect()
    }
}

/// Suggestions under one budget of work.
pub struct Suggester {
    left: u64,
    exhausted: bool,
    /// The distance table's rows, kept between comparisons.
    rows: [Vec<usize>; 3],
}

impl Default for Suggester {
    fn default() -> Self {
        Suggester::with_budget(BUDGET)
    }
}

impl Suggester {
    pub fn with_budget(budget: u64) -> Self {
        Suggester { left: budget, exhausted: false, rows: Default::default() }
    }

    /// Whether the budget ran out: from then on nothing is suggested.
    pub fn exhausted(&self) -> bool {
        self.exhausted
    }

    /// The place of the candidate closest to `word` by edit distance (case ignored), if it
    /// is close enough to be a likely typo: at most a third of `word`'s length away. The
    /// first of equally close ones. `None` once the budget is spent.
    pub fn closest(&mut self, word: &str, candidates: &mut Candidates) -> Option<usize> {
        if let Some(answer) = candidates.answers.get(word) {
            return *answer;
        }
        let answer = self.search(word, candidates)?;
        candidates.answers.insert(word.to_owned(), answer);
        answer
    }

    /// `closest`'s search: `Some(answer)`, or `None` when the budget ran out.
    fn search(&mut self, word: &str, candidates: &Candidates) -> Option<Option<usize>> {
        if self.exhausted {
            return None;
        }
        let length = word.chars().count();
        let limit = (length / 3).max(1);
        let lowered = lowered(word);
        let mut best: Option<(usize, usize)> = None;
        for (i, (&other, other_lowered)) in candidates.lengths.iter().zip(&candidates.lowered).enumerate() {
            // The distance is at least the difference in length: a candidate too short or too
            // long is out without the comparison.
            if other.abs_diff(length) > limit {
                continue;
            }
            // Only a candidate closer than the best so far can win (the first of equals does).
            let bound = match best {
                Some((0, _)) => break,
                Some((d, _)) => d - 1,
                None => limit,
            };
            if other_lowered.len().abs_diff(lowered.len()) > bound {
                continue;
            }
            let most = (lowered.len() as u64).saturating_mul(2 * bound as u64 + 1).saturating_add(1);
            if most > self.left {
                self.exhausted = true;
                return None;
            }
            // What both start and end with takes no edit: only the rest is compared.
            let (a, b) = trimmed(&lowered, other_lowered);
            let (distance, cells) = self.bounded_distance(a, b, bound);
            self.left -= cells + 1;
            if let Some(d) = distance {
                best = Some((d, i));
            }
        }
        Some(best.map(|(_, i)| i))
    }

    /// The distance between `a` and `b` when it is at most `bound` (else `None`), and the
    /// cells filled to find it: only the band `bound` wide on each side of the diagonal,
    /// where every path of at most `bound` edits runs, and only until a row has no cell
    /// within `bound` (no later row can then come back under it).
    fn bounded_distance(&mut self, a: &[char], b: &[char], bound: usize) -> (Option<usize>, u64) {
        let (n, m) = (a.len(), b.len());
        let over = bound + 1;
        let [prev2, prev, cur] = &mut self.rows;
        for row in [&mut *prev2, &mut *prev, &mut *cur] {
            row.clear();
            row.resize(m + 2, over);
        }
        for (j, cell) in cur.iter_mut().enumerate().take(m.min(bound) + 1) {
            *cell = j;
        }
        let mut cells = 0u64;
        for i in 1..=n {
            std::mem::swap(prev2, prev);
            std::mem::swap(prev, cur);
            let lo = i.saturating_sub(bound).max(1);
            let hi = (i + bound).min(m);
            // The cells next to the band keep `over`: the next rows read them.
            cur[lo - 1] = if lo == 1 { i.min(over) } else { over };
            cur[hi + 1] = over;
            let mut row_min = cur[lo - 1];
            for j in lo..=hi {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d = d.min(prev2[j - 2] + 1);
                }
                cur[j] = d.min(over);
                row_min = row_min.min(cur[j]);
            }
            cells += (hi + 1 - lo) as u64;
            if row_min > bound {
                return (None, cells);
            }
        }
        (Some(cur[m]).filter(|&d| d <= bound), cells)
    }
}

/// `a` and `b` without the characters they start and end with in common.
fn trimmed<'c>(a: &'c [char], b: &'c [char]) -> (&'c [char], &'c [char]) {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[start..], &b[start..]);
    let end = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    (&a[..a.len() - end], &b[..b.len() - end])
}

/// The candidate `Suggester::closest` picks, for one lookup under a budget of its own.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let names: Vec<&'a str> = candidates.into_iter().collect();
    let found = Suggester::default().closest(word, &mut Candidates::new(names.iter().copied()))?;
    Some(names[found])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(closest("hepl", ["help", "name", "dest"]), Some("help"));
        assert_eq!(closest("api_server", ["api_servers", "num_retries"]), Some("api_servers"));
        assert_eq!(closest("zzz", ["help", "name"]), None);
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    fn edit_distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut prev2 = vec![0; b.len() + 1];
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut cur = vec![i; b.len() + 1];
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    cur[j] = cur[j].min(prev2[j - 2] + 1);
                }
            }
            prev2 = std::mem::replace(&mut prev, cur);
        }
        prev[b.len()]
    }

    /// The old search: every candidate in the length window, by the full distance.
    fn unbounded<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let length = word.chars().count();
        let limit = (length / 3).max(1);
        candidates
            .iter()
            .filter(|c| c.chars().count().abs_diff(length) <= limit)
            .map(|c| (edit_distance(&word.to_lowercase(), &c.to_lowercase()), *c))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }

    #[test]
    fn the_banded_search_finds_what_the_full_table_finds() {
        // Words and candidates near each other in every way an edit can make them: each
        // word against the whole list, so that ties, bounds and early exits all occur.
        let mut names: Vec<String> = Vec::new();
        for base in ["api_servers", "host", "ab", "transport_url", "İstanbul", "ΣΑΣ", "debug", "x"] {
            names.push(base.to_owned());
            let chars: Vec<char> = base.chars().collect();
            for i in 0..chars.len() {
                let mut dropped = chars.clone();
                dropped.remove(i);
                names.push(dropped.iter().collect());
                let mut doubled = chars.clone();
                doubled.insert(i, chars[i]);
                names.push(doubled.iter().collect());
                let mut changed = chars.clone();
                changed[i] = 'q';
                names.push(changed.iter().collect());
                if i + 1 < chars.len() {
                    let mut swapped = chars.clone();
                    swapped.swap(i, i + 1);
                    names.push(swapped.iter().collect());
                }
            }
            names.push(base.to_uppercase());
            names.push(format!("{base}{base}"));
        }
        let all: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut suggester = Suggester::default();
        for word in &all {
            for skip in [0, 1, 5] {
                let candidates: Vec<&str> = all.iter().copied().skip(skip).collect();
                let want = unbounded(word, &candidates);
                let mut prepared = Candidates::new(candidates.iter().copied());
                let got = suggester.closest(word, &mut prepared).map(|i| candidates[i]);
                assert_eq!(got, want, "{word:?}");
                let again = suggester.closest(word, &mut prepared).map(|i| candidates[i]);
                assert_eq!(again, want, "{word:?}, answered again");
            }
        }
        assert!(!suggester.exhausted());
    }

    #[test]
    fn the_bounded_distance_is_the_distance_within_the_bound() {
        // Words of up to five letters over three letters, trimmed as the search
        // trims them, against the full table.
        let mut words = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = words
                .iter()
                .filter(|w| w.len() == words.last().unwrap().len())
                .flat_map(|w| ["a", "b", "c"].map(|c| format!("{w}{c}")))
                .collect();
            words.extend(longer);
        }
        let chars: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
        let mut suggester = Suggester::default();
        for (i, a) in chars.iter().enumerate() {
            for (j, b) in chars.iter().enumerate().step_by(2) {
                let full = edit_distance(&words[i], &words[j]);
                for bound in 0..4 {
                    let (x, y) = trimmed(a, b);
                    let got = if x.len().abs_diff(y.len()) > bound {
                        None
                    } else {
                        suggester.bounded_distance(x, y, bound).0
                    };
                    assert_eq!(got, Some(full).filter(|&d| d <= bound), "{:?} {:?} within {bound}", words[i], words[j]);
                }
            }
        }
    }

    #[test]
    fn a_spent_budget_stops_the_suggestions() {
        let names: Vec<String> = (0..100).map(|i| format!("option_number_{i}")).collect();
        let mut candidates = Candidates::new(names.iter().map(String::as_str));
        let mut suggester = Suggester::with_budget(20_000);
        let mut suggested = 0;
        for i in 0..1000 {
            if suggester.closest(&format!("option_numbr_{i}"), &mut candidates).is_some() {
                suggested += 1;
            }
        }
        assert!(suggester.exhausted());
        assert!(suggested > 0 && suggested < 100, "{suggested}");
        // A name too long to compare within the budget spends none of it on the table.
        let long = "a".repeat(1 << 20);
        let mut suggester = Suggester::with_budget(1_000_000);
        assert_eq!(suggester.closest(&long, &mut Candidates::new([long.as_str()])), None);
        assert!(suggester.exhausted());
    }
}
