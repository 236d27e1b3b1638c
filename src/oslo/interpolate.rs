//! `$name` references in option values, as oslo's `ConfigOpts._substitute` resolves them.
//!
//! `substitute` is `string.Template.safe_substitute` with oslo's `Template` (`\$` read as `$$`
//! first; `idpattern` `[_a-z][\._a-z0-9]*` under IGNORECASE), over any lookup. `FileValues`
//! is that lookup for a config file: `StrSubWrapper.__getitem__` and `ConfigOpts._get` over the
//! specs' options and the values the file sets, each referenced option's value itself
//! substituted and converted by its type, and `str()` of the result put in the text.

use crate::diag::{capped, MASK};
use crate::hashing::{HashMap, HashSet, StrPair};
use crate::ini::Place;
use crate::oslo::pyvalue::PyValue;
use crate::oslo::types::{convert, reason, Converted};
use crate::spec::index::OptionIndex;
use crate::spec::model::{normalize_group, Opt, TypeKind};
use std::cell::{Cell, OnceCell, RefCell};

/// Why a reference has no value; oslo raises for each of these, so the value is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// `NoSuchOptError`: no option of that name in the group, nor in `[DEFAULT]`.
    NoSuchOption { key: String },
    /// `NoSuchGroupError`: `${group.name}` with a group no spec has.
    NoSuchGroup { key: String, group: String },
    /// `TemplateSubstitutionError`: the name of a group, not of an option.
    Group { key: String },
    /// The references come back to an option being resolved (Python's `RecursionError`).
    Loop { key: String },
    /// References nested deeper than `MAX_DEPTH` (Python's `RecursionError` comes sooner).
    TooDeep { key: String },
    /// Any of these in a secret value: which one is not said, since what it would quote (the
    /// name after `$`) is part of the secret.
    InSecret,
    /// The referenced option's own value is not valid for its type (or, for a secret, cannot be
    /// had at all): `reason` quotes the value as every message does, `****` for a secret's.
    Invalid { key: String, option: String, reason: String },
    /// The references would make the value longer than `MAX_VALUE` (oslo would build it).
    TooLong { key: String },
    /// The file's references have made `MAX_EXPANDED` bytes of text already.
    Spent { key: String },
}

impl std::fmt::Display for RefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefError::NoSuchOption { key } => {
                write!(f, "${{{}}} refers to no option (oslo: no such option)", capped(key))
            }
            RefError::NoSuchGroup { key, group } => {
                write!(f, "${{{}}} refers to [{}], which is not a group", capped(key), capped(group))
            }
            RefError::Group { key } => write!(f, "${{{}}} is a group, not an option", capped(key)),
            RefError::Loop { key } => write!(f, "${{{}}} refers back to itself", capped(key)),
            RefError::TooDeep { key } => write!(
                f,
                "${{{}}}: the references nest deeper than {MAX_DEPTH} options, which confspec follows",
                capped(key)
            ),
            RefError::InSecret => write!(f, "{MASK} holds a `$` reference oslo cannot resolve (the value is secret)"),
            RefError::Invalid { key, option, reason } => {
                write!(f, "${{{}}} refers to {option}, whose value is not valid: {reason}", capped(key))
            }
            RefError::TooLong { key } => write!(
                f,
                "${{{}}}: the references expand the value past {} MiB, which confspec does not build",
                capped(key),
                MAX_VALUE >> 20
            ),
            RefError::Spent { key } => write!(
                f,
                "${{{}}}: the file's references have expanded to {} MiB already, more than confspec builds: not checked",
                capped(key),
                MAX_EXPANDED >> 20
            ),
        }
    }
}

/// How many references deep a value is followed. oslo's Python stops sooner, near 120 in a
/// chain; a bound keeps a hostile chain of thousands from overflowing the stack.
pub const MAX_DEPTH: usize = 200;

/// The longest a value may grow by its references. Each reference may repeat a value that
/// is itself made of references, so a few lines of a file can stand for gigabytes (`o1 =
/// $o0$o0`, `o2 = $o1$o1`, ...): oslo would build them; confspec stops here and says so.
pub const MAX_VALUE: usize = 1 << 20;
/// What all the references of a file may add to its values together: each value within
/// `MAX_VALUE` may still be referenced by thousands of options.
pub const MAX_EXPANDED: usize = 16 << 20;

/// `Template.pattern`'s identifier, `[_a-z][\._a-z0-9]*` under IGNORECASE (which also takes
/// `İ`, `ı`, `ſ` and the Kelvin sign for letters): its length in bytes at the start of `s`.
fn identifier_len(s: &str) -> usize {
    let letter = |c: char| c == '_' || c.is_ascii_alphabetic() || "İıſ\u{212A}".contains(c);
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, c)) if letter(c) => {}
        _ => return 0,
    }
    chars.find(|&(_, c)| !(letter(c) || c == '.' || c.is_ascii_digit())).map_or(s.len(), |(at, _)| at)
}

/// `ConfigOpts._substitute` of a string: `\$` and `$$` give `$`, `$name` and `${name}` what
/// `lookup` gives for `name`, and any other `$` stays as it is. What references add may not
/// take the text past `MAX_VALUE` bytes (or past the value's own length, when longer).
pub fn substitute(value: &str, mut lookup: impl FnMut(&str) -> Result<String, RefError>) -> Result<String, RefError> {
    let template = value.replace("\\$", "$$");
    let mut out = String::with_capacity(template.len());
    let mut rest = template.as_str();
    let mut put = |out: &mut String, key: &str| {
        let text = lookup(key)?;
        if out.len() + text.len() > template.len().max(MAX_VALUE) {
            return Err(RefError::TooLong { key: key.to_owned() });
        }
        out.push_str(&text);
        Ok(())
    };
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(escaped) = after.strip_prefix('$') {
            out.push('$');
            rest = escaped;
            continue;
        }
        let named = identifier_len(after);
        if named > 0 {
            put(&mut out, &after[..named])?;
            rest = &after[named..];
            continue;
        }
        if let Some(inner) = after.strip_prefix('{') {
            let braced = identifier_len(inner);
            if braced > 0 && inner[braced..].starts_with('}') {
                put(&mut out, &inner[..braced])?;
                rest = &inner[braced + 1..];
                continue;
            }
        }
        out.push('$');
        rest = after;
    }
    out.push_str(rest);
    Ok(out)
}

/// What `ConfigOpts._get(name, group)` finds.
enum Got {
    /// The text a reference puts in a value: `str()` of the option's value, `''` for None.
    Text(String),
    NoSuchOption,
    NoSuchGroup,
    Group,
}

/// An option asked for by (group, name): what `_get` found, the text a reference puts in,
/// and whether a secret option's value went into it.
type Resolved = HashMap<(String, String), (Result<Option<String>, RefError>, bool)>;

/// A value with its references substituted.
pub struct Substituted {
    pub text: String,
    /// Whether it holds the value of a secret option (so that no finding may show it).
    pub shows_secret: bool,
}

/// An option's value as the service reads it.
pub struct Effective {
    /// Python's `str()` of the value (`None`: it has none); or why oslo refuses it, the value
    /// quoted as messages quote it (`****` when secret).
    pub value: Result<Option<String>, String>,
    /// Whether it is a secret's value or took one through a reference: never to be shown.
    pub secret: bool,
}

/// `[group]/key` as written (group normalised) -> its values and where each is.
type Settings<'e> = HashMap<(&'e str, &'e str), Vec<(Place, &'e str)>>;

/// The values config files set, as oslo's `ConfigOpts` reads them for `$name` references.
/// Its maps are made when first asked: most values reference nothing.
pub struct FileValues<'e> {
    /// The files' entries: (group as oslo normalises sections, key, value, where it is), in
    /// the order read; taken (and freed) when `set` is made from them.
    entries: Cell<Vec<(&'e str, &'e str, &'e str, Place)>>,
    /// `[group]/key` as written (group normalised) -> its values and where each is, in the
    /// order read (file by file).
    set: OnceCell<Settings<'e>>,
    /// `ConfigOpts._deprecated_opts`: (old group, or DEFAULT when it names none; old name with
    /// `_` for `-`) -> the option's (group, dest). Template names find options through it.
    renamed: OnceCell<HashMap<(String, String), (String, String)>>,
    /// What `_get` gave for each (group, name) asked.
    cache: RefCell<Resolved>,
    /// The (group, name) lookups under way, to catch a reference loop.
    resolving: RefCell<HashSet<(String, String)>>,
    /// Whether the substitution under way has taken a secret option's value.
    secret_seen: Cell<bool>,
    /// The bytes references have put into values so far (`MAX_EXPANDED`).
    expanded: Cell<usize>,
}

impl<'e> FileValues<'e> {
    /// The files' entries as (group as oslo normalises sections, key, value, where it is), in
    /// the order read.
    pub fn new(entries: impl IntoIterator<Item = (&'e str, &'e str, &'e str, Place)>) -> Self {
        FileValues {
            entries: Cell::new(entries.into_iter().collect()),
            set: OnceCell::new(),
            renamed: OnceCell::new(),
            cache: RefCell::default(),
            resolving: RefCell::default(),
            secret_seen: Cell::new(false),
            expanded: Cell::new(0),
        }
    }

    fn set(&self) -> &Settings<'e> {
        self.set.get_or_init(|| {
            let mut set: Settings<'e> = HashMap::default();
            for (group, key, value, place) in self.entries.take() {
                set.entry((group, key)).or_default().push((place, value));
            }
            set
        })
    }

    fn renamed(&self, index: &OptionIndex) -> &HashMap<(String, String), (String, String)> {
        self.renamed.get_or_init(|| {
            let mut renamed = HashMap::default();
            for live in index.all() {
                for old in &live.opt.deprecated_opts {
                    let old_group = old.group.as_deref().map_or_else(|| "DEFAULT".to_owned(), normalize_group);
                    let old_name = old.name.as_deref().unwrap_or(&live.opt.dest).replace('-', "_");
                    renamed.insert((old_group, old_name), (live.group.to_owned(), live.opt.dest.to_string()));
                }
            }
            renamed
        })
    }

    /// `value`, set for an option of `group`, with its references substituted. A `secret`
    /// value's reference errors say nothing of it: the names they quote are parts of it.
    pub fn substituted(
        &self,
        index: &OptionIndex,
        group: &str,
        value: &str,
        secret: bool,
    ) -> Result<Substituted, RefError> {
        self.secret_seen.set(false);
        let text = self.substitute_in(index, group, value).map_err(|e| if secret { RefError::InSecret } else { e })?;
        Ok(Substituted { text, shows_secret: self.secret_seen.get() })
    }

    fn substitute_in(&self, index: &OptionIndex, group: &str, value: &str) -> Result<String, RefError> {
        substitute(value, |key| self.reference(index, group, key))
    }

    /// `StrSubWrapper.__getitem__`: `group.name` in that group, a plain name in the option's
    /// own group; either, when there is no such option, as a name of `[DEFAULT]`.
    fn reference(&self, index: &OptionIndex, own_group: &str, key: &str) -> Result<String, RefError> {
        let first = match key.split_once('.') {
            Some((group, name)) => self.get(index, Some(group), name),
            None => self.get(index, Some(own_group).filter(|g| *g != "DEFAULT"), key),
        }?;
        let got = match first {
            Got::NoSuchOption => self.get(index, None, key)?,
            other => other,
        };
        match got {
            Got::Text(text) => {
                let expanded = self.expanded.get() + text.len();
                if expanded > MAX_EXPANDED {
                    return Err(RefError::Spent { key: key.to_owned() });
                }
                self.expanded.set(expanded);
                Ok(text)
            }
            Got::NoSuchOption => Err(RefError::NoSuchOption { key: key.to_owned() }),
            Got::NoSuchGroup => {
                Err(RefError::NoSuchGroup { key: key.to_owned(), group: key.split('.').next().unwrap().to_owned() })
            }
            Got::Group => Err(RefError::Group { key: key.to_owned() }),
        }
    }

    /// `ConfigOpts._get(name, group)`, `None` meaning `[DEFAULT]`: the option by dest, or by an
    /// old name, and its value.
    fn get(&self, index: &OptionIndex, group: Option<&str>, name: &str) -> Result<Got, RefError> {
        let group_name = group.unwrap_or("DEFAULT");
        let is_group = |g: &str| g != "DEFAULT" && index.has_group(g);
        match group {
            None if is_group(name) => return Ok(Got::Group),
            Some(g) if !is_group(g) => return Ok(Got::NoSuchGroup),
            _ => {}
        }
        let opt = match index.live(group_name, name) {
            Some(live) => live.opt,
            None => match self.renamed(index).get(&(group_name, name) as &dyn StrPair) {
                Some((g, dest)) => index.live(g, dest).expect("indexed").opt,
                None => return Ok(Got::NoSuchOption),
            },
        };
        let key = (group_name.to_owned(), name.to_owned());
        if let Some((done, secret)) = self.cache.borrow().get(&key) {
            self.secret_seen.set(self.secret_seen.get() || *secret);
            return done.clone().map(|text| Got::Text(text.unwrap_or_default()));
        }
        if self.resolving.borrow().len() >= MAX_DEPTH {
            return Err(RefError::TooDeep { key: name.to_owned() });
        }
        if !self.resolving.borrow_mut().insert(key.clone()) {
            return Err(RefError::Loop { key: name.to_owned() });
        }
        let outer_secret = self.secret_seen.replace(false);
        let result = self.value(index, group_name, opt);
        // A value that took a secret's is as secret as it.
        let secret = opt.secret || self.secret_seen.get();
        let invalid = |reason: String| RefError::Invalid {
            key: name.to_owned(),
            option: format!("[{}]/{}", capped(group_name), opt.dest),
            reason,
        };
        let result = result.map_err(|e| match e {
            Lookup::Reference(_) if opt.secret => invalid(RefError::InSecret.to_string()),
            Lookup::Reference(e) => e,
            Lookup::Type { why, value } => invalid(reason(&why, &opt.ty, &value, secret)),
        });
        self.secret_seen.set(outer_secret || secret);
        self.resolving.borrow_mut().remove(&key);
        self.cache.borrow_mut().insert(key, (result.clone(), secret));
        result.map(|text| Got::Text(text.unwrap_or_default()))
    }

    /// What oslo's `_get_file_value` finds for `opt` asked for in `group`, with where each
    /// value is: of a single-valued option, the last value of the last file that sets it
    /// under any of its names (in one file its own name first, then its old names in order);
    /// of a multi-valued one, every value, files in the order read, and in each file the
    /// later names' values before the earlier ones'.
    pub fn settings(&self, group: &str, opt: &Opt) -> Vec<(Place, &'e str)> {
        let names = std::iter::once((group.to_owned(), opt.dest.as_ref()))
            .chain(opt.deprecated_opts.iter().map(|d| d.resolve(group, opt)));
        let by_name: Vec<&Vec<(Place, &'e str)>> =
            names.filter_map(|(g, name)| self.set().get(&(g.as_str(), name) as &dyn StrPair)).collect();
        if !matches!(opt.ty.kind, TypeKind::MultiString) {
            let mut found: Option<(Place, &'e str)> = None;
            for values in by_name {
                let last = *values.last().expect("a value");
                if found.is_none_or(|f| last.0.file > f.0.file) {
                    found = Some(last);
                }
            }
            return found.into_iter().collect();
        }
        let mut found: Vec<(usize, std::cmp::Reverse<usize>, (Place, &'e str))> = Vec::new();
        for (rank, values) in by_name.into_iter().enumerate() {
            found.extend(values.iter().map(|v| (v.0.file, std::cmp::Reverse(rank), *v)));
        }
        found.sort_by_key(|&(file, rank, _)| (file, rank));
        found.into_iter().map(|(_, _, v)| v).collect()
    }

    /// `ConfigOpts._do_get`'s value of `opt` asked for in `group`: from the files under its
    /// names in that group (`settings`), else its default; substituted, then converted by its
    /// type. `None` when it has no value.
    fn value(&self, index: &OptionIndex, group: &str, opt: &Opt) -> Result<Option<String>, Lookup> {
        let multi = matches!(opt.ty.kind, TypeKind::MultiString);
        let found: Vec<&str> = self.settings(group, opt).into_iter().map(|(_, v)| v).collect();
        let value = if found.is_empty() {
            self.substituted_default(index, group, &opt.default)?
        } else if multi {
            let items = found.iter().map(|v| self.substitute_in(index, group, v).map(PyValue::Str));
            PyValue::List(items.collect::<Result<_, _>>()?)
        } else {
            PyValue::Str(self.substitute_in(index, group, found[0])?)
        };
        let converted = match (&value, multi) {
            (PyValue::None, _) => Converted::None,
            (PyValue::List(items), true) => {
                let items = items.iter().map(|v| convert(&opt.ty, v).map_err(|why| Lookup::type_error(why, v)));
                Converted::list(&items.collect::<Result<Vec<_>, _>>()?)
            }
            (value, _) => convert(&opt.ty, value).map_err(|why| Lookup::type_error(why, value))?,
        };
        Ok(match converted {
            Converted::None => None,
            other => Some(other.py_str()),
        })
    }

    /// The value oslo gives `opt` of `group` when the service reads it (`CONF.group.opt`):
    /// Python's `str()` of it, `None` when it has none; or why oslo would refuse it.
    pub fn effective(&self, index: &OptionIndex, group: &str, opt: &Opt) -> Effective {
        self.secret_seen.set(false);
        let asked = (group != "DEFAULT").then_some(group);
        let value = match self.get(index, asked, &opt.dest) {
            // `_get` caches what it found: the value before a reference's `str()` made '' of
            // None. Not there when the name is also a group's, which oslo gives instead.
            Ok(_) => match self.cache.borrow().get(&(group.to_owned(), opt.dest.to_string())) {
                Some((Ok(value), _)) => Ok(value.clone()),
                _ => Err(format!("oslo reads `{}` as the group of that name", capped(&opt.dest))),
            },
            Err(RefError::Invalid { reason, .. }) => Err(reason),
            Err(e) => Err(e.to_string()),
        };
        let secret = opt.secret || self.secret_seen.get();
        Effective { value, secret }
    }

    /// `_substitute` of a default: strings, list items, dict keys and values.
    fn substituted_default(&self, index: &OptionIndex, group: &str, value: &PyValue) -> Result<PyValue, RefError> {
        Ok(match value {
            PyValue::Str(s) => PyValue::Str(self.substitute_in(index, group, s)?),
            PyValue::List(items) => PyValue::List(
                items.iter().map(|v| self.substituted_default(index, group, v)).collect::<Result<_, _>>()?,
            ),
            PyValue::Dict(items) => PyValue::Dict(
                items
                    .iter()
                    .map(|(k, v)| {
                        Ok((self.substitute_in(index, group, k)?, self.substituted_default(index, group, v)?))
                    })
                    .collect::<Result<_, RefError>>()?,
            ),
            other => other.clone(),
        })
    }
}

/// Why an option's value could not be had: a reference in it, or its type's reason for
/// refusing the value (given as `str()` of it).
enum Lookup {
    Reference(RefError),
    Type { why: String, value: String },
}

impl Lookup {
    fn type_error(why: String, value: &PyValue) -> Lookup {
        Lookup::Type { why, value: value.py_str() }
    }
}

impl From<RefError> for Lookup {
    fn from(e: RefError) -> Lookup {
        Lookup::Reference(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(value: &str) -> Result<String, String> {
        let lookup = |key: &str| match key {
            "missing" => Err(RefError::NoSuchOption { key: key.to_owned() }),
            _ => Ok(format!("<{key}>")),
        };
        substitute(value, lookup).map_err(|e| match e {
            RefError::NoSuchOption { key } => key,
            other => other.to_string(),
        })
    }

    #[test]
    fn template_syntax_as_python_reads_it() {
        for (value, want) in [
            ("$a/b", "<a>/b"),
            ("${a}b", "<a>b"),
            ("$a.b.c-d", "<a.b.c>-d"),
            ("${g.o}", "<g.o>"),
            ("$a.", "<a.>"),
            ("$$a", "$a"),
            ("\\$a", "$a"),
            ("a\\$b$$", "a$b$"),
            ("1$", "1$"),
            ("$1", "$1"),
            ("${", "${"),
            ("${a", "${a"),
            ("${}", "${}"),
            ("$ a", "$ a"),
            ("$-a", "$-a"),
            ("$ſtate", "<ſtate>"),
            ("$Kx", "<Kx>"),
            ("$éa", "$éa"),
            ("$$$a", "$<a>"),
            ("\\$\\$", "$$"),
        ] {
            assert_eq!(sub(value), Ok(want.to_owned()), "{value:?}");
        }
        assert_eq!(sub("x$missing"), Err("missing".to_owned()));
    }

    #[test]
    fn references_take_the_typed_value_of_the_option_they_name() {
        let spec = "namespace: t\ngroups:\n  - name: DEFAULT\n    options:\n\
            \x20     - {name: state_path, default: /var/lib}\n\
            \x20     - {name: lock_path, default: $state_path/lock}\n\
            \x20     - {name: names, type: list, default: [a, b]}\n\
            \x20     - {name: debug, type: boolean, default: true}\n\
            \x20     - {name: unset}\n\
            \x20     - {name: loop, default: $loop}\n\
            \x20 - name: g\n    options:\n\
            \x20     - {name: n, type: integer}\n\
            \x20     - {name: host, type: hostname}\n\
            \x20     - {name: span, type: range}\n\
            \x20     - {name: live, deprecated_name: old_live}\n\
            \x20     - {name: m, type: multi_string}\n\
            \x20     - {name: password, secret: true, default: hunter2}\n\
            \x20     - {name: via, default: x$password}\n\
            \x20     - {name: bad_secret, type: integer, secret: true, default: $password}\n\
            \x20     - {name: bad_via, type: integer, default: $via}\n\
            \x20     - {name: dollar_secret, secret: true, default: pa$word}\n";
        let catalog = crate::spec::model::Catalog {
            specs: vec![crate::spec::Loader::new().load_text("t.yaml".into(), spec.into(), None).unwrap()],
        };
        let index = OptionIndex::new(&catalog);
        let file = [
            ("g", "n", " ١٢ "),
            ("g", "host", "example.org."),
            ("g", "span", "5-1"),
            ("g", "old_live", "x"),
            ("g", "m", "one"),
            ("g", "m", "two"),
        ];
        let values = FileValues::new(file.iter().map(|&(g, k, v)| (g, k, v, Place::default())));
        let got = |group: &str, value: &str| {
            values.substituted(&index, group, value, false).map(|s| s.text).map_err(|e| e.to_string())
        };
        assert_eq!(got("DEFAULT", "$lock_path"), Ok("/var/lib/lock".into()));
        assert_eq!(got("DEFAULT", "$names $debug [$unset]"), Ok("['a', 'b'] True []".into()));
        assert_eq!(got("g", "$n ${g.host} $span $m"), Ok("12 example.org range(5, 0, -1) ['one', 'two']".into()));
        assert_eq!(got("DEFAULT", "${g.live}"), Ok("x".into()));
        // `old_live` has no group, so oslo files it under DEFAULT and reads it there.
        assert_eq!(got("g", "[$old_live]"), Ok("[]".into()));
        assert_eq!(got("g", "$state_path"), Ok("/var/lib".into())); // own group, then DEFAULT
        assert!(got("DEFAULT", "$n").unwrap_err().contains("no option"));
        assert!(got("DEFAULT", "${DEFAULT.state_path}").unwrap_err().contains("not a group"));
        assert!(got("DEFAULT", "$g").unwrap_err().contains("is a group"));
        assert!(got("DEFAULT", "$loop").unwrap_err().contains("back to itself"));
        assert_eq!(got("DEFAULT", "\\$state_path $$ 1$"), Ok("$state_path $ 1$".into()));
        // A value that takes a secret's says so, even when the secret comes through another.
        let shows = |value: &str| values.substituted(&index, "g", value, false).map(|s| s.shows_secret);
        assert_eq!((shows("$via"), shows("$n"), shows("$via")), (Ok(true), Ok(false), Ok(true)));
        assert!(got("g", "$bad_secret").unwrap_err().ends_with("not valid: **** is not an integer"));
        // A value that took a secret's is masked as the secret is, through any chain.
        assert!(got("g", "$bad_via").unwrap_err().ends_with("not valid: **** is not an integer"));
        assert!(got("DEFAULT", "${g.bad_via}").unwrap_err().ends_with("not valid: **** is not an integer"));
        // A reference error inside a secret names nothing of it (`word` is part of it).
        let in_secret = got("g", "$dollar_secret").unwrap_err();
        assert!(in_secret.contains("**** holds a `$` reference") && !in_secret.contains("word"), "{in_secret}");
        let own = values.substituted(&index, "g", "pa$word", true).map(|s| s.text).unwrap_err().to_string();
        assert!(own.starts_with("**** holds") && !own.contains("word"), "{own}");
    }

    #[test]
    fn several_files_are_read_as_oslo_reads_them() {
        let spec = "namespace: t\ngroups:\n  - name: g\n    options:\n\
            \x20     - {name: one, deprecated_name: old_one}\n\
            \x20     - {name: many, type: multi_string, deprecated_name: old_many}\n";
        let catalog = crate::spec::model::Catalog {
            specs: vec![crate::spec::Loader::new().load_text("t.yaml".into(), spec.into(), None).unwrap()],
        };
        let index = OptionIndex::new(&catalog);
        let at = |file, line| Place { file, line };
        let file = [
            ("one", "a", at(0, 1)),
            ("old_one", "b", at(0, 2)),
            ("one", "c", at(0, 3)),
            ("many", "m1", at(0, 4)),
            ("old_many", "o1", at(0, 5)),
            ("many", "m2", at(0, 6)),
            ("old_one", "d", at(1, 1)),
            ("old_one", "e", at(1, 2)),
            ("many", "m3", at(1, 3)),
            ("old_many", "o2", at(1, 4)),
            ("old_many", "o3", at(2, 1)),
        ];
        let values = FileValues::new(file.iter().map(|&(k, v, p)| ("g", k, v, p)));
        let live = |dest: &str| index.live("g", dest).unwrap().opt;
        let got = |dest: &str| -> Vec<(&str, Place)> {
            values.settings("g", live(dest)).into_iter().map(|(p, v)| (v, p)).collect()
        };
        // The last file that sets it, under any name; there, its last value.
        assert_eq!(got("one"), [("e", at(1, 2))]);
        // Every value: files in order, and in each the old name's values before the own name's.
        let order: Vec<&str> = got("many").into_iter().map(|(v, _)| v).collect();
        assert_eq!(order, ["o1", "m1", "m2", "o2", "m3", "o3"]);
        let shown = values.effective(&index, "g", live("many")).value;
        assert_eq!(shown, Ok(Some("['o1', 'm1', 'm2', 'o2', 'm3', 'o3']".to_owned())));
    }

    #[test]
    fn references_that_repeat_values_stop_at_the_bounds() {
        let mut spec = String::from("namespace: c\ngroups:\n  - name: g\n    options:\n");
        for i in 0..60 {
            spec.push_str(&format!("      - {{name: o{i}}}\n"));
        }
        let spec = crate::spec::Loader::new().load_text("c.yaml".into(), spec, None).unwrap();
        let catalog = crate::spec::model::Catalog { specs: vec![spec] };
        let index = OptionIndex::new(&catalog);
        // Each value twice the one before: o20 is a MiB, o21 would be two.
        let big = "x".repeat(MAX_VALUE);
        let mut file: Vec<(String, String)> = vec![("o0".into(), "x".into())];
        for i in 1..30 {
            file.push((format!("o{i}"), format!("$o{}${{o{}}}", i - 1, i - 1)));
        }
        // A value of a MiB, and thirty values that each take it.
        file.push(("o30".into(), big.clone()));
        for i in 31..60 {
            file.push((format!("o{i}"), "$o30".into()));
        }
        let values = FileValues::new(file.iter().map(|(k, v)| ("g", k.as_str(), v.as_str(), Place::default())));
        let got = |value: &str| {
            values.substituted(&index, "g", value, false).map(|s| s.text.len()).map_err(|e| e.to_string())
        };
        assert_eq!(got("$o20"), Ok(MAX_VALUE));
        assert_eq!(
            got("$o21"),
            Err("${o20}: the references expand the value past 1 MiB, which confspec does not build".to_owned())
        );
        assert_eq!(got("$o29"), got("$o21"));
        assert_eq!(
            got("$o20$o0"),
            Err("${o0}: the references expand the value past 1 MiB, which confspec does not build".to_owned())
        );
        // A value longer than the bound by itself may still take a short one.
        assert_eq!(got(&format!("{big}$o0")), Ok(MAX_VALUE + 1));
        // Thirty MiB in all: past the file's budget, every later reference is refused.
        let values = FileValues::new(file.iter().map(|(k, v)| ("g", k.as_str(), v.as_str(), Place::default())));
        let got = |value: &str| {
            values.substituted(&index, "g", value, false).map(|s| s.text.len()).map_err(|e| e.to_string())
        };
        let results: Vec<Result<usize, String>> = (31..60).map(|i| got(&format!("$o{i}"))).collect();
        let fine = results.iter().filter(|r| r.is_ok()).count();
        assert!((4..16).contains(&fine), "{fine} values took o30");
        assert!(results[fine..].iter().all(|r| r.as_ref().is_err_and(|e| e.contains("expanded to 16 MiB already"))));
        assert!(got("$o0").unwrap_err().contains("16 MiB"));
    }

    #[test]
    fn a_chain_of_references_is_followed_to_a_bound() {
        let chain = |n: usize| {
            let mut spec = String::from("namespace: c\ngroups:\n  - name: g\n    options:\n");
            for i in 0..n {
                spec.push_str(&format!("      - {{name: o{i}, default: $o{}}}\n", i + 1));
            }
            spec.push_str(&format!("      - {{name: o{n}, default: end}}\n"));
            let spec = crate::spec::Loader::new().load_text("c.yaml".into(), spec, None).unwrap();
            let catalog = crate::spec::model::Catalog { specs: vec![spec] };
            let index = OptionIndex::new(&catalog);
            let values = FileValues::new(std::iter::empty());
            values.substituted(&index, "g", "$o0", false).map(|s| s.text).map_err(|e| e.to_string())
        };
        assert_eq!(chain(MAX_DEPTH - 1), Ok("end".into()));
        assert!(chain(5000).unwrap_err().contains("nest deeper than 200"));
    }
}
