//! The hash of the maps confspec builds over its inputs (options by group and name, a config
//! file's keys): a folded multiply over eight bytes at a time, keyed per process.
//!
//! std's SipHash costs more than the lookups it serves on short keys such as group and option
//! names (a tenth of `validate`'s time on a spec of 60,000 groups). The keys come from the
//! input, so the hash is keyed from std's random source as SipHash is: without the key, a file
//! cannot be written whose names all fall in one bucket. Nothing iterates these maps where the
//! order could reach an output (as with std's own, whose order differs in every run).

use std::hash::{BuildHasher, Hasher};

pub type HashMap<K, V> = std::collections::HashMap<K, V, Keyed>;
pub type HashSet<T> = std::collections::HashSet<T, Keyed>;

/// The per-process key, from std's `RandomState`.
fn process_key() -> [u64; 2] {
    static KEY: std::sync::OnceLock<[u64; 2]> = std::sync::OnceLock::new();
    *KEY.get_or_init(|| {
        let state = std::collections::hash_map::RandomState::new();
        [state.hash_one(0x5eed_u64) | 1, state.hash_one(0xfeed_u64)]
    })
}

/// The multiply of two words folded into one: the high half of the product XOR the low.
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Builds `Folded` hashers with the process's key.
#[derive(Clone, Copy, Debug)]
pub struct Keyed {
    key: [u64; 2],
}

impl Default for Keyed {
    fn default() -> Self {
        Keyed { key: process_key() }
    }
}

impl BuildHasher for Keyed {
    type Hasher = Folded;
    fn build_hasher(&self) -> Folded {
        Folded { state: self.key[1], key: self.key }
    }
}

/// Each word written is folded with the state and the key; `finish` folds once more, so that
/// every input bit reaches the low bits a table indexes by.
pub struct Folded {
    state: u64,
    key: [u64; 2],
}

const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

impl Folded {
    fn word(&mut self, word: u64) {
        self.state = fold(self.state ^ word, self.key[0] ^ SPREAD);
    }
}

impl Hasher for Folded {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.word(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        // The length goes in with the last bytes, so that "a\0" and "a" differ.
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        self.word(u64::from_le_bytes(last) ^ ((bytes.len() as u64) << 56));
    }

    fn write_u8(&mut self, n: u8) {
        self.word(u64::from(n) | 0x100);
    }

    fn write_u32(&mut self, n: u32) {
        self.word(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.word(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.word(n as u64);
    }

    fn finish(&self) -> u64 {
        fold(self.state ^ self.key[1], self.key[0] ^ SPREAD.rotate_left(32))
    }
}

/// A key of two strings, owned or borrowed: a map keyed by `(String, String)` is looked up with
/// `(&str, &str)` through it (`map.get(&(a, b) as &dyn StrPair)`), without copying either
/// string. Both hash as the tuple does, one string after the other.
pub trait StrPair {
    fn pair(&self) -> (&str, &str);
}

impl StrPair for (String, String) {
    fn pair(&self) -> (&str, &str) {
        (&self.0, &self.1)
    }
}

impl StrPair for (&str, &str) {
    fn pair(&self) -> (&str, &str) {
        (self.0, self.1)
    }
}

impl StrPair for (String, &str) {
    fn pair(&self) -> (&str, &str) {
        (&self.0, self.1)
    }
}

impl std::hash::Hash for dyn StrPair + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.pair().hash(state);
    }
}

impl PartialEq for dyn StrPair + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.pair() == other.pair()
    }
}

impl Eq for dyn StrPair + '_ {}

impl<'a> std::borrow::Borrow<dyn StrPair + 'a> for (String, String) {
    fn borrow(&self) -> &(dyn StrPair + 'a) {
        self
    }
}

impl<'k: 'a, 'a> std::borrow::Borrow<dyn StrPair + 'a> for (&'k str, &'k str) {
    fn borrow(&self) -> &(dyn StrPair + 'a) {
        self
    }
}

impl<'k: 'a, 'a> std::borrow::Borrow<dyn StrPair + 'a> for (String, &'k str) {
    fn borrow(&self) -> &(dyn StrPair + 'a) {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_names_spread_over_the_low_bits() {
        // Group and option names differ in a digit or two: each low byte of the hash must
        // still take most of its values.
        let state = Keyed::default();
        let mut low: std::collections::HashSet<u64> = std::collections::HashSet::new();
        for i in 0..100_000 {
            low.insert(state.hash_one(format!("group_number_{i}")) & 0xffff);
        }
        assert!(low.len() > 50_000, "{} distinct low 16 bits of 100,000", low.len());
    }

    #[test]
    fn lengths_and_parts_are_told_apart() {
        let state = Keyed::default();
        let h = |parts: &[&str]| state.hash_one(parts);
        assert_ne!(h(&["a"]), h(&["a\0"]));
        assert_ne!(h(&["ab", "c"]), h(&["a", "bc"]));
        assert_ne!(state.hash_one(("g", "o")), state.hash_one(("go", "")));
        assert_eq!(state.hash_one(("g", "o")), state.hash_one((String::from("g"), "o")));
    }

    #[test]
    fn maps_work_as_std_maps() {
        let mut map: HashMap<(String, String), usize> = HashMap::default();
        for i in 0..1000 {
            map.insert((format!("g{i}"), "o".to_owned()), i);
        }
        assert_eq!(map.len(), 1000);
        assert_eq!(map.get(&("g7".to_owned(), "o".to_owned())), Some(&7));
        assert_eq!(map.get(&("g7", "o") as &dyn StrPair), Some(&7));
        assert_eq!(map.get(&("g7o", "") as &dyn StrPair), None);
    }
}
