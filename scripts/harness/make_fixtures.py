#!/usr/bin/env python3
"""Writes tests/fixtures/ from the harness venv: run it as scripts/harness/make-fixtures.sh.

For each namespace: the oracle's machine-readable data (the input `confspec import` reads) and
its outputs (INI variants, rst) that confspec must reproduce from the imported spec. Then one
multi-namespace generator config file and its sample. Never edit the results by hand.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

TOP = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = TOP / 'tests' / 'fixtures'
PLUGINS = TOP / 'scripts' / 'oracle' / 'plugins'
GENERATOR = pathlib.Path(sys.executable).parent / 'oslo-config-generator'

# Real namespaces from PyPI packages, plus confspec.features (scripts/oracle/plugins), which
# holds every option type and oslo's odd corners.
NAMESPACES = [
    'castellan.config',
    'confspec.features',
    'keystonemiddleware.audit',
    'keystonemiddleware.auth_token',
    'oslo.cache',
    'oslo.concurrency',
    'oslo.config',
    'oslo.db',
    'oslo.log',
    'oslo.messaging',
    'oslo.middleware',
    'oslo.policy',
    'oslo.service.service',
    'oslo.service.sslutils',
    'oslo.service.wsgi',
    'osprofiler',
]

# file name -> generator flags
OUTPUTS = {
    'data.yaml': ['--format', 'yaml'],
    'data.json': ['--format', 'json'],
    'sample.ini': [],
    'sample.w79.ini': ['--wrap-width', '79'],
    'sample.summarize.ini': ['--summarize'],
    'sample.minimal.ini': ['--minimal'],
    'sample.rst': ['--format', 'rst'],
}


HERE = pathlib.Path(__file__).resolve().parent


def run(args, cwd=None):
    # A clean environment: no OSLO_* variables, a fixed locale and hash seed, and
    # sitecustomize.py (beside this script) to fix the host name.
    env = {
        'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
        'HOME': os.environ.get('HOME', '/tmp'),
        'LC_ALL': 'C.UTF-8',
        'PYTHONPATH': os.pathsep.join([str(HERE), str(PLUGINS)]),
        'PYTHONHASHSEED': '0',
        'PYTHONWARNINGS': 'ignore',
    }
    result = subprocess.run([str(GENERATOR)] + args, env=env, capture_output=True, cwd=cwd)
    if result.returncode != 0:
        sys.exit(f'oslo-config-generator {" ".join(args)} failed:\n{result.stderr.decode()}')
    return result.stdout


def main():
    folder = FIXTURES / 'namespaces'
    if folder.exists():
        shutil.rmtree(folder)
    for namespace in NAMESPACES:
        out = folder / namespace
        out.mkdir(parents=True)
        for file_name, flags in OUTPUTS.items():
            (out / file_name).write_bytes(run(['--namespace', namespace] + flags))
    print(f'{folder.relative_to(TOP)}: {len(NAMESPACES)} namespaces')

    # A generator config file as projects keep them (nova's etc/nova/nova-config-generator.conf).
    generator = FIXTURES / 'generator'
    conf = generator / 'libs-config-generator.conf'
    namespaces = [line.split('=', 1)[1].strip() for line in conf.read_text().splitlines() if line.startswith('namespace')]
    with tempfile.TemporaryDirectory() as tmp:
        run(['--config-file', str(conf)], cwd=tmp)
        produced = list(pathlib.Path(tmp).rglob('*'))
        files = [p for p in produced if p.is_file()]
        if len(files) != 1:
            sys.exit(f'expected one output file from {conf}, got {produced}')
        shutil.copyfile(files[0], generator / 'expected.conf.sample')
    data = run([a for ns in namespaces for a in ('--namespace', ns)] + ['--format', 'yaml'])
    (generator / 'data.yaml').write_bytes(data)
    print(f'{generator.relative_to(TOP)}: {len(namespaces)} namespaces')


if __name__ == '__main__':
    main()
