//! libyaml's event parser, the one serde_yaml uses, as a safe lending iterator: its marks are
//! the positions serde_yaml puts in its errors. The locator (`source.rs`) and the alias
//! budgets (`budget.rs`) read documents through it, and the nesting guard (`nesting.rs`) its
//! scanner's flow depth; all of confspec's unsafe YAML code is here.

use std::marker::PhantomData;
use std::mem::MaybeUninit;
use unsafe_libyaml as unsafe_sys;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Scalar,
    SequenceStart,
    MappingStart,
    /// A sequence or mapping ends.
    End,
    Alias,
    DocumentEnd,
    StreamEnd,
    /// Stream and document starts.
    Other,
}

/// One event, borrowed from the parser until the next call to `Events::next`.
#[derive(Debug)]
pub struct Event<'e> {
    pub kind: Kind,
    /// 1-based line and column of the event's start, as serde_yaml reports them.
    pub mark: (usize, usize),
    /// The node's anchor; for an alias, the anchor it names.
    pub anchor: Option<&'e [u8]>,
    pub tag: Option<&'e [u8]>,
    /// A scalar's value (empty for other events).
    pub value: &'e [u8],
    /// Whether a scalar is plain (not quoted, not a block scalar).
    pub plain: bool,
}

/// The events of `text`, until the stream's end or the first syntax error.
pub struct Events<'a> {
    /// Boxed because libyaml keeps a pointer to the parser (its read handler's data).
    parser: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
    event: MaybeUninit<unsafe_sys::yaml_event_t>,
    /// Whether `event` holds an event not yet deleted.
    holding: bool,
    initialised: bool,
    done: bool,
    _text: PhantomData<&'a [u8]>,
}

impl<'a> Events<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut parser = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
        // SAFETY: the parser reads `text`, which outlives it (the lifetime says so); a failed
        // initialisation frees what it allocated, and no event is read then.
        let initialised = unsafe {
            let p = parser.as_mut_ptr();
            let ok = unsafe_sys::yaml_parser_initialize(p).ok;
            if ok {
                unsafe_sys::yaml_parser_set_encoding(p, unsafe_sys::YAML_UTF8_ENCODING);
                unsafe_sys::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
            }
            ok
        };
        Events {
            parser,
            event: MaybeUninit::uninit(),
            holding: false,
            initialised,
            done: !initialised,
            _text: PhantomData,
        }
    }

    /// The next event; `None` after the stream's end or a syntax error.
    #[allow(clippy::should_implement_trait)] // a lending iterator: each event borrows `self`
    pub fn next(&mut self) -> Option<Event<'_>> {
        self.release();
        if self.done {
            return None;
        }
        // SAFETY: the parser is initialised (`done` is false). A parsed event is kept until
        // the next call or the drop, so the slices borrowed from it (anchors, tags and values
        // are NUL-terminated strings or buffers it owns) live as long as the returned `Event`,
        // which borrows `self`; each union member is read for the type that names it.
        unsafe {
            if unsafe_sys::yaml_parser_parse(self.parser.as_mut_ptr(), self.event.as_mut_ptr()).fail {
                self.done = true;
                return None;
            }
            self.holding = true;
            let e = &*self.event.as_ptr();
            let mark = (e.start_mark.line as usize + 1, e.start_mark.column as usize + 1);
            let mut event = Event { kind: Kind::Other, mark, anchor: None, tag: None, value: &[], plain: false };
            match e.type_ {
                unsafe_sys::YAML_SCALAR_EVENT => {
                    let s = &e.data.scalar;
                    event.kind = Kind::Scalar;
                    event.anchor = c_str(s.anchor);
                    event.tag = c_str(s.tag);
                    event.value =
                        if s.value.is_null() { &[] } else { std::slice::from_raw_parts(s.value, s.length as usize) };
                    event.plain = s.style == unsafe_sys::YAML_PLAIN_SCALAR_STYLE;
                }
                unsafe_sys::YAML_SEQUENCE_START_EVENT => {
                    event.kind = Kind::SequenceStart;
                    event.anchor = c_str(e.data.sequence_start.anchor);
                    event.tag = c_str(e.data.sequence_start.tag);
                }
                unsafe_sys::YAML_MAPPING_START_EVENT => {
                    event.kind = Kind::MappingStart;
                    event.anchor = c_str(e.data.mapping_start.anchor);
                    event.tag = c_str(e.data.mapping_start.tag);
                }
                unsafe_sys::YAML_SEQUENCE_END_EVENT | unsafe_sys::YAML_MAPPING_END_EVENT => event.kind = Kind::End,
                unsafe_sys::YAML_ALIAS_EVENT => {
                    event.kind = Kind::Alias;
                    event.anchor = c_str(e.data.alias.anchor);
                }
                unsafe_sys::YAML_DOCUMENT_END_EVENT => event.kind = Kind::DocumentEnd,
                unsafe_sys::YAML_STREAM_END_EVENT => {
                    event.kind = Kind::StreamEnd;
                    self.done = true;
                }
                _ => {}
            }
            Some(event)
        }
    }

    fn release(&mut self) {
        if self.holding {
            // SAFETY: the event was parsed and not yet deleted.
            unsafe { unsafe_sys::yaml_event_delete(self.event.as_mut_ptr()) };
            self.holding = false;
        }
    }
}

/// The flow depth libyaml's scanner reaches in `text` (its `flow_level`: the `[` and `{` it has
/// open), scanning up to the end, its first error, or the first `[` or `{` that opens more than
/// `limit`, whose line is then given too.
pub fn flow_depth(text: &str, limit: usize) -> (usize, Option<usize>) {
    let mut parser = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
    let mut token = MaybeUninit::<unsafe_sys::yaml_token_t>::uninit();
    let (mut depth, mut deepest) = (0usize, 0usize);
    // SAFETY: as in `Events::new`, the parser reads `text`, which outlives it, and is deleted
    // once, after its last token; each scanned token is deleted before the next scan.
    unsafe {
        let p = parser.as_mut_ptr();
        if !unsafe_sys::yaml_parser_initialize(p).ok {
            return (0, None);
        }
        unsafe_sys::yaml_parser_set_encoding(p, unsafe_sys::YAML_UTF8_ENCODING);
        unsafe_sys::yaml_parser_set_input_string(p, text.as_ptr(), text.len() as u64);
        let mut over = None;
        while unsafe_sys::yaml_parser_scan(p, token.as_mut_ptr()).ok {
            let t = &*token.as_ptr();
            let (kind, line) = (t.type_, t.start_mark.line as usize + 1);
            unsafe_sys::yaml_token_delete(token.as_mut_ptr());
            match kind {
                unsafe_sys::YAML_FLOW_SEQUENCE_START_TOKEN | unsafe_sys::YAML_FLOW_MAPPING_START_TOKEN => {
                    depth += 1;
                    deepest = deepest.max(depth);
                    if depth > limit {
                        over = Some(line);
                        break;
                    }
                }
                unsafe_sys::YAML_FLOW_SEQUENCE_END_TOKEN | unsafe_sys::YAML_FLOW_MAPPING_END_TOKEN => {
                    depth = depth.saturating_sub(1)
                }
                unsafe_sys::YAML_STREAM_END_TOKEN => break,
                _ => {}
            }
        }
        unsafe_sys::yaml_parser_delete(p);
        (deepest, over)
    }
}

/// A NUL-terminated string's bytes; `None` for a null pointer.
///
/// # Safety
/// `ptr` is null or points to a NUL-terminated string that outlives `'e`.
unsafe fn c_str<'e>(ptr: *const u8) -> Option<&'e [u8]> {
    (!ptr.is_null()).then(|| std::ffi::CStr::from_ptr(ptr.cast()).to_bytes())
}

impl Drop for Events<'_> {
    fn drop(&mut self) {
        self.release();
        if self.initialised {
            // SAFETY: initialised, and deleted once.
            unsafe { unsafe_sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_marks_anchors_tags_and_values() {
        let mut events = Events::new("a: &x 'quoted'\nb: [*x, !t 2]\n");
        let mut seen = Vec::new();
        while let Some(e) = events.next() {
            seen.push((
                e.kind,
                e.mark,
                e.anchor.map(<[u8]>::to_vec),
                e.tag.map(<[u8]>::to_vec),
                e.value.to_vec(),
                e.plain,
            ));
        }
        let scalars: Vec<_> = seen
            .iter()
            .filter(|s| s.0 == Kind::Scalar)
            .map(|s| (s.1, String::from_utf8_lossy(&s.4).into_owned(), s.5))
            .collect();
        assert_eq!(
            scalars,
            [
                ((1, 1), "a".into(), true),
                ((1, 4), "quoted".into(), false),
                ((2, 1), "b".into(), true),
                ((2, 9), "2".into(), true)
            ]
        );
        assert!(seen.iter().any(|s| s.0 == Kind::Alias && s.1 == (2, 5) && s.2.as_deref() == Some(&b"x"[..])));
        assert!(seen.iter().any(|s| s.3.as_deref() == Some(&b"!t"[..])));
        assert_eq!(seen.last().unwrap().0, Kind::StreamEnd);
        // A syntax error ends the events.
        let mut broken = Events::new("a: [\n");
        let mut n = 0;
        while broken.next().is_some() {
            n += 1;
        }
        assert!(n < 10);
    }

    #[test]
    fn the_scanners_flow_depth_counts_brackets_that_open_collections() {
        assert_eq!(flow_depth("a: [b, {c: [d]}]\nb: '[[['\n", 10), (3, None));
        // A pair in a flow sequence is a mapping of its own for the parser, not for the scanner.
        assert_eq!(flow_depth("[{a}: b]", 10), (2, None));
        assert_eq!(flow_depth(&format!("a: x\nb: {}", "[".repeat(100_000)), 5), (6, Some(2)));
        // The first error ends the scan.
        assert_eq!(flow_depth("a: \"x\n\u{0}[[[", 0), (0, None));
    }
}
