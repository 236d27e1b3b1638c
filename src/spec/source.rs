//! Spec source files and the mapping from a path inside a YAML document to its line and column.
//!
//! serde_yaml keeps no positions once a value is read; the positions it puts in its errors are
//! the marks of libyaml's events. `locate_all` reads those events once and walks the document
//! down every requested path together, skipping every other node. It only runs when there is
//! an error to report, so loading pays nothing for it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// One step of a path inside a YAML document. Keys are mostly the spec format's own names,
/// borrowed for free: a path is made for every option in case it needs to be reported.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(Cow<'static, str>),
    Index(usize),
}

impl fmt::Display for Seg {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Seg::Key(k) => write!(f, ".{k}"),
            Seg::Index(i) => write!(f, "[{i}]"),
        }
    }
}

/// A path such as `groups[0].options[3].default`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    pub fn key(&self, k: impl Into<Cow<'static, str>>) -> YamlPath {
        self.then(Seg::Key(k.into()))
    }
    pub fn index(&self, i: usize) -> YamlPath {
        self.then(Seg::Index(i))
    }
    /// This path and one more step, in one allocation.
    fn then(&self, seg: Seg) -> YamlPath {
        let mut segs = Vec::with_capacity(self.0.len() + 1);
        segs.extend_from_slice(&self.0);
        segs.push(seg);
        YamlPath(segs)
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let s: String = self.0.iter().map(|s| s.to_string()).collect();
        f.write_str(s.strip_prefix('.').unwrap_or(&s))
    }
}

/// A file the loader read: its name as shown in diagnostics, and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    /// The 1-based line and column of the node at `path`, or of its deepest existing ancestor.
    pub fn locate(&self, path: &YamlPath) -> Option<(usize, usize)> {
        self.locate_all(std::slice::from_ref(path)).pop().flatten()
    }

    /// `locate` for many paths at once, in one pass over the document: the answer for each
    /// path, in order.
    ///
    /// The positions are serde_yaml's: the start mark of the node's event, a node reached
    /// through an alias being placed at the anchored node it replays. A missing key or index
    /// is reported at its deepest existing ancestor; a node with a local tag (`!name`) cannot
    /// be located (serde_yaml reads it as an enum), so it falls back the same way.
    pub fn locate_all(&self, paths: &[YamlPath]) -> Vec<Option<(usize, usize)>> {
        let mut trie = vec![TrieNode::default()];
        let ends: Vec<usize> = paths
            .iter()
            .map(|path| {
                path.0.iter().fold(0, |at, seg| {
                    let next = trie.len();
                    let child = match seg {
                        Seg::Key(k) => *trie[at].keys.entry(k.to_string()).or_insert(next),
                        Seg::Index(i) => *trie[at].indexes.entry(*i).or_insert(next),
                    };
                    if child == next {
                        trie.push(TrieNode { parent: at, ..TrieNode::default() });
                    }
                    child
                })
            })
            .collect();
        let doc = Document::parse(&self.text);
        match doc.events.first() {
            Some(_) => doc.walk(0, 0, &mut trie),
            None => trie[0].mark = doc.end_mark,
        }
        ends.into_iter()
            .map(|mut at| loop {
                if let Some(mark) = trie[at].mark {
                    return Some(mark);
                }
                if at == 0 {
                    return None;
                }
                at = trie[at].parent;
            })
            .collect()
    }
}

/// The plain decimal integers of a document that serde_yaml reads as floats or, past what a
/// float holds, as strings (past u128 and i128), by path: `SourceFile::big_integers`. One
/// of more digits than Python's `int()` reads is its number of digits.
#[derive(Default)]
pub struct BigIntegers {
    at: HashMap<YamlPath, Result<crate::oslo::pynum::PyInt, usize>>,
    /// Where each alias (by its path) leads: the anchored node's path.
    aliases: HashMap<YamlPath, YamlPath>,
}

impl BigIntegers {
    /// The integer at `path`, through aliases.
    pub fn get(&self, path: &YamlPath) -> Option<Result<crate::oslo::pynum::PyInt, usize>> {
        self.get_within(path, 0)
    }

    fn get_within(&self, path: &YamlPath, depth: usize) -> Option<Result<crate::oslo::pynum::PyInt, usize>> {
        if let Some(n) = self.at.get(path) {
            return Some(n.clone());
        }
        if depth > 64 || self.aliases.is_empty() {
            return None;
        }
        (0..path.0.len()).rev().find_map(|len| {
            let target = self.aliases.get(&YamlPath(path.0[..len].to_vec()))?;
            let mut replayed = target.clone();
            replayed.0.extend_from_slice(&path.0[len..]);
            self.get_within(&replayed, depth + 1)
        })
    }
}

impl SourceFile {
    /// Every plain scalar of the first document that serde_yaml reads as a float but is a
    /// decimal integer (`[-+]?[1-9][0-9]*`, past what u128 and i128 hold), by path: one pass
    /// over the events, made only when a value that large is met.
    pub fn big_integers(&self) -> BigIntegers {
        let mut out = BigIntegers::default();
        // Such an integer has 39 digits at least (2**127 has 39): text without a run of 39
        // digits needs no pass (a float of 1e300 in a large spec costs one scan of bytes).
        if !has_digit_run(self.text.as_bytes(), 39) {
            return out;
        }
        let doc = Document::parse(&self.text);
        if !doc.events.is_empty() {
            let mut anchored: HashMap<usize, Option<YamlPath>> = doc
                .events
                .iter()
                .filter_map(|e| match e.kind {
                    EventKind::Alias(target) => Some((target, None)),
                    _ => None,
                })
                .collect();
            doc.collect(0, &mut YamlPath::default(), &mut anchored, &mut out);
        }
        out
    }
}

/// Whether `b` holds `len` ASCII digits in a row. Each window is read from its end, so text
/// with few digits costs about one byte in `len`.
fn has_digit_run(b: &[u8], len: usize) -> bool {
    let mut start = 0;
    'window: while start + len <= b.len() {
        for j in (start..start + len).rev() {
            if !b[j].is_ascii_digit() {
                start = j + 1;
                continue 'window;
            }
        }
        return true;
    }
    false
}

/// The requested paths as a tree, each node with the position of the first node found there.
#[derive(Default)]
struct TrieNode {
    parent: usize,
    keys: HashMap<String, usize>,
    indexes: HashMap<usize, usize>,
    mark: Option<(usize, usize)>,
}

enum EventKind {
    Scalar {
        value: String,
        plain: bool,
        tag: Option<String>,
    },
    /// The index of the anchored event it replays.
    Alias(usize),
    SequenceStart,
    MappingStart,
    End,
}

struct Event {
    kind: EventKind,
    /// 1-based line and column, as serde_yaml reports them.
    mark: (usize, usize),
    /// Local tags (`!name`) make serde_yaml read the node as an enum.
    enum_tagged: bool,
    /// The index of the event after this node (its whole subtree skipped).
    next: usize,
}

/// The node events of a file's first YAML document, as serde_yaml's loader keeps them.
struct Document {
    events: Vec<Event>,
    /// Where the stream ends: the position of an empty document.
    end_mark: Option<(usize, usize)>,
}

impl Document {
    /// Reads the events with libyaml, the parser serde_yaml uses, so the marks are the ones
    /// serde_yaml puts in its errors. Reading stops at the end of the first document or at a
    /// syntax error, keeping the events before it (serde_yaml reads as far).
    fn parse(text: &str) -> Document {
        use super::yaml_events::{Events, Kind};
        let mut doc = Document { events: Vec::new(), end_mark: None };
        let mut anchors: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut open: Vec<usize> = Vec::new();
        let mut events = Events::new(text);
        while let Some(e) = events.next() {
            let kind = match e.kind {
                Kind::Scalar => EventKind::Scalar {
                    value: String::from_utf8_lossy(e.value).into_owned(),
                    plain: e.plain,
                    tag: e.tag.map(|t| String::from_utf8_lossy(t).into_owned()),
                },
                Kind::SequenceStart => EventKind::SequenceStart,
                Kind::MappingStart => EventKind::MappingStart,
                Kind::End => EventKind::End,
                Kind::Alias => match e.anchor.and_then(|a| anchors.get(a).copied()) {
                    Some(target) => EventKind::Alias(target),
                    // An unknown anchor ends serde_yaml's reading too.
                    None => break,
                },
                Kind::StreamEnd => {
                    doc.end_mark = Some(e.mark);
                    break;
                }
                Kind::DocumentEnd => break,
                Kind::Other => continue,
            };
            let index = doc.events.len();
            if let Some(anchor) = e.anchor.filter(|_| !matches!(kind, EventKind::Alias(_))) {
                anchors.insert(anchor.to_vec(), index);
            }
            let starts = matches!(kind, EventKind::SequenceStart | EventKind::MappingStart);
            // Local tags (`!name`) make serde_yaml read the node as an enum.
            let enum_tagged = e.tag.is_some_and(|t| t.starts_with(b"!"));
            let ends = matches!(kind, EventKind::End);
            doc.events.push(Event { kind, mark: e.mark, enum_tagged, next: index + 1 });
            if starts {
                open.push(index);
            } else if ends {
                if let Some(start) = open.pop() {
                    doc.events[start].next = index + 1;
                }
            }
        }
        // Nodes left open by a syntax error end with what was read.
        for start in open {
            doc.events[start].next = doc.events.len();
        }
        doc
    }

    /// Records the node starting at event `at` for trie node `node`, and walks on into the
    /// children the trie asks for; the rest is skipped whole. The recursion goes only as deep
    /// as the requested paths.
    fn walk(&self, at: usize, node: usize, trie: &mut [TrieNode]) {
        let at = match self.events[at].kind {
            EventKind::Alias(target) => target,
            _ => at,
        };
        let event = &self.events[at];
        if event.enum_tagged {
            return;
        }
        trie[node].mark.get_or_insert(event.mark);
        let child = |i: usize| self.events.get(i).filter(|e| !matches!(e.kind, EventKind::End)).map(|_| i);
        match event.kind {
            EventKind::SequenceStart if !trie[node].indexes.is_empty() => {
                let mut item = child(at + 1);
                let mut index = 0;
                while let Some(i) = item {
                    if let Some(&next) = trie[node].indexes.get(&index) {
                        self.walk(i, next, trie);
                    }
                    index += 1;
                    item = child(self.events[i].next);
                }
            }
            EventKind::MappingStart if !trie[node].keys.is_empty() => {
                let mut key = child(at + 1);
                while let Some(k) = key {
                    let Some(value) = child(self.events[k].next) else { break };
                    if let Some(&next) = self.key_text(k).and_then(|text| trie[node].keys.get(&text)) {
                        self.walk(value, next, trie);
                    }
                    key = child(self.events[value].next);
                }
            }
            _ => {}
        }
    }

    /// `SourceFile::big_integers` from the node at event `at`, whose path is `path`.
    /// `anchored` holds the events aliases replay, each with its path once walked.
    fn collect(
        &self,
        at: usize,
        path: &mut YamlPath,
        anchored: &mut HashMap<usize, Option<YamlPath>>,
        out: &mut BigIntegers,
    ) {
        if let EventKind::Alias(target) = self.events[at].kind {
            if let Some(Some(target_path)) = anchored.get(&target) {
                out.aliases.insert(path.clone(), target_path.clone());
            }
            return;
        }
        if let Some(slot) = anchored.get_mut(&at) {
            *slot = Some(path.clone());
        }
        let event = &self.events[at];
        if event.enum_tagged {
            return;
        }
        let child = |i: usize| self.events.get(i).filter(|e| !matches!(e.kind, EventKind::End)).map(|_| i);
        match &event.kind {
            EventKind::Scalar { value, plain: true, tag: None } => {
                let digits = value.strip_prefix(['-', '+']).unwrap_or(value);
                let decimal = !digits.is_empty()
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && (digits == "0" || !digits.starts_with('0'));
                if decimal && value.parse::<i128>().is_err() && value.parse::<u128>().is_err() {
                    use crate::oslo::pynum::{py_int, IntError};
                    let n = match py_int(value) {
                        Ok(n) => Ok(n),
                        Err(IntError::TooManyDigits(n)) => Err(n),
                        Err(IntError::Invalid) => return,
                    };
                    out.at.insert(path.clone(), n);
                }
            }
            EventKind::SequenceStart => {
                let mut item = child(at + 1);
                let mut index = 0;
                while let Some(i) = item {
                    path.0.push(Seg::Index(index));
                    self.collect(i, path, anchored, out);
                    path.0.pop();
                    index += 1;
                    item = child(self.events[i].next);
                }
            }
            EventKind::MappingStart => {
                let mut key = child(at + 1);
                while let Some(k) = key {
                    let Some(value) = child(self.events[k].next) else { break };
                    if let Some(text) = self.key_text(k) {
                        path.0.push(Seg::Key(text.into()));
                        self.collect(value, path, anchored, out);
                        path.0.pop();
                    }
                    key = child(self.events[value].next);
                }
            }
            _ => {}
        }
    }

    /// A mapping key as text, as serde_yaml reads a scalar into a `Value`: plain scalars
    /// resolved (null has no text, booleans and numbers their canonical text), quoted ones as
    /// they are; a collection key has none.
    fn key_text(&self, at: usize) -> Option<String> {
        let at = match self.events[at].kind {
            EventKind::Alias(target) => target,
            _ => at,
        };
        let EventKind::Scalar { value, plain, tag } = &self.events[at].kind else { return None };
        let resolve = match tag.as_deref() {
            None => *plain,
            Some(t) if t.starts_with('!') => return None,
            Some("tag:yaml.org,2002:str") => false,
            Some(_) => true,
        };
        if !resolve {
            return Some(value.clone());
        }
        match value.as_str() {
            "" | "~" | "null" | "Null" | "NULL" => None,
            "true" | "True" | "TRUE" => Some("true".into()),
            "false" | "False" | "FALSE" => Some("false".into()),
            v => Some(v.parse::<serde_yaml::Number>().map(|n| n.to_string()).unwrap_or_else(|_| v.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_runs_are_found_anywhere() {
        assert!(has_digit_run(b"1234", 4) && has_digit_run(b"x123456y", 6) && has_digit_run(b"a1b12345", 5));
        assert!(!has_digit_run(b"123a456", 4) && !has_digit_run(b"12", 3) && !has_digit_run(b"", 1));
        let text = format!("{}x{}", "7".repeat(38), "8".repeat(39));
        assert!(has_digit_run(text.as_bytes(), 39) && !has_digit_run(text.as_bytes(), 40));
    }

    #[test]
    fn big_integers_are_found_by_path_through_aliases() {
        let big = "1".repeat(45);
        let f = SourceFile {
            name: "x.yaml".into(),
            text: format!("a: &x [{big}, '{big}', -{big}, 1e50]\nb: *x\nc: {{d: {big}0}}\ne: 0{big}\n"),
        };
        let table = f.big_integers();
        let at = |p: YamlPath| table.get(&p).map(|n| n.unwrap().to_string());
        let root = YamlPath::default();
        assert_eq!(at(root.key("a").index(0)), Some(big.clone()));
        assert_eq!(at(root.key("a").index(1)), None);
        assert_eq!(at(root.key("b").index(2)), Some(format!("-{big}")));
        assert_eq!(at(root.key("b").index(3)), None);
        assert_eq!(at(root.key("c").key("d")), Some(format!("{big}0")));
        assert_eq!(at(root.key("e")), None);
        let long = SourceFile { name: "x.yaml".into(), text: format!("a: {}\n", "9".repeat(4301)) };
        assert_eq!(long.big_integers().get(&root.key("a")), Some(Err(4301)));
    }

    #[test]
    fn locates_nested_nodes() {
        let f = SourceFile {
            name: "x.yaml".into(),
            text: "namespace: n\ngroups:\n  - name: g\n    options:\n      - name: a\n        min: 3\n".into(),
        };
        let p = YamlPath::default().key("groups").index(0).key("options").index(0).key("min");
        assert_eq!(f.locate(&p), Some((6, 14)));
        assert_eq!(p.to_string(), "groups[0].options[0].min");
        // A key that is not there is reported at its mapping.
        let missing = YamlPath::default().key("groups").index(0).key("options").index(0).key("max");
        assert_eq!(f.locate(&missing), Some((5, 9)));
    }

    /// The locator as it was before `locate_all`: one serde_yaml pass per path and per
    /// ancestor tried. The one-pass walk must give the same answer for every path.
    fn old_locate(text: &str, path: &YamlPath) -> Option<(usize, usize)> {
        for len in (0..=path.0.len()).rev() {
            let seed = Locator { path: &path.0[..len] };
            let de = serde_yaml::Deserializer::from_str(text);
            match seed.deserialize(de) {
                Err(err) if err.to_string().contains(FOUND) => return err.location().map(|l| (l.line(), l.column())),
                _ => continue,
            }
        }
        None
    }

    use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

    const FOUND: &str = "confspec-locator-found";

    struct Locator<'p> {
        path: &'p [Seg],
    }

    impl<'de> DeserializeSeed<'de> for Locator<'_> {
        type Value = ();
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Locator<'_> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any YAML node")
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            self.at_scalar()
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            self.at_scalar()
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            self.at_scalar()
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            self.at_scalar()
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            self.at_scalar()
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            self.at_scalar()
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            self.at_scalar()
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let target = match self.path.first() {
                None => return Err(de::Error::custom(FOUND)),
                Some(Seg::Index(i)) => *i,
                Some(Seg::Key(_)) => usize::MAX,
            };
            let mut i = 0;
            loop {
                let more = if i == target {
                    seq.next_element_seed(Locator { path: &self.path[1..] })?.is_some()
                } else {
                    seq.next_element::<IgnoredAny>()?.is_some()
                };
                if !more {
                    return Ok(());
                }
                i += 1;
            }
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let target = match self.path.first() {
                None => return Err(de::Error::custom(FOUND)),
                Some(Seg::Key(k)) => Some(k.as_ref()),
                Some(Seg::Index(_)) => None,
            };
            while let Some(key) = map.next_key::<KeyText>()? {
                if target.is_some() && key.0.as_deref() == target {
                    map.next_value_seed(Locator { path: &self.path[1..] })?;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(())
        }
    }

    impl Locator<'_> {
        fn at_scalar<E: de::Error>(&self) -> Result<(), E> {
            if self.path.is_empty() {
                Err(E::custom(FOUND))
            } else {
                Ok(())
            }
        }
    }

    /// A mapping key as text, whatever scalar it is.
    struct KeyText(Option<String>);

    impl<'de> de::Deserialize<'de> for KeyText {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let v = <serde_yaml::Value as de::Deserialize>::deserialize(d)?;
            Ok(KeyText(match v {
                serde_yaml::Value::String(s) => Some(s),
                serde_yaml::Value::Number(n) => Some(n.to_string()),
                serde_yaml::Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }))
        }
    }

    /// Every path of a document (aliases expanded), each also with a key and an index that
    /// are not there.
    fn all_paths(value: &serde_yaml::Value, at: YamlPath, out: &mut Vec<YamlPath>) {
        out.push(at.key("no-such-key"));
        out.push(at.index(99));
        match value {
            serde_yaml::Value::Mapping(m) => {
                for (k, v) in m {
                    let key = match k {
                        serde_yaml::Value::String(s) => s.clone(),
                        serde_yaml::Value::Number(n) => n.to_string(),
                        serde_yaml::Value::Bool(b) => b.to_string(),
                        _ => continue,
                    };
                    all_paths(v, at.key(key), out);
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (i, v) in items.iter().enumerate() {
                    all_paths(v, at.index(i), out);
                }
            }
            _ => {}
        }
        out.push(at);
    }

    #[test]
    fn one_pass_gives_the_positions_serde_yaml_gives() {
        let tricky = "\
base: &base {help: shared, min: 1}
groups:
  - name: g
    options:
      - &opt {name: a, type: integer, default: 3}
      - *opt
      - <<: *base
        name: b
      - {name: c, extra: *base}
  - name: g
  - ? [complex, key]
    : value
    'quoted key': 1
    \"double\\tkey\": 2
    1.50: float key
    0x10: hex key
    true: bool key
    ~: null key
    007: digits
    !local tagged: local-tagged key
    !!str 12: str-tagged key
    tagged: !custom {inside: 1}
    alias_key: &k shared
    *k : via an alias key
    list: [a, [b, c], {d: e}]
    block: |
      text
";
        let mut docs: Vec<String> = vec![tricky.to_owned(), include_str!("../../specs/glance.yaml").to_owned()];
        docs.push(include_str!("../../specs/sets/keystoneauth1-session.yaml").to_owned());
        docs.push(include_str!("../../tests/fixtures/namespaces/oslo.db/data.yaml").to_owned());
        docs.push("# only a comment\n".to_owned());
        docs.push("[a, b\n".to_owned());
        docs.push("a: 1\n---\nb: 2\n".to_owned());
        docs.push("!tagged {a: 1}\n".to_owned());
        // Duplicate keys (serde_yaml's Value refuses them, so only the explicit paths below).
        docs.push("dup: 1\ndup: {deeper: 2}\ndup: {deeper: 3, other: 4}\n".to_owned());
        for spec in ["features", "hostile", "more"] {
            docs.push(
                std::fs::read_to_string(format!("{}/tests/specs/{spec}.yaml", env!("CARGO_MANIFEST_DIR"))).unwrap(),
            );
        }
        for text in &docs {
            let value: serde_yaml::Value = serde_yaml::Deserializer::from_str(text)
                .next()
                .and_then(|d| serde::Deserialize::deserialize(d).ok())
                .unwrap_or_default();
            let mut paths = Vec::new();
            all_paths(&value, YamlPath::default(), &mut paths);
            paths.push(YamlPath::default().key("groups").index(0).key("options").index(1).key("name"));
            paths.push(YamlPath::default().key("dup").key("deeper"));
            paths.push(YamlPath::default().key("dup").key("other"));
            paths.push(YamlPath::default().key("groups").index(1).key("0x10"));
            paths.push(YamlPath::default().key("groups").index(1).key("16"));
            paths.push(YamlPath::default().key("groups").index(1).key("1.5"));
            paths.push(YamlPath::default().key("groups").index(1).key("tagged").key("inside"));
            // The old locator is quadratic: a sample of a large document's paths is enough.
            let step = paths.len() / 400 + 1;
            let paths: Vec<YamlPath> = paths.into_iter().step_by(step).collect();
            assert!(text.len() < 100 || paths.len() > 20, "{} paths in\n{text}", paths.len());
            let f = SourceFile { name: "x.yaml".into(), text: text.clone() };
            let all = f.locate_all(&paths);
            for (path, got) in paths.iter().zip(all) {
                assert_eq!(got, old_locate(text, path), "{path} in\n{text}");
            }
        }
    }
}
