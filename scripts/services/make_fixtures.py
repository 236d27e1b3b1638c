#!/usr/bin/env python3
"""Writes tests/fixtures/services/ from the services venv: run it as
scripts/services/make-fixtures.sh.

For each service, every generator config file its sdist keeps for oslo-config-generator (the
files its `tox -e genconfig` and its doc build run; they are not in the wheels):

- nova 34: etc/nova/nova-config-generator.conf;
- cinder 29 (with os-brick): tools/config/cinder-config-generator.conf (its etc/cinder/ has no
  generator config file, only a README pointing at `tox -egenconfig`, which runs this one);
- glance 33 (with glance_store): etc/oslo-config-generator/, the API, cache, image import,
  manage and scrubber files;
- keystone 30: config-generator/keystone.conf;
- neutron 29: etc/oslo-config-generator/, neutron.conf and its agents' and ML2's files.

Each file is a case, in tests/fixtures/services/<service>/<its name without suffix>/: the file
as it is, `expected.conf.sample` (what oslo-config-generator writes for the file itself: its
wrap width, summarize flag and output_file), and the outputs of its namespaces, in its order,
for every format and flag variant (VARIANTS: the INI sample at the default width, at 79, with
--summarize and --minimal, the rst, the json data, and the yaml data that `confspec import`
reads).

Then every namespace of those files alone, in tests/fixtures/services/namespaces/<namespace>/:
its json and yaml data, which a case's data holds only up to the order of the namespaces inside
a group (docs/compatibility.md, Known differences). Its INI and rst outputs are not kept: each
is a part of the case outputs, which hold every namespace's blocks.

Every namespace loads in the venv: none is left out (had one needed a heavy system dependency,
it would be listed in EXCLUDED with the reason, and left out of the data). Never edit the
results by hand.
"""
import concurrent.futures
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
FIXTURES = TOP / 'tests' / 'fixtures' / 'services'
VENV = pathlib.Path(sys.prefix)
GENERATOR = pathlib.Path(sys.executable).parent / 'oslo-config-generator'

# service -> (sdist, its generator config files)
SERVICES = {
    'nova': ('nova-34.0.0', ['etc/nova/nova-config-generator.conf']),
    'cinder': ('cinder-29.0.0', ['tools/config/cinder-config-generator.conf']),
    'glance': ('glance-33.0.0', [
        f'etc/oslo-config-generator/glance-{name}.conf'
        for name in ('api', 'cache', 'image-import', 'manage', 'scrubber')
    ]),
    'keystone': ('keystone-30.0.0', ['config-generator/keystone.conf']),
    'neutron': ('neutron-29.0.0', [
        f'etc/oslo-config-generator/{name}'
        for name in ('neutron.conf', 'dhcp_agent.ini', 'l3_agent.ini', 'macvtap_agent.ini',
                     'metadata_agent.ini', 'metering_agent.ini', 'ml2_conf.ini',
                     'neutron_ovn_metadata_agent.ini', 'openvswitch_agent.ini',
                     'ovn_agent.ini', 'sriov_agent.ini')
    ]),
}

# The sdists' other files in those folders, and why they are not cases.
NOT_CASES = {
    'etc/nova/nova-policy-generator.conf': "oslopolicy-sample-generator's",
    'tools/config/cinder-policy-generator.conf': "oslopolicy-sample-generator's",
    'config-generator/keystone-policy-generator.conf': "oslopolicy-sample-generator's",
}

# service -> {namespace: why it is left out}
EXCLUDED = {service: {} for service in SERVICES}

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
DATA = ('data.yaml', 'data.json')


def run(job, cache, fails=False):
    """Runs oslo-config-generator for each [folder, args, stdout] of `job` in one fresh interpreter
    (run_generator.py), in a clean environment: no OSLO_* variables, a fixed locale and hash
    seed, sitecustomize.py (beside this script) to fix what defaults read from the machine,
    and stevedore's cache of entry points in `cache`, made anew on each run of this script.
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
            sys.exit(f'oslo-config-generator {job[0][1]} now succeeds: remove it from FAILS_ALONE')
    elif result.returncode != 0:
        sys.exit(f'oslo-config-generator {job[0][1]} failed:\n{result.stderr.decode()}')


def sdist_members(sdist, members):
    """The bytes of `members` of the sdist setup.sh downloaded into the venv, after checking
    that the sdist's folders of them hold no other generator config file (a file that names
    namespaces)."""
    with tarfile.open(VENV / 'sdist' / f'{sdist}.tar.gz') as tar:
        folders = {str(pathlib.PurePosixPath(m).parent) for m in members}
        for info in tar.getmembers():
            path = info.name.split('/', 1)[1] if '/' in info.name else ''
            if (str(pathlib.PurePosixPath(path).parent) in folders and info.isfile()
                    and path not in members and path not in NOT_CASES
                    and any(config_value(tar.extractfile(info).read().decode(errors='replace'),
                                         'namespace'))):
                sys.exit(f'{sdist}: {path} is neither a case nor in NOT_CASES')
        return {m: tar.extractfile(f'{sdist}/{m}').read() for m in members}


def config_value(conf_text, name):
    for line in conf_text.splitlines():
        key, sep, value = line.partition('=')
        if sep and key.strip() == name:
            yield value.strip()


def case_job(folder, conf, namespaces, tmp):
    """The runs of one case: the config file itself first (written where its output_file
    says, in a folder of its own: oslo does not create the folders), then the variants."""
    output = next(config_value(conf.read_text(), 'output_file'), None)
    if output is None:
        sys.exit(f'{conf}: names no output_file')
    (tmp / output).parent.mkdir(parents=True, exist_ok=True)
    job = [[str(tmp), ['--config-file', str(conf)], None]]
    ns_args = [a for ns in namespaces for a in ('--namespace', ns)]
    for name, flags in VARIANTS.items():
        job.append([str(folder), ns_args + flags, str(folder / name)])
    return job, tmp / output


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
    if FIXTURES.exists():
        shutil.rmtree(FIXTURES)
    tmp_root = pathlib.Path(tempfile.mkdtemp())
    cache = tmp_root / 'cache'
    jobs, reports, every = [], [], []  # jobs: (runs, must fail, check after)
    for service, (sdist, members) in SERVICES.items():
        for member, conf_bytes in sdist_members(sdist, members).items():
            name = pathlib.PurePosixPath(member)
            folder = FIXTURES / service / name.stem
            folder.mkdir(parents=True)
            conf = folder / name.name
            conf.write_bytes(conf_bytes)
            namespaces = [ns for ns in config_value(conf_bytes.decode(), 'namespace')
                          if ns not in EXCLUDED[service]]
            every.extend(ns for ns in namespaces if ns not in every)
            job, sample = case_job(folder, conf, namespaces, tmp_root / service / name.stem)
            jobs.append((job, False, lambda folder=folder, sample=sample: (
                shutil.copyfile(sample, folder / 'expected.conf.sample'), same_data(folder))))
            reports.append(f'{folder.relative_to(TOP)}: {len(namespaces)} namespaces of '
                           f'{sdist}/{member}: ' + ', '.join(namespaces))
    alone = [ns for ns in sorted(every) if ns not in FAILS_ALONE]
    for ns in alone:
        folder = FIXTURES / 'namespaces' / ns
        folder.mkdir(parents=True)
        job = [[str(folder), ['--namespace', ns] + VARIANTS[name], str(folder / name)] for name in DATA]
        jobs.append((job, False, lambda folder=folder: same_data(folder)))
    reports.append(f'{(FIXTURES / "namespaces").relative_to(TOP)}: {len(alone)} of the '
                   f'{len(every)} namespaces alone')
    for ns, why in FAILS_ALONE.items():
        out = tmp_root / f'{ns}.alone'
        jobs.append(([[str(tmp_root), ['--namespace', ns], str(out)]], True, lambda: None))
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
    for service in SERVICES:
        for ns, why in EXCLUDED[service].items():
            print(f'  {service}: left out {ns}: {why}')


if __name__ == '__main__':
    main()
