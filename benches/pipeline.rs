//! `cargo bench`: loading specs, rendering each format and validating a large config, on the
//! glance spec, a real namespace (oslo.messaging, imported from tests/fixtures), a synthetic
//! spec of about 4,000 options (features.yaml's groups repeated), and, when
//! scripts/perf/setup.sh has made them, nova 34's nova.conf and the synthetic 10,000 spec.
//!
//! `parse` is serde_yaml alone, the floor; `load` adds the checks that build the model.
//! `shipped` decodes nova 34's nova.conf from the binary's compiled services (as generate reads it,
//! and with the selectors validate reads) and renders it.

// The same large spec as the integration tests (golden_outputs checks the writers on it).
#[path = "../tests/common/large_spec.rs"]
mod large_spec;

use confspec::oslo::data::{machine_readable, GeneratorOptions};
use confspec::render::engine::Escape;
use confspec::render::{deprecations, ini, markdown, rst, Engine};
use confspec::spec::model::Catalog;
use confspec::spec::raw::RawSpec;
use confspec::spec::Loader;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (name, spec file) of every input present.
fn inputs(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = vec![("glance".to_owned(), root().join("specs/glance.yaml"))];

    let data = root().join("tests/fixtures/namespaces/oslo.messaging/data.yaml");
    let source =
        confspec::spec::source::SourceFile { name: "data.yaml".into(), text: std::fs::read_to_string(data).unwrap() };
    for spec in confspec::import::import(&source, false, None).unwrap().0 {
        let path = dir.join(&spec.file_name);
        std::fs::write(&path, &spec.text).unwrap();
        out.push((spec.namespace, path));
    }

    let path = dir.join("features-x60.yaml");
    std::fs::write(&path, large_spec::features_x60(&root())).unwrap();
    out.push(("features-x60".to_owned(), path));

    for (name, optional) in [
        ("nova.conf (nova 34)", "target/perf/nova/specs/nova.conf.yaml"),
        ("synthetic-10000", "target/perf/specs/synthetic-10000.yaml"),
    ] {
        let path = root().join(optional);
        if path.is_file() {
            out.push((name.to_owned(), path));
        }
    }
    out
}

fn load(path: &Path) -> Catalog {
    Loader::new().load_catalog(&[path.to_owned()]).unwrap()
}

fn options(catalog: &Catalog) -> u64 {
    catalog.specs.iter().flat_map(|s| &s.groups).map(|g| g.options.len() as u64).sum()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let inputs = inputs(dir.path());
    let engine = Engine::new(None, Escape::None).unwrap();
    let html_engine = Engine::new(None, Escape::Html).unwrap();

    let mut group = c.benchmark_group("load");
    for (name, path) in &inputs {
        let text = std::fs::read_to_string(path).unwrap();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("parse", name), &text, |b, text| {
            b.iter(|| serde_yaml::from_str::<RawSpec>(text).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("load", name), path, |b, path| b.iter(|| load(path)));
    }
    group.finish();

    let mut group = c.benchmark_group("render");
    for (name, path) in &inputs {
        let catalog = load(path);
        group.throughput(Throughput::Elements(options(&catalog)));
        let ini_options = ini::IniOptions::default();
        group.bench_with_input(BenchmarkId::new("ini", name), &catalog, |b, c| {
            b.iter(|| ini::render(&engine, c, &ini_options).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("ini-templates", name), &catalog, |b, c| {
            b.iter(|| ini::render_with_templates(&engine, c, &ini_options).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("rst", name), &catalog, |b, c| {
            b.iter(|| rst::render(&engine, c).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("markdown", name), &catalog, |b, c| {
            b.iter(|| markdown::render(&engine, c).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("html", name), &catalog, |b, c| {
            b.iter(|| confspec::render::html::render(&html_engine, c).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("json", name), &catalog, |b, c| {
            b.iter(|| machine_readable(c, &GeneratorOptions::default()).to_json())
        });
        group.bench_with_input(BenchmarkId::new("deprecations", name), &catalog, |b, c| {
            b.iter(|| deprecations::render(&engine, c, deprecations::TableFormat::Markdown).unwrap())
        });
    }
    group.finish();

    // The shipped services: nova 34's file decoded from the binary's compiled form (no YAML),
    // as generate reads it (no selectors) and as validate does, then its sample rendered with
    // the file's own flags.
    let mut group = c.benchmark_group("shipped");
    let address = confspec::services::Address::parse("nova").unwrap();
    group.bench_function("decode/nova", |b| {
        b.iter(|| {
            let services = confspec::services::Services::embedded().unwrap();
            let (release, file) = services.resolve(&address).unwrap();
            services.catalog_without_selectors(release, file).unwrap()
        })
    });
    group.bench_function("decode/nova-with-selectors", |b| {
        b.iter(|| {
            let services = confspec::services::Services::embedded().unwrap();
            let (release, file) = services.resolve(&address).unwrap();
            services.catalog(release, file).unwrap()
        })
    });
    let services = confspec::services::Services::embedded().unwrap();
    let (release, file) = services.resolve(&address).unwrap();
    let nova = services.catalog(release, file).unwrap();
    let options = ini::IniOptions { wrap_width: 80, summarize: true, ..Default::default() };
    group.bench_function("render/nova", |b| b.iter(|| ini::render(&engine, &nova, &options).unwrap()));
    group.finish();

    // A config file setting every option of the largest input, each to its sample value.
    let (name, path) = inputs.last().unwrap();
    let catalog = load(path);
    let sample = ini::render(&engine, &catalog, &ini::IniOptions { minimal: false, ..Default::default() }).unwrap();
    let config: String = sample
        .lines()
        .map(|l| if l.starts_with('#') && l.contains(" =") && !l.starts_with("# ") { &l[1..] } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let doc = confspec::ini::parse(&config);
    let mut group = c.benchmark_group("validate");
    group.throughput(Throughput::Elements(doc.entries.len() as u64));
    group.bench_function(BenchmarkId::new("read", name), |b| b.iter(|| confspec::ini::parse(&config)));
    group.bench_function(BenchmarkId::new("validate", name), |b| {
        b.iter(|| confspec::validate::validate(&catalog, &doc, &confspec::validate::ValidateOptions::default()))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
