//! How deep the flow collections (`[...]`, `{...}`) of a YAML or JSON text nest, found before
//! the text is parsed: libyaml's scanner slows down quadratically with that depth (200,000
//! levels took minutes), so deeper input is refused first. Brackets inside quoted, block and
//! plain scalars and inside comments are text, not nesting.

/// Deeper flow nesting than any spec or oslo data needs.
pub const MAX_NESTING: usize = 1000;

/// The line at which the flow collections of a YAML text nest deeper than `MAX_NESTING`.
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    // The depth can be no more than the brackets the text holds, which are cheap to count: only
    // a text with enough of them is read. The count adds up byte-wide lanes over runs of 255
    // bytes (they cannot overflow), which the compiler vectorises, unlike a plain
    // filter-and-count (docs/performance.md).
    let opening: usize = text
        .as_bytes()
        .chunks(255)
        .map(|run| usize::from(run.iter().fold(0u8, |n, &b| n + u8::from(b == b'[' || b == b'{'))))
        .sum();
    if opening <= MAX_NESTING {
        return None;
    }
    // A spec of thousands of options holds that many, in short flow lists on one line each: a
    // line-by-line reading finds its depth at little more than the cost of the count. Whatever
    // that reading does not follow, libyaml's own parser reads.
    if simple_depth(text).is_some_and(|depth| depth <= MAX_NESTING) {
        return None;
    }
    // libyaml's scanner stops at the first bracket that opens one level too many, before it
    // gets far: it looks ahead at most 1,024 characters, and only the depth so far slows it.
    super::yaml_events::flow_depth(text, MAX_NESTING).1
}

/// What a line leaves open for the lines after it.
#[derive(Clone, Copy)]
enum Carry {
    Nothing,
    /// A plain scalar in block context, which goes on over the lines indented deeper than the
    /// column of the collection it is in (`parent`).
    Plain {
        parent: usize,
    },
    /// A block scalar (`|`, `>`): its content's indentation once its first line has set it,
    /// and the longest all-space line before that.
    Block {
        parent: usize,
        content: Option<usize>,
        blanks: usize,
    },
}

/// The deepest flow nesting of `text`, read line by line as libyaml's scanner reads it, for the
/// YAML specs are written in: block collections, plain scalars (over several lines too), block
/// scalars, comments, and quoted scalars and flow collections each within one line. `None` for
/// anything else (a flow collection or quoted scalar over several lines, tabs, anchors, tags,
/// aliases, directives, explicit keys, line breaks other than LF and CRLF): only libyaml can
/// say then. What it reads past a point where libyaml fails cannot make libyaml slow.
fn simple_depth(text: &str) -> Option<usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // One search per character (each a fast byte search) rather than one pass over characters.
    if ['\t', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}'].into_iter().any(|c| text.contains(c)) {
        return None;
    }
    let crlf = text.contains('\r');
    let mut deepest = 0;
    let mut carry = Carry::Nothing;
    for line in text.split('\n') {
        let line = line.as_bytes();
        let line = if crlf {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.contains(&b'\r') {
                return None;
            }
            line
        } else {
            line
        };
        let indent = line.iter().take_while(|&&c| c == b' ').count();
        let blank = indent == line.len();
        match carry {
            Carry::Block { parent, content: None, blanks } => {
                if blank {
                    carry = Carry::Block { parent, content: None, blanks: blanks.max(indent) };
                    continue;
                }
                // libyaml's indentation: the first line's, at least one more than the parent's
                // and at least that of any all-space line before it.
                let content = indent.max(blanks).max(parent + 1);
                if indent == content {
                    carry = Carry::Block { parent, content: Some(content), blanks };
                    continue;
                }
            }
            Carry::Block { content: Some(content), .. } if blank || indent >= content => continue,
            Carry::Plain { .. } if blank => continue,
            Carry::Plain { parent } if indent > parent && line[indent] != b'#' => {
                // Text, up to a `: ` (a value would follow) or a ` #` (a comment ends it).
                if line.windows(2).any(|w| w == b": ") || line.ends_with(b":") {
                    return None;
                }
                if line.windows(2).any(|w| w == b" #") {
                    carry = Carry::Nothing;
                }
                continue;
            }
            _ => {}
        }
        carry = read_line(line, indent, &mut deepest)?;
    }
    Some(deepest)
}

/// The tokens of one line in block context from `start`, as libyaml's scanner splits them,
/// with the depth of its flow collections; `None` for what `simple_depth` leaves to libyaml.
fn read_line(b: &[u8], start: usize, deepest: &mut usize) -> Option<Carry> {
    let blank_at = |j: usize| j >= b.len() || b[j] == b' ';
    let mut i = start;
    if start == 0 && (b.starts_with(b"---") || b.starts_with(b"...")) && blank_at(3) {
        i = 3;
    } else if b.get(start) == Some(&b'%') {
        return None;
    }
    let mut depth = 0usize;
    // The column of the innermost block collection the line opens (a `- ` or a key), which a
    // scalar that goes on to later lines is in; the start of the node before, which a `: `
    // makes a key; where the outermost flow collection began.
    let mut parent: Option<usize> = None;
    let mut node: Option<usize> = None;
    let mut flow_start = 0;
    loop {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let next_blank = blank_at(i + 1);
        match b[i] {
            b'#' => break,
            b'[' | b'{' => {
                if depth == 0 {
                    flow_start = i;
                }
                depth += 1;
                *deepest = (*deepest).max(depth);
                i += 1;
            }
            b']' | b'}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    node = Some(flow_start);
                }
                i += 1;
            }
            b',' | b':' if depth > 0 => i += 1,
            b':' if next_blank => {
                parent = Some(node.take()?);
                i += 1;
            }
            b'-' if next_blank && depth == 0 => {
                parent = Some(i);
                i += 1;
            }
            b'|' | b'>' if depth == 0 => {
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b'+' | b'-') {
                    j += 1;
                }
                while j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                if j < b.len() && b[j] != b'#' {
                    return None;
                }
                return Some(Carry::Block { parent: parent?, content: None, blanks: 0 });
            }
            quote @ (b'\'' | b'"') => {
                let mut j = i + 1;
                loop {
                    match b.get(j) {
                        None => return None,
                        Some(b'\\') if quote == b'"' => j += 2,
                        Some(&c) if c == b'\'' && quote == b'\'' && b.get(j + 1) == Some(&b'\'') => j += 2,
                        Some(&c) if c == quote => break,
                        Some(_) => j += 1,
                    }
                }
                if depth == 0 {
                    node = Some(i);
                }
                i = j + 1;
            }
            // `-x` starts a plain scalar, and so do `?x` and `:x` in block context; in flow
            // context `?` is an explicit key and `- ` an error.
            b'-' | b'?' | b':' if next_blank || (depth > 0 && b[i] != b'-') => return None,
            b']' | b'}' | b',' | b'*' | b'&' | b'!' | b'%' | b'@' | b'`' | b'|' | b'>' => return None,
            _ => {
                let flow = depth > 0;
                match plain_end(b, i, flow)? {
                    Some(end) => {
                        if !flow {
                            node = Some(i);
                        }
                        i = end;
                    }
                    // It goes on to the next lines, in block context only.
                    None if flow => return None,
                    None => return Some(Carry::Plain { parent: parent? }),
                }
            }
        }
    }
    (depth == 0).then_some(Carry::Nothing)
}

/// Where the plain scalar at `i` ends on its line: at a `: `, a ` #` or, in `flow` context, a
/// flow indicator (`Some(Some(at))`), or at the end of the line (`Some(None)`); `None` for the
/// error libyaml stops at (`:` before a flow indicator).
fn plain_end(b: &[u8], i: usize, flow: bool) -> Option<Option<usize>> {
    let blank_at = |j: usize| j >= b.len() || b[j] == b' ';
    let mut j = i;
    loop {
        while j < b.len() && b[j] != b' ' {
            let c = b[j];
            if c == b':' && blank_at(j + 1) {
                return Some(Some(j));
            }
            if flow && c == b':' && matches!(b.get(j + 1), Some(b',' | b'?' | b'[' | b']' | b'{' | b'}')) {
                return None;
            }
            if flow && matches!(c, b',' | b'[' | b']' | b'{' | b'}') {
                return Some(Some(j));
            }
            j += 1;
        }
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        if j >= b.len() {
            return Some(None);
        }
        if b[j] == b'#' {
            return Some(Some(j));
        }
    }
}

/// `too_deep` for JSON: the line at which arrays and objects nest deeper than `MAX_NESTING`;
/// brackets in strings are text.
pub(crate) fn too_deep_json(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut line, mut i) = (0usize, 1, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => line += 1,
            b'"' => {
                // To the closing quote; a string holds no raw line break, but count any.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    line += usize::from(bytes[i] == b'\n');
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(line);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deepest flow nesting libyaml's scanner reaches before the end or its first error.
    fn libyaml_depth(text: &str) -> usize {
        super::super::yaml_events::flow_depth(text, usize::MAX).0
    }

    #[test]
    fn nesting_is_found_at_its_line() {
        let closed = "a: [x, {y: z}]\n".repeat(500);
        let text = format!("{closed}b: {}\nc: {}\n", "[".repeat(600), "{".repeat(401));
        assert_eq!(too_deep(&text), Some(502));
        assert_eq!(too_deep(&format!("{closed}b: {}\n", "[".repeat(1000))), None);
        assert_eq!(too_deep(&format!("a: [{}{}", "[], ".repeat(5000), "[".repeat(1001))), Some(1));
    }

    #[test]
    fn brackets_in_scalars_and_comments_are_no_nesting() {
        let many = "[".repeat(1001);
        for text in [
            format!("a: \"{many}\"\n"),
            format!("a: '{many}'\n"),
            format!("a: [\"{many}\", '{many}']\n"),
            format!("a: |\n  {many}\n  {many}\nb: >\n  {many}\n"),
            format!("a: x{many}\n"),
            format!("- a: x\n   {many}\n   {many} ]]\n"),
            format!("a: 1 # {many}\n# {many}\n"),
            format!("a: \"x\n  {many}\"\n"),
            format!("a: \"x\t{many}\"\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text:.40}");
        }
        // Closing brackets inside scalars take nothing off the depth.
        assert_eq!(too_deep(&"[\"]\", ".repeat(1001)), Some(1));
        assert_eq!(too_deep(&format!("a: x\nb: {}", "[".repeat(200_000))), Some(2));
        // The same for JSON.
        assert_eq!(too_deep_json(&format!("{{\"a\": [\"{many}\", \"\\\"{many}\"]}}")), None);
        assert_eq!(too_deep_json(&format!("{{\"a\":\n{}", "[\"]\", ".repeat(1001))), Some(2));
        assert_eq!(too_deep_json(&"[".repeat(1000)), None);
    }

    /// The line-by-line reading is libyaml's where it gives a depth: on the repository's specs
    /// and on many random texts of YAML's indicators, it never says less than libyaml reaches.
    #[test]
    fn the_line_by_line_depth_is_never_less_than_libyamls() {
        let top = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for dir in ["specs", "specs/sets", "tests/specs"] {
            for entry in std::fs::read_dir(top.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let depth = simple_depth(&text);
                    read += usize::from(depth.is_some());
                    assert!(depth.is_none_or(|d| d == libyaml_depth(&text)), "{}", path.display());
                }
            }
        }
        assert!(read > 30, "{read}");
        let pieces = [
            "[", "]", "{", "}", ",", ":", ": ", "- ", "? ", "'", "''", "\"", "\\\"", "#", " #", "|", ">", "|-", "a",
            "b c", "x:y", " ", "  ", "\n", "\n  ", "\n    ", "\r\n", "---", "...", "&a", "*a", "!t", "%", "@",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut random = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut judged = 0;
        for _ in 0..200_000 {
            let len = 1 + random(24);
            let text: String = (0..len).map(|_| pieces[random(pieces.len())]).collect();
            if let Some(depth) = simple_depth(&text) {
                judged += 1;
                assert!(depth >= libyaml_depth(&text), "{text:?}: {depth} < {}", libyaml_depth(&text));
            }
        }
        assert!(judged > 10_000, "{judged}");
    }
}
