#!/usr/bin/env python3
"""Writes specs/services/ from the services fixtures (tests/fixtures/services/, made by
make_fixtures.py from the pinned venvs): run it as scripts/services/make-specs.sh, which gives
it the release confspec in $CONFSPEC. Never edit its results by hand.

For every generator config file of every release in releases.py (a case of the fixtures):

1. `confspec import data.yaml --sample sample.ini` of oslo's data of the file: one spec per
   namespace, as that file loads it (with the service's overridden library defaults, which
   the namespace alone would not show), and the facts the default-width sample shows (list
   bounds, old names equal to the option's own, default texts, worded bounds);
2. the facts neither holds, added from the live objects the generator saw (the case's
   facts.json, written by live_facts.py): each fact type is one function of FACTS below, which
   adds it where the spec does not already render it;
3. each spec is written as specs/services/namespaces/<namespace>/<first 12 hex digits of the
   sha256 of the file>.yaml, so one content is one file across files, services and series;
4. self-check: the file's specs, rendered by the release confspec in every variant (VARIANTS)
   must give oslo's bytes from the fixtures, in the order oslo loaded the namespaces (the
   data and the rst list a group's options namespace by namespace in that order), the data
   with `generator_options.namespace` in the file's order; and the file's own sample, from
   the generator config file and from the index's flags, must be expected.conf.sample. Any
   difference fails the script.

Then specs/services/index.yaml lists each release with its files (see `index_entry`).
"""
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

TOP = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = TOP / 'tests' / 'fixtures' / 'services'
SPECS = TOP / 'specs' / 'services'

sys.path.insert(0, str(HERE))
import releases  # noqa: E402

# The generator flags of each oslo output of a case folder (make_fixtures.py's VARIANTS).
VARIANTS = {
    'sample.ini': [],
    'sample.w79.ini': ['--wrap-width', '79'],
    'sample.summarize.ini': ['--summarize'],
    'sample.minimal.ini': ['--minimal'],
    'sample.rst': ['--format', 'rst'],
    'data.json': ['--format', 'json'],
    'data.yaml': ['--format', 'yaml'],
}
EXPECTED = 'expected.conf.sample'

# (series, service, generator config file) -> (the namespace, why confspec cannot hold it yet):
# those files are not shipped; index.yaml lists them under `not_shipped`, and the script
# checks that their import still fails, so that a fix shows here.
NOT_SHIPPED = {}
HEADER = ('# The options of namespace {namespace} as a service\'s generator config file loads them,\n'
          '# written by scripts/services/make_specs.py from oslo\'s data and the live objects: never\n'
          '# edit. Format: docs/spec-format.md\n')


def confspec(*args, cwd=None):
    result = subprocess.run([os.environ['CONFSPEC'], *map(str, args)], capture_output=True,
                            cwd=cwd)
    if result.returncode != 0:
        sys.exit(f'confspec {" ".join(map(str, args))}: {result.stderr.decode()}')
    return result.stdout


def config_values(text, name):
    """The values of `name` in a generator config file (oslo.config's INI: `key = value`)."""
    for line in text.splitlines():
        key, sep, value = line.partition('=')
        if sep and key.strip() == name:
            yield value.strip()


class Case:
    """A generator config file of a release, with oslo's outputs (a fixtures case folder)."""

    def __init__(self, release, member):
        self.release, self.member = release, member
        name = pathlib.PurePosixPath(member)
        self.folder = FIXTURES / release.series / release.service / name.stem
        self.conf = self.folder / name.name
        text = self.conf.read_text()
        self.namespaces = list(config_values(text, 'namespace'))
        [self.output_file] = config_values(text, 'output_file')
        self.options = {key: values[-1] for key in ('wrap_width', 'summarize', 'minimal', 'format')
                        if (values := list(config_values(text, key)))}
        self.facts = json.loads((self.folder / 'facts.json').read_text())

    @property
    def name(self):
        return f'{self.release.series}/{self.release.service}/{self.folder.name}'

    def oracle(self, file):
        return (self.folder / file).read_bytes()

    def load_order(self):
        """The order oslo-config-generator loaded the namespaces in, as its data shows it:
        inside each group the options come namespace by namespace in that order. Namespaces
        that no group puts in order keep the file's order (tests/services.rs reads it alike)."""
        data = yaml.safe_load(self.oracle('data.yaml'))
        before = set()
        for group in data['options'].values():
            runs = []
            for opt in group['opts']:
                if not runs or runs[-1] != opt['namespace']:
                    if opt['namespace'] in runs:
                        sys.exit(f'{self.name}: {opt["namespace"]} twice in a group')
                    runs.append(opt['namespace'])
            before.update(zip(runs, runs[1:]))
        left, order = list(self.namespaces), []
        while left:
            ready = [n for n in left if not any((a, n) in before for a in left)]
            if not ready:
                sys.exit(f'{self.name}: the groups order {left} in a cycle')
            order.append(ready[0])
            left.remove(ready[0])
        return order


# The spec text, edited by lines: PyYAML's node tree (yaml.compose) says where each key and
# value is, and the edits keep every other byte of confspec's import as it wrote it.

def scalar(value):
    """A YAML scalar that reads back as `value` in YAML 1.1 and 1.2 alike: plain when it is
    an identifier-like string, else JSON (a double-quoted YAML string, a number)."""
    if isinstance(value, str) and re.fullmatch(r'[A-Za-z_][A-Za-z0-9_./-]*', value) and \
            value.lower() not in ('true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n'):
        return value
    return json.dumps(value, ensure_ascii=False)


def mapping_text(entry):
    return '{' + ', '.join(f'{k}: {scalar(v)}' for k, v in entry.items()) + '}'


def get(node, key):
    """The (key node, value node) of `key` in a mapping node, or None."""
    for k, v in node.value:
        if k.value == key:
            return k, v
    return None


def last_line(node):
    """The last line a node's text takes (a block scalar's end mark is on the next line)."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    if node.flow_style or not node.value:
        return node.end_mark.line
    items = node.value if isinstance(node, yaml.SequenceNode) else [v for _, v in node.value]
    return max(node.start_mark.line, last_line(items[-1]))


class SpecText:
    def __init__(self, text, namespace):
        self.namespace = namespace
        self.lines = text.split('\n')
        self.root = yaml.compose(text)
        self.edits = []  # (first line, last line, new lines): lines first..last become new

    def groups(self):
        return {get(g, 'name')[1].value: g for g in get(self.root, 'groups')[1].value}

    def option(self, group, name):
        """The mapping node of option `name` in `group`, or None (also when the group folds
        it into an include of an option set, which carries the set's facts)."""
        node = self.groups().get(group)
        if node is None or get(node, 'options') is None:
            return None
        for opt in get(node, 'options')[1].value:
            found = get(opt, 'name')
            if found and found[1].value == name:
                return opt
        return None

    def set_key(self, mapping, key, text_lines):
        """`key` with the value of `text_lines` (its first line follows `key:`), in place of
        the pair `key` has, or after the mapping's first pair."""
        indent = ' ' * mapping.value[0][0].start_mark.column
        new = [f'{indent}{key}:{text_lines[0]}'] + [indent + line for line in text_lines[1:]]
        pair = get(mapping, key)
        if pair:
            self.edits.append((pair[0].start_mark.line, last_line(pair[1]), new))
        else:
            after = last_line(mapping.value[0][1])
            self.edits.append((after + 1, after, new))

    def remove_key(self, mapping, key):
        pair = get(mapping, key)
        if pair:
            self.edits.append((pair[0].start_mark.line, last_line(pair[1]), []))

    def append_to(self, mapping, key, text_lines):
        """A new last item of the block sequence of `key` in `mapping` (which becomes one when
        it is the empty `[]`)."""
        sequence = get(mapping, key)[1]
        if sequence.flow_style or not sequence.value:
            old = yaml.safe_load(yaml.serialize(sequence))
            if old:
                sys.exit(f'{self.namespace}: {key} is a flow sequence')
            self.set_key(mapping, key, [''] + text_lines)
            return
        indent = ' ' * (sequence.value[0].start_mark.column - 2)
        after = last_line(sequence)
        self.edits.append((after + 1, after, [indent + line for line in text_lines]))

    def text(self):
        lines = list(self.lines)
        for first, last, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[first:last + 1] = new
        return '\n'.join(lines)


# The facts: each function adds one kind of fact from facts.json (live_facts.py) to a spec
# where the imported spec does not already render it, and returns how many it added.
# `rendered` gives confspec's rst of the spec as it is.

def add_doc_types(spec, facts, rendered):
    """`doc_type`: what oslo's Sphinx extension shows as `:Type:` for an option whose Python
    class is not a public oslo.config option class (`Opt(type=str)` of keystoneauth's plugin
    options: `unknown type`; oslo's `_ConfigFileOpt`: `list of filenames`; `Opt(type=
    types.Dict())`: `dict value`), where confspec's reference shows another (it knows the
    type from the data, not the class)."""
    added, shown = 0, None
    for group, options in facts['groups'].items():
        for name, fact in options['options'].items():
            want = fact.get('doc_type')
            if want is None:
                continue
            shown = shown or rst_types(rendered())
            if shown.get((group, name.replace('-', '_'))) == want:
                continue
            node = spec.option(group, name)
            if node is None:
                sys.exit(f'{spec.namespace}: [{group}] {name}: the rst needs doc_type {want!r}, '
                         'and the spec has no such option of its own')
            spec.set_key(node, 'doc_type', [' ' + scalar(want)])
            added += 1
    return added


def order_dict_defaults(spec, facts, rendered):
    """`default`: a dict default's keys in the order the code wrote them (the data sorts them;
    the sample and the rst print the dict as Python does)."""
    added = 0
    for group, options in facts['groups'].items():
        for name, fact in options['options'].items():
            keys = fact.get('default_keys')
            node = keys and spec.option(group, name)
            if not node:
                continue
            value = get(node, 'default')[1]
            items = {k.value: (k, v) for k, v in value.value}
            if list(items) == keys:
                continue
            if sorted(items) != sorted(keys):
                sys.exit(f'{spec.namespace}: [{group}] {name}: default keys {list(items)}, live {keys}')
            if value.flow_style:
                text = spec.root.start_mark.buffer
                pairs = [text[items[k][0].start_mark.index:items[k][1].end_mark.index] for k in keys]
                spec.set_key(node, 'default', [' {' + ', '.join(pairs) + '}'])
            else:
                lines = []
                for k in keys:
                    key, val = items[k]
                    lines.extend(spec.lines[key.start_mark.line:last_line(val) + 1])
                column = node.value[0][0].start_mark.column
                spec.set_key(node, 'default', [''] + [line[column:] for line in lines])
            added += 1
    return added


def deprecated_names(entries, shorthand, group):
    """What oslo makes of old names given as `entries` and a shorthand: the given ones, the
    `_` twins of those spelled with `-`, then the shorthand and its twin; a missing group is
    the option's own (every output says so alike)."""
    def twins(items):
        return [(n.replace('-', '_'), g) for n, g in items if n and '-' in n]
    given = [(e.get('name'), e.get('group')) for e in entries]
    names = given + twins(given)
    if shorthand:
        names += [shorthand] + twins([shorthand])
    return [(n, g or group) for n, g in names]


def set_deprecated_opts(spec, facts, rendered):
    """`deprecated_opts` (and the `deprecated_name`/`deprecated_group` shorthand): the old names
    as the code gave them, where the spec's make other ones: the data leaves out a name spelled
    with `-` (oslo.log's `log-config`) and cannot tell an old name equal to the option's own
    from a name-less one (the sample recovers those in other groups)."""
    added = 0
    for group, options in facts['groups'].items():
        for name, fact in options['options'].items():
            live = fact.get('deprecated_opts')
            node = live is not None and spec.option(group, name)
            if not node:
                continue
            py = yaml.safe_load(yaml.serialize(node))
            have = deprecated_names(py.get('deprecated_opts') or [],
                                    (py.get('deprecated_name'), py.get('deprecated_group'))
                                    if 'deprecated_name' in py or 'deprecated_group' in py else None,
                                    group)
            short = ((fact.get('deprecated_name'), fact.get('deprecated_group'))
                     if 'deprecated_name' in fact or 'deprecated_group' in fact else None)
            if have == deprecated_names(live, short, group):
                continue
            for key in ('deprecated_name', 'deprecated_group'):
                if key in fact:
                    spec.set_key(node, key, [' ' + scalar(fact[key])])
                else:
                    spec.remove_key(node, key)
            spec.set_key(node, 'deprecated_opts', [''] + [f'- {mapping_text(e)}' for e in live])
            added += 1
    return added


def add_empty_groups(spec, facts, rendered):
    """Groups the namespace lists without options (os_vif's `os_vif_noop`): the data leaves
    them out, the rst shows them, with their help."""
    added = 0
    groups = spec.groups()
    for group in facts['empty_groups']:
        if group['name'] in groups:
            continue
        spec.append_to(spec.root, 'groups',
                       [f'- name: {scalar(group["name"])}']
                       + [f'  {k}: {scalar(group[k])}' for k in ('title', 'help') if k in group]
                       + ['  options: []'])
        added += 1
    return added


FACTS = (add_doc_types, order_dict_defaults, set_deprecated_opts, add_empty_groups)


def rst_types(rst):
    """(group, option dest) -> the `:Type:` confspec's rst shows."""
    types, group, opt = {}, None, None
    for line in rst.decode().splitlines():
        if line.startswith('.. oslo.config:group:: '):
            group = line.split(':: ', 1)[1]
        elif line.startswith('.. oslo.config:option:: '):
            opt = line.split(':: ', 1)[1]
        elif line.startswith('  :Type: ') and opt:
            types[(group, opt)] = line.split(': ', 1)[1].strip()
            opt = None
    return types


def specs_of(case, work):
    """The case's namespace specs: {namespace: text}, imported and with the live facts."""
    imported = work / 'imported'
    imported.mkdir()
    confspec('import', case.folder / 'data.yaml', '--sample', case.folder / 'sample.ini',
             '--output-dir', imported)
    texts, counts = {}, {f.__name__: 0 for f in FACTS}
    for namespace in case.namespaces:
        path = imported / f'{namespace}.yaml'
        text = path.read_text()
        facts = case.facts.get(namespace, {'groups': {}, 'empty_groups': []})
        for fact in FACTS:
            spec = SpecText(text, namespace)
            counts[fact.__name__] += fact(spec, facts,
                                          lambda: confspec('generate', path, '--format', 'rst'))
            text = spec.text()
            path.write_text(text)
        body = text.split('\n', 2)
        if not body[0].startswith('# The options of namespace') or not body[1].startswith('# Format'):
            sys.exit(f'{case.name}: {namespace}: confspec import wrote another header: {body[:2]}')
        texts[namespace] = HEADER.format(namespace=namespace) + body[2]
    return texts, counts


def namespaces_as_given(data, load_order, given):
    """confspec's data of specs given in oslo's load order, with `generator_options.namespace`
    in the order oslo was given the namespaces (the file's): where the command line shows."""
    text = data.decode()
    if text.startswith('{'):
        old, new = (f'"namespace": {json.dumps(o)}' for o in (load_order, given))
    else:
        old, new = ('  namespace:\n' + ''.join(f'  - {n}\n' for n in o) for o in (load_order, given))
    if text.count(old) != 1:
        sys.exit('the namespaces of generator_options are not there once')
    return text.replace(old, new, 1).encode()


def self_check(case, paths, order):
    """Every variant and the file's own sample, from the written specs: the names of what
    differs from oslo's bytes."""
    by_order = [paths[n] for n in order]
    by_file = [paths[n] for n in case.namespaces]
    differ = []
    for file, flags in VARIANTS.items():
        in_load_order = file.startswith('data.') or file == 'sample.rst'
        got = confspec('generate', *(by_order if in_load_order else by_file), *flags)
        if file.startswith('data.') and order != case.namespaces:
            got = namespaces_as_given(got, order, case.namespaces)
        if got != case.oracle(file):
            differ.append(file)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        (tmp / 'specs').mkdir()
        for namespace, path in paths.items():
            (tmp / 'specs' / f'{namespace}.yaml').symlink_to(path)
        output = tmp / 'run' / case.output_file
        output.parent.mkdir(parents=True)
        confspec('generate', '--config-file', case.conf, '--spec-dir', tmp / 'specs', cwd=tmp / 'run')
        if output.read_bytes() != case.oracle(EXPECTED):
            differ.append(f'{EXPECTED} (--config-file)')
    flags = []
    if 'wrap_width' in case.options:
        flags += ['--wrap-width', case.options['wrap_width']]
    for flag in ('summarize', 'minimal'):
        if case.options.get(flag, 'false').lower() == 'true':
            flags.append(f'--{flag}')
    if 'format' in case.options:
        flags += ['--format', case.options['format']]
    if confspec('generate', *by_file, *flags) != case.oracle(EXPECTED):
        differ.append(f'{EXPECTED} (the index\'s flags)')
    return differ


def index_entry(release, files):
    """A release of index.yaml: {service, package, version, series, files}; each file:
    {name (the output_file's name without .sample), main (the service's main file: the first of
    its generator config files in releases.py), generator_config (its path in the sdist),
    output_file, wrap_width, summarize, minimal, format (each only when the file sets it),
    namespaces (the file's, in its order), specs (the namespaces' specs, relative to
    specs/services, in the order oslo loaded them)}."""
    lines = [f'- service: {scalar(release.service)}', f'  package: {scalar(release.package)}',
             f'  version: {json.dumps(release.version)}', f'  series: {json.dumps(release.series)}',
             '  files:']
    for case, specs in files:
        name = pathlib.PurePosixPath(case.output_file).name.removesuffix('.sample')
        lines += [f'  - name: {scalar(name)}',
                  f'    main: {"true" if case.member == release.generator_configs[0] else "false"}',
                  f'    generator_config: {scalar(case.member)}',
                  f'    output_file: {scalar(case.output_file)}']
        if 'wrap_width' in case.options:
            lines.append(f'    wrap_width: {int(case.options["wrap_width"])}')
        for flag in ('summarize', 'minimal'):
            if flag in case.options:
                lines.append(f'    {flag}: {case.options[flag].lower()}')
        if 'format' in case.options:
            lines.append(f'    format: {scalar(case.options["format"])}')
        lines.append('    namespaces:')
        lines += [f'    - {scalar(n)}' for n in case.namespaces]
        lines.append('    specs:')
        lines += [f'    - {scalar(s)}' for s in specs]
    return lines


def main():
    if 'CONFSPEC' not in os.environ:
        sys.exit('make_specs.py: set CONFSPEC to a release build of confspec (make-specs.sh does)')
    staging = pathlib.Path(tempfile.mkdtemp())
    written = {}  # relative path -> text
    index, checked, failures, totals = [], 0, [], {}
    users = {}  # relative path -> {series}
    not_shipped = []
    for release in releases.RELEASES:
        files = []
        for member in release.generator_configs:
            case = Case(release, member)
            gap = NOT_SHIPPED.get((release.series, release.service, member))
            if gap:
                namespace, why = gap
                result = subprocess.run([os.environ['CONFSPEC'], 'import', case.folder / 'data.yaml',
                                         '--output-dir', staging / 'failing'], capture_output=True)
                if result.returncode == 0:
                    sys.exit(f'{case.name}: confspec imports it now: take it out of NOT_SHIPPED')
                not_shipped += [f'- series: {json.dumps(release.series)}',
                                f'  service: {scalar(release.service)}',
                                f'  generator_config: {scalar(member)}',
                                f'  namespace: {scalar(namespace)}', f'  why: {json.dumps(why)}']
                print(f'{case.name}: NOT SHIPPED: {why}')
                continue
            work = pathlib.Path(tempfile.mkdtemp(dir=staging))
            texts, counts = specs_of(case, work)
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
            paths = {}
            for namespace, text in texts.items():
                digest = hashlib.sha256(text.encode()).hexdigest()[:12]
                rel = f'namespaces/{namespace}/{digest}.yaml'
                if written.setdefault(rel, text) != text:
                    sys.exit(f'{rel}: two contents share the first 12 hex digits of a sha256')
                users.setdefault(rel, set()).add(release.series)
                path = staging / 'specs' / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
                paths[namespace] = path
            order = case.load_order()
            differ = self_check(case, paths, order)
            checked += len(VARIANTS) + 2
            failures += [f'{case.name}: {d}' for d in differ]
            print(f'{case.name}: {len(case.namespaces)} namespaces, '
                  f'{len(VARIANTS) + 2 - len(differ)}/{len(VARIANTS) + 2} outputs identical')
            files.append((case, [str(paths[n].relative_to(staging / 'specs')) for n in order]))
        index += index_entry(release, files)
    if failures:
        sys.exit(f'{len(failures)} outputs differ from oslo\'s:\n' + '\n'.join(failures))
    pins = ', '.join(f'scripts/services/pins/{s}/' for s in releases.series())
    header = [f'# The services confspec ships: generated by scripts/services/make_specs.py from the',
              f'# fixtures of the pinned venvs ({pins}): never edit.',
              f'# Each release of scripts/services/releases.py, with its generator config files.']
    lines = header + ['releases:'] + index
    if not_shipped:
        lines += ['# The generator config files confspec cannot hold yet, and why.', 'not_shipped:']
        lines += not_shipped
    (staging / 'specs' / 'index.yaml').write_text('\n'.join(lines) + '\n')
    if SPECS.exists():
        shutil.rmtree(SPECS)
    shutil.copytree(staging / 'specs', SPECS, symlinks=False)
    shutil.rmtree(staging)
    size = sum(p.stat().st_size for p in SPECS.rglob('*') if p.is_file())
    shared = [rel for rel, series in users.items() if len(series) > 1]
    print(f'{checked} outputs identical to oslo\'s ({checked // (len(VARIANTS) + 2)} files x '
          f'{len(VARIANTS) + 2}: {", ".join(VARIANTS)}, the file\'s own sample from its generator '
          'config file and from the index\'s flags)')
    print(f'facts added from the live objects: ' + ', '.join(f'{k} {v}' for k, v in totals.items()))
    print(f'specs/services: {size} bytes, {len(written)} namespace specs, {len(shared)} shared by '
          f'the series ({sum(len(written[r].encode()) for r in shared)} bytes)')


if __name__ == '__main__':
    main()
