#!/usr/bin/env python3
"""Writes tests/fixtures/services/<series>/ from the series' services venv: run it as
scripts/services/make-fixtures.sh (alone: `<venv of SERIES>/bin/python make_fixtures.py SERIES`).

The cases are the generator config files of each release of the series in releases.py (the
files its `tox -e genconfig` and its doc build run; they are not in the wheels).

Each file is a case, in tests/fixtures/services/<series>/<service>/<its name without suffix>/:
the file as it is, `expected.conf.sample` (what oslo-config-generator writes for the file
itself: its wrap width, summarize flag and output_file), and the outputs of its namespaces, in
its order, for every format and flag variant (VARIANTS: the INI sample at the default width, at 79, with
--summarize and --minimal, the rst, the json data, and the yaml data that `confspec import`
reads), and `facts.json`: what the data cannot hold about those options, read from the live
objects (live_facts.py) for make_specs.py. And `generator.sha256`: the SHA-256 of what
oslo-config-generator writes for each variant run on the generator config file itself, as the
sdist holds it (`--config-file etc/nova/nova-config-generator.conf --format json`, from the
sdist's top: its data records that path and the file's output_file, wrap width and summarize
flag), which `confspec generate --service` must give byte for byte (tests/services.rs).

Then every namespace of those files alone, in tests/fixtures/services/<series>/namespaces/<ns>/:
its json and yaml data, which a case's data holds only up to the order of the namespaces inside
a group (docs/compatibility.md, Known differences). Its INI and rst outputs are not kept: each
is a part of the case outputs, which hold every namespace's blocks.

Every namespace loads in the venv: none is left out (had one needed a heavy system dependency,
it would be listed in EXCLUDED with the reason, and left out of the data). Never edit the
results by hand.
"""
import concurrent.futures
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile

import yaml

TOP = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
VENV = pathlib.Path(sys.prefix)
SERVICES = TOP / 'tests' / 'fixtures' / 'services'

sys.path.insert(0, str(HERE))
import releases  # noqa: E402

# service -> {namespace: why it is left out}
EXCLUDED = {release.service: {} for release in releases.RELEASES}

# namespace -> why oslo-config-generator fails on it alone (it is checked that it still does):
# those are in the cases only.
FAILS_ALONE = {
    'os_brick': "its oslo.config.opts.defaults hook reads [oslo_concurrency]/lock_path, which "
                "only a registration of oslo.concurrency's options (the service's) brings",
}

# file name -> generator flags
VARIANTS = {
    'data.yaml': ['--format', 'yaml'],
    'data.json': ['--format', 'json'],
    'sample.ini': [],
    'sample.w79.ini': ['--wrap-width', '79'],
    'sample.summarize.ini': ['--summarize'],
    'sample.minimal.ini': ['--minimal'],
    'sample.rst': ['--format', 'rst'],
}
# The SHA-256 of each variant of the generator config file's own run (see the module's doc).
GENERATOR_DIGESTS = 'generator.sha256'
DATA = ('data.yaml', 'data.json')
# The facts about the case's options that the data cannot hold, from the live objects
# (live_facts.py): make_specs.py adds them to the specs it imports from the data.
FACTS = 'facts.json'


def run(job, cache, fails=False):
    """Runs oslo-config-generator for each [folder, args, stdout] of `job['runs']` in one fresh
    interpreter (run_generator.py), which then writes `job['facts']`, in a clean environment:
    no OSLO_* variables, a fixed locale and hash seed, sitecustomize.py (beside this script)
    to fix what defaults read from the machine, and stevedore's cache of entry points in `cache`, made anew on each run of this script.
    With `fails`, the generator must fail."""
    env = {
        'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
        'HOME': os.environ.get('HOME', '/tmp'),
        'LC_ALL': 'C.UTF-8',
        'PYTHONPATH': str(HERE),
        'PYTHONHASHSEED': '0',
        'PYTHONWARNINGS': 'ignore',
        'XDG_CACHE_HOME': str(cache),
    }
    result = subprocess.run([sys.executable, str(HERE / 'run_generator.py')], env=env,
                            input=json.dumps(job).encode(), capture_output=True)
    if fails:
        if result.returncode == 0:
            sys.exit(f'oslo-config-generator {job["runs"][0][1]} now succeeds: remove it from '
                     'FAILS_ALONE')
    elif result.returncode != 0:
        sys.exit(f'oslo-config-generator {job["runs"][0][1]} failed:\n{result.stderr.decode()}')


def sdist_members(release):
    """The bytes of the generator config files of `release`, from the sdist setup.sh downloaded
    into the venv, after checking that the sdist's folders of them hold no other generator
    config file (a file that names namespaces)."""
    members = release.generator_configs
    [path] = [p for p in (VENV / 'sdist').iterdir()
              if p.name.lower().replace('_', '-') ==
              f'{release.package}-{release.version}.tar.gz'.lower().replace('_', '-')]
    with tarfile.open(path) as tar:
        sdist = tar.getnames()[0].split('/')[0]
        folders = {str(pathlib.PurePosixPath(m).parent) for m in members}
        for info in tar.getmembers():
            path = info.name.split('/', 1)[1] if '/' in info.name else ''
            if (str(pathlib.PurePosixPath(path).parent) in folders and info.isfile()
                    and path not in members and path not in releases.NOT_CASES
                    and any(config_value(tar.extractfile(info).read().decode(errors='replace'),
                                         'namespace'))):
                sys.exit(f'{sdist}: {path} is neither a case nor in NOT_CASES')
        return {m: tar.extractfile(f'{sdist}/{m}').read() for m in members}


def config_value(conf_text, name):
    for line in conf_text.splitlines():
        key, sep, value = line.partition('=')
        if sep and key.strip() == name:
            yield value.strip()


def case_job(folder, conf, member, namespaces, tmp):
    """The runs of one case: the config file itself first (written where its output_file
    says, in a folder of its own: oslo does not create the folders), then the variants of its
    namespaces, then the variants of the config file as the sdist holds it (`member`), each in
    a folder of its own. The case's sample, and a function that writes generator.sha256."""
    output = next(config_value(conf.read_text(), 'output_file'), None)
    if output is None:
        sys.exit(f'{conf}: names no output_file')
    (tmp / output).parent.mkdir(parents=True, exist_ok=True)
    runs = [[str(tmp), ['--config-file', str(conf)], None]]
    ns_args = [a for ns in namespaces for a in ('--namespace', ns)]
    for name, flags in VARIANTS.items():
        runs.append([str(folder), ns_args + flags, str(folder / name)])
    for name, flags in VARIANTS.items():
        top = tmp / 'generator' / name
        (top / member).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(conf, top / member)
        (top / output).parent.mkdir(parents=True, exist_ok=True)
        runs.append([str(top), ['--config-file', member] + flags, None])

    def digests():
        lines = [f'{hashlib.sha256((tmp / "generator" / name / output).read_bytes()).hexdigest()}  {name}\n'
                 for name in VARIANTS]
        (folder / GENERATOR_DIGESTS).write_text(''.join(lines))
    return {'runs': runs, 'facts': [namespaces, str(folder / FACTS)]}, tmp / output, digests


def same_data(folder):
    """Both data files hold the same but their format: the runs after the first saw what the
    first saw."""
    with open(folder / 'data.json') as f, open(folder / 'data.yaml') as g:
        data = [json.load(f), yaml.safe_load(g)]
    for d in data:
        d['generator_options'].pop('format_')
    if data[0] != data[1]:
        sys.exit(f'{folder}: data.json and data.yaml differ')


def main():
    [series] = sys.argv[1:]
    fixtures = SERVICES / series
    if fixtures.exists():
        shutil.rmtree(fixtures)
    tmp_root = pathlib.Path(tempfile.mkdtemp())
    cache = tmp_root / 'cache'
    jobs, reports, every = [], [], []  # jobs: (runs, must fail, check after)
    for release in releases.of_series(series):
        service, sdist = release.service, f'{release.package}-{release.version}'
        for member, conf_bytes in sdist_members(release).items():
            name = pathlib.PurePosixPath(member)
            folder = fixtures / service / name.stem
            folder.mkdir(parents=True)
            conf = folder / name.name
            conf.write_bytes(conf_bytes)
            namespaces = [ns for ns in config_value(conf_bytes.decode(), 'namespace')
                          if ns not in EXCLUDED[service]]
            every.extend(ns for ns in namespaces if ns not in every)
            job, sample, digests = case_job(folder, conf, member, namespaces, tmp_root / service / name.stem)
            jobs.append((job, False, lambda folder=folder, sample=sample, digests=digests: (
                shutil.copyfile(sample, folder / 'expected.conf.sample'), same_data(folder), digests())))
            reports.append(f'{folder.relative_to(TOP)}: {len(namespaces)} namespaces of '
                           f'{sdist}/{member}: ' + ', '.join(namespaces))
    alone = [ns for ns in sorted(every) if ns not in FAILS_ALONE]
    for ns in alone:
        folder = fixtures / 'namespaces' / ns
        folder.mkdir(parents=True)
        job = {'runs': [[str(folder), ['--namespace', ns] + VARIANTS[name], str(folder / name)]
                        for name in DATA], 'facts': None}
        jobs.append((job, False, lambda folder=folder: same_data(folder)))
    reports.append(f'{(fixtures / "namespaces").relative_to(TOP)}: {len(alone)} of the '
                   f'{len(every)} namespaces alone')
    for ns, why in FAILS_ALONE.items():
        out = tmp_root / f'{ns}.alone'
        jobs.append(({'runs': [[str(tmp_root), ['--namespace', ns], str(out)]], 'facts': None},
                     True, lambda: None))
        reports.append(f'  {ns} fails alone: {why}')

    # Two at a time: each run is mostly the service's imports, on one core.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for _ in pool.map(lambda j: run(j[0], cache, fails=j[1]), jobs):
            pass
    for _, _, check in jobs:
        check()
    shutil.rmtree(tmp_root)
    for line in reports:
        print(line)
    for release in releases.of_series(series):
        for ns, why in EXCLUDED[release.service].items():
            print(f'  {release.service}: left out {ns}: {why}')


if __name__ == '__main__':
    main()
