//! The OpenStack services shipped inside confspec: for each service release, each of its
//! generator config files (the samples it ships: `nova.conf`, `ml2_conf.ini`, ...) with the
//! specs of its namespaces, as the service's own doc build loads them (its overridden library
//! defaults included).
//!
//! scripts/services writes them as YAML under specs/services/ (index.yaml and one spec per
//! namespace and content) from the pinned packages; `compile` loads and checks those once and
//! writes the model's binary form (`spec::compiled`) to specs/services.bin and its strings to
//! specs/services.strings, which the binary embeds. At run time a release's specs are decoded
//! from them, never parsed as YAML, and their texts are not copied.
//!
//! A service is named `SERVICE[/FILE][@VERSION]` (`nova`, `nova@33`,
//! `neutron/ml2_conf.ini@2026.2`): FILE is a sample's file name (default: the service's main
//! file), VERSION a release (`34`, `34.0.0`) or a series (`2026.2`), default the newest.

use crate::diag::{Error, Result};
use crate::genconf::GeneratorConf;
use crate::spec::compiled::{wire_struct, Corrupt, Reader, Tables, Wire, Writer};
use crate::spec::model::{Catalog, Spec};
use std::path::Path;

/// The compiled services (specs/services.bin, made by `compile` from specs/services/).
const EMBEDDED: &[u8] = include_bytes!("../specs/services.bin");

/// Their strings, end to end (specs/services.strings): embedded as text, so the compiler checks
/// once that it is UTF-8 and reading a string costs nothing.
const EMBEDDED_STRINGS: &str = include_str!("../specs/services.strings");

/// What the compiled form starts with; a build whose format changed reads its own only.
const MAGIC: &[u8] = b"confspec services 5\n";

/// Every shipped service release, and the specs their files load.
pub struct Services {
    pub releases: Vec<Release>,
    /// Each distinct spec: its namespace and where its bytes are.
    specs: Vec<SpecEntry>,
    body: &'static [u8],
    tables: Tables,
}

/// One release of one service.
#[derive(Debug, Clone)]
pub struct Release {
    /// The name commands take (`nova`, `placement`).
    pub service: String,
    /// Its Python distribution (`openstack-placement`).
    pub package: String,
    pub version: String,
    /// The OpenStack series it belongs to (`2026.2`).
    pub series: String,
    pub files: Vec<ConfigFile>,
}

/// One generator config file of a release: the sample it makes and how oslo makes it.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    /// The sample's file name without `.sample` (`nova.conf`, `ml2_conf.ini`).
    pub name: String,
    /// Whether this is the service's main file, the one `SERVICE` alone names.
    pub main: bool,
    /// The generator config file's path in the service's source (oslo's data records it).
    pub generator_config: String,
    /// What the generator config file says: its namespaces in its order, its wrap width, ...
    pub settings: GeneratorConf,
    /// Indexes of its specs in `Services::specs`, in the order oslo loads the namespaces.
    specs: Vec<usize>,
}

struct SpecEntry {
    namespace: String,
    range: std::ops::Range<usize>,
}

/// A `SERVICE[/FILE][@VERSION]` argument, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub service: String,
    pub file: Option<String>,
    pub version: Option<String>,
}

impl Address {
    pub fn parse(text: &str) -> Result<Address> {
        let (rest, version) = match text.split_once('@') {
            Some((rest, version)) => (rest, Some(version.to_owned())),
            None => (text, None),
        };
        let (service, file) = match rest.split_once('/') {
            Some((service, file)) => (service, Some(file.to_owned())),
            None => (rest, None),
        };
        let bad = |what: &str| {
            Error::Usage(format!(
                "--service {:?}: {what}; write SERVICE[/FILE][@VERSION], e.g. nova, nova@33, neutron/ml2_conf.ini@2026.2",
                text
            ))
        };
        if service.is_empty() {
            return Err(bad("no service named"));
        }
        if file.as_deref() == Some("") {
            return Err(bad("an empty FILE after `/`"));
        }
        if version.as_deref() == Some("") {
            return Err(bad("an empty VERSION after `@`"));
        }
        Ok(Address { service: service.to_owned(), file, version })
    }
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.service)?;
        if let Some(file) = &self.file {
            write!(f, "/{file}")?;
        }
        if let Some(version) = &self.version {
            write!(f, "@{version}")?;
        }
        Ok(())
    }
}

impl Release {
    /// `nova 34.0.0`
    pub fn label(&self) -> String {
        format!("{} {}", self.service, self.version)
    }

    /// Whether VERSION names this release: its series, or its version or the first parts of it
    /// (`34` and `34.0` name 34.0.0).
    pub fn answers_to(&self, version: &str) -> bool {
        if version == self.series || version == self.version {
            return true;
        }
        let (asked, have): (Vec<&str>, Vec<&str>) = (version.split('.').collect(), self.version.split('.').collect());
        asked.len() <= have.len() && asked.iter().zip(&have).all(|(a, h)| a == h)
    }

    pub fn main_file(&self) -> Option<&ConfigFile> {
        self.files.iter().find(|f| f.main).or(self.files.first())
    }
}

/// A version as numbers, to find the newest (`2026.2` after `2026.1`, `34.0.0` after `33.0.2`).
fn version_key(version: &str) -> Vec<u64> {
    version.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

impl Services {
    /// The services compiled into this binary.
    pub fn embedded() -> Result<Services> {
        crate::timings::measure("decode", || Services::read(EMBEDDED, EMBEDDED_STRINGS))
    }

    fn read(bytes: &'static [u8], strings: &'static str) -> Result<Services> {
        let stale = |e: Corrupt| {
            Error::Usage(format!(
                "the shipped services of this build do not decode ({}): specs/services.bin is stale; run scripts/services/compile.sh",
                e.0
            ))
        };
        let rest = bytes.strip_prefix(MAGIC).ok_or_else(|| stale(Corrupt("no header".into())))?;
        let (tables, rest) = Tables::read(rest, strings).map_err(stale)?;
        let (at, body) = rest.split_at_checked(8).ok_or_else(|| stale(Corrupt("no header".into())))?;
        let at = u64::from_le_bytes(at.try_into().unwrap()) as usize;
        let header = body.get(at..).ok_or_else(|| stale(Corrupt("no header".into())))?;
        let Header { releases, specs } = Reader::new(header, &tables).get().map_err(stale)?;
        if specs.iter().any(|(_, range)| range.end > at || range.start > range.end) {
            return Err(stale(Corrupt("a spec past the end".into())));
        }
        let specs = specs.into_iter().map(|(namespace, range)| SpecEntry { namespace, range }).collect();
        Ok(Services { releases, specs, body, tables })
    }

    /// The service names, in the order they are listed.
    pub fn service_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for r in &self.releases {
            if !names.contains(&r.service.as_str()) {
                names.push(&r.service);
            }
        }
        names
    }

    /// The release and file an address names, or why none: each wrong part with what there
    /// is, and a did-you-mean where one is close.
    pub fn resolve(&self, address: &Address) -> Result<(&Release, &ConfigFile)> {
        let names = self.service_names();
        if !names.contains(&address.service.as_str()) {
            let hint = match crate::suggest::closest(&address.service, names.iter().copied()) {
                Some(best) => format!("; did you mean `{best}`?"),
                None => String::new(),
            };
            return Err(Error::Usage(format!(
                "--service {address}: no shipped service `{}`{hint} (shipped: {}; `confspec services` lists them)",
                address.service,
                names.join(", ")
            )));
        }
        let mut releases: Vec<&Release> = self.releases.iter().filter(|r| r.service == address.service).collect();
        releases.sort_by_key(|r| (version_key(&r.series), version_key(&r.version)));
        let release = match &address.version {
            None => releases.last().copied(),
            Some(v) => releases.iter().rev().find(|r| r.answers_to(v)).copied(),
        };
        let Some(release) = release else {
            let known: Vec<String> = releases.iter().rev().map(|r| format!("{} ({})", r.version, r.series)).collect();
            return Err(Error::Usage(format!(
                "--service {address}: {} has no release `{}`: confspec ships {}",
                address.service,
                address.version.as_deref().unwrap_or_default(),
                known.join(", ")
            )));
        };
        let file = match &address.file {
            None => release.main_file(),
            Some(name) => release.files.iter().find(|f| &f.name == name),
        };
        let Some(file) = file else {
            let names: Vec<&str> = release.files.iter().map(|f| f.name.as_str()).collect();
            let asked = address.file.as_deref().unwrap_or_default();
            let hint = match crate::suggest::closest(asked, names.iter().copied()) {
                Some(best) => format!("; did you mean `{best}`?"),
                None => String::new(),
            };
            return Err(Error::Usage(format!(
                "--service {address}: {} has no file `{asked}`{hint} (its files: {})",
                release.label(),
                names.join(", ")
            )));
        };
        Ok((release, file))
    }

    /// The specs of a release's file, in the order oslo loads its namespaces.
    pub fn catalog(&self, release: &Release, file: &ConfigFile) -> Result<Catalog> {
        self.read_catalog(release, file, false)
    }

    /// `catalog` without the groups' selectors (`Group::selectors` empty), for the commands
    /// that never read them: samples and documents. Validating a config and filling a
    /// starter config read them.
    pub fn catalog_without_selectors(&self, release: &Release, file: &ConfigFile) -> Result<Catalog> {
        self.read_catalog(release, file, true)
    }

    fn read_catalog(&self, release: &Release, file: &ConfigFile, skip_selectors: bool) -> Result<Catalog> {
        crate::timings::measure("decode", || self.decode_catalog(release, file, skip_selectors))
    }

    fn decode_catalog(&self, release: &Release, file: &ConfigFile, skip_selectors: bool) -> Result<Catalog> {
        let specs = file
            .specs
            .iter()
            .map(|&i| {
                let entry = &self.specs[i];
                let mut reader = Reader::new(&self.body[entry.range.clone()], &self.tables);
                if skip_selectors {
                    reader = reader.without_selectors();
                }
                let mut spec: Spec = reader.get().map_err(|e| {
                    Error::Usage(format!(
                        "the shipped spec of {} in {} does not decode ({}): specs/services.bin is stale",
                        entry.namespace,
                        release.label(),
                        e.0
                    ))
                })?;
                spec.origin =
                    format!("<shipped>/{}@{}/{} ({})", release.service, release.version, file.name, spec.namespace);
                Ok(spec)
            })
            .collect::<Result<Vec<Spec>>>()?;
        Ok(Catalog { specs })
    }

    /// The releases of a service, oldest first.
    pub fn history(&self, service: &str) -> Vec<&Release> {
        let mut releases: Vec<&Release> = self.releases.iter().filter(|r| r.service == service).collect();
        releases.sort_by_key(|r| (version_key(&r.series), version_key(&r.version)));
        releases
    }
}

/// The compiled form's table of contents: the releases, then each spec's namespace and
/// where its bytes are. It follows the specs, which are written first.
struct Header {
    releases: Vec<Release>,
    specs: Vec<(String, std::ops::Range<usize>)>,
}

wire_struct!(Header { releases, specs });
wire_struct!(Release { service, package, version, series, files });
wire_struct!(ConfigFile { name, main, generator_config, settings, specs });
wire_struct!(GeneratorConf { namespaces, wrap_width, summarize, minimal, format, output_file });

/// specs/services/index.yaml, as scripts/services writes it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexFile {
    releases: Vec<IndexRelease>,
    /// Generator config files the script could not make specs of, and why (docs/services.md).
    #[serde(default)]
    #[allow(dead_code)]
    not_shipped: Vec<serde_yaml::Value>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexRelease {
    service: String,
    package: String,
    version: String,
    series: String,
    files: Vec<IndexConfigFile>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexConfigFile {
    name: String,
    #[serde(default)]
    main: bool,
    generator_config: String,
    output_file: Option<String>,
    wrap_width: Option<usize>,
    summarize: Option<bool>,
    minimal: Option<bool>,
    format: Option<String>,
    namespaces: Vec<String>,
    /// Spec files relative to the folder, in load order.
    specs: Vec<String>,
}

/// The compiled form of the shipped services: specs/services.bin and specs/services.strings.
pub struct Compiled {
    pub bytes: Vec<u8>,
    pub strings: String,
}

/// Loads and checks every spec of a specs/services/ folder and writes the compiled form the
/// binary embeds: what `scripts/services/compile.sh` writes to specs/services.bin and
/// specs/services.strings.
pub fn compile(dir: &Path) -> Result<Compiled> {
    let index_path = dir.join("index.yaml");
    let index_text = crate::spec::load::read_text(&index_path)?;
    let index: IndexFile = serde_yaml::from_str(&index_text).map_err(|e| {
        let mut d = crate::diag::Diagnostic::error(index_path.display().to_string(), e.to_string());
        if let Some(loc) = e.location() {
            d = d.at(loc.line(), Some(loc.column()));
        }
        Error::Input(vec![d])
    })?;
    let mut paths: Vec<String> = Vec::new();
    let mut releases = Vec::new();
    for r in index.releases {
        let files = r
            .files
            .into_iter()
            .map(|f| ConfigFile {
                specs: f
                    .specs
                    .iter()
                    .map(|p| match paths.iter().position(|q| q == p) {
                        Some(i) => i,
                        None => {
                            paths.push(p.clone());
                            paths.len() - 1
                        }
                    })
                    .collect(),
                name: f.name,
                main: f.main,
                generator_config: f.generator_config,
                settings: GeneratorConf {
                    namespaces: f.namespaces,
                    wrap_width: f.wrap_width,
                    summarize: f.summarize,
                    minimal: f.minimal,
                    format: f.format,
                    output_file: f.output_file,
                },
            })
            .collect();
        releases.push(Release { service: r.service, package: r.package, version: r.version, series: r.series, files });
    }
    let mut w = Writer::default();
    let mut table = Vec::new();
    for path in &paths {
        // Each spec alone, as generate loads a spec file given on the command line: option
        // sets from the embedded ones.
        let text = crate::spec::load::read_text(&dir.join(path))?;
        let mut spec = crate::spec::Loader::new().load_text(path.clone(), text, None)?;
        spec.origin = String::new();
        let start = w.bytes.len();
        w.put(&spec);
        table.push((spec.namespace, start..w.bytes.len()));
    }
    let at = w.bytes.len() as u64;
    w.put(&Header { releases, specs: table });
    let compiled = w.finish();
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&compiled.tables);
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&compiled.values);
    Ok(Compiled { bytes: out, strings: compiled.strings })
}
