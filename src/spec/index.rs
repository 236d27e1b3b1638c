//! Lookups over a catalog as oslo resolves config files: live options by `[group]/dest`, and
//! deprecated names by the `[group]/name` a config file may still use.

use super::model::{Catalog, Opt};
use crate::hashing::{HashMap, StrPair};
use crate::oslo::groups::generator_groups;
use std::collections::{BTreeMap, BTreeSet};

/// A live option and where it lives.
#[derive(Debug, Clone, Copy)]
pub struct Live<'a> {
    pub group: &'a str,
    pub opt: &'a Opt,
}

pub struct OptionIndex<'a> {
    /// (group, dest) -> option (the first namespace's when two define it), in group then
    /// dest order. One map for every group: a map per group would hold a node of eleven
    /// slots for each one-option group.
    options: BTreeMap<(&'a str, &'a str), Live<'a>>,
    /// Every group an option was put in (even if all were taken out again).
    groups: BTreeSet<&'a str>,
    /// (old group, old name) -> the live option that replaces it.
    pub aliases: HashMap<(String, String), Live<'a>>,
    group_names: Vec<&'a str>,
}

impl<'a> OptionIndex<'a> {
    pub fn new(catalog: &'a Catalog) -> Self {
        let mut index = OptionIndex {
            options: BTreeMap::new(),
            groups: BTreeSet::new(),
            aliases: HashMap::default(),
            group_names: Vec::new(),
        };
        // Each group's name as the catalog holds it, to borrow it for 'a.
        let mut declared: HashMap<&str, &'a str> = HashMap::default();
        for group in catalog.specs.iter().flat_map(|s| &s.groups) {
            declared.entry(group.name.as_str()).or_insert(group.name.as_str());
        }
        for group in generator_groups(catalog) {
            let Some(&name) = declared.get(group.name.as_str()) else { continue };
            index.group_names.push(name);
            for (_, opts) in &group.namespaces {
                for opt in opts {
                    index.groups.insert(name);
                    index.options.entry((name, opt.dest.as_ref())).or_insert(Live { group: name, opt });
                }
            }
        }
        for live in index.options.values() {
            for ((group, old), _) in live.opt.old_names(live.group) {
                index.aliases.entry((group, old.to_owned())).or_insert(*live);
            }
        }
        index
    }

    pub fn live(&self, group: &str, key: &str) -> Option<Live<'a>> {
        self.options.get(&(group, key)).copied()
    }

    pub fn alias(&self, group: &str, key: &str) -> Option<Live<'a>> {
        self.aliases.get(&(group, key) as &dyn StrPair).copied()
    }

    /// Whether options were put in `group`.
    pub fn has_group(&self, group: &str) -> bool {
        self.groups.contains(group)
    }

    /// The groups options were put in, by name.
    pub fn groups(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.groups.iter().copied()
    }

    /// The live options of `group`, by dest.
    pub fn options_in<'s>(&'s self, group: &'s str) -> impl Iterator<Item = Live<'a>> + 's {
        self.options.range((group, "")..).take_while(move |((g, _), _)| *g == group).map(|(_, live)| *live)
    }

    /// Every live option, by group, then dest.
    pub fn all(&self) -> impl Iterator<Item = Live<'a>> + '_ {
        self.options.values().copied()
    }

    /// Makes `opt` the option of its dest in `group` (old names not included).
    pub(crate) fn put(&mut self, group: &'a str, opt: &'a Opt) {
        self.groups.insert(group);
        self.options.insert((group, opt.dest.as_ref()), Live { group, opt });
    }

    /// Takes the option of `dest` out of `group`; whether there was one.
    pub(crate) fn take_out(&mut self, group: &'a str, dest: &'a str) -> bool {
        self.options.remove(&(group, dest)).is_some()
    }

    /// The groups' names in the generator's order (`DEFAULT` first).
    pub fn group_names(&self) -> impl Iterator<Item = &str> {
        self.group_names.iter().copied()
    }
}
