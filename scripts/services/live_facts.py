"""The facts about a generator config file's options that oslo's machine-readable data cannot
hold, read from the live Python objects: run_generator.py calls `facts(namespaces)` in the
interpreter that has just run oslo-config-generator on the file, and make_fixtures.py keeps
the result as the case's `facts.json`. make_specs.py adds them to the imported specs
(specs/services/), each fact type by one function of its own there.

The options are the generator's own: `generator._list_opts(namespaces)`, which loads the
namespaces in stevedore's order, runs their `oslo.config.opts.defaults` hooks (a service's
overridden library defaults) and lists each namespace's groups and options, as the sample,
the data and oslo's Sphinx extension (`--format rst`) see them. Each function below reads one
kind of fact; an option appears in facts.json only when it has one:

    {namespace: {"groups": {group: {"options": {option name: {key: value}}}},
                 "empty_groups": [{"name": ..., "title"?: ..., "help"?: ...}]}}
"""
from oslo_config import cfg
from oslo_config import generator
from oslo_config import sphinxext


def group_name(group):
    """The group's name as the data spells it (`_cleanup_opts` has normalized its case)."""
    if isinstance(group, cfg.OptGroup):
        return group.name
    return group or 'DEFAULT'


def doc_type(opt):
    """What the Sphinx extension shows as `:Type:`, for an option whose class is not one of
    oslo.config's public option classes (`Opt(type=...)`, keystoneauth's own `Opt`, oslo's
    `_ConfigFileOpt`): the data names only the type (`string value`), which for a public
    class says the same as the class's description, but not for the others. The extension's
    own lookup, by the option's class, then the type's `type_name`."""
    if type(opt) in sphinxext._TYPE_DESCRIPTIONS and not type(opt).__name__.startswith('_'):
        return {}
    described = sphinxext._TYPE_DESCRIPTIONS.get(type(opt), sphinxext._UNKNOWN_TYPE)
    if described == sphinxext._UNKNOWN_TYPE and hasattr(opt, 'type'):
        described = getattr(opt.type, 'type_name', sphinxext._UNKNOWN_TYPE)
    return {'doc_type': described}


def default_keys(opt):
    """The keys of a dict default in the order the code wrote them, where that is not the
    sorted order the data writes (the rst and the sample print the dict as Python does)."""
    if isinstance(opt.default, dict) and list(opt.default) != sorted(opt.default):
        return {'default_keys': list(opt.default)}
    return {}


def deprecated_opts(opt):
    """The old names as the code gave them, in the spec's form: oslo adds each name spelled
    with `-` a `_` twin (after the given names, and after the `deprecated_name` shorthand its
    own), and the data drops the `-` ones, writes a missing name or group as the option's own
    and so cannot tell `DeprecatedOpt(group='DEFAULT')` from `DeprecatedOpt('same_name',
    group='DEFAULT')`, which the sample and the reference list differently. So the list the
    code gave is the shortest start of the live list whose twins, appended as oslo appends
    them, make the live list; failing that, a start and then the shorthand (`deprecated_name`,
    `deprecated_group`), with its twin. An entry is {name?, group?}: what the DeprecatedOpt
    sets."""
    live = [(d.name, d.group) for d in opt.deprecated_opts]
    if not live:
        return {}

    def twins(entries):
        return [(n.replace('-', '_'), g) for n, g in entries if n and '-' in n]

    def entry(name, group):
        return {k: v for k, v in (('name', name), ('group', group)) if v is not None}

    for given in range(1, len(live) + 1):
        if live == live[:given] + twins(live[:given]):
            return {'deprecated_opts': [entry(*d) for d in live[:given]]}
    for given in range(len(live)):
        expanded = live[:given] + twins(live[:given])
        rest = live[len(expanded):]
        if live[:len(expanded)] == expanded and rest and rest == rest[:1] + twins(rest[:1]):
            name, group = rest[0]
            shorthand = {'deprecated_name': name, 'deprecated_group': group}
            return {'deprecated_opts': [entry(*d) for d in live[:given]],
                    **{k: v for k, v in shorthand.items() if v is not None}}
    raise ValueError(f'{opt.name}: old names {live} are not what oslo makes of any given list')


# Each returns the facts it finds about an option, by the spec's keys (docs/spec-format.md;
# `default_keys` orders the keys of the spec's `default`).
OPTION_FACTS = (doc_type, default_keys, deprecated_opts)


def empty_group(group):
    """A group the namespace lists without options: the sample and the data leave it out, the
    Sphinx extension shows it, with the help of its OptGroup."""
    fact = {'name': group_name(group)}
    if isinstance(group, cfg.OptGroup):
        fact.update({k: getattr(group, k) for k in ('title', 'help') if getattr(group, k)})
    return fact


def facts(namespaces):
    result = {}
    for namespace, listing in generator._list_opts(namespaces):
        groups, empty = {}, []
        for group, opts in listing:
            if not opts:
                empty.append(empty_group(group))
            for opt in opts:
                found = {}
                for fact in OPTION_FACTS:
                    found.update(fact(opt))
                if found:
                    options = groups.setdefault(group_name(group), {'options': {}})['options']
                    options[opt.name] = found
        result[namespace] = {'groups': groups, 'empty_groups': empty}
    return result
