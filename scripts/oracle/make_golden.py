#!/usr/bin/env python3
"""Writes tests/golden/ from the pinned oracle: run it as scripts/oracle/make-golden.sh.

Every file here is what the real oslo-config-generator prints for a namespace list and a set
of flags. confspec's tests compare their own output with these bytes; never edit them by hand.
"""
import os
import pathlib
import subprocess
import sys

TOP = pathlib.Path(__file__).resolve().parents[2]
GOLDEN = TOP / 'tests' / 'golden'
PLUGINS = TOP / 'scripts' / 'oracle' / 'plugins'
GENERATOR = pathlib.Path(sys.executable).parent / 'oslo-config-generator'

# golden folder -> namespaces, in the order given on the command line
SETS = {
    'glance': ['nova.conf'],
    'features': ['confspec.features'],
    'merged': ['nova.conf', 'confspec.features', 'confspec.more'],
    'empty': ['confspec.empty'],
    'bigint': ['confspec.bigint'],
}

# file name -> generator flags
VARIANTS = {
    'sample.ini': [],
    'sample.w79.ini': ['--wrap-width', '79'],
    'sample.w40.ini': ['--wrap-width', '40'],
    'sample.w0.ini': ['--wrap-width', '0'],
    'sample.w10.ini': ['--wrap-width', '10'],
    'sample.summarize.ini': ['--summarize'],
    'sample.minimal.ini': ['--minimal'],
    'sample.yaml': ['--format', 'yaml'],
    'sample.json': ['--format', 'json'],
    'sample.rst': ['--format', 'rst'],
}


def generate(namespaces, flags):
    env = dict(os.environ, PYTHONPATH=str(PLUGINS), PYTHONHASHSEED='0')
    args = [str(GENERATOR)] + [a for ns in namespaces for a in ('--namespace', ns)] + flags
    result = subprocess.run(args, env=env, capture_output=True)
    if result.returncode != 0:
        sys.exit(f'{" ".join(args)} failed:\n{result.stderr.decode()}')
    return result.stdout


def main():
    for name, namespaces in SETS.items():
        folder = GOLDEN / name
        folder.mkdir(parents=True, exist_ok=True)
        for file_name, flags in VARIANTS.items():
            (folder / file_name).write_bytes(generate(namespaces, flags))
        print(f'{folder.relative_to(TOP)}: {len(VARIANTS)} files')


if __name__ == '__main__':
    main()
