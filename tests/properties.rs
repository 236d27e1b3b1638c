//! Properties over generated specs (proptest, a fixed budget of cases so CI stays quick):
//! - the INI sample (outside --minimal) never has an active line, whatever help, default,
//!   choice and reason texts hold (line breaks of every kind, `[x]`, `k = v`, `#`, quotes);
//! - the --minimal sample, its `<None>` placeholders filled with valid values, validates clean;
//! - spec -> --format yaml -> import -> spec renders the same bytes in every format;
//! - rendering is deterministic;
//! - the HTML page holds only its own markup (elements, attributes, ids, links that resolve),
//!   written directly as its templates write it, and its help texts are what pulldown-cmark
//!   makes of the Markdown page's, for help texts full of reStructuredText habits and
//!   Markdown and HTML syntax.
//! - those help texts make no Markdown of their own on the page: no raw HTML, no link but to
//!   the page's anchors and http(s) URLs, no image, no heading, no broken table row.

use confspec::oslo::data::{machine_readable, GeneratorOptions};
use confspec::render::engine::Escape;
use confspec::render::{ini, markdown, rst, Engine};
use confspec::spec::model::{Catalog, TypeKind};
use confspec::spec::Loader;
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_yaml::{Mapping, Value};

/// Text that tries to break out of a comment: line breaks of every kind Python knows,
/// section headers, assignments, comment and quote characters, tabs, non-ASCII.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "word",
        "two words",
        " ",
        "  ",
        "\t",
        "\n",
        "\r",
        "\r\n",
        "\n\n",
        "\x0b",
        "\x0c",
        "\u{85}",
        "\u{2028}",
        "[section]",
        "[DEFAULT]",
        "key = value",
        "k: v",
        "#",
        ";",
        "\"",
        "'",
        "-",
        "--",
        "well-known",
        "café",
        "設定",
        "🚀",
        "https://example.org/a/very/long/path/that/does/not/fit/anywhere/at/all",
        "%(default)s",
        "100%",
        "{{x}}",
        "<b>",
        "|",
        "*",
        "``lit``",
    ]);
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

/// Help text built of oslo's reStructuredText habits and of what Markdown or HTML would read
/// as structure.
fn markup_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "word",
        " ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "\n    ",
        "\n  ",
        "``",
        "`",
        "``code``",
        "`interp`",
        "`label <https://x.org/a?b=1&amp;c\\*>`_",
        "`bad <javascript:x>`_",
        "`label <https://x.org/ >`__",
        ":oslo.config:option:`alpha.opt_0`",
        ":oslo.config:option:`nope`",
        ":oslo.config:group:`beta`",
        ":ref:`x <y>`",
        ":file:``",
        ":",
        "::",
        "Example::",
        "Possible values:",
        "* ",
        "- ",
        "+ ",
        "• ",
        "*",
        "-",
        "1. ",
        "2) ",
        "#",
        "# h",
        "=",
        "===",
        "---",
        "> ",
        "<b>",
        "<br>",
        "&amp;",
        "&",
        "|",
        "\\",
        "_",
        "a_b",
        "Ⓐ_Ⓐ",
        "__x__",
        "**",
        "~",
        "!",
        "[x](javascript:y)",
        "[x]: y",
        "![i](j)",
        "<https://a.b>",
        "https://a.b",
        "{{x}}",
        "café",
        "\u{a0}",
        // The rst constructs converted: admonitions, directives, targets, references, roles,
        // emphasis, enumerated and definition lists, escapes, standalone URLs, tables.
        "\n.. note::\n\n   ",
        ".. warning:: ",
        "\n.. versionadded:: 1.0 ",
        ".. seealso:: ",
        "\n.. code-block:: ini\n\n    ",
        ".. image:: x.png",
        ".. a comment",
        ".. _n: https://a.b/n",
        ".. __: https://a.b/anon",
        "__ https://a.b/short",
        "`n`_",
        "n_",
        "`anon`__",
        "`t <n_>`_",
        "*em*",
        "**strong**",
        " *a b* ",
        "``lit\nspan``",
        "1. ",
        "#. ",
        "(a) ",
        "b) ",
        "term\n    definition",
        ":ref:`x`",
        ":doc:`/y`",
        ":oslo.config:group:`alpha`",
        "\\ ",
        "\\*",
        "\\`",
        "https://a.b/c.",
        "(https://a.b/(x))",
        "\n+---+---+\n",
        "===  ===",
        ">>> x",
        "\n\n    ",
        "\n      ",
        "\n        ",
        "\t",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

/// One-line text safe as an INI value: what a minimal sample can carry and read back.
fn plain_text() -> impl Strategy<Value = String> {
    "[a-z0-9_/.,:=-]{0,6}( [a-z0-9_/.,:=-]{1,6}){0,2}"
}

#[derive(Debug, Clone)]
struct OptionSpec {
    kind: u8,
    help: Option<String>,
    default_text: String,
    number: i64,
    flag: bool,
    choices: Vec<String>,
    required: bool,
    advanced: bool,
    mutable: bool,
    removal: Option<String>,
    old_name: bool,
}

fn option_spec() -> impl Strategy<Value = OptionSpec> {
    (
        (0u8..8, prop::option::of(hostile_text()), plain_text(), -1000i64..1000, any::<bool>()),
        (
            prop::collection::btree_set(plain_text(), 1..4),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop::option::of(hostile_text()),
            any::<bool>(),
        ),
    )
        .prop_map(
            |((kind, help, default_text, number, flag), (choices, required, advanced, mutable, removal, old_name))| {
                OptionSpec {
                    kind,
                    help,
                    default_text,
                    number,
                    flag,
                    choices: choices.into_iter().collect(),
                    required,
                    advanced,
                    mutable,
                    // A required option deprecated for removal would warn in the minimal config.
                    removal: if required { None } else { removal },
                    old_name,
                }
            },
        )
}

fn group_names() -> impl Strategy<Value = Vec<String>> {
    prop::collection::btree_set(prop::sample::select(vec!["DEFAULT", "alpha", "beta", "gamma_1", "delta-2"]), 1..4)
        .prop_map(|s| s.into_iter().map(str::to_owned).collect())
}

/// A spec: each group gets some options; every option is valid by construction.
fn spec() -> impl Strategy<Value = (Vec<String>, Vec<Vec<OptionSpec>>, Option<String>)> {
    group_names().prop_flat_map(|groups| {
        let n = groups.len();
        (
            Just(groups),
            prop::collection::vec(prop::collection::vec(option_spec(), 1..6), n),
            prop::option::of(hostile_text()),
        )
    })
}

fn to_yaml_spec(groups: &[String], options: &[Vec<OptionSpec>], group_help: &Option<String>) -> String {
    let mut out_groups = Vec::new();
    for (gi, (group, opts)) in groups.iter().zip(options).enumerate() {
        let mut g = Mapping::new();
        g.insert("name".into(), group.clone().into());
        if gi == 0 {
            if let Some(h) = group_help {
                g.insert("help".into(), h.clone().into());
            }
        }
        let mut list = Vec::new();
        for (i, o) in opts.iter().enumerate() {
            let mut m = Mapping::new();
            m.insert("name".into(), format!("opt_{i}").into());
            let (ty, default): (&str, Value) = match o.kind {
                0 => ("string", o.default_text.clone().into()),
                1 => ("integer", o.number.into()),
                2 => ("boolean", o.flag.into()),
                3 => ("float", (o.number as f64 / 8.0).into()),
                4 => ("port", (o.number.unsigned_abs() % 65536).into()),
                5 => {
                    ("list", Value::Sequence(o.choices.iter().map(|c| c.replace([',', '[', ']'], "").into()).collect()))
                }
                6 => ("multi_string", Value::Sequence(o.choices.iter().map(|c| Value::from(c.clone())).collect())),
                _ => ("string", o.choices[0].clone().into()),
            };
            m.insert("type".into(), ty.into());
            if o.kind == 7 {
                m.insert(
                    "choices".into(),
                    Value::Sequence(
                        o.choices
                            .iter()
                            .map(|c| {
                                let mut choice = Mapping::new();
                                choice.insert("value".into(), c.clone().into());
                                choice.insert("description".into(), o.help.clone().unwrap_or_default().into());
                                Value::Mapping(choice)
                            })
                            .collect(),
                    ),
                );
            }
            if o.kind == 1 {
                m.insert("min".into(), (-1000).into());
                m.insert("max".into(), 1000.into());
            }
            // Required options are sometimes left without a default: `<None>` in the sample.
            if !(o.required && o.flag) {
                m.insert("default".into(), default);
            }
            if let Some(h) = &o.help {
                m.insert("help".into(), h.clone().into());
            }
            for (key, on) in [("required", o.required), ("advanced", o.advanced), ("mutable", o.mutable)] {
                if on {
                    m.insert(key.into(), true.into());
                }
            }
            if let Some(reason) = &o.removal {
                m.insert("deprecated_for_removal".into(), true.into());
                m.insert("deprecated_reason".into(), reason.clone().into());
                m.insert("deprecated_since".into(), "2024.1".into());
            }
            if o.old_name {
                let mut alias = Mapping::new();
                alias.insert("name".into(), format!("old_{i}").into());
                alias.insert("group".into(), "legacy".into());
                m.insert("deprecated_opts".into(), Value::Sequence(vec![Value::Mapping(alias)]));
            }
            list.push(Value::Mapping(m));
        }
        g.insert("options".into(), Value::Sequence(list));
        out_groups.push(Value::Mapping(g));
    }
    let mut root = Mapping::new();
    root.insert("namespace".into(), "prop.ns".into());
    root.insert("groups".into(), Value::Sequence(out_groups));
    serde_yaml::to_string(&Value::Mapping(root)).unwrap()
}

fn load(text: &str) -> Catalog {
    let spec =
        Loader::new().load_text("prop.yaml".into(), text.to_owned(), None).unwrap_or_else(|e| panic!("{e}\n{text}"));
    Catalog { specs: vec![spec] }
}

fn all_outputs(catalog: &Catalog) -> Vec<String> {
    let engine = Engine::new(None, Escape::None).unwrap();
    let mut out = Vec::new();
    for (wrap_width, minimal, summarize) in
        [(70, false, false), (0, false, false), (40, false, true), (70, true, false)]
    {
        out.push(ini::render(&engine, catalog, &ini::IniOptions { wrap_width, minimal, summarize }).unwrap());
    }
    out.push(rst::render(&engine, catalog).unwrap());
    out.push(markdown::render(&engine, catalog).unwrap());
    out.push(machine_readable(catalog, &GeneratorOptions::default()).to_json());
    out
}

/// How oslo's reader splits a file into lines (universal newlines).
fn file_lines(text: &str) -> Vec<&str> {
    confspec::ini::parser::file_lines(text)
}

/// Gives every option a help text from `helps`, and a removal reason when it has one.
fn with_markup_help(options: &mut [Vec<OptionSpec>], helps: &[String]) {
    let mut helps = helps.iter().cycle();
    for opt in options.iter_mut().flatten() {
        opt.help = helps.next().cloned();
        if opt.removal.is_some() {
            opt.removal = helps.next().cloned();
        }
    }
}

proptest! {
    // A fixed seed: CI runs the same 48 cases every time (other seeds are explored by hand with
    // PROPTEST_CASES and a changed seed; 400 cases ran clean when this was written).
    #![proptest_config(ProptestConfig { cases: 48, max_shrink_iters: 200, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20261123), .. ProptestConfig::default() })]

    #[test]
    fn the_sample_has_no_active_line((groups, options, help) in spec()) {
        let catalog = load(&to_yaml_spec(&groups, &options, &help));
        let engine = Engine::new(None, Escape::None).unwrap();
        for (wrap_width, summarize) in [(70, false), (0, false), (12, true)] {
            let sample = ini::render(&engine, &catalog, &ini::IniOptions { wrap_width, minimal: false, summarize }).unwrap();
            for line in file_lines(&sample) {
                let header = line == "[DEFAULT]" || groups.iter().any(|g| line == format!("[{g}]"));
                prop_assert!(line.is_empty() || line.starts_with('#') || header, "active line {line:?}");
            }
            // oslo's own reader agrees: no key at all.
            let doc = confspec::ini::parse(&sample);
            prop_assert!(doc.entries.is_empty(), "{:?}", doc.entries.first());
        }
    }

    #[test]
    fn the_minimal_sample_filled_in_validates_clean((groups, options, help) in spec()) {
        let catalog = load(&to_yaml_spec(&groups, &options, &help));
        let engine = Engine::new(None, Escape::None).unwrap();
        let sample = ini::render(&engine, &catalog, &ini::IniOptions { minimal: true, ..Default::default() }).unwrap();
        // Fill each `<None>` with a value of the option's type.
        let mut filled = String::new();
        let mut group = String::new();
        for line in sample.lines() {
            if line.starts_with('[') {
                group = line.trim_matches(['[', ']']).to_owned();
            }
            match line.split_once(" = <None>") {
                Some((dest, "")) => {
                    let spec = catalog.specs[0].groups.iter().find(|g| g.name == group).unwrap();
                    let opt = spec.options.iter().find(|o| o.dest == dest).unwrap();
                    let value = match &opt.ty.kind {
                        TypeKind::Integer { .. } | TypeKind::Port { .. } | TypeKind::Float { .. } => "1".to_owned(),
                        TypeKind::Boolean => "true".to_owned(),
                        TypeKind::String { choices: Some(c), .. } => c.iter().find_map(|c| match &c.value { confspec::oslo::pyvalue::PyValue::Str(s) => Some(s.clone()), _ => None }).unwrap(),
                        _ => "filled".to_owned(),
                    };
                    // As the sample writes values: surrounding spaces need quotes.
                    let value = if value.trim() != value { format!("\"{value}\"") } else { value };
                    filled.push_str(&format!("{dest} = {value}\n"));
                }
                _ => {
                    filled.push_str(line);
                    filled.push('\n');
                }
            }
        }
        let doc = confspec::ini::parse(&filled);
        let findings = confspec::validate::validate(&catalog, &doc, &Default::default());
        let serious: Vec<_> = findings.iter().filter(|f| f.severity != confspec::validate::Level::Note).collect();
        prop_assert!(serious.is_empty(), "{serious:#?}\n{filled}");
    }

    #[test]
    fn yaml_data_round_trips_for_rendering((groups, options, help) in spec()) {
        let catalog = load(&to_yaml_spec(&groups, &options, &help));
        let data = machine_readable(&catalog, &GeneratorOptions::default()).to_yaml();
        let source = confspec::spec::source::SourceFile { name: "data.yaml".into(), text: data };
        let imported = confspec::import::import(&source, false, None).unwrap().0;
        prop_assert_eq!(imported.len(), 1);
        let again = load(&imported[0].text);
        let (want, got) = (all_outputs(&catalog), all_outputs(&again));
        for (w, g) in want.iter().zip(&got) {
            prop_assert_eq!(w, g);
        }
    }

    #[test]
    fn rendering_is_deterministic((groups, options, help) in spec()) {
        let text = to_yaml_spec(&groups, &options, &help);
        prop_assert_eq!(all_outputs(&load(&text)), all_outputs(&load(&text)));
    }

    #[test]
    fn help_markup_makes_no_markdown_of_its_own((groups, mut options, _) in spec(), helps in prop::collection::vec(markup_text(), 1..8), group_help in markup_text()) {
        with_markup_help(&mut options, &helps);
        let catalog = load(&to_yaml_spec(&groups, &options, &Some(group_help)));
        let page = markdown::write_native(&catalog, &Default::default());
        let mut table_cells: Option<(usize, usize)> = None;
        for event in Parser::new_ext(&page, Options::ENABLE_TABLES | Options::ENABLE_GFM) {
            match event {
                Event::Html(h) | Event::InlineHtml(h) => {
                    let h = h.trim();
                    prop_assert!(h.starts_with("<a id=\"") || h == "</a>" || h == "<br>", "raw HTML {h:?}\n{page}");
                }
                Event::Start(Tag::Link { dest_url, .. }) => prop_assert!(
                    dest_url.starts_with('#') || dest_url.starts_with("https://") || dest_url.starts_with("http://"),
                    "link to {dest_url:?}"
                ),
                Event::Start(Tag::Image { .. }) => prop_assert!(false, "an image\n{page}"),
                Event::Start(Tag::Heading { level, .. }) => prop_assert!(level as u8 <= 3, "a heading made by help"),
                Event::Start(Tag::TableHead | Tag::TableRow) => table_cells = Some((0, table_cells.map_or(0, |c| c.1))),
                Event::Start(Tag::TableCell) => if let Some(c) = table_cells.as_mut() { c.0 += 1 },
                Event::End(TagEnd::TableHead) => table_cells = table_cells.map(|(n, _)| (0, n)),
                Event::End(TagEnd::TableRow) => if let Some((n, header)) = table_cells { prop_assert_eq!(n, header, "a table row's cells") },
                _ => {}
            }
        }
    }

    #[test]
    fn the_html_page_is_its_own_markup_and_the_markdown_help_converted((groups, mut options, _) in spec(), helps in prop::collection::vec(markup_text(), 1..8), group_help in markup_text()) {
        with_markup_help(&mut options, &helps);
        let catalog = load(&to_yaml_spec(&groups, &options, &Some(group_help)));
        let engine = Engine::new(None, Escape::Html).unwrap();
        let native = confspec::render::html::render(&engine, &catalog).unwrap();
        let templated = confspec::render::html::render_with_templates(&engine, &catalog, &Default::default()).unwrap();
        prop_assert!(native == templated, "{}", similar::TextDiff::from_lines(&templated, &native).unified_diff());
        let checked = crate::common::html_page::check(&native);
        prop_assert!(checked.is_ok(), "{:?}", checked.err());
        let converted = crate::common::html_page::converted_from_markdown(&catalog);
        prop_assert!(converted.is_ok(), "{}", converted.unwrap_err());
    }
}
