//! The reference docs (Markdown, HTML) and the deprecation tables: structure checked by
//! parsing the Markdown with pulldown-cmark, hostile text through every format, template
//! overrides, and snapshots of the glance outputs.

use crate::common::{confspec, golden, root, stdout_of};
use confspec::oslo::groups::generator_groups;
use confspec::spec::Loader;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::path::PathBuf;

/// What the tests need to know about a Markdown page.
#[derive(Default, Debug)]
struct Page {
    /// (level, text, the anchor id written just before the heading)
    headings: Vec<(u8, String, Option<String>)>,
    anchors: Vec<String>,
    links: Vec<String>,
    /// For each table: its header's column count and each row's cell count.
    tables: Vec<(usize, Vec<usize>)>,
}

fn parse(markdown: &str) -> Page {
    let mut page = Page::default();
    let mut last_anchor: Option<String> = None;
    let mut heading: Option<(u8, String)> = None;
    let mut cells = 0;
    let id_of = |html: &str| html.trim().strip_prefix("<a id=\"").and_then(|r| r.split('"').next()).map(str::to_owned);
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(id) = id_of(&html) {
                    page.anchors.push(id.clone());
                    last_anchor = Some(id);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level as u8, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, text) = heading.take().unwrap();
                page.headings.push((level, text, last_anchor.take()));
            }
            Event::Start(Tag::Link { dest_url, .. }) => page.links.push(dest_url.to_string()),
            Event::Start(Tag::Table(_)) => page.tables.push((0, Vec::new())),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead) => page.tables.last_mut().unwrap().0 = cells,
            Event::End(TagEnd::TableRow) => page.tables.last_mut().unwrap().1.push(cells),
            Event::Start(Tag::Paragraph) => {}
            _ => {}
        }
    }
    page
}

/// Every option of every group has a level-3 heading with its dest and the anchor
/// `<group>-<dest>` right before it; every intra-page link resolves; tables keep their shape.
fn check_page(specs: &[&str]) {
    let paths: Vec<PathBuf> = specs.iter().map(|s| root().join(s)).collect();
    let mut args = vec!["generate", "--format", "markdown"];
    let path_strs: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(path_strs.iter().map(String::as_str));
    let markdown = stdout_of(&args);
    let page = parse(&markdown);

    let catalog = Loader::new().load_catalog(&paths).unwrap();
    let mut option_count = 0;
    for group in generator_groups(&catalog) {
        for (_, opts) in &group.namespaces {
            for opt in opts {
                option_count += 1;
                let anchor = format!("{}-{}", group.name.to_lowercase(), opt.dest.to_lowercase());
                assert!(
                    page.headings.iter().any(|(level, text, id)| *level == 3
                        && *text == opt.dest
                        && id.as_deref() == Some(anchor.as_str())),
                    "no heading with anchor {anchor} for [{}]/{}",
                    group.name,
                    opt.dest
                );
            }
        }
        if group.namespaces.iter().any(|(_, o)| !o.is_empty()) {
            let title = format!("[{}]", group.name);
            assert!(
                page.headings.iter().any(|(level, text, _)| *level == 2 && *text == title),
                "no heading for {title}"
            );
        }
    }
    assert!(option_count > 0);
    let ids: HashSet<&String> = page.anchors.iter().collect();
    assert_eq!(ids.len(), page.anchors.len(), "anchors are unique");
    for link in &page.links {
        if let Some(target) = link.strip_prefix('#') {
            assert!(ids.contains(&target.to_owned()), "link {link} has no target on the page");
        } else {
            assert!(link.starts_with("https://") || link.starts_with("http://"), "unexpected link {link}");
        }
    }
    assert!(page.links.iter().filter(|l| l.starts_with('#')).count() >= option_count, "the contents link every option");
    for (header, rows) in &page.tables {
        assert!(*header > 0);
        for row in rows {
            assert_eq!(row, header, "a table row has {row} cells, its header {header}");
        }
    }
    // The page opens with a table of contents.
    assert_eq!(page.headings[0].1, "Configuration reference");
    assert_eq!(page.headings[1].1, "Contents");

    // The HTML page: a block per option and a section per group, with the Markdown page's
    // anchors, all of them in the sidebar.
    args[2] = "html";
    let facts = crate::common::html_page::check(&stdout_of(&args)).unwrap();
    assert_eq!(facts.options.len(), option_count);
    let group_ids: Vec<&String> = page.headings.iter().filter(|h| h.0 == 2).filter_map(|h| h.2.as_ref()).collect();
    assert_eq!(facts.groups.iter().collect::<Vec<_>>(), group_ids);
}

#[test]
fn glance_page_has_every_option_and_resolving_links() {
    check_page(&["specs/glance.yaml"]);
}

#[test]
fn every_feature_and_merged_namespaces_make_a_sound_page() {
    check_page(&["tests/specs/features.yaml"]);
    check_page(&["specs/glance.yaml", "tests/specs/features.yaml", "tests/specs/more.yaml"]);
}

#[test]
fn imported_real_namespaces_make_sound_pages() {
    // oslo.messaging's help texts hold URLs, quotes and rst literals.
    for namespace in ["oslo.messaging", "keystonemiddleware.auth_token", "oslo.log"] {
        let dir = tempfile::tempdir().unwrap();
        let data = root().join("tests/fixtures/namespaces").join(namespace).join("data.yaml");
        stdout_of(&["import", data.to_str().unwrap(), "--output-dir", dir.path().to_str().unwrap()]);
        let spec = dir.path().join(format!("{namespace}.yaml"));
        let markdown = stdout_of(&["generate", "--format", "markdown", spec.to_str().unwrap()]);
        let page = parse(&markdown);
        for (header, rows) in &page.tables {
            assert!(rows.iter().all(|r| r == header), "{namespace}: table shape");
        }
        let ids: HashSet<&String> = page.anchors.iter().collect();
        assert!(
            page.links.iter().filter_map(|l| l.strip_prefix('#')).all(|t| ids.contains(&t.to_owned())),
            "{namespace}: links"
        );
    }
}

#[test]
fn option_roles_link_to_options_on_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("roles.yaml");
    std::fs::write(
        &spec,
        "namespace: roles\ngroups:\n  - name: a\n    options:\n      - {name: one, help: 'See :oslo.config:option:`two`, :oslo.config:option:`b.three`, :oslo.config:group:`b` and :oslo.config:option:`gone`.'}\n      - {name: two}\n  - name: b\n    options:\n      - {name: three}\n",
    )
    .unwrap();
    let markdown = stdout_of(&["generate", "--format", "markdown", spec.to_str().unwrap()]);
    assert!(markdown.contains("See [`two`](#a-two), [`b.three`](#b-three), [`b`](#b) and `gone`."), "{markdown}");
}

/// Rows of a CSV text (RFC 4180 quoting).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

#[test]
fn glance_deprecations_are_the_four_renames_and_one_removal() {
    let expected = [
        ("[glance]/api_insecure", "renamed", "[glance]/insecure", ""),
        ("[glance]/enable_certificate_validation", "deprecated for removal", "", "16.0.0"),
        ("[ssl]/ca_file", "renamed", "[glance]/cafile", ""),
        ("[ssl]/cert_file", "renamed", "[glance]/certfile", ""),
        ("[ssl]/key_file", "renamed", "[glance]/keyfile", ""),
    ];
    let csv = csv_rows(&stdout_of(&["deprecations", "--format", "csv"]));
    assert_eq!(csv[0], ["option", "change", "replacement", "since", "reason", "namespace"]);
    let got: Vec<(&str, &str, &str, &str)> =
        csv[1..].iter().map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str(), r[3].as_str())).collect();
    assert_eq!(got, expected);

    let json: serde_json::Value = serde_json::from_str(&stdout_of(&["deprecations", "--format", "json"])).unwrap();
    let rows = json["deprecations"].as_array().unwrap();
    let name = |v: &serde_json::Value| {
        if v.is_null() {
            String::new()
        } else {
            format!("[{}]/{}", v["group"].as_str().unwrap(), v["name"].as_str().unwrap())
        }
    };
    let got: Vec<(String, String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                name(&r["option"]),
                r["change"].as_str().unwrap().replace('_', " "),
                name(&r["replacement"]),
                r["since"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let want: Vec<(String, String, String, String)> =
        expected.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string())).collect();
    assert_eq!(got, want);

    let markdown = stdout_of(&["deprecations", "--format", "markdown"]);
    let page = parse(&markdown);
    assert_eq!(page.tables.len(), 1);
    assert_eq!(page.tables[0].0, 5);
    assert_eq!(page.tables[0].1, vec![5; 5], "five rows of five cells");

    let rst = stdout_of(&["deprecations", "--format", "rst"]);
    assert_eq!(rst.matches("\n   - * ").count(), 6, "a header and five rows:\n{rst}");
}

#[test]
fn hostile_text_stays_text_in_every_format() {
    let spec = root().join("tests/specs/hostile.yaml");
    let spec = spec.to_str().unwrap();

    // INI: nothing but comments, blank lines and the group's own section header.
    for flags in [&[][..], &["--summarize"], &["--wrap-width", "0"]] {
        let mut args = vec!["generate", spec];
        args.extend(flags);
        let ini = stdout_of(&args);
        for line in ini.lines() {
            assert!(
                line.is_empty() || line.starts_with('#') || line == "[DEFAULT]" || line == "[hostile]",
                "active line {line:?} in the sample ({flags:?})"
            );
        }
    }

    // Markdown: tables keep their shape, no raw HTML but the anchors, links only to anchors.
    let markdown = stdout_of(&["generate", spec, "--format", "markdown"]);
    let page = parse(&markdown);
    for (header, rows) in &page.tables {
        assert!(rows.iter().all(|r| r == header), "table shape: {header} {rows:?}");
    }
    for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES) {
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            let html = html.trim();
            assert!(
                html.starts_with("<a id=\"") || html == "</a>" || html == "<br>",
                "raw HTML in the Markdown: {html:?}"
            );
        }
    }
    assert!(page.links.iter().all(|l| l.starts_with('#')), "{:?}", page.links);
    assert!(markdown.contains("{{handlebars}}"), "template syntax comes out as text");

    // HTML: the same text, escaped; no markup but the page's own (its one script is the
    // embedded one), no javascript: link.
    let html = stdout_of(&["generate", spec, "--format", "html"]);
    crate::common::html_page::check(&html).unwrap();
    assert!(!html.contains("<img"), "an img element");
    assert!(!html.to_lowercase().contains("href=\"javascript"), "a javascript: link");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("{{handlebars}}"));
    let hrefs: Vec<&str> = html.split("href=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    assert!(hrefs.iter().all(|h| h.starts_with('#')), "{hrefs:?}");

    // rst: the help stays inside its option directive (indented), no new directive.
    let rst = stdout_of(&["generate", spec, "--format", "rst"]);
    let directives: Vec<&str> = rst.lines().filter(|l| l.starts_with(".. ")).collect();
    assert_eq!(
        directives,
        [
            ".. oslo.config:group:: hostile",
            ".. oslo.config:option:: payload",
            ".. oslo.config:option:: listy",
            ".. oslo.config:option:: unprintable",
            ".. oslo.config:option:: multi"
        ]
    );

    // Deprecation tables keep their shape too.
    let table = stdout_of(&["deprecations", spec, "--format", "markdown"]);
    let page = parse(&table);
    assert!(page.tables[0].1.iter().all(|r| *r == 5), "{table}");
    let csv = csv_rows(&stdout_of(&["deprecations", spec, "--format", "csv"]));
    assert!(csv.iter().all(|r| r.len() == 6), "{csv:?}");
}

#[test]
fn a_template_override_changes_only_that_template() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("markdown-option.hbs"), "### {{heading_md}} (custom)\n").unwrap();
    let custom = stdout_of(&["generate", "--format", "markdown", "--templates", dir.path().to_str().unwrap()]);
    assert!(custom.contains("### api_servers (custom)\n"), "{custom}");
    assert!(custom.starts_with("# Configuration reference\n"), "markdown.hbs is still the embedded one");
    // The other outputs are untouched by the folder.
    let ini = stdout_of(&["generate", "--templates", dir.path().to_str().unwrap()]);
    assert_eq!(ini, golden("glance", "sample.ini"));
    let table = stdout_of(&["deprecations", "--templates", dir.path().to_str().unwrap()]);
    assert_eq!(table, stdout_of(&["deprecations"]));
}

#[test]
fn check_works_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["ini", "yaml", "json", "rst", "markdown", "html"] {
        let file = dir.path().join(format!("out.{format}"));
        let f = file.to_str().unwrap();
        stdout_of(&["generate", "--format", format, "-o", f]);
        assert!(confspec(&["generate", "--format", format, "-o", f, "--check"]).status.success(), "{format}");
        std::fs::write(&file, "stale\n").unwrap();
        let out = confspec(&["generate", "--format", format, "-o", f, "--check"]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "stale\n", "--check never writes");
    }
    for format in ["markdown", "rst", "csv", "json"] {
        let file = dir.path().join(format!("deprecations.{format}"));
        let f = file.to_str().unwrap();
        stdout_of(&["deprecations", "--format", format, "-o", f]);
        assert!(confspec(&["deprecations", "--format", format, "-o", f, "--check"]).status.success());
        std::fs::write(&file, "stale\n").unwrap();
        assert_eq!(confspec(&["deprecations", "--format", format, "-o", f, "--check"]).status.code(), Some(1));
    }
}

#[test]
fn snapshots_of_the_glance_docs() {
    insta::assert_snapshot!("glance.md", stdout_of(&["generate", "--format", "markdown"]));
    insta::assert_snapshot!("glance.html", stdout_of(&["generate", "--format", "html"]));
    for format in ["markdown", "rst", "csv", "json"] {
        insta::assert_snapshot!(
            format!("glance-deprecations.{format}"),
            stdout_of(&["deprecations", "--format", format])
        );
    }
}

#[test]
fn html_templates_are_overridden_file_by_file() {
    use crate::common::html_page::embedded;
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().to_str().unwrap();
    let default = stdout_of(&["generate", "--format", "html"]);
    // The CSS alone: the rest of the page is the embedded one, and the policy allows the new
    // style (its hash: 'sha256-' and base64 of SHA-256("body { color: #123; }\n"), the text of
    // the CRLF file with LF, as a browser reads it).
    std::fs::write(dir.path().join("html-style.hbs"), "body { color: #123; }\r\n").unwrap();
    let styled = stdout_of(&["generate", "--format", "html", "--templates", t]);
    let policy = |page: &str| page.lines().find(|l| l.contains("Content-Security-Policy")).unwrap().to_owned();
    let hash = |policy: &str, kind: &str| {
        policy.split("; ").find_map(|p| p.strip_prefix(&format!("{kind}-src "))).unwrap().to_owned()
    };
    assert_eq!(hash(&policy(&styled), "style"), "'sha256-ulK8pi8HnfJhyF91yPYLUS/o92JN2OuBdJIy4b7fJOc='");
    assert_eq!(hash(&policy(&styled), "script"), hash(&policy(&default), "script"));
    assert_eq!(
        styled.replace(&policy(&styled), ""),
        default.replace(embedded("html-style.hbs"), "body { color: #123; }\n").replace(&policy(&default), "")
    );
    // One's own option block, with the context's fields; the sidebar and the script stay.
    std::fs::remove_file(dir.path().join("html-style.hbs")).unwrap();
    std::fs::write(
        dir.path().join("html-option.hbs"),
        "<div class=\"opt\" id=\"{{anchor}}\"><h3 class=\"name\">{{{heading_html}}}</h3>{{#if deprecation}}gone{{/if}}{{#each deprecated_names_html}} was {{{this}}}{{/each}}</div>\n",
    )
    .unwrap();
    let custom = stdout_of(&["generate", "--format", "html", "--templates", t]);
    assert!(custom.contains("<div class=\"opt\" id=\"glance-cafile\"><h3 class=\"name\">cafile</h3> was <code>[ssl]/ca_file</code></div>\n"), "{custom}");
    assert!(custom.contains("<h3 class=\"name\">enable_certificate_validation</h3>gone</div>"));
    let (head, _) = default.split_once("<main").unwrap();
    assert!(custom.starts_with(head), "the page around the options is the embedded one");
    assert!(custom.ends_with(&format!("<script>{}</script>\n</body>\n</html>\n", embedded("html-script.hbs"))));
    // The Markdown templates shape only the Markdown page.
    std::fs::remove_file(dir.path().join("html-option.hbs")).unwrap();
    std::fs::write(dir.path().join("markdown-option.hbs"), "### {{heading_md}} (custom)\n").unwrap();
    assert_eq!(stdout_of(&["generate", "--format", "html", "--templates", t]), default);
}

/// The HTML page's header and names: `--title` titles it (and the Markdown page), many
/// namespaces fold into a `<details>`, an option's namespace shows only where the group mixes
/// namespaces (once under the group's heading where its options come from one), and names may
/// break after each `_`.
#[test]
fn the_html_page_is_titled_folds_namespaces_and_names_namespaces_only_where_they_differ() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |namespace: &str, groups: &[(&str, &str)]| {
        let path = dir.path().join(format!("{namespace}.yaml"));
        let mut text = format!("namespace: {namespace}\ngroups:\n");
        for (group, option) in groups {
            text.push_str(&format!("  - name: {group}\n    options:\n      - {{name: {option}, help: Some help.}}\n"));
        }
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };
    let specs = [
        spec("ns.a", &[("DEFAULT", "from_a"), ("only_a", "long_option_name")]),
        spec("ns.b", &[("DEFAULT", "from_b")]),
        spec("ns.c", &[("only_c", "x")]),
        spec("ns.d", &[("only_d", "y")]),
    ];
    let page = |specs: &[String], extra: &[&str]| {
        let mut args = vec!["generate", "--format", "html"];
        args.extend(specs.iter().map(String::as_str));
        args.extend(extra);
        let page = stdout_of(&args);
        crate::common::html_page::check(&page).unwrap();
        page
    };
    let section = |page: &str, id: &str| {
        let start = page.find(&format!("<section class=\"group\" id=\"{id}\">")).unwrap();
        page[start..].split("</section>").next().unwrap().to_owned()
    };
    let namespace_props = |html: &str| html.matches("<span class=\"k\">namespace</span>").count();

    let four = page(&specs, &["--title", "Demo 1.0 <options> & more"]);
    assert!(four.contains("<title>Demo 1.0 &lt;options&gt; &amp; more</title>"), "the title, escaped");
    assert!(four.contains("<h1>Demo 1.0 &lt;options&gt; &amp; more</h1>"));
    assert!(
        four.contains("<details class=\"ns\"><summary>5 options in 4 groups, from 4 namespaces</summary>\n<p><code>ns.a</code>, <code>ns.b</code>, <code>ns.c</code>, <code>ns.d</code></p>\n</details>"),
        "four namespaces are folded"
    );
    // [DEFAULT] mixes ns.a and ns.b: each option names its own; the others name theirs once.
    let default = section(&four, "default");
    assert_eq!(namespace_props(&default), 2, "{default}");
    assert!(default.contains("<code>ns.a</code>") && default.contains("<code>ns.b</code>"));
    let only_a = section(&four, "only_a");
    assert_eq!(namespace_props(&only_a), 1, "{only_a}");
    assert!(only_a.contains("</h2>\n<p class=\"props\"><span class=\"prop\"><span class=\"k\">namespace</span> <code>ns.a</code></span></p>\n"), "{only_a}");
    assert!(only_a.contains("<span class=\"name\">long_<wbr>option_<wbr>name</span>"), "{only_a}");
    assert!(four.contains("<li><a href=\"#only_a-long_option_name\">long_<wbr>option_<wbr>name</a></li>"));

    // Two namespaces: listed, not folded; one: no namespace on any option or group.
    let two = page(&specs[..2], &[]);
    assert!(
        two.contains("<title>Configuration reference: ns.a, ns.b</title>\n")
            && two.contains("<h1>Configuration reference</h1>\n")
    );
    assert!(
        two.contains("<p>3 options in 2 groups, from <code>ns.a</code>, <code>ns.b</code>.</p>")
            && !two.contains("class=\"ns\"")
    );
    let one = page(&specs[..1], &[]);
    assert_eq!(namespace_props(&one), 0);

    // The templates write what the native writer writes.
    let themes = dir.path().join("templates");
    stdout_of(&["templates", "--dump", themes.to_str().unwrap()]);
    assert!(
        page(&specs, &["--title", "Demo", "--templates", themes.to_str().unwrap()])
            == page(&specs, &["--title", "Demo"])
    );
    let markdown = |extra: &[&str]| {
        stdout_of(&[&["generate", "--format", "markdown"], &specs.each_ref().map(String::as_str)[..], extra].concat())
    };
    assert_eq!(markdown(&["--title", "Demo", "--templates", themes.to_str().unwrap()]), markdown(&["--title", "Demo"]));

    // The Markdown page takes the title; other formats refuse it.
    let markdown = stdout_of(&["generate", "--format", "markdown", &specs[0], "--title", "Demo *1.0*"]);
    assert!(markdown.starts_with("# Demo \\*1.0\\*\n\nOptions of `ns.a`."), "{markdown}");
    for (args, message) in [
        (vec!["generate", "--title", "x"], "--title titles the html and markdown pages"),
        (vec!["generate", "--format", "html", "--title", "a\nb"], "a title is one line"),
    ] {
        let out = confspec(&args);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(message), "{args:?}");
    }
}
