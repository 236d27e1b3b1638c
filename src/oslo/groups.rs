//! How oslo-config-generator gathers options from several namespaces into groups
//! (`_cleanup_opts` and `_get_groups`): one entry per group, each with its options per namespace.

use crate::spec::model::{Catalog, Group, Opt};
use std::collections::hash_map::{Entry, HashMap};

/// A group as the generator sees it: the last full declaration that had options (title, help), and its options namespace by namespace, in the order the specs were given.
#[derive(Debug)]
pub struct GeneratorGroup<'a> {
    pub name: String,
    pub declaration: Option<&'a Group>,
    pub namespaces: Vec<(&'a str, Vec<&'a Opt>)>,
}

/// `DEFAULT` first (always, even when empty), then every other group with options in the order
/// first seen. Specs sharing a namespace are merged into it; an option declared again in the
/// same namespace and group replaces the earlier one in its place, as oslo does.
pub fn generator_groups(catalog: &Catalog) -> Vec<GeneratorGroup<'_>> {
    let mut groups: Vec<GeneratorGroup> =
        vec![GeneratorGroup { name: "DEFAULT".into(), declaration: None, namespaces: Vec::new() }];
    // Indexes, so that gathering stays linear however many options a group has: group name ->
    // its place, and (group, namespace, dest) -> the option's place in its list (the first two
    // as places too).
    let mut group_at: HashMap<&str, usize> = HashMap::from([("DEFAULT", 0)]);
    let mut option_at: HashMap<(usize, usize, &str), usize> = HashMap::new();
    for spec in &catalog.specs {
        for group in &spec.groups {
            if group.options.is_empty() {
                continue;
            }
            let index = *group_at.entry(&group.name).or_insert_with(|| {
                groups.push(GeneratorGroup { name: group.name.clone(), declaration: None, namespaces: Vec::new() });
                groups.len() - 1
            });
            let entry = &mut groups[index];
            // A group given only by name (oslo: a plain string) keeps the description another
            // namespace declared; one with a title, help or driver info replaces it.
            if group.is_declared() {
                entry.declaration = Some(group);
            }
            let ns = match entry.namespaces.iter().position(|(ns, _)| *ns == spec.namespace) {
                Some(i) => i,
                None => {
                    entry.namespaces.push((&spec.namespace, Vec::new()));
                    entry.namespaces.len() - 1
                }
            };
            let opts = &mut entry.namespaces[ns].1;
            for opt in &group.options {
                match option_at.entry((index, ns, &opt.dest)) {
                    Entry::Occupied(at) => opts[*at.get()] = opt,
                    Entry::Vacant(slot) => {
                        slot.insert(opts.len());
                        opts.push(opt);
                    }
                }
            }
        }
    }
    groups
}
