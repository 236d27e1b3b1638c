#!/usr/bin/env python3
"""Makes synthetic option sets of any size, twice: a confspec spec and an oslo.config plugin.

    make_synthetic.py OUT_DIR SIZE...

For each SIZE it writes OUT_DIR/synthetic-SIZE.json (the option descriptions),
OUT_DIR/specs/synthetic-SIZE.yaml (the same options as a confspec spec, namespace
`synthetic.SIZE`) and, once, OUT_DIR/plugins/ (a Python package whose entry points
`synthetic.SIZE` build the same options with oslo.config from the JSON). Both tools then
render the same options; compare.py checks that their outputs are identical before timing.

The options are deterministic (seeded) and mix every feature: all common types, bounds,
choices with descriptions, multi-paragraph help with lists and long URLs, deprecated names
and groups, deprecation for removal, advanced and mutable flags, sample defaults.
"""
import json
import pathlib
import random
import sys

WORDS = ('the service uses this value when it connects to the backend and retries failed '
         'requests until the timeout expires which keeps workers responsive under load while '
         'operators may tune it per deployment for throughput latency or safety each node reads '
         'its own copy at start up and some values can be reloaded without a restart').split()

TYPES = ['string', 'integer', 'float', 'port', 'boolean', 'list', 'dict', 'multi_string',
         'ip_address', 'hostname', 'host_address', 'uri', 'choice', 'bounded']


def sentence(rng, n=None):
    n = n or rng.randint(6, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    return ' '.join(words).capitalize() + '.'


def help_text(rng, i):
    paragraphs = [' '.join(sentence(rng) for _ in range(rng.randint(1, 3)))]
    for _ in range(rng.randint(0, 2)):
        lines, line = [], []
        for word in ' '.join(sentence(rng) for _ in range(rng.randint(2, 4))).split():
            line.append(word)
            if len(' '.join(line)) > 70:
                lines.append(' '.join(line))
                line = []
        lines.append(' '.join(line))
        paragraphs.append('\n'.join(lines))
    if rng.random() < 0.3:
        paragraphs.append('Possible values:\n\n' + '\n'.join(f'* {sentence(rng, 5)}' for _ in range(rng.randint(2, 4))))
    if rng.random() < 0.2:
        paragraphs.append(f'See https://docs.example.org/configuration/reference/options/section-{i}/details.html for more.')
    if rng.random() < 0.2:
        paragraphs.append(f'Related options:\n\n* ``option_{rng.randint(0, i + 1)}``')
    text = '\n\n'.join(paragraphs)
    return '\n' + text + '\n' if rng.random() < 0.5 else text


def option(rng, i):
    kind = TYPES[i % len(TYPES)]
    o = {'name': f'option_{i}', 'kind': kind, 'help': help_text(rng, i)}
    if kind == 'string':
        o['default'] = rng.choice([None, 'value', '  padded  ', '/var/lib/service', ''])
    elif kind == 'integer':
        o['default'] = rng.randint(-5, 5000)
    elif kind == 'float':
        o['default'] = rng.choice([0.5, 1.0, 2.25, 1e-05, 30.0])
        o['min'] = 0.0 if o['default'] >= 0 else None
    elif kind == 'port':
        o['default'] = rng.choice([80, 443, 5000, 9292])
    elif kind == 'boolean':
        o['default'] = rng.choice([True, False])
    elif kind == 'list':
        o['default'] = rng.choice([[], ['a', 'b'], ['x', ' y ']])
    elif kind == 'dict':
        o['default'] = rng.choice([{}, {'k': 'v', 'a': '1'}])
    elif kind == 'multi_string':
        o['default'] = rng.choice([[], ['one', 'two']])
    elif kind == 'ip_address':
        o['default'] = rng.choice(['127.0.0.1', '::1', None])
    elif kind == 'hostname':
        o['default'] = rng.choice(['controller', 'node-1.example.org', None])
    elif kind == 'host_address':
        o['default'] = rng.choice(['10.0.0.1', 'controller.example.org'])
    elif kind == 'uri':
        o['default'] = rng.choice(['https://example.org:5000/v3', None])
    elif kind == 'choice':
        values = rng.sample(['low', 'medium', 'high', 'auto', 'none', 'all'], 3)
        o['choices'] = [[v, sentence(rng, 4) if rng.random() < 0.5 else None] for v in values]
        o['default'] = values[0]
    elif kind == 'bounded':
        o['min'] = rng.randint(0, 10)
        o['max'] = o['min'] + rng.randint(10, 1000)
        o['default'] = o['min'] + 1
    if rng.random() < 0.1:
        o['deprecated_opts'] = [[f'old_option_{i}', rng.choice([None, 'DEFAULT', 'legacy'])]]
    if rng.random() < 0.05:
        o['deprecated_for_removal'] = True
        o['deprecated_since'] = rng.choice([None, '2024.1'])
        o['deprecated_reason'] = rng.choice([None, sentence(rng)])
    o['advanced'] = rng.random() < 0.1
    o['mutable'] = rng.random() < 0.15
    if kind == 'string' and rng.random() < 0.05:
        o['sample_default'] = '<hostname>'
    return o


def make(size, seed=20261123):
    rng = random.Random(seed + size)
    groups = []
    per_group = 50
    for g in range((size + per_group - 1) // per_group):
        opts = [option(rng, g * per_group + j) for j in range(min(per_group, size - g * per_group))]
        groups.append({'name': f'group_{g:05d}', 'help': sentence(rng) if g % 3 else None, 'opts': opts})
    return groups


def spec_yaml(size, groups):
    # JSON is YAML: each value is written with json.dumps, which YAML reads back exactly.
    out = [f'namespace: synthetic.{size}', 'groups:']
    types = {'choice': 'string', 'bounded': 'integer'}
    for g in groups:
        out.append(f'  - name: {g["name"]}')
        if g['help']:
            out.append(f'    help: {json.dumps(g["help"])}')
        out.append('    options:')
        for o in g['opts']:
            out.append(f'      - name: {o["name"]}')
            out.append(f'        type: {types.get(o["kind"], o["kind"])}')
            for key in ('default', 'min', 'max', 'sample_default', 'deprecated_since', 'deprecated_reason'):
                if o.get(key) is not None:
                    out.append(f'        {key}: {json.dumps(o[key])}')
            if 'choices' in o:
                out.append('        choices:')
                for value, desc in o['choices']:
                    out.append(f'          - {{value: {json.dumps(value)}, description: {json.dumps(desc)}}}')
            for key in ('advanced', 'mutable', 'deprecated_for_removal'):
                if o.get(key):
                    out.append(f'        {key}: true')
            if o.get('deprecated_opts'):
                out.append('        deprecated_opts:')
                for name, group in o['deprecated_opts']:
                    out.append(f'          - {{name: {name}' + (f', group: {group}' if group else '') + '}')
            out.append(f'        help: {json.dumps(o["help"])}')
    return '\n'.join(out) + '\n'


PLUGIN = '''"""oslo.config options built from the synthetic descriptions (make_synthetic.py)."""
import json
import pathlib

from oslo_config import cfg

HERE = pathlib.Path(__file__).resolve().parent

CLASSES = {
    'string': cfg.StrOpt, 'choice': cfg.StrOpt, 'integer': cfg.IntOpt, 'bounded': cfg.IntOpt,
    'float': cfg.FloatOpt, 'port': cfg.PortOpt, 'boolean': cfg.BoolOpt, 'list': cfg.ListOpt,
    'dict': cfg.DictOpt, 'multi_string': cfg.MultiStrOpt, 'ip_address': cfg.IPOpt,
    'hostname': cfg.HostnameOpt, 'host_address': cfg.HostAddressOpt, 'uri': cfg.URIOpt,
}


def build(o):
    kwargs = dict(help=o['help'], default=o.get('default'), advanced=o.get('advanced', False),
                  mutable=o.get('mutable', False),
                  deprecated_for_removal=o.get('deprecated_for_removal', False),
                  deprecated_since=o.get('deprecated_since'),
                  deprecated_reason=o.get('deprecated_reason'))
    if o.get('sample_default') is not None:
        kwargs['sample_default'] = o['sample_default']
    for key in ('min', 'max'):
        if o.get(key) is not None:
            kwargs[key] = o[key]
    if 'choices' in o:
        kwargs['choices'] = [tuple(c) for c in o['choices']]
    if o.get('deprecated_opts'):
        kwargs['deprecated_opts'] = [cfg.DeprecatedOpt(n, group=g) for n, g in o['deprecated_opts']]
    return CLASSES[o['kind']](o['name'], **kwargs)


def loader(size):
    def list_opts():
        groups = json.loads((HERE.parent.parent / f'synthetic-{size}.json').read_text())
        return [(cfg.OptGroup(g['name'], help=g['help']), [build(o) for o in g['opts']]) for g in groups]
    return list_opts
'''


def main():
    out = pathlib.Path(sys.argv[1])
    sizes = [int(s) for s in sys.argv[2:]]
    (out / 'specs').mkdir(parents=True, exist_ok=True)
    pkg = out / 'plugins' / 'confspec_synthetic'
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / '__init__.py').write_text(PLUGIN + ''.join(f'\nlist_opts_{s} = loader({s})\n' for s in sizes))
    dist = out / 'plugins' / 'confspec_synthetic-0.0.0.dist-info'
    dist.mkdir(exist_ok=True)
    (dist / 'METADATA').write_text('Metadata-Version: 2.1\nName: confspec-synthetic\nVersion: 0.0.0\n')
    (dist / 'entry_points.txt').write_text('[oslo.config.opts]\n' + ''.join(f'synthetic.{s} = confspec_synthetic:list_opts_{s}\n' for s in sizes))
    for size in sizes:
        groups = make(size)
        (out / f'synthetic-{size}.json').write_text(json.dumps(groups))
        (out / 'specs' / f'synthetic-{size}.yaml').write_text(spec_yaml(size, groups))
        print(f'{out}/specs/synthetic-{size}.yaml: {size} options in {len(groups)} groups')


if __name__ == '__main__':
    main()
