#!/usr/bin/env python3
"""Writes tests/golden/iniparser/<name>.json: what oslo.config's own INI parser reads from each
file of tests/ini-corpus/ (run through scripts/oracle/make-golden.sh).

oslo_config.cfg.ConfigParser drives oslo_config.iniparser.BaseParser; this records what it
sees: sections with their lines, assignments with the line of their key and their joined
value, and the first parse error (oslo stops there).
"""
import json
import pathlib

from oslo_config import iniparser

TOP = pathlib.Path(__file__).resolve().parents[2]
CORPUS = TOP / 'tests' / 'ini-corpus'
OUT = TOP / 'tests' / 'golden' / 'iniparser'


class Recorder(iniparser.BaseParser):
    def __init__(self):
        super().__init__()
        self.section = None
        self.sections = []
        self.entries = []
        self.key_line = None

    def _split_key_value(self, line):
        self.key_line = self.lineno
        return super()._split_key_value(line)

    def new_section(self, section):
        self.section = section
        self.sections.append([section, self.lineno])

    def assignment(self, key, value):
        # cfg.ConfigParser raises here when no section was started.
        if self.section is None:
            raise self.parse_exc('Section must be started before assignment', self.lineno, '')
        self.entries.append([self.section, key, '\n'.join(value), self.key_line])


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for path in sorted(CORPUS.glob('*.conf')):
        parser = Recorder()
        error = None
        with open(path, encoding='utf-8') as f:  # universal newlines, as cfg.ConfigParser opens files
            lines = f.readlines()
        try:
            parser.parse(lines)
        except iniparser.ParseError as e:
            error = {'line': e.lineno, 'message': e.msg}
        result = {'sections': parser.sections, 'entries': parser.entries, 'error': error}
        (OUT / (path.stem + '.json')).write_text(json.dumps(result, indent=1, ensure_ascii=False) + '\n')
    print(f'{OUT.relative_to(TOP)}: {len(list(CORPUS.glob("*.conf")))} files')


if __name__ == '__main__':
    main()
