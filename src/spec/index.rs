//! Lookups over a catalog as oslo resolves config files: live options by `[group]/dest`, and
//! deprecated names by the `[group]/name` a config file may still use.

use super::model::{Catalog, Opt};
use crate::oslo::groups::generator_groups;
use std::collections::{BTreeMap, HashMap};

/// A live option and where it lives.
#[derive(Debug, Clone, Copy)]
pub struct Live<'a> {
    pub group: &'a str,
    pub opt: &'a Opt,
}

pub struct OptionIndex<'a> {
    /// group -> dest -> option (the first namespace's when two define it).
    pub groups: BTreeMap<String, BTreeMap<String, Live<'a>>>,
    /// (old group, old name) -> the live option that replaces it.
    pub aliases: HashMap<(String, String), Live<'a>>,
    group_names: Vec<String>,
}

impl<'a> OptionIndex<'a> {
    pub fn new(catalog: &'a Catalog) -> Self {
        let mut groups: BTreeMap<String, BTreeMap<String, Live<'a>>> = BTreeMap::new();
        let mut aliases = HashMap::new();
        let mut group_names = Vec::new();
        for group in generator_groups(catalog) {
            // The group's name lives in the catalog; find it there to borrow it for 'a.
            let Some(name) =
                catalog.specs.iter().flat_map(|s| &s.groups).find(|g| g.name == group.name).map(|g| g.name.as_str())
            else {
                continue;
            };
            group_names.push(name.to_owned());
            for (_, opts) in &group.namespaces {
                for opt in opts {
                    let live = Live { group: name, opt };
                    groups.entry(name.to_owned()).or_default().entry(opt.dest.clone()).or_insert(live);
                }
            }
        }
        for (name, opts) in &groups {
            for live in opts.values() {
                for ((group, old), _) in live.opt.old_names(name) {
                    aliases.entry((group, old.to_owned())).or_insert(*live);
                }
            }
        }
        OptionIndex { groups, aliases, group_names }
    }

    pub fn live(&self, group: &str, key: &str) -> Option<Live<'a>> {
        self.groups.get(group).and_then(|g| g.get(key)).copied()
    }

    pub fn alias(&self, group: &str, key: &str) -> Option<Live<'a>> {
        self.aliases.get(&(group.to_owned(), key.to_owned())).copied()
    }

    pub fn group_names(&self) -> impl Iterator<Item = &str> {
        self.group_names.iter().map(String::as_str)
    }
}
