#!/usr/bin/env python3
"""Writes tests/golden/pyyaml/cases.json: generated values and what PyYAML makes of them.

oslo-config-generator writes its --format yaml data with
yaml.safe_dump(data, default_flow_style=False); each case here is a value and that call's
output, so confspec's emitter (src/oslo/pyyaml.rs) is tested against the real thing. The
strings are hostile: every character class, non-ASCII, line breaks of every kind, leading and
trailing spaces, YAML indicators, long words and long sentences (folding at width 80 in every
style), and look-alikes of YAML 1.1's booleans, nulls, ints, floats and timestamps. The numbers
include ints beyond 2**63, floats of every exponent and ties between two shortest reprs. Each value is placed where oslo's data
puts values: under a key at several depths, as an item of a sequence inside a mapping, of a
nested sequence, and as a mapping key.

Values are written tagged, so JSON keeps their Python kind: ["s", text], ["i", "123"],
["f", repr], ["b", bool], ["n"], ["l", [items]], ["d", [[key, value], ...]]; a list or dict
that is one object in several places (PyYAML writes an anchor and aliases) is ["o", n, value]
in each. The last cases share objects: oslo's data holds one default list in two options.
The generator is seeded: the same oracle gives the same file. Run it through make-golden.sh.
"""
import copy
import json
import pathlib
import random
import struct
import sys

import yaml

TOP = pathlib.Path(__file__).resolve().parents[2]
OUT = TOP / 'tests' / 'golden' / 'pyyaml' / 'cases.json'

LOOKALIKES = [
    # YAML 1.1 booleans in their cases, and near misses.
    'yes', 'Yes', 'YES', 'yEs', 'no', 'No', 'NO', 'nO', 'true', 'True', 'TRUE', 'tRUE',
    'false', 'False', 'FALSE', 'on', 'On', 'ON', 'oN', 'off', 'Off', 'OFF', 'oFF', 'y', 'Y',
    'n', 'N', 't', 'f',
    # nulls
    '~', 'null', 'Null', 'NULL', 'nULL', 'None', 'none', '',
    # ints: binary, octal (YAML 1.1's 0 prefix and YAML 1.2's 0o), hex, underscores,
    # sexagesimal, signs, big
    '0', '-0', '+0', '00', '017', '018', '0o17', '0O17', '0b101', '0b', '0b2', '0x1F', '0x1f_ff',
    '0X1F', '0x', '1_000', '_1000', '1000_', '+1', '-1', '1:30', '190:20:30', '1:60', '1:5',
    '-1:30', '0:30', '12345678901234567890123', '-9223372036854775809',
    # floats: YAML 1.1 needs a dot and a signed exponent
    '1.5', '1.', '.5', '-.5', '+1.5', '1.5e3', '1.5e+3', '1.5E-3', '1e5', '1e+5', '1E5',
    '1.0e+16', '.5e+3', '._5', '1_0.5', '1:30.5', '1:30.', '-1:30.5', '.inf', '.Inf', '.INF',
    '-.inf', '+.inf', '.iNf', 'inf', '-inf', 'Infinity', '.nan', '.NaN', '.NAN', '.nAn',
    'nan', 'NaN', '6.8523015e+5', '685.230_15e+03', '1e-06', '5e-324',
    # timestamps
    '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5',
    '2001-12-15T02:59:43.1Z', '2001-12-14 21:59:43', '2001-1-1', '2001-01-01x', '20011214',
    '2001-12-14\t21:59:43 Z', '2001-12-14 1:59:43.',
    # merge, value, yaml
    '<<', '<', '<<<', '=', '==', '!', '&', '*', '!!', '&a', '*a',
]

INDICATORS = list('-?:,[]{}#&*!|>\'"%@`') + ['- ', '? ', ': ', ' #', '# ', '---', '...', '--', '..',
                                             ':x', '-x', '?x', 'a:', 'a: b', 'a :b', 'a#b',
                                             'a #b', '- a', '---x', '... x', '[a]', '{a: b}']

BREAKS = ['\n', '\n\n', '\n\n\n', '\r\n', '\r', '\x85', '\u2028', '\u2029', '\x0b', '\x0c']
SPACES = [' ', '  ', '   ', '\t', ' \t', '\t ']

UNICODE = ['é', 'café', 'naïve', '\xa0', 'a\xa0b', '\xad', '\u00ff', '\u0100', 'Ω', '設定',
           '中文', '한국어', 'עברית', 'العربية', '🚀', '👍🏽', '👩\u200d💻', 'e\u0301', 'ﬁ',
           '\ufeff', '\ufffd', '\ufffe', '\uffff', '\ue000', '\U0001f680', '\U0010fffd',
           '\U0010ffff', '\u3000', '\u200b', '\x80', '\x9f', '\x7f']

CONTROL = [chr(c) for c in range(0x20)] + ['\x7f']

WORDS = ('the option value of a service when set to true or false is used by nova and glance '
         'api servers endpoints image signature verification certificate').split()
PUNCT = ['.', ',', ';', ':', '!', '?', '"', "'", '(', ')', '[', ']', '*', '&', '/', '\\', '#',
         '%', '@', '`', '|', '>', '=', '~', '<', '{', '}', '-', '_', '+']


def long_word(rng):
    return rng.choice('abcxyz') * rng.randint(60, 200)


def sentence(rng, lo, hi):
    """Words and single or double spaces: the folding of every style at width 80."""
    parts = []
    for _ in range(rng.randint(lo, hi)):
        r = rng.random()
        if r < 0.7:
            parts.append(rng.choice(WORDS))
        elif r < 0.8:
            parts.append(rng.choice(WORDS) + rng.choice(PUNCT))
        elif r < 0.87:
            parts.append(rng.choice(UNICODE))
        elif r < 0.92:
            parts.append('x' * rng.randint(1, 90))
        else:
            parts.append(rng.choice(['\\', "'", '"', "it's", '"q"', '\t', '\\n']))
        parts.append(rng.choice([' '] * 12 + ['  ', '   ']))
    return ''.join(parts[:-1])


def piece(rng):
    r = rng.random()
    if r < 0.22:
        return rng.choice(WORDS)
    if r < 0.32:
        return rng.choice(LOOKALIKES)
    if r < 0.44:
        return rng.choice(INDICATORS)
    if r < 0.56:
        return rng.choice(BREAKS)
    if r < 0.66:
        return rng.choice(SPACES)
    if r < 0.76:
        return rng.choice(UNICODE)
    if r < 0.82:
        return rng.choice(CONTROL)
    if r < 0.88:
        return rng.choice(PUNCT)
    if r < 0.94:
        return sentence(rng, 3, 25)
    return long_word(rng)


def hostile_text(rng):
    kind = rng.random()
    if kind < 0.25:
        return rng.choice(LOOKALIKES + INDICATORS)
    if kind < 0.35:
        # A look-alike with something around it.
        return rng.choice(['', ' ', '\n', 'x', '-', '\t']) + rng.choice(LOOKALIKES) + \
            rng.choice(['', ' ', '\n', 'x', ':', '\t'])
    if kind < 0.55:
        # Help texts: sentences and paragraphs, maybe with one odd character.
        text = sentence(rng, 5, 60)
        for _ in range(rng.randint(0, 4)):
            text += rng.choice(['\n', '\n\n', '\n\n\n', '\n ', '\n  * ', ' \n']) + sentence(rng, 1, 30)
        if rng.random() < 0.3:
            at = rng.randint(0, len(text))
            text = text[:at] + piece(rng) + text[at:]
        return text
    return ''.join(piece(rng) for _ in range(rng.randint(1, 8)))


def random_float(rng):
    r = rng.random()
    if r < 0.25:
        return rng.choice([0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1e-06, 1e-05, 0.0001, 1e16, 1e17, 1e15,
                           123456789012345.6, 1e300, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308,
                           float('inf'), float('-inf'), float('nan'), 3.0, 100.0, 1e22, 1e-7, 2.5e-5])
    if r < 0.6:
        return rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30)
    if r < 0.7:
        return float(rng.randint(-10 ** 6, 10 ** 6)) / rng.choice([1, 2, 4, 8, 10, 100, 1000])
    if r < 0.8:
        # Halves and quarters of 16-digit numbers: ties between the two shortest reprs.
        return float(rng.randint(-2 ** 53, 2 ** 53)) / rng.choice([2, 4, 8, 16, 1024])
    bits = rng.getrandbits(64)
    f = struct.unpack('<d', struct.pack('<Q', bits))[0]
    return f


def random_int(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice([0, 1, -1, 2 ** 31, 2 ** 63 - 1, 2 ** 63, 2 ** 64 - 1, 2 ** 64, -2 ** 63,
                           -2 ** 63 - 1, 2 ** 100, -2 ** 126, 2 ** 127 - 1, -2 ** 127, 65535, 1000])
    if r < 0.7:
        return rng.randint(-1000, 100000)
    return rng.randint(-2 ** 127, 2 ** 127 - 1)


def scalar(rng):
    r = rng.random()
    if r < 0.72:
        return hostile_text(rng)
    if r < 0.82:
        return random_float(rng)
    if r < 0.92:
        return random_int(rng)
    if r < 0.96:
        return rng.choice([True, False])
    return None


def value(rng, depth=0):
    r = rng.random()
    if depth < 2 and r < 0.12:
        return [value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 2 and r < 0.2:
        return {hostile_text(rng): value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    return scalar(rng)


def place(rng, value, key):
    """The value where oslo's data holds values: a help under options/<group>/opts, a choice
    pair, a list default, a dict default's key, the document itself. Each place gets a copy."""
    def v():
        return copy.deepcopy(value)
    shape = rng.randrange(6)
    if shape == 0:
        return {'options': {'DEFAULT': {'opts': [{'help': v(), 'name': 'x'}]}}}
    if shape == 1:
        return {'choices': [[v(), key]], 'default': v()}
    if shape == 2:
        return {'default': [v(), [v()]], 'k': {'deeper': {'still': {'and': v()}}}}
    if shape == 3:
        return {'default': {key: v()}, key: [v()]}
    if shape == 4:
        return [{'a': v(), key: None}]
    return v()


def shared(rng):
    """Lists and dicts that are one object in several places, where oslo's data has them (one
    default in two options) and elsewhere: nested, in a list, met a second time in another
    order than the first (PyYAML numbers anchors by the second meeting)."""
    def collection():
        c = value(rng, 1)
        while not isinstance(c, (list, dict)):
            c = value(rng, 1)
        return c
    x, y = collection(), collection()
    shape = rng.randrange(5)
    if shape == 0:
        return {'options': {'DEFAULT': {'opts': [{'default': x, 'name': 'a'}]},
                            'backend': {'opts': [{'default': x, 'name': 'a'}]}}}
    if shape == 1:
        return {'a': x, 'b': y, 'c': y, 'd': x}
    if shape == 2:
        return [x, [x, {'k': x}], y, {'z': y}]
    if shape == 3:
        return {'outer': {'in': x, 'more': [x, x]}, 'y': [x]}
    return {hostile_text(rng): x, hostile_text(rng): x, hostile_text(rng): [y, y]}


def objects_of(v):
    """The ids of the lists and dicts met more than once in v, numbered in the order they are
    first met (ids are addresses: numbering by them would differ from run to run)."""
    seen, again = [], set()

    def walk(v):
        if isinstance(v, (list, dict)):
            if id(v) in seen:
                again.add(id(v))
                return
            seen.append(id(v))
            for x in (v if isinstance(v, list) else v.values()):
                walk(x)
    walk(v)
    return {i: n for n, i in enumerate(i for i in seen if i in again)}


def tagged(v, objects=None):
    if objects is None:
        objects = objects_of(v)
    if id(v) in objects and isinstance(v, (list, dict)):
        return ['o', objects[id(v)], tagged_value(v, objects)]
    return tagged_value(v, objects)


def tagged_value(v, objects):
    if v is None:
        return ['n']
    if isinstance(v, bool):
        return ['b', v]
    if isinstance(v, int):
        return ['i', str(v)]
    if isinstance(v, float):
        return ['f', repr(v)]
    if isinstance(v, str):
        return ['s', v]
    if isinstance(v, list):
        return ['l', [tagged(x, objects) for x in v]]
    if isinstance(v, dict):
        return ['d', [[k, tagged(x, objects)] for k, x in v.items()]]
    raise TypeError(type(v))


def main():
    rng = random.Random(20261124)
    cases = []
    # Every look-alike and indicator as a mapping value and as a key, then random ones.
    for text in LOOKALIKES + INDICATORS + BREAKS + SPACES + UNICODE + CONTROL + PUNCT:
        cases.append({'k': text, text or '?': [text]})
    while len(cases) < 4000:
        cases.append(place(rng, value(rng), hostile_text(rng)))
    rng = random.Random(20261202)
    while len(cases) < 4400:
        cases.append(shared(rng))
    out = [{'value': tagged(c), 'yaml': yaml.safe_dump(c, default_flow_style=False)} for c in cases]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=True, indent=0) + '\n', encoding='ascii')
    print(f'{OUT.relative_to(TOP)}: {len(out)} cases (PyYAML {yaml.__version__})')


if __name__ == '__main__':
    sys.exit(main())
