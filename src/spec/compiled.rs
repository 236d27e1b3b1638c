//! The model's binary form: specs already loaded and checked, written as bytes that are read
//! back without parsing YAML or checking anything again. The shipped services
//! (`crate::services`) are compiled into the binary in this form.
//!
//! The format is private to one build of confspec: a value is its fields in declaration order,
//! integers as LEB128 varints, strings and lists with their length first. Each model type lists
//! its fields once (`wire_struct!` destructures them all), so a field added to the model that
//! the format forgets does not compile.

use super::model::{Choice, DeprecatedName, Group, Include, Number, Opt, OptType, Selector, Spec, Text, TypeKind};
use crate::oslo::pynum::PyInt;
use crate::oslo::pyvalue::PyValue;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Bytes that do not decode: only a build whose compiled services are stale makes them.
#[derive(Debug)]
pub struct Corrupt(pub String);

pub type Decoded<T> = std::result::Result<T, Corrupt>;

/// Appends values to a buffer. Strings go into one text, each once (a help text several
/// specs share, keystoneauth's plugin options in every group that selects them), and a value
/// holds its index; so do selectors and option types, in tables of their own.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
    strings: String,
    string_ends: Vec<u32>,
    string_index: HashMap<String, u64>,
    /// Every group that includes keystoneauth's auth options selects the same plugins' options.
    selectors: SharedTable,
    /// Most options have one of a few types ("string value", "boolean value", ...).
    types: SharedTable,
}

/// Values stored once each, by their bytes, and referred to by index: read back, each is
/// decoded once and shared (`Arc`).
#[derive(Default)]
struct SharedTable {
    table: Table,
    index: HashMap<Vec<u8>, u64>,
}

/// Items laid end to end, and where each ends.
#[derive(Default)]
struct Table {
    bytes: Vec<u8>,
    ends: Vec<u32>,
}

impl Table {
    fn push(&mut self, item: &[u8]) -> u64 {
        self.bytes.extend_from_slice(item);
        self.ends.push(u32::try_from(self.bytes.len()).expect("a table under 4 GiB"));
        self.ends.len() as u64 - 1
    }

    fn write(&self, out: &mut Vec<u8>) {
        write_ends(&self.ends, out);
        out.extend_from_slice(&self.bytes);
    }
}

/// A table's item count and where each item ends.
fn write_ends(ends: &[u32], out: &mut Vec<u8>) {
    out.extend_from_slice(&(ends.len() as u64).to_le_bytes());
    for end in ends {
        out.extend_from_slice(&end.to_le_bytes());
    }
}

/// What `Writer::finish` gives: all three are needed to read the values back.
pub struct Compiled {
    /// Where each string ends in `strings`, then the selectors and the option types
    /// (`Tables::read`).
    pub tables: Vec<u8>,
    /// Every string, end to end: kept apart so that the binary can embed them as text, which
    /// the compiler checks is UTF-8 (`include_str!`), and not check each one again on reading.
    pub strings: String,
    pub values: Vec<u8>,
}

impl Writer {
    pub fn put<T: Wire>(&mut self, value: &T) {
        value.put(self);
    }

    fn varint(&mut self, mut n: u64) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    fn string(&mut self, s: &str) {
        let i = match self.string_index.get(s) {
            Some(&i) => i,
            None => {
                self.strings.push_str(s);
                self.string_ends.push(u32::try_from(self.strings.len()).expect("strings under 4 GiB"));
                let i = self.string_ends.len() as u64 - 1;
                self.string_index.insert(s.to_owned(), i);
                i
            }
        };
        self.varint(i);
    }

    /// `value` into the shared table `table` picks, and its index here.
    fn shared<T: Wire>(&mut self, value: &T, table: fn(&mut Writer) -> &mut SharedTable) {
        let outer = std::mem::take(&mut self.bytes);
        value.put(self);
        let bytes = std::mem::replace(&mut self.bytes, outer);
        let shared = table(self);
        let i = match shared.index.get(&bytes) {
            Some(&i) => i,
            None => {
                let i = shared.table.push(&bytes);
                shared.index.insert(bytes, i);
                i
            }
        };
        self.varint(i);
    }

    /// The tables, as `Tables::read` reads them, the strings and the values written.
    pub fn finish(self) -> Compiled {
        let mut tables = Vec::new();
        write_ends(&self.string_ends, &mut tables);
        self.selectors.table.write(&mut tables);
        self.types.table.write(&mut tables);
        Compiled { tables, strings: self.strings, values: self.bytes }
    }
}

/// A `Table` as written, read in place.
#[derive(Clone, Copy)]
struct TableView {
    ends: &'static [u8],
    bytes: &'static [u8],
}

impl TableView {
    /// The table at the start of `bytes`, and the bytes after it.
    fn read(bytes: &'static [u8]) -> Decoded<(TableView, &'static [u8])> {
        let (ends, rest) = read_ends(bytes)?;
        let size = match ends.len() {
            0 => 0,
            n => u32::from_le_bytes(ends[n - 4..].try_into().unwrap()) as usize,
        };
        let items = rest.get(..size).ok_or_else(|| Corrupt("a table cut short".into()))?;
        Ok((TableView { ends, bytes: items }, &rest[size..]))
    }

    fn len(&self) -> usize {
        self.ends.len() / 4
    }

    fn get(&self, i: usize) -> Option<&'static [u8]> {
        self.bytes.get(item_range(self.ends, i)?)
    }
}

/// The ends of a table (`write_ends`) at the start of `bytes`, and the bytes after them.
fn read_ends(bytes: &'static [u8]) -> Decoded<(&'static [u8], &'static [u8])> {
    let corrupt = || Corrupt("a table cut short".into());
    let count = bytes.get(..8).ok_or_else(corrupt)?;
    let count = u64::from_le_bytes(count.try_into().unwrap()) as usize;
    let ends = bytes.get(8..8 + count.checked_mul(4).ok_or_else(corrupt)?).ok_or_else(corrupt)?;
    Ok((ends, &bytes[8 + ends.len()..]))
}

/// Where item `i` of a table is, from its ends.
#[inline]
fn item_range(ends: &[u8], i: usize) -> Option<std::ops::Range<usize>> {
    let end_at = |k: usize| -> Option<usize> {
        Some(u32::from_le_bytes(ends.get(4 * k..4 * k + 4)?.try_into().unwrap()) as usize)
    };
    let end = end_at(i)?;
    let start = if i == 0 { 0 } else { end_at(i - 1)? };
    Some(start..end)
}

/// What values refer to: the strings, read in place with no work per string until one is
/// used, and the selectors and option types, each decoded once however many share it.
///
/// The bytes are the binary's own (`'static`): decoded texts can borrow them (`Text`).
pub struct Tables {
    strings: &'static str,
    string_ends: &'static [u8],
    selectors: SharedView<Selector>,
    types: SharedView<OptType>,
}

/// A `SharedTable` as written, and what has been decoded from it.
struct SharedView<T> {
    table: TableView,
    decoded: RefCell<Vec<Option<Arc<T>>>>,
}

impl<T> SharedView<T> {
    fn read(bytes: &'static [u8]) -> Decoded<(SharedView<T>, &'static [u8])> {
        let (table, rest) = TableView::read(bytes)?;
        Ok((SharedView { table, decoded: RefCell::new(vec![None; table.len()]) }, rest))
    }
}

impl Tables {
    /// The tables at the start of `bytes`, over `strings` (`Compiled`), and the bytes after them.
    pub fn read(bytes: &'static [u8], strings: &'static str) -> Decoded<(Tables, &'static [u8])> {
        let (string_ends, rest) = read_ends(bytes)?;
        let (selectors, rest) = SharedView::read(rest)?;
        let (types, rest) = SharedView::read(rest)?;
        Ok((Tables { strings, string_ends, selectors, types }, rest))
    }
}

/// Reads values back, in the order they were written.
pub struct Reader<'r> {
    bytes: &'static [u8],
    at: usize,
    tables: &'r Tables,
    /// Whether groups are read without their selectors (`without_selectors`).
    skip_selectors: bool,
}

impl<'r> Reader<'r> {
    pub fn new(bytes: &'static [u8], tables: &'r Tables) -> Self {
        Reader { bytes, at: 0, tables, skip_selectors: false }
    }

    /// Groups are read with no selectors (`Group::selectors` empty): for the commands that
    /// never read them (samples and documents; validating and starter configs do), as
    /// decoding them is most of the work for a file whose groups select auth plugins'
    /// options.
    pub fn without_selectors(mut self) -> Self {
        self.skip_selectors = true;
        self
    }

    pub fn get<T: Wire>(&mut self) -> Decoded<T> {
        T::get(self)
    }

    /// How many bytes have been read.
    pub fn position(&self) -> usize {
        self.at
    }

    pub fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    // Errors are built out of line: the readers below run for every field of every option,
    // and only a stale build ever takes an error path.
    #[cold]
    #[inline(never)]
    fn corrupt(&self, what: &str) -> Corrupt {
        Corrupt(format!("{what} at byte {}", self.at))
    }

    #[inline]
    fn byte(&mut self) -> Decoded<u8> {
        match self.bytes.get(self.at) {
            Some(&b) => {
                self.at += 1;
                Ok(b)
            }
            None => Err(self.corrupt("unexpected end")),
        }
    }

    #[inline]
    fn varint(&mut self) -> Decoded<u64> {
        // Most varints (string indexes under 128, counts, lengths) are one byte.
        let first = self.byte()?;
        if first & 0x80 == 0 {
            return Ok(u64::from(first));
        }
        let mut n = u64::from(first & 0x7f);
        for shift in (7..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(self.corrupt("varint too long"))
    }

    fn len(&mut self) -> Decoded<usize> {
        let n = self.varint()? as usize;
        if n > self.bytes.len() - self.at {
            return Err(self.corrupt("length past the end"));
        }
        Ok(n)
    }

    fn string(&mut self) -> Decoded<&'static str> {
        let i = self.varint()? as usize;
        // A range off the text's character boundaries is `None`, as one past its end.
        match item_range(self.tables.string_ends, i).and_then(|range| self.tables.strings.get(range)) {
            Some(s) => Ok(s),
            None => Err(self.bad_string(i)),
        }
    }

    /// A value of the shared table `view` picks: decoded the first time, shared after.
    fn shared<T: Wire>(&mut self, view: fn(&Tables) -> &SharedView<T>, what: &str) -> Decoded<Arc<T>> {
        let i = self.varint()? as usize;
        let tables = self.tables;
        if let Some(Some(done)) = view(tables).decoded.borrow().get(i) {
            return Ok(done.clone());
        }
        let Some(bytes) = view(tables).table.get(i) else {
            return Err(self.corrupt(&format!("{what} {i}")));
        };
        // A shared value holds no value of its own table (a selector's options have types,
        // never selectors): nothing else borrows this table while it is decoded.
        let value = Arc::new(Reader::new(bytes, tables).get::<T>()?);
        view(tables).decoded.borrow_mut()[i] = Some(value.clone());
        Ok(value)
    }

    #[inline]
    fn tag(&mut self, what: &str, count: u8) -> Decoded<u8> {
        let tag = self.byte()?;
        if tag >= count {
            return Err(self.bad_tag(what, tag));
        }
        Ok(tag)
    }

    #[cold]
    #[inline(never)]
    fn bad_string(&self, i: usize) -> Corrupt {
        self.corrupt(&format!("string {i}"))
    }

    #[cold]
    #[inline(never)]
    fn bad_tag(&self, what: &str, tag: u8) -> Corrupt {
        self.corrupt(&format!("{what} tag {tag}"))
    }
}

/// A type with a binary form.
pub trait Wire: Sized {
    fn put(&self, w: &mut Writer);
    fn get(r: &mut Reader) -> Decoded<Self>;
}

impl Wire for u64 {
    fn put(&self, w: &mut Writer) {
        w.varint(*self);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        r.varint()
    }
}

impl Wire for usize {
    fn put(&self, w: &mut Writer) {
        w.varint(*self as u64);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        Ok(r.varint()? as usize)
    }
}

impl Wire for u8 {
    fn put(&self, w: &mut Writer) {
        w.bytes.push(*self);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        r.byte()
    }
}

impl Wire for bool {
    fn put(&self, w: &mut Writer) {
        w.bytes.push(u8::from(*self));
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        Ok(r.tag("bool", 2)? == 1)
    }
}

impl Wire for f64 {
    fn put(&self, w: &mut Writer) {
        w.bytes.extend_from_slice(&self.to_bits().to_le_bytes());
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        let mut bits = [0u8; 8];
        for b in &mut bits {
            *b = r.byte()?;
        }
        Ok(f64::from_bits(u64::from_le_bytes(bits)))
    }
}

impl Wire for String {
    fn put(&self, w: &mut Writer) {
        w.string(self);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        r.string().map(str::to_owned)
    }
}

/// The same form as `String`; read back, it borrows the binary's bytes instead of copying them.
impl Wire for Text {
    fn put(&self, w: &mut Writer) {
        w.string(self);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        r.string().map(Text::Borrowed)
    }
}

impl<T: Wire> Wire for Option<T> {
    fn put(&self, w: &mut Writer) {
        match self {
            None => w.bytes.push(0),
            Some(v) => {
                w.bytes.push(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        Ok(match r.tag("option", 2)? {
            0 => None,
            _ => Some(T::get(r)?),
        })
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn put(&self, w: &mut Writer) {
        w.varint(self.len() as u64);
        for item in self {
            item.put(w);
        }
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        // Every item takes at least a byte: a count past the bytes left is corrupt, never a
        // huge allocation.
        let n = r.len()?;
        // Sized up front: collecting through `?` would grow the list by doubling, copying
        // every option decoded so far (and touching new memory) at each step. Capped: a
        // corrupt count (at most the bytes left) reserves no more than 4,096 items.
        let mut items = Vec::with_capacity(n.min(1 << 12));
        for _ in 0..n {
            items.push(T::get(r)?);
        }
        Ok(items)
    }
}

impl Wire for Arc<Selector> {
    fn put(&self, w: &mut Writer) {
        w.shared(&**self, |w| &mut w.selectors);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        r.shared(|t| &t.selectors, "selector")
    }
}

impl Wire for Arc<OptType> {
    fn put(&self, w: &mut Writer) {
        w.shared(&**self, |w| &mut w.types);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        r.shared(|t| &t.types, "option type")
    }
}

impl<T: Wire> Wire for Box<T> {
    fn put(&self, w: &mut Writer) {
        (**self).put(w);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        Ok(Box::new(T::get(r)?))
    }
}

impl<A: Wire, B: Wire> Wire for (A, B) {
    fn put(&self, w: &mut Writer) {
        self.0.put(w);
        self.1.put(w);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        Ok((A::get(r)?, B::get(r)?))
    }
}

impl<V: Wire> Wire for BTreeMap<String, V> {
    fn put(&self, w: &mut Writer) {
        w.varint(self.len() as u64);
        for (k, v) in self {
            k.put(w);
            v.put(w);
        }
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        let n = r.len()?;
        let mut map = BTreeMap::new();
        for _ in 0..n {
            map.insert(String::get(r)?, V::get(r)?);
        }
        Ok(map)
    }
}

impl Wire for std::ops::Range<usize> {
    fn put(&self, w: &mut Writer) {
        self.start.put(w);
        self.end.put(w);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        Ok(usize::get(r)?..usize::get(r)?)
    }
}

impl Wire for PyInt {
    fn put(&self, w: &mut Writer) {
        // Every integer goes as its decimal text: exact at any size, and rare enough in a
        // spec that its size does not matter.
        w.string(&self.to_string());
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        let text = r.string()?;
        PyInt::from_decimal(text).ok_or_else(|| r.corrupt("an integer"))
    }
}

impl Wire for PyValue {
    fn put(&self, w: &mut Writer) {
        match self {
            PyValue::None => w.bytes.push(0),
            PyValue::Bool(b) => {
                w.bytes.push(1);
                b.put(w);
            }
            PyValue::Int(i) => {
                w.bytes.push(2);
                i.put(w);
            }
            PyValue::Float(f) => {
                w.bytes.push(3);
                f.put(w);
            }
            PyValue::Str(s) => {
                w.bytes.push(4);
                s.put(w);
            }
            PyValue::List(items) => {
                w.bytes.push(5);
                items.put(w);
            }
            PyValue::Dict(items) => {
                w.bytes.push(6);
                items.put(w);
            }
        }
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        Ok(match r.tag("value", 7)? {
            0 => PyValue::None,
            1 => PyValue::Bool(r.get()?),
            2 => PyValue::Int(r.get()?),
            3 => PyValue::Float(r.get()?),
            4 => PyValue::Str(r.get()?),
            5 => PyValue::List(r.get()?),
            _ => PyValue::Dict(r.get()?),
        })
    }
}

impl Wire for Number {
    fn put(&self, w: &mut Writer) {
        match self {
            Number::Int(i) => {
                w.bytes.push(0);
                i.put(w);
            }
            Number::Float(f) => {
                w.bytes.push(1);
                f.put(w);
            }
        }
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        Ok(match r.tag("number", 2)? {
            0 => Number::Int(r.get()?),
            _ => Number::Float(r.get()?),
        })
    }
}

/// The binary form of a struct: its fields in order, every one named (a field the list
/// forgets is a compile error).
macro_rules! wire_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Wire for $ty {
            fn put(&self, w: &mut $crate::spec::compiled::Writer) {
                let $ty { $($field),* } = self;
                $($field.put(w);)*
            }
            fn get(r: &mut $crate::spec::compiled::Reader) -> $crate::spec::compiled::Decoded<Self> {
                Ok($ty { $($field: Wire::get(r)?),* })
            }
        }
    };
}

pub(crate) use wire_struct;

wire_struct!(Spec { namespace, description, groups, origin });
// By hand, to skip the selectors when asked; every field is still named in both directions.
impl Wire for Group {
    fn put(&self, w: &mut Writer) {
        let Group { name, title, help, driver_option, dynamic_group_owner, driver_opts, options, selectors, includes } =
            self;
        name.put(w);
        title.put(w);
        help.put(w);
        driver_option.put(w);
        dynamic_group_owner.put(w);
        driver_opts.put(w);
        options.put(w);
        selectors.put(w);
        includes.put(w);
    }
    fn get(r: &mut Reader) -> Decoded<Self> {
        Ok(Group {
            name: r.get()?,
            title: r.get()?,
            help: r.get()?,
            driver_option: r.get()?,
            dynamic_group_owner: r.get()?,
            driver_opts: r.get()?,
            options: r.get()?,
            selectors: if r.skip_selectors {
                // Their indexes, passed over.
                for _ in 0..r.len()? {
                    r.varint()?;
                }
                Vec::new()
            } else {
                r.get()?
            },
            includes: r.get()?,
        })
    }
}
wire_struct!(Include { set, origin, embedded, options, deprecations });
wire_struct!(Selector { option, follow, choices, exhaustive });
wire_struct!(DeprecatedName { name, group, since });
wire_struct!(Opt {
    name,
    dest,
    ty,
    default,
    default_object,
    sample_default,
    help,
    required,
    secret,
    advanced,
    mutable,
    short,
    metavar,
    positional,
    deprecated_opts,
    deprecated_for_removal,
    deprecated_reason,
    deprecated_since,
    doc_type
});
wire_struct!(OptType { kind, type_name });
wire_struct!(Choice { value, description });

/// The binary form of an enum's variants with named fields: a tag, then the fields in order.
macro_rules! wire_enum {
    ($ty:ident { $($variant:ident { $($field:ident),* }),* $(,)? }) => {
        impl Wire for $ty {
            fn put(&self, w: &mut Writer) {
                let mut tag = 0u8;
                $(
                    if let $ty::$variant { $($field),* } = self {
                        w.bytes.push(tag);
                        $($field.put(w);)*
                        return;
                    }
                    tag += 1;
                )*
                unreachable!("{tag} variants, each handled");
            }
            fn get(r: &mut Reader) -> Decoded<Self> {
                let tag = r.byte()?;
                let mut n = 0u8;
                $(
                    if tag == n {
                        return Ok($ty::$variant { $($field: Wire::get(r)?),* });
                    }
                    n += 1;
                )*
                Err(r.corrupt(&format!("{} tag {tag} of {n}", stringify!($ty))))
            }
        }
    };
}

wire_enum!(TypeKind {
    String { choices, quotes, regex, ignore_case, max_length },
    Integer { choices, min, max, sample_min, sample_max },
    Float { min, max },
    Port { min, max, choices },
    Boolean {},
    List { item_type, bounds, min_length },
    Dict { value_type, bounds, key_value_separator, min_length },
    MultiString {},
    IpAddress { version },
    Hostname {},
    HostAddress { version },
    HostDomain { version },
    Uri { max_length, schemes },
    Range { min, max, inclusive },
    Custom { min, max, choices, default_text, python_type },
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalog_reads_back_as_it_was_written() {
        let mut loader = crate::spec::Loader::new();
        let features =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/specs/features.yaml")).unwrap();
        let selects = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/specs/selects/service.yaml"));
        let specs = vec![
            loader.load_catalog(&[]).unwrap().specs.remove(0),
            loader.load_text("features.yaml".into(), features, None).unwrap(),
            loader.load_file(selects).unwrap(),
        ];
        let mut w = Writer::default();
        w.put(&specs);
        // Decoded texts borrow the bytes for the program's life, as the embedded ones do.
        let Compiled { tables: table, strings, values: body } = w.finish();
        let (table, strings, body): (&'static [u8], &'static str, &'static [u8]) =
            (table.leak(), strings.leak(), body.leak());
        let (tables, rest) = Tables::read(table, strings).unwrap();
        assert!(rest.is_empty());
        let mut r = Reader::new(body, &tables);
        let back: Vec<Spec> = r.get().unwrap();
        assert!(r.at_end());
        assert_eq!(format!("{specs:?}"), format!("{back:?}"));
        // Read without selectors, the groups are the same but for them.
        let lean: Vec<Spec> = Reader::new(body, &tables).without_selectors().get().unwrap();
        let mut stripped = back.clone();
        stripped.iter_mut().flat_map(|s| &mut s.groups).for_each(|g| g.selectors.clear());
        assert!(back.iter().flat_map(|s| &s.groups).any(|g| !g.selectors.is_empty()));
        assert_eq!(format!("{stripped:?}"), format!("{lean:?}"));
        // Options of one type share it, decoded once.
        let options: Vec<&Opt> = back.iter().flat_map(|s| &s.groups).flat_map(|g| &g.options).collect();
        let booleans: Vec<&Opt> = options.into_iter().filter(|o| matches!(o.ty.kind, TypeKind::Boolean)).collect();
        assert!(booleans.len() >= 2 && booleans.iter().all(|o| Arc::ptr_eq(&o.ty, &booleans[0].ty)));
        // Cut anywhere, the values, their tables or their strings are corrupt, never a panic.
        for end in (0..body.len()).step_by(97) {
            assert!(Reader::new(&body[..end], &Tables::read(table, strings).unwrap().0).get::<Vec<Spec>>().is_err());
        }
        for end in (0..table.len()).step_by(89) {
            if let Ok((tables, _)) = Tables::read(&table[..end], strings) {
                assert!(Reader::new(body, &tables).get::<Vec<Spec>>().is_err());
            }
        }
        for end in (0..strings.len()).step_by(83).filter(|&end| strings.is_char_boundary(end)) {
            let tables = Tables::read(table, &strings[..end]).unwrap().0;
            assert!(Reader::new(body, &tables).get::<Vec<Spec>>().is_err());
        }
        // A string whose ends fall inside a character is corrupt too.
        let accented = strings.char_indices().find(|(_, c)| c.len_utf8() > 1).map(|(i, _)| i);
        let accented = accented.expect("features.yaml has a character outside ASCII");
        let mut ends = table.to_vec();
        let at = 8 + 4 * (0..).find(|&k| item_range(table, k).is_some_and(|r| r.contains(&accented))).unwrap();
        ends[at..at + 4].copy_from_slice(&(accented as u32 + 1).to_le_bytes());
        let tables = Tables::read(Vec::leak(ends), strings).unwrap().0;
        assert!(Reader::new(body, &tables).get::<Vec<Spec>>().is_err());
    }
}
