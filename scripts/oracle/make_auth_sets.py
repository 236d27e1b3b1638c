#!/usr/bin/env python3
"""Writes keystoneauth1's auth-plugin option sets into specs/sets/: run it as
scripts/oracle/make-sets.sh (the pinned oracle: keystoneauth1 5.18.1, oslo.config 10.7.0).

- keystoneauth1-auth-<plugin>.yaml for every auth plugin keystoneauth1 itself registers
  (its `keystoneauth1.plugin` entry points): the options
  `[o._to_oslo_opt() for o in loading.get_plugin_loader(plugin).get_options()]`, which is
  what `load_auth_from_conf_options(conf, group)` registers in a group whose auth_type names
  the plugin, and what `get_auth_plugin_conf_options(plugin)` hands a service's list_opts;
- keystoneauth1-auth.yaml: `loading.get_auth_common_conf_options()` (auth_type and
  auth_section, what `register_auth_conf_options(conf, group)` registers), then a `selects`
  block naming the set each auth_type value brings in.

Every option is written from the oslo.config Opt object itself (name, dest when it is not the
name with `-` turned into `_`, type, default, required, secret, metavar, deprecated_opts and
help byte for byte); an attribute this script does not know how to write stops it. Never edit
the results by hand.

specs/sets/keystoneauth1-session.yaml is not written here: it is older than this script, and
its hand-folded help texts follow no rule a script could reproduce byte for byte.
"""
import importlib.metadata
import json
import pathlib
import re
import sys
import textwrap

import yaml
from keystoneauth1 import loading
from oslo_config import cfg
from oslo_config import types

TOP = pathlib.Path(__file__).resolve().parents[2]
SETS = TOP / 'specs' / 'sets'
VERSION = importlib.metadata.version('keystoneauth1')
WIDTH = 80  # folded help lines stay within this many columns
HEADER_WIDTH = 88  # and the comment at the top of each file within this many

# Python types of plain `cfg.Opt(type=...)` (what keystoneauth's _to_oslo_opt makes): the
# spec type with the same values, shown by oslo's Sphinx extension as "unknown type".
PLAIN_TYPES = {str: 'string', int: 'integer', float: 'float'}
# oslo.config type classes of typed options (StrOpt, BoolOpt, ...) without parameters.
OSLO_TYPES = {types.String: 'string', types.Boolean: 'boolean', types.Float: 'float', types.Integer: 'integer'}


def plugins():
    """keystoneauth1's own auth plugins: entry point name -> loader (module:Class)."""
    dist = importlib.metadata.distribution('keystoneauth1')
    found = {e.name: e.value for e in dist.entry_points if e.group == 'keystoneauth1.plugin'}
    return dict(sorted(found.items()))


def plain_ok(text):
    """Whether `text` can be written as a YAML plain scalar and read back as the same string."""
    if not text or text != text.strip() or any(c < ' ' or c == '\x7f' for c in text):
        return False
    if text[0] in '-?:,[]{}#&*!|>\'"%@`' or ': ' in text or ' #' in text or text.endswith(':'):
        return False
    if re.fullmatch(r'[-+.0-9_a-fA-FxXoO:eE]+|\.?(inf|Inf|INF|nan|NaN|NAN)', text):
        return False  # a number in some YAML version
    return yaml.safe_load(f'k: {text}') == {'k': text}


def scalar(value):
    """A YAML scalar for a one-line value."""
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (int, float)):
        return repr(value)
    if plain_ok(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def fold(text, indent):
    """`>-` lines for `text` (greedy at WIDTH columns), or None when folding cannot keep it."""
    if not plain_ok(text) or '  ' in text:
        return None
    lines, line = [], ''
    for word in text.split(' '):
        if line and len(indent) + len(line) + 1 + len(word) > WIDTH:
            lines.append(line)
            line = word
        else:
            line = f'{line} {word}' if line else word
    lines.append(line)
    return ['>-'] + [indent + x for x in lines]


def help_lines(text):
    one = f'    help: {scalar(text)}'
    if plain_ok(text) and len(one) <= WIDTH:
        return [one]
    folded = fold(text, '      ')
    if folded is not None:
        return [f'    help: {folded[0]}'] + folded[1:]
    return [f'    help: {json.dumps(text, ensure_ascii=False)}']


def option(opt):
    """The spec entry of an oslo.config option, with the values it must read back as."""
    unknown = []
    if type(opt) is cfg.Opt and opt.type in PLAIN_TYPES:
        type_name, doc_type = PLAIN_TYPES[opt.type], 'unknown type'
    elif type(opt.type) in OSLO_TYPES and not getattr(opt.type, 'choices', None):
        type_name, doc_type = OSLO_TYPES[type(opt.type)], None
        for attr in ('regex', 'max_length', 'min', 'max'):
            if getattr(opt.type, attr, None) is not None:
                unknown.append(f'type.{attr}')
    else:
        sys.exit(f'{opt.name}: no spec type for {type(opt).__name__}(type={opt.type!r})')
    for attr, default in [('short', None), ('sample_default', None), ('positional', False),
                          ('deprecated_for_removal', False), ('deprecated_reason', None),
                          ('deprecated_since', None), ('mutable', False), ('advanced', False)]:
        if getattr(opt, attr) != default:
            unknown.append(attr)
    if unknown:
        sys.exit(f'{opt.name}: attributes this script does not write: {", ".join(unknown)}')

    entry = {'name': opt.name}
    if opt.dest != opt.name.replace('-', '_'):
        entry['dest'] = opt.dest
    entry['type'] = type_name
    if doc_type:
        entry['doc_type'] = doc_type
    if opt.default is not None:
        entry['default'] = opt.default
    if opt.required:
        entry['required'] = True
    if opt.secret:
        entry['secret'] = True
    if opt.metavar is not None:
        entry['metavar'] = opt.metavar
    # oslo.config adds the `_` twin of an old name spelled with `-` after the given ones; the
    # spec format adds it too, so only the given names are written.
    given, twins = [], set()
    for d in opt.deprecated_opts:
        if (d.name, d.group) in twins:
            continue
        given.append({k: v for k, v in (('name', d.name), ('group', d.group)) if v is not None})
        if d.name and '-' in d.name:
            twins.add((d.name.replace('-', '_'), d.group))
    if given:
        entry['deprecated_opts'] = given
    if opt.help is not None:
        entry['help'] = opt.help

    lines = []
    for key, value in entry.items():
        lead = '  - ' if not lines else '    '
        if key == 'help':
            lines += help_lines(value)
        elif key == 'deprecated_opts':
            items = ', '.join('{' + ', '.join(f'{k}: {scalar(v)}' for k, v in d.items()) + '}' for d in value)
            lines.append(f'{lead}{key}: [{items}]')
        else:
            lines.append(f'{lead}{key}: {scalar(value)}')
    return entry, lines


def write_set(name, header, description, opts, tail=(), tail_data=None):
    entries, body = [], []
    for opt in opts:
        entry, lines = option(opt)
        entries.append(entry)
        body += lines
    text = '\n'.join(
        ['# ' + line for line in textwrap.wrap(' '.join(header), HEADER_WIDTH - 2)]
        + [f'set: {name}', f'description: {scalar(description)}', 'options:']
        + body + list(tail)
    ) + '\n'
    # What was written must read back as exactly what keystoneauth defines.
    want = {'set': name, 'description': description, 'options': entries}
    if tail_data:
        want.update(tail_data)
    if yaml.safe_load(text) != want:
        sys.exit(f'{name}: the YAML written does not read back as the options')
    path = SETS / f'{name}.yaml'
    path.write_text(text)
    return path


def main():
    found = plugins()
    # A plugin keystoneauth no longer has must not keep its set.
    for old in SETS.glob('keystoneauth1-auth-*.yaml'):
        old.unlink()
    for plugin, loader in found.items():
        opts = [o._to_oslo_opt() for o in loading.get_plugin_loader(plugin).get_options()]
        names = ', '.join(o.name for o in opts[:4]) + (', ...' if len(opts) > 4 else '')
        path = write_set(
            f'keystoneauth1-auth-{plugin}',
            [
                f"keystoneauth1's `{plugin}` auth plugin ({loader}), as keystoneauth1 {VERSION}",
                'defines its options: what load_auth_from_conf_options(conf, group) registers in',
                f'a group whose auth_type is {plugin}, and get_auth_plugin_conf_options({plugin!r})',
                "returns. keystoneauth's own defaults are applied by the plugin when it loads:",
                '_to_oslo_opt() gives oslo.config none. Written by scripts/oracle/make-sets.sh',
                '(make_auth_sets.py); do not edit.',
            ],
            f'keystoneauth1 {VERSION} auth plugin {plugin} ({names})',
            opts,
        )
        print(f'{path.relative_to(TOP)}: {len(opts)} options')

    selects = ['selects:',
               '  option: auth_type        # its value picks one of the sets below',
               '  follow: auth_section     # names another section to read the plugin\'s options from',
               '  sets:']
    selects += [f'    {plugin}: keystoneauth1-auth-{plugin}' for plugin in found]
    common = loading.get_auth_common_conf_options()
    path = write_set(
        'keystoneauth1-auth',
        [
            f"keystoneauth1's auth plugin options common to every plugin, as keystoneauth1 {VERSION}",
            'defines them in loading.get_auth_common_conf_options() (what',
            'register_auth_conf_options(conf, group) registers): auth_type names the plugin',
            'whose options the group also holds, auth_section another section to read them',
            'from. `selects` names the set of each plugin keystoneauth1 registers. Written by',
            'scripts/oracle/make-sets.sh (make_auth_sets.py); do not edit.',
        ],
        f'keystoneauth1 {VERSION} auth plugin selection (auth_type, auth_section)',
        common,
        selects,
        {'selects': {'option': 'auth_type', 'follow': 'auth_section',
                     'sets': {p: f'keystoneauth1-auth-{p}' for p in found}}},
    )
    print(f'{path.relative_to(TOP)}: {len(common)} options, selects {len(found)} plugin sets')


if __name__ == '__main__':
    main()
