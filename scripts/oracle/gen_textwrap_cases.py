#!/usr/bin/env python3
"""Writes tests/golden/textwrap/cases.json: random help texts and how oslo wraps them.

Each case is a text and a width; the expected side is oslo.config's own
_OptFormatter._format_help (textwrap.wrap line by line behind '# ', as the generator does
when rst2txt is absent), so the cases test confspec's port against the real thing.
The generator is seeded: the same oracle gives the same file.
"""
import json
import pathlib
import random
import types

from oslo_config import generator

assert generator.rst2txt is None, 'rst2txt changes how oslo wraps help; uninstall it'

OUT = pathlib.Path(__file__).resolve().parents[2] / 'tests' / 'golden' / 'textwrap' / 'cases.json'

WORDS = (
    'the option value of a service when set to true or false is used by nova and glance '
    'api servers endpoints image signature verification certificate'
).split()
HYPHENATED = ['well-known', 'self-contained', 'state-of-the-art', 'a-b-c', 'x-ray', 'e-mail',
              'ab-cd-ef', 're-use', 'multi-valued', 'snake_case-and-kebab', '_private-name',
              '10-20', '1-2-3', 'v2-beta', 'über-cool', 'naïve-ish', 'a-', '-b', '--flag',
              '--wrap-width=70', 'foo--bar', 'word---word', '--', '---', 'end--', '"quoted"--next',
              'yes!--no', 'x--1', 'é-è', 'über--alles', 'ab-1c', 'a1-bc']
URLS = ['https://docs.openstack.org/oslo.config/latest/reference/defining.html#option-types',
        'http://10.0.1.0:9292', 'scheme://hostname:port[/path]', 'https://my.glance.server/image',
        'file:///etc/nova/nova.conf', 'https://example.org/a-very-long-path-with-many-hyphens-in-it']
UNICODE = ['café', 'naïve', 'résumé', 'Ångström', 'crème', 'brûlée', 'façade', 'jalapeño',
           '設定ファイル', '中文字符也按代码点计算宽度', 'オプション', '한국어', 'Ελληνικά',
           'русский', 'עברית', 'العربية', '🚀', '👍🏽', '👩\u200d💻', '🇫🇷', 'e\u0301', 'ﬁ',
           '\u00a0', 'a\u00a0b', '\u3000', '٣٤٥', '²', 'Ⅻ', '_', 'x_y']
SPACES = [' ', '  ', '   ', '\t', ' \t ', '\t\t', '    ']
PUNCT = ['.', ',', ';', ':', '!', '?', '"', "'", '(', ')', '[', ']', '*', '&', '/']


def token(rng):
    r = rng.random()
    if r < 0.45:
        return rng.choice(WORDS)
    if r < 0.62:
        return rng.choice(HYPHENATED)
    if r < 0.70:
        return rng.choice(URLS)
    if r < 0.85:
        return rng.choice(UNICODE)
    if r < 0.93:
        return rng.choice(WORDS) + rng.choice(PUNCT)
    return "x" * rng.randint(1, 130)


def line(rng):
    parts = []
    if rng.random() < 0.15:
        parts.append(rng.choice(SPACES))
    for _ in range(rng.randint(0, 18)):
        parts.append(token(rng))
        parts.append(rng.choice(SPACES) if rng.random() < 0.15 else ' ')
    if rng.random() < 0.7 and parts:
        parts.pop()
    return ''.join(parts)


def text(rng):
    breaks = ['\n', '\n', '\n', '\n\n', '\r\n', '\r', '\x0b', '\x0c', '\x1c', '\x85', '\u2028']
    n = rng.randint(1, 3)
    pieces = [line(rng) for _ in range(n)]
    out = pieces[0]
    for p in pieces[1:]:
        out += rng.choice(breaks) + p
    if rng.random() < 0.3:
        out = '\n' + out + '\n'
    return out


def main():
    rng = random.Random(20261123)
    cases = []
    widths = list(range(10, 121))
    for i in range(6000):
        width = widths[i % len(widths)] if i < len(widths) * 20 else rng.choice(widths)
        t = text(rng)
        formatter = generator._OptFormatter(
            types.SimpleNamespace(wrap_width=width, minimal=False, summarize=False))
        cases.append({'width': width, 'text': t, 'expected': formatter._format_help(t)[0]})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(cases, ensure_ascii=False, indent=0) + '\n', encoding='utf-8')
    print(f'{OUT.relative_to(OUT.parents[3])}: {len(cases)} cases')


if __name__ == '__main__':
    main()
