#!/usr/bin/env python3
"""Whole-process comparison of oslo-config-generator and confspec, in one run.

    scripts/perf/compare.sh [--runs N] [--quick]

For each case both tools render the same options to a file. The first run of each checks that
the two files are byte-identical (a case whose outputs differ is reported and not timed);
then the tools alternate, N runs each, and the medians, their ratio, confspec's peak memory
and confspec's own YAML-parse time are printed as a Markdown table. The timed confspec runs
are the plain command; the parse time and the peak come from a --timings run that follows
them in each round. "run / its YAML parse" divides the median of those (cold) timed runs by
the median parse of those (warmer) --timings runs. "same run, cold" compares each process
with its own parse: after the timed rounds, N more rounds run the oracle (untimed) and then
confspec with --timings, and the median of each run's wall time over its parse is shown
(--timings adds about 0.1 ms to those runs, which can only raise it).

confspec is the release binary of scripts/build-release.sh (`--confspec`); with `--plain`, a
plain `cargo build --release` binary is timed in the same rotation and shown beside it.
"""
import argparse
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

TOP = pathlib.Path(__file__).resolve().parents[2]
PERF = TOP / 'target' / 'perf'
PLUGINS = TOP / 'scripts' / 'oracle' / 'plugins'


def run(cmd, cwd, env):
    """Wall time (s), peak RSS (KiB, as wait4 reports it) and stderr of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, close_fds=False)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f'{" ".join(map(str, cmd))} failed ({proc.returncode}):\n{err.decode()[-2000:]}')
    return elapsed, usage.ru_maxrss, err.decode()


def parse_time(timings):
    """The YAML parse phase of a --timings report, in seconds (0 for a shipped service's run,
    which parses no YAML)."""
    found = re.search(r'parse\s+([\d.]+) ms', timings)
    return float(found.group(1)) / 1000 if found else 0


def ratio(a, b, missing):
    return f'{a / b:.2f}x' if a and b else missing


def ms(seconds):
    """A duration with the digits a ratio near 100x needs: 1.73 ms, 15.4 ms, 1,243 ms."""
    ms = seconds * 1000
    return f'{ms:.2f} ms' if ms < 10 else f'{ms:,.1f} ms' if ms < 1000 else f'{ms:,.0f} ms'


def cases(venv, oracle_venv, sizes, confspec, services_venv=None):
    oracle = pathlib.Path(venv) / 'bin' / 'oslo-config-generator'
    # The glance group is nova 16's, from the oracle venv (the perf venv has nova 34's nova.conf).
    glance_oracle = pathlib.Path(oracle_venv) / 'bin' / 'oslo-config-generator'
    glance_env = {'PYTHONPATH': str(PLUGINS), 'CONFSPEC_NOVA_GLANCE_PY': str(pathlib.Path(oracle_venv) / 'nova16' / 'nova' / 'conf' / 'glance.py')}
    nova = PERF / 'nova'
    out = [
        ('glance group (nova 16)', [str(glance_oracle), '--namespace', 'nova.conf', '--output-file', 'oracle.ini'], glance_env,
         [confspec, 'generate', '--output-file', 'confspec.ini'], None),
        ("nova 34's nova.conf namespace", [str(oracle), '--namespace', 'nova.conf', '--output-file', 'oracle.ini'], {},
         [confspec, 'generate', str(nova / 'specs' / 'nova.conf.yaml'), '--output-file', 'confspec.ini'], None),
        ("nova 34's full sample (nova-config-generator.conf)", [str(oracle), '--config-file', str(nova / 'nova-config-generator.conf'), '--output-file', 'oracle.ini'], {},
         [confspec, 'generate', '--config-file', str(nova / 'nova-config-generator.conf'), '--spec-dir', str(nova / 'specs'), '--output-file', 'confspec.ini'], None),
    ]
    if services_venv:
        # The shipped nova (compiled into the binary) against oslo-config-generator on the same
        # generator config file in the services venv it was made from, with what the fixtures'
        # runs fix of the machine (scripts/services/sitecustomize.py).
        conf = TOP / 'tests' / 'fixtures' / 'services' / '2026.2' / 'nova' / 'nova-config-generator' / 'nova-config-generator.conf'
        services_oracle = pathlib.Path(services_venv) / '2026.2' / 'bin' / 'oslo-config-generator'
        out.append(("nova 34 shipped (--service nova)", [str(services_oracle), '--config-file', str(conf), '--output-file', 'oracle.ini'],
                    {'PYTHONPATH': str(TOP / 'scripts' / 'services'), 'LC_ALL': 'C.UTF-8'},
                    [confspec, 'generate', '--service', 'nova', '--output-file', 'confspec.ini'], None))
    for size in sizes:
        out.append((f'synthetic, {size:,} options', [str(oracle), '--namespace', f'synthetic.{size}', '--output-file', 'oracle.ini'], {'PYTHONPATH': str(PERF / 'plugins')},
                    [confspec, 'generate', str(PERF / 'specs' / f'synthetic-{size}.yaml'), '--output-file', 'confspec.ini'], size))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('venv')
    parser.add_argument('oracle_venv')
    parser.add_argument('--runs', type=int, default=11)
    parser.add_argument('--quick', action='store_true', help='skip the 100,000-option case')
    parser.add_argument('--confspec', required=True, help='the binary to time (scripts/build-release.sh)')
    parser.add_argument('--plain', help='a plain `cargo build --release` binary, timed alongside')
    parser.add_argument('--services-venv', help='the services venvs (scripts/services/setup.sh): times the shipped nova too')
    parser.add_argument('--case', action='append', default=[], help='only the cases whose name contains this text (repeatable)')
    args = parser.parse_args()
    sizes = [1000, 10000] if args.quick else [1000, 10000, 100000]
    base_env = {k: v for k, v in os.environ.items() if not k.startswith('OSLO_')}
    base_env.update(PYTHONHASHSEED='0', PYTHONWARNINGS='ignore')
    rows = []
    for name, oracle_cmd, oracle_env, confspec_cmd, size in cases(args.venv, args.oracle_venv, sizes, args.confspec, args.services_venv):
        if args.case and not any(c in name for c in args.case):
            continue
        runs = args.runs if not size or size < 100000 else max(3, args.runs // 3)
        with tempfile.TemporaryDirectory() as work:
            env = dict(base_env, **oracle_env)
            run(oracle_cmd, work, env)
            run(confspec_cmd, work, base_env)
            a = pathlib.Path(work, 'oracle.ini').read_bytes()
            b = pathlib.Path(work, 'confspec.ini').read_bytes()
            if a != b:
                print(f'{name}: outputs differ, not timed', file=sys.stderr)
                rows.append((name, None))
                continue
            lines = a.count(b'\n')
            plain_cmd = [args.plain] + confspec_cmd[1:] if args.plain else None
            if plain_cmd:
                # Checked before anything is timed, on a run of its own.
                run(plain_cmd, work, base_env)
                if pathlib.Path(work, 'confspec.ini').read_bytes() != a:
                    sys.exit(f'{name}: the plain build wrote different bytes')
            oracle_times, confspec_times, plain_times, rss, parse = [], [], [], [], []
            for i in range(runs):
                t, _, _ = run(oracle_cmd, work, env)
                oracle_times.append(t)
                # The two confspec builds take turns at running right after the oracle.
                if plain_cmd and i % 2:
                    t, _, _ = run(plain_cmd, work, base_env)
                    plain_times.append(t)
                t, _, _ = run(confspec_cmd, work, base_env)
                confspec_times.append(t)
                if plain_cmd and not i % 2:
                    t, _, _ = run(plain_cmd, work, base_env)
                    plain_times.append(t)
                # The phases and the peak come from a run of their own, not timed: --timings
                # costs the timed run 0.07 ms (glance) to 0.2 ms (nova.conf). Coming third, this
                # run's parse is if anything warmer (shorter), which can only raise the ratio.
                _, _, err = run(confspec_cmd + ['--timings'], work, base_env)
                # Its own VmHWM: wait4's maximum would include the Python parent that spawned it.
                rss.append(float(re.search(r'peak\s+([\d.]+) MiB', err).group(1)) * 1024)
                parse.append(parse_time(err))
            # Each process against its own parse, both right after the oracle as the timed runs are.
            same_run = []
            for i in range(runs):
                run(oracle_cmd, work, env)
                t, _, err = run(confspec_cmd + ['--timings'], work, base_env)
                same_run.append(t / parse_time(err) if parse_time(err) else None)
            rows.append((name, dict(lines=lines, runs=runs, oracle=statistics.median(oracle_times), confspec=statistics.median(confspec_times),
                                    plain=statistics.median(plain_times) if plain_times else None, rss=max(rss),
                                    parse=statistics.median(parse) if all(parse) else None,
                                    same_run=statistics.median(same_run) if all(same_run) else None)))
        print(f'{name}: done', file=sys.stderr)

    # What starting a process costs here, through the same harness: the floor of the small cases.
    floor = statistics.median(run([args.confspec, '--version'], TOP, base_env)[0] for _ in range(max(args.runs, 21)))
    print(f'Start-up floor (`confspec --version`, same harness, median of {max(args.runs, 21)}): {floor * 1000:.1f} ms\n')
    print('| case | sample lines | runs | oslo-config-generator | confspec | speed-up | confspec peak RSS | confspec run / its YAML parse | same run, cold | plain build | its speed-up |')
    print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for name, r in rows:
        if r is None:
            print(f'| {name} | outputs differ | | | | | | | | | |')
            continue
        plain = f'{ms(r["plain"])} | {r["oracle"] / r["plain"]:,.1f}x' if r['plain'] else '- | -'
        print(f'| {name} | {r["lines"]:,} | {r["runs"]} | {r["oracle"] * 1000:,.0f} ms | {ms(r["confspec"])} | {r["oracle"] / r["confspec"]:,.1f}x '
              f'| {r["rss"] / 1024:,.0f} MiB | {ratio(r["confspec"], r["parse"], "no YAML")} '
              f'| {ratio(r["same_run"], 1, "-")} | {plain} |')
    by_size = {name: r for name, r in rows if r}
    ten, hundred = by_size.get('synthetic, 10,000 options'), by_size.get('synthetic, 100,000 options')
    if ten and hundred:
        print(f'\n100,000 options cost {hundred["confspec"] / ten["confspec"]:.1f}x what 10,000 cost (linear: 10x).')


if __name__ == '__main__':
    main()
