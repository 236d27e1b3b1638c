#!/usr/bin/env python3
"""The differential test of `confspec generate --format python` (run by check.sh).

For each spec (the glance spec, tests/specs/*.yaml and every fixture namespace imported from
tests/fixtures/namespaces/*/data.yaml): confspec writes the Python module, the real
oslo-config-generator loads it through an `oslo.config.opts` entry point (a temporary plugins
folder with a dist-info entry_points.txt, as scripts/oracle/plugins has), and each of its
outputs must be byte-identical to what confspec renders from the spec itself. Then, in a fresh
interpreter per module: `register_opts()` on a new `cfg.ConfigOpts()` registers exactly the
options `list_opts()` returns (equal as oslo compares options, old names included), and a
config file that sets an old name is read into the new option.

A custom type the spec names no `python_type` for is a fact of the project's Python code:
here, and only here, a stand-in class is generated for it (its type name, bounds and choices)
and the spec given the stand-in's path.

Usage: check.py CONFSPEC WORK_DIR [--plant] ; prints a table and exits 1 on any difference.
"""
import importlib.metadata
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import yaml

TOP = pathlib.Path(__file__).resolve().parents[2]
GENERATOR = pathlib.Path(sys.executable).parent / 'oslo-config-generator'
ORACLE_PLUGINS = TOP / 'scripts' / 'oracle' / 'plugins'

# file name -> generator flags, for both sides
VARIANTS = {
    'ini': [],
    'w79': ['--wrap-width', '79'],
    'summarize': ['--summarize'],
    'minimal': ['--minimal'],
    'json': ['--format', 'json'],
    'yaml': ['--format', 'yaml'],
    'rst': ['--format', 'rst'],
}

# Specs of tests/specs/ that are not a namespace of their own to compare (none today).
SKIPPED_SPECS = {}


def run(args, env=None, cwd=None):
    result = subprocess.run(args, env=env, capture_output=True, cwd=cwd)
    return result.returncode, result.stdout, result.stderr


def oracle_env(plugins):
    # As scripts/harness does: a clean environment, a fixed locale and hash seed, and the
    # harness's sitecustomize.py to fix the host name.
    return {
        'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
        'HOME': os.environ.get('HOME', '/tmp'),
        'LC_ALL': 'C.UTF-8',
        'PYTHONPATH': os.pathsep.join([str(TOP / 'scripts' / 'harness'), str(plugins)]),
        'PYTHONHASHSEED': '0',
        'PYTHONWARNINGS': 'ignore',
    }


def namespace_of(spec_text):
    return yaml.load(spec_text, Loader=yaml.BaseLoader)['namespace']


BUILTIN_NAMES = {'string value', 'integer value', 'floating point value'}


def needs_standin(node):
    """A custom type with no python_type, unless it is a bare Python type (documented as
    `unknown type`, named as oslo names str, int or float), which confspec writes as it is."""
    if 'python_type' in node:
        return False
    bare = (node.get('doc_type') == 'unknown type' and node.get('type_name') in BUILTIN_NAMES
            and not any(k in node for k in ('min', 'max', 'choices', 'default_text')))
    return not bare


def custom_types(node, found):
    """Every custom type mapping, in the order the text has them."""
    if isinstance(node, dict):
        if node.get('type') == 'custom':
            found.append(node)
        for value in node.values():
            custom_types(value, found)
    elif isinstance(node, list):
        for item in node:
            custom_types(item, found)


STANDIN_CLASS = '''

class {name}:
    """Stands in for the project's class of type {type_name!r}."""

    def __init__(self, min=None, max=None, choices=None):
        self.type_name = {type_name!r}
        self.min = min
        self.max = max
        if choices is not None:
            if all(isinstance(c, tuple) for c in choices):
                choices = collections.OrderedDict(choices)
            else:
                choices = collections.OrderedDict.fromkeys(choices)
        self.choices = choices

    def __call__(self, value):
        return value

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)
'''

STANDIN_FORMATTER = '''
    def format_defaults(self, default, sample_default=None):
        if sample_default is not None:
            return [str(sample_default)]
        return [{text!r}]
'''

BLOCK = re.compile(r'^(?P<indent>[ ]*(?:- )?)type: custom[ ]*$', re.M)
FLOW = re.compile(r'\btype: custom(?=[ ]*[,}])')


def with_standins(spec_text, module, classes):
    """The spec with a stand-in python_type on each custom type that has none; the stand-in
    classes' source is appended to `classes`."""
    doc = yaml.load(spec_text, Loader=yaml.BaseLoader)
    found = []
    custom_types(doc.get('groups', []), found)
    if not found:
        return spec_text
    if not any(needs_standin(node) for node in found):
        return spec_text
    names = []
    for node in found:
        if not needs_standin(node):
            names.append(None)
            continue
        name = f'Standin{len(classes) + 1}'
        source = STANDIN_CLASS.format(name=name, type_name=node.get('type_name', 'unknown type'))
        if 'default_text' in node:
            source += STANDIN_FORMATTER.format(text=node['default_text'])
        classes.append(source)
        names.append(name)
    matches = sorted(list(BLOCK.finditer(spec_text)) + list(FLOW.finditer(spec_text)), key=lambda m: m.start())
    if len(matches) != len(found):
        sys.exit(f'stand-ins: {len(found)} custom types but {len(matches)} `type: custom` in the text')
    out, last = [], 0
    for match, name in zip(matches, names):
        if name is None:
            continue
        path = f'{module}:{name}'
        out.append(spec_text[last:match.end()])
        if match.re is BLOCK:
            indent = ' ' * len(match.group('indent'))
            out.append(f'\n{indent}python_type: "{path}"')
        else:
            out.append(f', python_type: "{path}"')
        last = match.end()
    out.append(spec_text[last:])
    return ''.join(out)


REGISTER_CHECK = r'''
import importlib, json, sys, tempfile, os
from oslo_config import cfg

module = importlib.import_module(sys.argv[1])
listed = {}
for group, opts in module.list_opts():
    name = 'DEFAULT' if group is None else getattr(group, 'name', group)
    for opt in opts:
        listed[(name, opt.dest)] = opt

conf = cfg.ConfigOpts()
# What a ConfigOpts registers itself (config_source, ...) is not the module's.
own = set(conf._opts)
module.register_opts(conf)
registered = {}
for dest, info in conf._opts.items():
    if dest in own and ('DEFAULT', dest) not in listed:
        continue
    registered[('DEFAULT', dest)] = info['opt']
for gname, group in conf._groups.items():
    for dest, info in group._opts.items():
        registered[(gname, dest)] = info['opt']

problems = []
for key in sorted(set(listed) | set(registered)):
    a, b = listed.get(key), registered.get(key)
    if a is None:
        problems.append(f'[{key[0]}]/{key[1]} registered but not listed')
    elif b is None:
        problems.append(f'[{key[0]}]/{key[1]} listed but not registered')
    elif a != b:
        problems.append(f'[{key[0]}]/{key[1]} registered differently from what is listed')
    elif [(d.name, d.group) for d in a.deprecated_opts] != [(d.name, d.group) for d in b.deprecated_opts]:
        problems.append(f'[{key[0]}]/{key[1]}: other old names')

# Each old name a config file can hold, set in a file of its own, reaches the new option.
def plain(text):
    return (isinstance(text, str) and text and text.strip() == text
            and not any(c in text for c in '\n\r#;[]=$%') and text.isprintable())


def sample_value(opt):
    t = opt.type
    choices = getattr(t, 'choices', None) or {}
    if choices:
        choices = [c for c in choices if c is not None and plain(str(c))]
        if not choices:
            return None
    if choices:
        return str(choices[0]), t(str(choices[0]))
    kind = type(t).__name__
    if kind in ('String', 'MultiString') and not getattr(t, 'regex', None) and not getattr(t, 'max_length', 0):
        return 'old-name-value', t('old-name-value')
    if kind == 'Boolean':
        return 'true', True
    if kind in ('Integer', 'Port'):
        n = t.min if t.min is not None else (t.max if t.max is not None else 7)
        return str(n), n
    if kind == 'Float':
        n = t.min if t.min is not None else 1.5
        return str(n), float(n)
    return None

live = set(listed)
# Required options need a value for the file to load at all.
required = []
for (gname, dest), opt in sorted(listed.items()):
    if opt.required and opt.default is None:
        value = sample_value(opt)
        if value is not None:
            required.append(f'[{gname}]\n{dest} = {value[0]}\n')
checked = 0
for (gname, dest), opt in sorted(listed.items()):
    value = sample_value(opt)
    if value is None:
        continue
    text, want = value
    for d in opt.deprecated_opts:
        old_group = d.group or gname
        old_name = d.name or dest
        if '-' in old_name or (old_group, old_name) in live:
            continue
        with tempfile.NamedTemporaryFile('w', suffix='.conf', delete=False) as f:
            f.write(''.join(required) + f'[{old_group}]\n{old_name} = {text}\n')
        fresh = cfg.ConfigOpts()
        module.register_opts(fresh)
        try:
            fresh(args=[], default_config_files=[f.name], use_env=False)
            section = fresh if gname == 'DEFAULT' else fresh[gname]
            got = section[dest]
        except Exception as e:
            got = f'{type(e).__name__}: {e}'.splitlines()[0]
        if isinstance(got, list) and not isinstance(want, list):
            got = got[-1] if got else None
        if got != want:
            problems.append(f'[{old_group}]/{old_name} = {text} read {got!r} into [{gname}]/{dest}, not {want!r}')
        checked += 1
        os.unlink(f.name)
print(json.dumps({'listed': len(listed), 'registered': len(registered), 'old_names': checked,
                  'problems': problems}))
'''


def main():
    confspec, work = sys.argv[1], pathlib.Path(sys.argv[2])
    plant = '--plant' in sys.argv
    if work.exists():
        shutil.rmtree(work)
    specs_dir = work / 'specs'
    specs_dir.mkdir(parents=True)
    # Namespaces the oracle venv registers itself (oslo.config's own): a second module of the
    # same name would be loaded beside it, so the spec's copy takes another name.
    taken = {ep.name for ep in importlib.metadata.entry_points(group='oslo.config.opts')}

    cases = [('glance', TOP / 'specs' / 'glance.yaml')]
    for spec in sorted((TOP / 'tests' / 'specs').glob('*.yaml')):
        if spec.name not in SKIPPED_SPECS:
            cases.append((spec.stem, spec))
    imported = work / 'imported'
    for folder in sorted((TOP / 'tests' / 'fixtures' / 'namespaces').iterdir()):
        code, out, err = run([confspec, 'import', str(folder / 'data.yaml'), '--output-dir', str(imported)])
        if code != 0:
            sys.exit(f'confspec import {folder}/data.yaml failed:\n{err.decode()}')
        cases.append((f'fixture:{folder.name}', imported / f'{folder.name}.yaml'))

    prepared = []
    for n, (label, spec) in enumerate(cases):
        text = spec.read_text()
        namespace = namespace_of(text)
        # Each spec in a plugins folder of its own: one module, one entry point.
        plugins = work / f'plugins{n}'
        package = plugins / 'confspec_generated'
        package.mkdir(parents=True)
        (package / '__init__.py').write_text('')
        # The oracle's own types (the Version and JsonPolicy classes the specs name), without
        # the dist-info that would register its namespaces.
        shutil.copytree(ORACLE_PLUGINS / 'confspec_oracle', plugins / 'confspec_oracle')
        standins = []
        rewritten = with_standins(text, 'confspec_generated.standins', standins)
        if namespace in taken:
            namespace = f'confspec.check.{namespace}'
            rewritten = re.sub(r'^namespace: .*$', f'namespace: {namespace}', rewritten, count=1, flags=re.M)
        # oslo refuses these names in [DEFAULT]; confspec refuses to write a module that
        # registers them. The copy renames them (features.yaml has `version`, as features.py).
        rewritten = re.sub(r'(?<![\w])name: (project|prog|version|usage|default_config_files|default_config_dirs)'
                           r'(?=[,}\n])', r'name: \1_', rewritten)
        # A spec beside its sets/ folder keeps it: only rewritten specs move.
        if rewritten != text:
            spec = specs_dir / f'{n}-{spec.name}'
            spec.write_text(rewritten)
        (package / 'standins.py').write_text('import collections\n' + ''.join(standins))
        module = re.sub(r'\W', '_', namespace)
        target = package / f'{module}.py'
        code, _, err = run([confspec, 'generate', str(spec), '--format', 'python', '-o', str(target)])
        if code != 0:
            sys.exit(f'{label}: confspec generate --format python failed:\n{err.decode()}')
        if plant and label == 'glance':
            plant_bug(target)
        dist = plugins / 'confspec_generated-0.0.0.dist-info'
        dist.mkdir()
        (dist / 'METADATA').write_text('Metadata-Version: 2.1\nName: confspec-generated\nVersion: 0.0.0\n')
        (dist / 'entry_points.txt').write_text(
            f'[oslo.config.opts]\n{namespace} = confspec_generated.{module}:list_opts\n')
        prepared.append((label, spec, namespace, module, plugins))

    failures, rows = [], []
    for label, spec, namespace, module, plugins in prepared:
        env = oracle_env(plugins)
        same = []
        for variant, flags in VARIANTS.items():
            code, theirs, err = run([str(GENERATOR), '--namespace', namespace] + flags, env=env)
            if code != 0:
                failures.append(f'{label} {variant}: oslo-config-generator failed:\n{err.decode()[-2000:]}')
                continue
            code, ours, err = run([confspec, 'generate', str(spec)] + flags)
            if code != 0:
                failures.append(f'{label} {variant}: confspec failed:\n{err.decode()}')
                continue
            if ours == theirs:
                same.append(variant)
            else:
                failures.append(f'{label} {variant}: {first_difference(theirs, ours)}')
        code, out, err = run([sys.executable, '-c', REGISTER_CHECK, f'confspec_generated.{module}'], env=env)
        if code != 0:
            failures.append(f'{label}: register/list check failed:\n{err.decode()[-2000:]}')
            registered = 'failed'
        else:
            result = json.loads(out)
            failures.extend(f'{label}: {p}' for p in result['problems'])
            registered = (f"{result['registered']}/{result['listed']} registered, "
                          f"{result['old_names']} old names read")
        rows.append((label, namespace, same, registered))

    print(f'{"spec":36} {"identical (" + ", ".join(VARIANTS) + ")":45} register_opts vs list_opts')
    for label, namespace, same, registered in rows:
        print(f'{label:36} {len(same)}/{len(VARIANTS)} {" ".join(same):41} {registered}')
    total = sum(len(r[2]) for r in rows)
    print(f'{total}/{len(rows) * len(VARIANTS)} outputs identical over {len(rows)} specs')
    if failures:
        print('\n'.join(failures), file=sys.stderr)
        sys.exit(1)


def plant_bug(module):
    """Drops one attribute from the generated glance module (the min of num_retries), to show
    that the comparison catches it."""
    text = module.read_text()
    planted = text.replace("        min=0,\n", "", 1)
    assert planted != text, 'nothing to plant the bug in'
    module.write_text(planted)


def first_difference(theirs, ours):
    a, b = theirs.decode(errors='replace').splitlines(), ours.decode(errors='replace').splitlines()
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            at = next((j for j, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            start = max(0, at - 60)
            return (f'line {i + 1}, column {at + 1}:\n  oslo:     {x[start:at + 60]!r}\n'
                    f'  confspec: {y[start:at + 60]!r}')
    return f'lengths differ: oslo {len(a)} lines, confspec {len(b)}'


if __name__ == '__main__':
    main()
