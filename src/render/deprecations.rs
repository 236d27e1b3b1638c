//! `confspec deprecations`: one sorted table of every old name a config file may still use
//! (old `[group]/name` -> new `[group]/name`) and every option deprecated for removal.

use super::Engine;
use crate::diag::Result;
use crate::oslo::groups::generator_groups;
use crate::spec::model::Catalog;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Renamed,
    DeprecatedForRemoval,
}

impl Change {
    fn text(self) -> &'static str {
        match self {
            Change::Renamed => "renamed",
            Change::DeprecatedForRemoval => "deprecated for removal",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OptionName {
    pub group: String,
    pub name: String,
}

impl OptionName {
    fn text(&self) -> String {
        format!("[{}]/{}", self.group, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Row {
    pub option: OptionName,
    pub change: Change,
    pub replacement: Option<OptionName>,
    pub since: Option<String>,
    pub reason: Option<String>,
    pub namespace: String,
}

/// The rows, sorted by old `[group]/name`, then change. Old names spelled with `-` are left
/// out, as oslo's generator leaves them out: their `_` twins are listed.
pub fn rows(catalog: &Catalog) -> Vec<Row> {
    let mut rows = Vec::new();
    for group in generator_groups(catalog) {
        for (namespace, opts) in &group.namespaces {
            for opt in opts {
                let live = OptionName { group: group.name.clone(), name: opt.dest.to_string() };
                for ((old_group, old_name), alias) in opt.listed_old_names(&group.name) {
                    let old = OptionName { group: old_group, name: old_name.to_owned() };
                    rows.push(Row {
                        option: old,
                        change: Change::Renamed,
                        replacement: Some(live.clone()),
                        since: alias.since.clone(),
                        reason: None,
                        namespace: namespace.to_string(),
                    });
                }
                if opt.deprecated_for_removal {
                    let reason = opt.reason_one_line();
                    let since = opt.deprecated_since.clone().filter(|s| !s.is_empty());
                    rows.push(Row {
                        option: live.clone(),
                        change: Change::DeprecatedForRemoval,
                        replacement: None,
                        since,
                        reason,
                        namespace: namespace.to_string(),
                    });
                }
            }
        }
    }
    rows.sort();
    rows.dedup();
    rows
}

/// The formats of the deprecation table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    #[value(alias = "md")]
    Markdown,
    Rst,
    Csv,
    Json,
}

pub fn render(engine: &Engine, catalog: &Catalog, format: TableFormat) -> Result<String> {
    /// What the JSON table holds.
    #[derive(Serialize)]
    struct Data<'r> {
        deprecations: &'r [Row],
    }
    /// What the table templates render: each row's cells, escaped for the format.
    #[derive(Serialize)]
    struct Table {
        rows: Vec<Cells>,
    }
    #[derive(Serialize)]
    struct Cells {
        option: String,
        change: String,
        replacement: String,
        since: String,
        reason: String,
        namespace: String,
    }
    let rows = rows(catalog);
    if format == TableFormat::Json {
        // Through a `Value`, whose keys are sorted: the JSON table lists each row's fields
        // alphabetically.
        let value = serde_json::to_value(Data { deprecations: &rows }).expect("rows serialize");
        return Ok(serde_json::to_string_pretty(&value).expect("rows serialize") + "\n");
    }
    let (template, text): (&str, fn(&str) -> String) = match format {
        TableFormat::Markdown => ("deprecations-markdown", |s| super::mdtext::cell(s)),
        TableFormat::Rst => ("deprecations-rst", rst_escape),
        _ => ("deprecations-csv", |s| s.to_owned()),
    };
    let code = |s: &str| match format {
        TableFormat::Markdown => super::mdtext::cell_code(s),
        TableFormat::Rst => format!("``{}``", s.replace('`', "\\`")),
        _ => s.to_owned(),
    };
    let rows = rows
        .iter()
        .map(|r| Cells {
            option: code(&r.option.text()),
            change: text(r.change.text()),
            replacement: r.replacement.as_ref().map(|n| code(&n.text())).unwrap_or_default(),
            since: r.since.as_deref().map(text).unwrap_or_default(),
            reason: r.reason.as_deref().map(text).unwrap_or_default(),
            namespace: text(&r.namespace),
        })
        .collect();
    engine.render(template, &Table { rows })
}

/// Text safe inside an rst list-table cell: inline markup characters escaped, one line.
fn rst_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '*' | '`' | '|' | '_' | '<' | '>' | '[' | ']' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, their full-width forms, or a TAB
/// or CR that a spreadsheet skips before one, first) gets a leading `'`.
pub fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
        for (cell, want) in [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "\"'\r=1+1\""),
            ("＝1+1", "'＝1+1"),
            ("＋1", "'＋1"),
            ("－1", "'－1"),
            ("＠SUM(A1)", "'＠SUM(A1)"),
            ("=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""),
            ("plain", "plain"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(csv_field(cell), want, "{cell:?}");
        }
    }
}
