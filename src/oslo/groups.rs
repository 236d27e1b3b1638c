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
    // Group name -> its place. Options are looked up by dest only when a namespace adds to a
    // list it already filled (specs merged into one namespace): a group's own dests are
    // distinct (the loader checks), so a first fill is a plain append. The index of such a list
    // is built when first needed, so gathering stays linear however large a group is.
    let mut group_at: HashMap<&str, usize> = HashMap::from([("DEFAULT", 0)]);
    let mut option_at: HashMap<(usize, usize), HashMap<&str, usize>> = HashMap::new();
    // (group place, namespace) -> the namespace's place in that group's list.
    let mut namespace_at: HashMap<(usize, &str), usize> = HashMap::new();
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
            let ns = *namespace_at.entry((index, &spec.namespace)).or_insert_with(|| {
                entry.namespaces.push((&spec.namespace, Vec::new()));
                entry.namespaces.len() - 1
            });
            let opts = &mut entry.namespaces[ns].1;
            if opts.is_empty() {
                opts.extend(group.options.iter());
                continue;
            }
            let places = option_at
                .entry((index, ns))
                .or_insert_with(|| opts.iter().enumerate().map(|(i, o)| (o.dest.as_ref(), i)).collect());
            for opt in &group.options {
                match places.entry(&opt.dest) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Loader;

    #[test]
    fn a_namespace_declared_twice_merges_and_replaces_in_place() {
        let mut loader = Loader::new();
        let first = "namespace: ns\ngroups:\n- name: g\n  options:\n  - {name: a, help: first a}\n  - {name: b, help: first b}\n";
        let second = "namespace: ns\ngroups:\n- name: g\n  options:\n  - {name: c, help: second c}\n  - {name: b, help: second b}\n- name: DEFAULT\n  options:\n  - {name: d, help: d}\n";
        let specs = vec![
            loader.load_text("1.yaml".into(), first.into(), None).unwrap(),
            loader.load_text("2.yaml".into(), second.into(), None).unwrap(),
        ];
        let catalog = Catalog { specs };
        let groups = generator_groups(&catalog);
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["DEFAULT", "g"]);
        let g = &groups[1];
        assert_eq!(g.namespaces.len(), 1);
        let opts: Vec<(&str, Option<&str>)> =
            g.namespaces[0].1.iter().map(|o| (o.name.as_ref(), o.help.as_deref())).collect();
        assert_eq!(opts, [("a", Some("first a")), ("b", Some("second b")), ("c", Some("second c"))]);
    }
}
