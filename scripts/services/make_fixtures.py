#!/usr/bin/env python3
"""Writes tests/fixtures/services/ from the services venv: run it as
scripts/services/make-fixtures.sh.

For each service, the namespaces its doc build renders, as listed by the generator config file
in its sdist (the file the service's doc/source/conf.py names as config_generator_config_file):

- nova 34: etc/nova/nova-config-generator.conf;
- cinder 29: tools/config/cinder-config-generator.conf (its etc/cinder/ has no generator
  config file, only a README pointing at `tox -egenconfig`, which runs this one).

Into tests/fixtures/services/<service>/ go that config file as it is, `data.yaml` (what
`oslo-config-generator --format yaml` writes for its namespaces, in its order: the input
`confspec import` reads) and `expected.conf.sample` (what oslo-config-generator writes for the
config file itself: its wrap width, summarize flag and output_file). Never edit them by hand.

Every namespace of both files loads in the venv: none is left out. (Had one needed a heavy
system dependency, it would be listed in EXCLUDED with the reason, and left out of data.yaml.)
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile

TOP = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = TOP / 'tests' / 'fixtures' / 'services'
VENV = pathlib.Path(sys.prefix)
GENERATOR = pathlib.Path(sys.executable).parent / 'oslo-config-generator'

# service -> (sdist, the generator config file inside it)
SERVICES = {
    'nova': ('nova-34.0.0', 'etc/nova/nova-config-generator.conf'),
    'cinder': ('cinder-29.0.0', 'tools/config/cinder-config-generator.conf'),
}

# service -> {namespace: why it is left out}
EXCLUDED = {
    'nova': {},
    'cinder': {},
}


def run(args, cwd=None):
    # A clean environment: no OSLO_* variables, a fixed locale and hash seed, and
    # sitecustomize.py (beside this script) to fix what defaults read from the machine.
    env = {
        'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
        'HOME': os.environ.get('HOME', '/tmp'),
        'LC_ALL': 'C.UTF-8',
        'PYTHONPATH': str(HERE),
        'PYTHONHASHSEED': '0',
        'PYTHONWARNINGS': 'ignore',
    }
    result = subprocess.run([str(GENERATOR)] + args, env=env, capture_output=True, cwd=cwd)
    if result.returncode != 0:
        sys.exit(f'oslo-config-generator {" ".join(args)} failed:\n{result.stderr.decode()}')
    return result.stdout


def generator_conf(sdist, member):
    """The bytes of `member` of the sdist setup.sh downloaded into the venv."""
    with tarfile.open(VENV / 'sdist' / f'{sdist}.tar.gz') as tar:
        return tar.extractfile(f'{sdist}/{member}').read()


def namespaces_of(conf_text):
    names = []
    for line in conf_text.splitlines():
        key, sep, value = line.partition('=')
        if sep and key.strip() == 'namespace':
            names.append(value.strip())
    return names


def output_file_of(conf_text):
    for line in conf_text.splitlines():
        key, sep, value = line.partition('=')
        if sep and key.strip() == 'output_file':
            return value.strip()
    sys.exit('the generator config file names no output_file')


def main():
    if FIXTURES.exists():
        shutil.rmtree(FIXTURES)
    for service, (sdist, member) in SERVICES.items():
        out = FIXTURES / service
        out.mkdir(parents=True)
        conf_bytes = generator_conf(sdist, member)
        conf = out / pathlib.Path(member).name
        conf.write_bytes(conf_bytes)
        text = conf_bytes.decode()
        namespaces = [ns for ns in namespaces_of(text) if ns not in EXCLUDED[service]]

        data = run([a for ns in namespaces for a in ('--namespace', ns)] + ['--format', 'yaml'])
        (out / 'data.yaml').write_bytes(data)

        # The sample of the config file itself, written where its output_file says (oslo
        # does not create the folders).
        with tempfile.TemporaryDirectory() as tmp:
            sample = pathlib.Path(tmp) / output_file_of(text)
            sample.parent.mkdir(parents=True, exist_ok=True)
            run(['--config-file', str(conf)], cwd=tmp)
            shutil.copyfile(sample, out / 'expected.conf.sample')

        print(f'{out.relative_to(TOP)}: {len(namespaces)} namespaces of {sdist}/{member}: '
              + ', '.join(namespaces))
        for ns, why in EXCLUDED[service].items():
            print(f'  left out {ns}: {why}')


if __name__ == '__main__':
    main()
