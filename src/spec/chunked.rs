//! A spec parsed group by group, when its layout allows it.
//!
//! serde_yaml loads every event of a document into memory before deserialising it: for a
//! large spec that buffer is a large part of the run's peak memory, with the page faults to
//! match (docs/performance.md). A spec is one mapping whose last key is a block sequence of
//! groups, `groups:` then one `- name: ...` entry per group at a fixed indentation. Each entry
//! parses on its own (as a one-item sequence, so no text is copied), and the buffer only ever
//! holds one group's events.
//!
//! This is a fast path, never a second dialect: `parse` returns `None` whenever the split
//! might not mean what the whole document means, and the loader then parses the whole text,
//! so every error and its position still comes from one serde_yaml parse of the file. A split
//! line `<indent>- ` cannot sit inside a block scalar (its content is indented deeper) or a
//! plain scalar (which it would end); inside a quoted scalar or a flow collection it leaves
//! the part before it unterminated, which fails to parse. An alias to an anchor in another
//! group fails too (unknown anchor), and serde_yaml's alias limit, 100 expansions per event of
//! the document, cannot pass part by part and fail whole. A key after `groups:` makes the last
//! part fail. What remains is ruled out by looking: document markers, directives and tabs at
//! the start of a line.

use super::raw::{RawGroup, RawSpec};

/// Specs smaller than this parse whole: splitting saves nothing measurable.
const MIN_SIZE: usize = 64 * 1024;

/// The spec, parsed group by group; `None` when the whole text must be parsed instead.
pub fn parse(text: &str) -> Option<RawSpec> {
    if text.len() < MIN_SIZE {
        return None;
    }
    parse_any_size(text)
}

/// `parse` without the size threshold (tests compare it with the whole parse on every spec).
pub fn parse_any_size(text: &str) -> Option<RawSpec> {
    if !plain_layout(text) {
        return None;
    }
    let (header_end, prefix) = groups_entries(text)?;
    let mut spec: RawSpec = serde_yaml::from_str(&text[..header_end]).ok()?;
    if !spec.groups.is_empty() {
        return None;
    }
    let mut start = header_end;
    while start < text.len() {
        let end = next_entry(text, start, prefix).unwrap_or(text.len());
        let mut one: Vec<RawGroup> = serde_yaml::from_str(&text[start..end]).ok()?;
        if one.len() != 1 {
            return None;
        }
        spec.groups.append(&mut one);
        start = end;
    }
    Some(spec)
}

/// No line starts with a document marker, a directive or a tab.
fn plain_layout(text: &str) -> bool {
    !text.lines().any(|l| l.starts_with("---") || l.starts_with("...") || l.starts_with('%') || l.starts_with('\t'))
}

/// Where the first group entry starts, and the entries' prefix (`- ` or `  - `, ...): the
/// `groups:` line at column 0 with nothing after it, followed (past blank and comment lines)
/// by an entry.
fn groups_entries(text: &str) -> Option<(usize, &str)> {
    let mut offset = 0;
    let mut after_groups = false;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end();
        if after_groups {
            let body = content.trim_start_matches(' ');
            if body.is_empty() || body.starts_with('#') {
                offset += line.len();
                continue;
            }
            let indent = content.len() - body.len();
            return body.starts_with("- ").then(|| (offset, &line[..indent + 2]));
        }
        if content == "groups:" {
            after_groups = true;
        }
        offset += line.len();
    }
    None
}

/// The start of the next line at or after `from` (exclusive of `from` itself) that begins
/// with `prefix` and continues with neither a space nor a line end (an entry, not a deeper
/// item).
fn next_entry(text: &str, from: usize, prefix: &str) -> Option<usize> {
    let mut at = from;
    while let Some(nl) = text[at..].find('\n') {
        at += nl + 1;
        let rest = &text[at..];
        if rest.starts_with(prefix) && !rest[prefix.len()..].starts_with([' ', '\n', '\r']) {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(groups: usize, indent: &str) -> String {
        let mut text = String::from("# a spec\nnamespace: big\ngroups:\n\n");
        for g in 0..groups {
            text.push_str(&format!("{indent}- name: g{g}\n{indent}  help: |\n{indent}    Group {g}.\n{indent}    - not an entry\n{indent}  options:\n"));
            for o in 0..40 {
                text.push_str(&format!("{indent}  - name: o{o}\n{indent}    type: integer\n{indent}    default: {o}\n{indent}    help: \"Option {o},\n{indent}      over two lines.\"\n"));
            }
        }
        text
    }

    fn same(a: &RawSpec, b: &RawSpec) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    #[test]
    fn a_plain_spec_parses_group_by_group_as_it_does_whole() {
        for indent in ["", "  "] {
            let text = spec(60, indent);
            assert!(text.len() > MIN_SIZE);
            let whole: RawSpec = serde_yaml::from_str(&text).unwrap();
            let split = parse(&text).expect("a plain layout takes the fast path");
            assert_eq!(split.groups.len(), 60);
            assert!(same(&whole, &split), "indent {indent:?}");
        }
    }

    #[test]
    fn every_spec_here_parses_the_same_split_or_whole() {
        let top = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<(String, String)> = Vec::new();
        for file in [
            "specs/glance.yaml",
            "tests/specs/features.yaml",
            "tests/specs/hostile.yaml",
            "tests/specs/more.yaml",
            "tests/specs/diff/old.yaml",
            "tests/specs/diff/new.yaml",
        ] {
            texts.push((file.to_owned(), std::fs::read_to_string(top.join(file)).unwrap()));
        }
        // The specs `import` writes for 16 real namespaces and the generator fixture.
        let mut data: Vec<_> = std::fs::read_dir(top.join("tests/fixtures/namespaces"))
            .unwrap()
            .map(|e| e.unwrap().path().join("data.yaml"))
            .collect();
        data.push(top.join("tests/fixtures/generator/data.yaml"));
        for path in data {
            let source = crate::spec::source::SourceFile {
                name: path.display().to_string(),
                text: std::fs::read_to_string(&path).unwrap(),
            };
            for spec in crate::import::import(&source, false, None).unwrap().0 {
                texts.push((spec.file_name.clone(), spec.text));
            }
        }
        let mut split = 0;
        for (name, text) in &texts {
            let whole: RawSpec = serde_yaml::from_str(text).unwrap();
            if let Some(parts) = parse_any_size(text) {
                assert!(same(&whole, &parts), "{name}");
                split += 1;
            }
        }
        assert!(split >= 20, "only {split} of {} specs took the split path", texts.len());
    }

    #[test]
    fn aliases_inside_one_group_keep_the_fast_path() {
        let text = spec(60, "").replacen("default: 1\n", "default: &one 1\n", 1).replacen(
            "default: 2\n",
            "default: *one\n",
            1,
        );
        let whole: RawSpec = serde_yaml::from_str(&text).unwrap();
        assert!(same(&whole, &parse(&text).unwrap()));
    }

    #[test]
    fn anything_the_split_could_misread_takes_the_whole_path() {
        let text = spec(60, "");
        // An alias to another group, a document marker, a key after the groups, an entry split
        // inside a quoted scalar, a small spec: all parse whole (or fail whole).
        let cases = [
            text.replacen("name: g1\n", "name: &g g1\n", 1).replacen("name: g2\n", "name: *g\n", 1),
            format!("{text}---\n"),
            format!("{text}extra: 1\n"),
            text.replacen("help: \"Option 3,\n", "help: \"Option 3,\n- name: gx\n", 1),
            spec(1, ""),
        ];
        for case in &cases {
            assert!(parse(case).is_none(), "{}", &case[case.len().saturating_sub(80)..]);
        }
    }
}
