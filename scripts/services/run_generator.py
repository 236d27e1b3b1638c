#!/usr/bin/env python3
"""Runs oslo-config-generator several times in one fresh interpreter: make_fixtures.py starts
it once per set of namespaces (a generator config file, or one namespace alone), so that the
service is imported once for all the outputs of that set rather than once per output.

Each run is `oslo_config.generator.main(args)`, what the `oslo-config-generator` command runs,
in a folder of its own. The job comes as JSON on stdin: {"runs": a list of [folder, args,
stdout] where stdout is the file that gets what the run prints (not --output-file: the data
records it), or null for a run that writes its config file's output_file; "facts": null, or
[namespaces, file]: after the runs, the facts the data cannot hold about those namespaces'
options (live_facts.py) go to that file, as JSON}. The first run is the command
exactly as a fresh process runs it; the later ones see the modules the first imported, and
whatever the namespaces' hooks (oslo.config.opts.defaults) changed in them. So after the last
run the first is made again, into a file of its own, and must give the same bytes: a library
whose state a run changes would show here instead of in the fixtures.
"""
import json
import os
import pathlib
import sys
import tempfile

from oslo_config import generator

import live_facts


def output_of(folder, args):
    """The file a --config-file run writes: the output_file of its config file."""
    conf = pathlib.Path(folder, args[args.index('--config-file') + 1])
    for line in conf.read_text().splitlines():
        key, sep, value = line.partition('=')
        if sep and key.strip() == 'output_file':
            return pathlib.Path(folder, value.strip())
    sys.exit(f'{conf}: names no output_file')


def run(folder, args, stdout):
    os.chdir(folder)
    if stdout is None:
        generator.main(args)
        return
    # What the command prints, as its sys.stdout would write it under LC_ALL=C.UTF-8.
    with open(stdout, 'w', encoding='utf-8') as out:
        sys.stdout = out
        try:
            generator.main(args)
        finally:
            sys.stdout = sys.__stdout__


def main():
    # What the namespaces see as the program, as in a run of the `oslo-config-generator`
    # command (oslo.messaging's `processname` defaults to its name).
    sys.argv[0] = str(pathlib.Path(sys.executable).parent / 'oslo-config-generator')
    job = json.load(sys.stdin)
    runs = job['runs']
    for folder, args, stdout in runs:
        run(folder, args, stdout)
    if job['facts']:
        namespaces, out = job['facts']
        with open(out, 'w', encoding='utf-8') as f:
            json.dump(live_facts.facts(namespaces), f, indent=1, sort_keys=True, ensure_ascii=False)
            f.write('\n')
    folder, args, stdout = runs[0]
    first = pathlib.Path(stdout) if stdout else output_of(folder, args)
    with tempfile.TemporaryDirectory() as tmp:
        again = pathlib.Path(tmp, 'again')
        if stdout:
            run(folder, args, str(again))
        else:
            run(folder, args + ['--output-file', str(again)], None)
        if again.read_bytes() != first.read_bytes():
            sys.exit(f'oslo-config-generator {" ".join(args)}: a second run in the same '
                     'interpreter wrote other bytes than the first')


if __name__ == '__main__':
    main()
