#!/usr/bin/env python3
"""Writes tests/golden/validate/: generated config files and what oslo.config makes of them.

`confspec validate` claims to check each value as oslo.config would. This puts that to the
test: a spec with options of every oslo type and parameter mix (spec.yaml), config files
that set them to generated values, hostile ones included (Unicode digits and whitespace,
underscores, big integers, quotes, `$` references to options that exist, are missing, live
in other groups or refer back to themselves, `$$` and `\\$` escapes), and, for every option
a file sets, whether oslo.config 10.7.0 loading that real file accepts the value
(verdicts.json). Run through scripts/oracle/make-golden.sh; the generator is seeded, so the
same oracle writes the same files. tests/validate_values.rs runs confspec on them.
"""
import json
import logging
import os
import pathlib
import random
import shutil
import sys

from oslo_config import cfg
from oslo_config import types

TOP = pathlib.Path(__file__).resolve().parents[2]
OUT = TOP / 'tests' / 'golden' / 'validate'
FILES = 110
SEED = 17

# The options: (group, name, spec type parameters, extra option attributes). Types are
# written as in a spec; `oslo_type` turns the same parameters into oslo_config.types.
OPTIONS = [
    ('DEFAULT', 'state_path', {'type': 'string'}, {'default': '/var/lib/svc'}),
    ('DEFAULT', 'lock_path', {'type': 'string'}, {'default': '$state_path/lock'}),
    ('DEFAULT', 'host', {'type': 'hostname'}, {'default': 'node1.example.org'}),
    ('DEFAULT', 'workers', {'type': 'integer', 'min': 1}, {'default': 4}),
    ('DEFAULT', 'ratio', {'type': 'float'}, {'default': 2.5}),
    ('DEFAULT', 'debug', {'type': 'boolean'}, {'default': False}),
    ('DEFAULT', 'unset', {'type': 'string'}, {}),
    ('DEFAULT', 'newline', {'type': 'string'}, {'default': 'abc\n'}),
    ('DEFAULT', 'names', {'type': 'list'}, {'default': ['a', 'b']}),
    ('DEFAULT', 'loop', {'type': 'string'}, {'default': '$loop'}),
    ('other', 'word', {'type': 'string'}, {'default': 'other'}),
    ('other', 'count', {'type': 'integer'}, {'default': 7}),
    ('other', 'pairs', {'type': 'dict'}, {'default': {'k': 'v'}}),
    ('other', 'span', {'type': 'range'}, {'default': '1-3'}),
    ('other', 'peer', {'type': 'ip_address'}, {'default': '10.0.0.1'}),
    ('checks', 's_plain', {'type': 'string'}, {}),
    ('checks', 's_choices', {'type': 'string', 'choices': ['a', 'b', 'C d', '', 'x,y']}, {}),
    ('checks', 's_choices_ic',
     {'type': 'string', 'choices': ['Yes', 'No', 'Straße', 'İstanbul', 'ſun'], 'ignore_case': True}, {}),
    ('checks', 's_regex', {'type': 'string', 'regex': '^[a-z]+$'}, {}),
    ('checks', 's_regex_ic', {'type': 'string', 'regex': '^[a-z]+[0-9]*$', 'ignore_case': True}, {}),
    ('checks', 's_regex_classes', {'type': 'string', 'regex': r'^\w+\s\w+$'}, {}),
    ('checks', 's_regex_digits', {'type': 'string', 'regex': r'^\d{2,4}$'}, {}),
    ('checks', 's_regex_end', {'type': 'string', 'regex': 'abc$'}, {}),
    ('checks', 's_regex_python',
     {'type': 'string', 'regex': r'^(?P<k>[^\W\d]+)=[\S]{,3}\Z'}, {}),
    ('checks', 's_regex_search', {'type': 'string', 'regex': r'[.][a-z]{2}', 'ignore_case': True}, {}),
    ('checks', 's_regex_boundary', {'type': 'string', 'regex': r'\b[bx]\b'}, {}),
    ('checks', 's_maxlen', {'type': 'string', 'max_length': 5}, {}),
    ('checks', 's_quotes', {'type': 'string', 'quotes': True}, {}),
    ('checks', 's_quotes_maxlen', {'type': 'string', 'quotes': True, 'max_length': 4}, {}),
    ('checks', 's_regex_maxlen', {'type': 'string', 'regex': '^a', 'max_length': 3}, {}),
    ('checks', 'i_plain', {'type': 'integer'}, {}),
    ('checks', 'i_bounds', {'type': 'integer', 'min': -5, 'max': 100}, {}),
    ('checks', 'i_min', {'type': 'integer', 'min': 0}, {}),
    ('checks', 'i_huge_max', {'type': 'integer', 'max': 10**18}, {}),
    ('checks', 'i_choices', {'type': 'integer', 'choices': [1, 5, 10]}, {}),
    ('checks', 'i_choices_bounds', {'type': 'integer', 'min': 0, 'max': 10, 'choices': [0, 10]}, {}),
    ('checks', 'p_plain', {'type': 'port'}, {}),
    ('checks', 'p_narrow', {'type': 'port', 'min': 1024, 'max': 2048}, {}),
    ('checks', 'p_choices', {'type': 'port', 'choices': [80, 443]}, {}),
    ('checks', 'f_plain', {'type': 'float'}, {}),
    ('checks', 'f_bounds', {'type': 'float', 'min': 0.5, 'max': 10.0}, {}),
    ('checks', 'f_int_bounds', {'type': 'float', 'min': -1, 'max': 1}, {}),
    ('checks', 'b_plain', {'type': 'boolean'}, {}),
    ('checks', 'l_str', {'type': 'list'}, {}),
    ('checks', 'l_int', {'type': 'list', 'item_type': {'type': 'integer', 'min': 0, 'max': 100}}, {}),
    ('checks', 'l_bounds', {'type': 'list', 'bounds': True}, {}),
    ('checks', 'l_min_length', {'type': 'list', 'min_length': 2}, {}),
    ('checks', 'l_quotes', {'type': 'list', 'item_type': {'type': 'string', 'quotes': True}}, {}),
    ('checks', 'l_bool', {'type': 'list', 'item_type': 'boolean'}, {}),
    ('checks', 'l_float', {'type': 'list', 'item_type': 'float'}, {}),
    ('checks', 'l_port', {'type': 'list', 'item_type': 'port', 'bounds': True}, {}),
    ('checks', 'l_choices', {'type': 'list', 'item_type': {'type': 'string', 'choices': ['x', 'y', 'x,y']}}, {}),
    ('checks', 'l_host', {'type': 'list', 'item_type': 'hostname'}, {}),
    ('checks', 'l_uri', {'type': 'list', 'item_type': 'uri'}, {}),
    ('checks', 'l_ip', {'type': 'list', 'item_type': {'type': 'ip_address', 'version': 4}}, {}),
    ('checks', 'd_str', {'type': 'dict'}, {}),
    ('checks', 'd_int', {'type': 'dict', 'value_type': {'type': 'integer', 'min': 0}}, {}),
    ('checks', 'd_bounds', {'type': 'dict', 'bounds': True}, {}),
    ('checks', 'd_sep', {'type': 'dict', 'key_value_separator': '='}, {}),
    ('checks', 'd_min_length', {'type': 'dict', 'min_length': 2}, {}),
    ('checks', 'd_bool', {'type': 'dict', 'value_type': 'boolean'}, {}),
    ('checks', 'd_choices', {'type': 'dict', 'value_type': {'type': 'string', 'choices': ['a', 'a,b']}}, {}),
    ('checks', 'ip_any', {'type': 'ip_address'}, {}),
    ('checks', 'ip_v4', {'type': 'ip_address', 'version': 4}, {}),
    ('checks', 'ip_v6', {'type': 'ip_address', 'version': 6}, {}),
    ('checks', 'ha_any', {'type': 'host_address'}, {}),
    ('checks', 'ha_v6', {'type': 'host_address', 'version': 6}, {}),
    ('checks', 'hd_any', {'type': 'host_domain'}, {}),
    ('checks', 'hn', {'type': 'hostname'}, {}),
    ('checks', 'u_plain', {'type': 'uri'}, {}),
    ('checks', 'u_schemes', {'type': 'uri', 'schemes': ['http', 'https']}, {}),
    ('checks', 'u_schemes_upper', {'type': 'uri', 'schemes': ['HTTP', 'git+ssh']}, {}),
    ('checks', 'u_max_length', {'type': 'uri', 'max_length': 20}, {}),
    ('checks', 'r_plain', {'type': 'range'}, {}),
    ('checks', 'r_bounds', {'type': 'range', 'min': 0, 'max': 10}, {}),
    ('checks', 'r_exclusive', {'type': 'range', 'min': -5, 'max': 5, 'inclusive': False}, {}),
    ('checks', 'ms', {'type': 'multi_string'}, {}),
    ('checks', 'renamed', {'type': 'integer', 'min': 0},
     {'deprecated_opts': [{'name': 'old-renamed'}], 'deprecated_name': 'older_renamed'}),
    ('checks', 'moved', {'type': 'string', 'max_length': 3}, {'deprecated_opts': [{'name': 'old-moved', 'group': 'legacy'}]}),
]

WHITESPACE = [' ', '\t', '\x0b', '\x0c', '\x1c', '\x1d', '\x1e', '\x1f', '\x85', '\xa0', '\u1680',
              '\u2000', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\u200b', '\ufeff']
DIGITS = ['0', '5', '9', '١', '٥', '۳', '५', '৭', '๓', '１', '５', '𝟗', '𝟎', '²', '½', 'Ⅻ', '٫']

INTEGERS = ['0', '1', '-1', '+5', '00', '007', '-0', '1_000', '1__0', '_1', '1_', '+_1', '0_1',
            '1.0', '1e3', '0x10', '١٢', '１２', '٣', '𝟗', '²', '½', '12abc', '', '--1', '+-1',
            '5\x1c', '\x1c5', '5\x85', '\u20285', ' 7 ', '\xa07', '7\u3000', '1 2', 'true', 'inf',
            str(2**63), str(2**127 - 1), str(2**127), str(-2**127), str(-2**127 - 1), str(10**40),
            '-' + str(10**40), '1_' * 20 + '1', '9' * 4300, '9' * 4301, '0' * 4300 + '1', '٩' * 50,
            str(10**18), str(10**18 + 1), '99', '100', '101', '-5', '-6', '10', '11']
FLOATS = ['0', '1.5', '-0.0', '.5', '5.', '.', '1e3', '1E-3', '1e', 'e3', '1_000.5', '1._5', '1e_5',
          '1_e5', '1.5_0', '1__0.5', 'inf', '-inf', 'Infinity', '+INFINITY', 'nan', 'NaN', '-nan',
          'in_f', '１.５', '١.٥', '1e400', '-1e400', '0x1p3', '1,5', ' 2.5 ', '\x1c2.5', '2.5\u2028',
          str(2**70), '9' * 400, '0.5', '0.49999', '10', '10.000001', '-1', '1', '1.0000001',
          '-1.0000001', '1e-400', '', '12abc', '１e５', '1٫5', 'infinit', 'nanx']
BOOLEANS = ['true', 'True', 'TRUE', 'yes', 'no', 'on', 'off', 'ON', '1', '0', 'y', 'n', 'tru', '',
            'ｔｒｕｅ', '１', 'on\x1c', 'yes ', 'faLse', 'None', '2']
STRINGS = ['', 'a', 'abc', 'ABC', 'abc1', 'ABC١', 'ſun', 'ıi', 'İ', 'K', 'Kk', 'a b', 'a\xa0b',
           'a\x1cb', 'a\u2028b', 'x' * 5, 'x' * 6, '"quoted"', "'single'", '"unclosed', '"', "'",
           '"a\'', 'Straße', 'STRASSE', 'straße', 'İSTANBUL', 'i̇stanbul', 'istanbul', 'ſUN', 'SUN',
           '１２３', '12', '1234', '12345', '١٢', 'abc\u0301', 'a_b c_d', 'a²b c', 'é ü', 'a\u3000b',
           'a\x85b', 'k=v', 'key=ab', 'k=abcd', 'é=x', '1=x', '_=', 'ab.cd', 'x.Ab', 'x.ſt', 'a.K',
           'aaa', 'abab', '"ab"', '"abcd"', '"abcde"', 'ab"', 'Yes', 'yes', 'YES', 'no', 'x,y', 'C d',
           'b', 'c d']
# Where Python's `re` and other regex engines part: Unicode classes (Python 3.11 knows Unicode
# 14, so the digits Unicode 15 added are not `\d` for it), case folding, `$`.
REGEX_STRINGS = ['ıi', 'İ', 'ſun', 'K', 'kelvin K', 'Kk1', 'ABC١', 'abc²', '١٢', '𑽐𑽑', '𞓰𞓱', '٣٤٥٦',
                 '１２', 'a\x1cb', 'a\u2028b', 'a\x85b', 'a\u200bb', 'a\u180eb', 'a\u3000b', 'a²b c',
                 'a\u0301b c', 'a‿b c', 'ⅫⅫ x', '½ x', 'ǅ x', 'x.Ab', 'x.ſt', 'x.K', 'x.١٢', 'é=x', 'k=abcd',
                 '1=x', '_=', 'ab=x\u3000', 'ab=x y', 'ǅ=', 'µ=µ', 'Σ=σς', 'abc', 'xabc', 'ABC', 'Abc',
                 'aaa', 'abcd', 'a', 'ab']
IPS = ['127.0.0.1', '0.0.0.0', '255.255.255.255', '256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.04',
       '::1', '::', 'fe80::1%eth0', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1::2:3:4:5:6:7',
       '1:2:3:4:5:6:7::', '::1.2.3.4', '::1.2.3.04', '1.2.3.4.5', '١.٢.٣.٤', '[::1]',
       '1.2.3.4/24', 'abc', '', '::g', '0:0:0:0:0:0:0:0:0', '1:2:3:4:5:6:1.2.3.4', '::0001',
       '00001::', 'FE80::1', '1.2.3.4 x', '12.34.56.78', '1.1.1.1:80', '::ffff:256.1.1.1', '0x7f.0.0.1',
       '1:2:3:4:5:6:7:8:9', ':1::', '1::', ':::']
HOSTS = ['example.com', 'example.com.', 'EXAMPLE.COM', 'ex_ample.com', '_srv.example.com', '-a.com',
         'a-.com', 'a..b', '.a', 'a', '123', '1.2.3', '1.2.3.a', '1.2.3.4', 'ſun.com', 'ı.com',
         'İ.com', 'K.com', 'é.com', 'a' * 63 + '.com', 'a' * 64 + '.com', ('a' * 62 + '.') * 4 + 'com',
         ('a' * 61 + '.') * 4 + 'co', 'a.b-', 'a.-b', 'xn--bcher-kva.ch', 'a b', '*.a.com', 'a.1',
         'a.1b', 'a.b1', 'a.-', 'a.', '.', '..', 'a.b_', 'localhost', 'LOCALHOST', '::1', '10.0.0.1',
         'a.ſ', 'a.K', 'host\x1c', 'a.b.c.d.e', '١٢٣.com', 'a.١']
URIS = ['http://example.com', 'http://example.com/', 'https://user:pw@host:8080/p?q#f', 'http://a@b@c/',
        'http://x:abc/', 'http://x:123456/', 'http://x:99999/', 'http://x:/', 'http://:80/',
        'http://user@/', 'http:///path', 'http:/path', 'mailto:a@b', 'HTTP://x', 'Http://x', 'ftp://x',
        'http://[::1]/', 'http://[fe80::1%eth0]/', 'http://[fe80::1%25eth0]/', 'http://[::1',
        'http://1.2.3.256/', 'http://1.2.3.4/', 'http://999.1.1.1/', 'http://a b/', 'http://a%20b/',
        'http://a%2/', 'http://ex[ample]/', 'http://host/pa[th]', 'http://host/p%zz', 'http://hoſt/',
        'http://é.com/', 'http://host/é', '1http://x', 'h+t.p-://x', '://x', 'http://[v1.x]/',
        'http://[V1.x]/', 'http://[v1.]/', 'git+ssh://git@host/r', 'GIT+SSH://h', 'http://x' + 'y' * 12,
        'http://x' + 'y' * 13, 'http://h/?q=[x]', 'http://h/#[f]', 'http://h:8080', 'http://h:',
        'http://[1:2:3:4:5:6:7:8]/', 'http://[1:2:3:4:5:6:7:8:9]/', 'http://[::1.2.3.999]/',
        'http://1.2.3/', 'http://01.02.03.04/', 'http://h\\x/', 'file:///etc/x', 'x://h', 'http://h\x1c/',
        'http://%41/', 'http://a%zz/', 'https://h/a b', 'http://u:p:q@h/', 'http://u%40@h/', 'http://!$&/',
        'http://h/%', 'http://[::ffff:1.2.3.4]/', 'urn:isbn:1', 'http://host:0080/', '', 'http://']
RANGES = ['1', '0', '-1', '1-5', '5-1', '-5--1', '-5-5', '01', '1-', '-', '1-05', '1--5', '1_0',
          '١', '1-' + str(10**40), str(-10**40) + '-1', '0-0', '-0', '0-10', '0-11', '-1-10', '10-0',
          '11-0', '5--5', '-6-4', '4-6', '-5-4', '1 - 5', '1-5-', 'a-b', '', '3', '5', '-5', '6']


class Opts:
    """oslo_config opts built from OPTIONS."""

    @staticmethod
    def oslo_type(spec):
        if isinstance(spec, str):
            spec = {'type': spec}
        t = spec['type']
        p = {k: v for k, v in spec.items() if k != 'type'}
        if t == 'string':
            return types.String(**p)
        if t == 'integer':
            return types.Integer(**p)
        if t == 'port':
            return types.Port(**p)
        if t == 'float':
            return types.Float(**p)
        if t == 'boolean':
            return types.Boolean()
        if t == 'list':
            item = p.pop('item_type', None)
            return types.List(item_type=Opts.oslo_type(item) if item else None, **p)
        if t == 'dict':
            value = p.pop('value_type', None)
            return types.Dict(value_type=Opts.oslo_type(value) if value else None, **p)
        if t == 'ip_address':
            return types.IPAddress(**p)
        if t == 'host_address':
            return types.HostAddress(**p)
        if t == 'host_domain':
            return types.HostDomain(**p)
        if t == 'hostname':
            return types.Hostname()
        if t == 'uri':
            return types.URI(**p)
        if t == 'range':
            return types.Range(**p)
        if t == 'multi_string':
            return types.MultiString()
        raise ValueError(t)

    @staticmethod
    def opt(name, spec, extra):
        kwargs = {}
        if 'default' in extra:
            kwargs['default'] = extra['default']
        if 'deprecated_opts' in extra:
            kwargs['deprecated_opts'] = [cfg.DeprecatedOpt(d['name'], group=d.get('group'))
                                         for d in extra['deprecated_opts']]
        if 'deprecated_name' in extra:
            kwargs['deprecated_name'] = extra['deprecated_name']
        if spec['type'] == 'multi_string':
            return cfg.MultiStrOpt(name, **kwargs)
        return cfg.Opt(name, type=Opts.oslo_type(spec), **kwargs)

    @staticmethod
    def register(conf):
        for group, name, spec, extra in OPTIONS:
            conf.register_opt(Opts.opt(name, spec, extra), group=None if group == 'DEFAULT' else group)


def yaml_str(s):
    """A YAML scalar that reads back as exactly the string s."""
    if all(0x20 <= ord(c) < 0x7f for c in s):
        return "'" + s.replace("'", "''") + "'"
    out = []
    for c in s:
        o = ord(c)
        if c in '"\\':
            out.append('\\' + c)
        elif o < 0x20 or 0x7f <= o < 0xa0 or c in '\u2028\u2029\ufeff' or 0xd800 <= o < 0xe000:
            out.append(f'\\x{o:02x}' if o < 0x100 else f'\\u{o:04x}')
        else:
            out.append(c)
    return '"' + ''.join(out) + '"'


def yaml_value(v):
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return yaml_str(v)
    if isinstance(v, list):
        return '[' + ', '.join(yaml_value(x) for x in v) + ']'
    if isinstance(v, dict):
        return '{' + ', '.join(f'{yaml_str(k)}: {yaml_value(x)}' for k, x in v.items()) + '}'
    raise TypeError(v)


def write_spec(path):
    lines = ['# @generated by scripts/oracle/make_validate_cases.py: the options of the value checks.',
             'namespace: confspec.validate', 'groups:']
    for group in ['DEFAULT', 'other', 'checks']:
        lines += [f'  - name: {group}', '    options:']
        for g, name, spec, extra in OPTIONS:
            if g != group:
                continue
            items = [f'name: {name}'] + [f'{k}: {yaml_value(v)}' for k, v in spec.items()]
            for key in ('default', 'deprecated_name'):
                if key in extra:
                    items.append(f'{key}: {yaml_value(extra[key])}')
            if 'deprecated_opts' in extra:
                items.append('deprecated_opts: ' + yaml_value(extra['deprecated_opts']))
            lines.append('      - {' + ', '.join(items) + '}')
    path.write_text('\n'.join(lines) + '\n', encoding='utf-8')


class Values:
    """The generated values: typed pools, hostile whitespace, `$` references."""

    def __init__(self, rng):
        self.rng = rng

    def spaced(self, s):
        r = self.rng
        return r.choice(WHITESPACE) * r.randint(0, 1) + s + r.choice(WHITESPACE) * r.randint(0, 1)

    def digits(self):
        r = self.rng
        return ''.join(r.choice(DIGITS) for _ in range(r.randint(1, 3)))

    def scalar(self, spec):
        if isinstance(spec, str):
            spec = {'type': spec}
        r, t = self.rng, spec['type']
        pick = r.random()
        if t in ('integer', 'port'):
            if pick < 0.55:
                return r.choice(INTEGERS + [str(c) for c in spec.get('choices', [])])
            if pick < 0.75:
                lo, hi = spec.get('min', -20), spec.get('max', 120 if t == 'integer' else 65536)
                return str(r.randint(lo - 2, min(hi, 10**6) + 2))
            if pick < 0.85:
                return self.spaced(str(r.randint(-3, 80)))
            return r.choice(['', '-', '+']) + self.digits()
        if t == 'float':
            if pick < 0.6:
                return r.choice(FLOATS)
            if pick < 0.8:
                return repr(r.uniform(-2, 12))
            return self.digits() + r.choice(['', '.', '.5', 'e1', '_5']) + r.choice(['', self.digits()])
        if t == 'boolean':
            return r.choice(BOOLEANS) if pick < 0.85 else self.spaced(r.choice(['true', 'no']))
        if t == 'string' and spec.get('regex') and pick < 0.5:
            return r.choice(REGEX_STRINGS)
        if t == 'string':
            if pick < 0.7:
                return r.choice(STRINGS + spec.get('choices', []))
            if pick < 0.85:
                return self.spaced(r.choice(STRINGS))
            return ''.join(r.choice('aZ_1 ') for _ in range(r.randint(1, 6)))
        if t in ('ip_address',):
            return r.choice(IPS)
        if t in ('hostname', 'host_address', 'host_domain'):
            return r.choice(HOSTS + IPS) if pick < 0.9 else self.spaced(r.choice(HOSTS))
        if t == 'uri':
            return r.choice(URIS)
        if t == 'range':
            return r.choice(RANGES)
        if t == 'multi_string':
            return r.choice(STRINGS)
        raise ValueError(t)

    def composite(self, spec):
        r, t = self.rng, spec['type']
        if t == 'list':
            item = spec.get('item_type', 'string')
            n = r.choice([0, 1, 1, 2, 2, 3, 4])
            seps = [',', ', ', ' ,', ',' + r.choice(WHITESPACE), r.choice(WHITESPACE) + ',']
            items = [self.scalar(item) if r.random() < 0.8 else self.spaced(self.scalar(item)) for _ in range(n)]
            text = ''
            for i, it in enumerate(items):
                text += (r.choice(seps) if i else '') + it
            if r.random() < 0.1:
                text += ','
            if spec.get('bounds') and r.random() < 0.8:
                text = r.choice(['[', ' [', '']) + text + r.choice([']', '] ', ''])
            elif r.random() < 0.05:
                text = '[' + text + ']'
            return text
        if t == 'dict':
            value = spec.get('value_type', 'string')
            sep = spec.get('key_value_separator', ':')
            n = r.choice([0, 1, 1, 2, 3])
            keys = ['a', 'b', 'k', ' a', 'a,b', '', 'x y', 'é']
            pairs = []
            for _ in range(n):
                k = r.choice(keys)
                v = self.scalar(value)
                form = r.random()
                if form < 0.8:
                    pairs.append(k + r.choice([sep, ' ' + sep + ' ', sep + '\x1c']) + v)
                elif form < 0.9:
                    pairs.append(k)
                else:
                    pairs.append(k + sep + v + sep + 'z')
            text = r.choice([',', ', ']).join(pairs)
            if spec.get('bounds') and r.random() < 0.8:
                text = r.choice(['{', ' {', '']) + text + r.choice(['}', '} ', ''])
            return text
        return self.scalar(spec)

    FIXED_REFS = ['$missing', '${missing}', '${nogroup.x}', '$other', '$checks', '${DEFAULT.state_path}',
                  '$$', '$$state_path', '\\$state_path', 'a\\$b', '$', '1$', '$1', '${', '${state_path',
                  '${}', '$ x', '$-x', '$state_path.', '$state_path.x', '$ſtate_path', '$State_path',
                  '${other.word}', '$other.word', '${other.count}', '$other.count', '${checks.s_plain}',
                  '$unset', '${unset}', 'x${unset}y', '$newline', '$names', '$lock_path', '$loop',
                  '$older_renamed', '$old_renamed', '$host', '$workers', '$ratio', '$debug',
                  '${other.pairs}', '${other.span}', '${other.peer}', '\\$\\$', '$$$', '\\', '$\\',
                  '$$$$state_path', '$state_path$state_path', '${state_path}x', '$state_pathx',
                  '$i_plain', '$ip_any', '$u_plain', '$l_str', '$d_str', '$ms', '$hn', '$b_plain',
                  '$f_plain', '$r_plain', '$s_quotes', '$renamed', '$moved', '${other.word}${other.count}',
                  '$STATE_PATH', '$Kx', '$ıx', '$İx']

    def reference(self, group, name, spec, clean):
        """A value with `$` in it; in a clean file, mostly a reference that can pass."""
        r = self.rng
        pick = r.uniform(0.42, 0.55) if clean and r.random() < 0.5 else r.random()
        same = [n for g, n, _, _ in OPTIONS if g == group]
        if pick < 0.3:
            return r.choice(self.FIXED_REFS)
        if pick < 0.42:
            target = r.choice(same)
            return r.choice(['$' + target, '${' + target + '}', '${' + target + '}', '${' + target, '$' + target + '.'])
        if pick < 0.55:
            # An option of the same type, or any for a string: what the reference gives can pass.
            fits = [(g, n) for g, n, s, _ in OPTIONS
                    if s['type'] == spec['type'] or spec['type'] in ('string', 'multi_string')]
            g, n = r.choice(fits)
            return '${' + (n if g in (group, 'DEFAULT') else g + '.' + n) + '}'
        if pick < 0.6:
            return '$' + name  # itself
        base = self.composite(spec) if spec['type'] in ('list', 'dict') else self.scalar(spec)
        # Braces, mostly, so that the text after the reference does not lengthen its name.
        ref = r.choice(self.FIXED_REFS + ['${' + n + '}' for n in same] * 2 + ['$' + n for n in same])
        cut = r.randint(0, len(base))
        return base[:cut] + ref + base[cut:]

    def value(self, group, name, spec, clean):
        """A value for the option; in a clean file, one its type accepts unless it refers to
        other options (whose values, valid too, are what the references put in)."""
        if self.rng.random() < (0.18 if clean else 0.22):
            return self.reference(group, name, spec, clean)
        if not clean or spec['type'] == 'multi_string':
            return self.composite(spec)
        check = Opts.oslo_type(spec)
        for _ in range(50):
            v = self.composite(spec)
            try:
                check(v)
                return v
            except Exception:  # ValueError, and OverflowError from a message's {:g} of a big int
                pass
        return v


def conf_line(key, value):
    """`key = value` such that oslo's parser (and confspec's) reads back exactly value."""
    # The parser strips whitespace, then one pair of matching quotes (a lone quote too).
    quoted = value[:1] in ('"', "'") and value[-1] == value[0]
    if value.strip() != value or quoted:
        return f'{key} = "{value}"'
    return f'{key} = {value}'


def oslo_verdicts(path, cases):
    conf = cfg.ConfigOpts()
    Opts.register(conf)
    conf(args=[], default_config_files=[str(path)])
    for case in cases:
        group = None if case['group'] == 'DEFAULT' else case['group']
        try:
            (conf[group] if group else conf)[case['option']]
            case['oslo'] = 'ok'
        except Exception as e:  # every failure oslo has for a value is an error for the option
            case['oslo'] = 'error'
            try:
                conf._get(case['option'], group)
            except Exception as inner:
                e = inner
            case['why'] = (type(e).__name__ + ': ' + str(e)).replace(str(path), path.name)[:300]


def main():
    # oslo's messages show sets (rfc3986's allowed schemes): their order needs a fixed hash seed.
    if os.environ.get('PYTHONHASHSEED') != '0':
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED='0'))
    logging.disable(logging.CRITICAL)
    rng = random.Random(SEED)
    values = Values(rng)
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / 'conf').mkdir(parents=True)
    write_spec(OUT / 'spec.yaml')
    all_cases = []
    for n in range(FILES):
        lines, cases, sections = [], [], {}
        clean = n % 3 == 0
        for group, name, spec, extra in OPTIONS:
            if rng.random() < 0.22:
                continue
            key = name
            if extra.get('deprecated_opts') and rng.random() < 0.4:
                old = extra['deprecated_opts'][0]
                key, section = old['name'], old.get('group', group)
            elif extra.get('deprecated_name') and rng.random() < 0.3:
                key, section = extra['deprecated_name'], group
            else:
                section = group
            count = rng.choice([1, 1, 2]) if spec['type'] == 'multi_string' else 1
            vals = [values.value(group, name, spec, clean) for _ in range(count)]
            sections.setdefault(section, []).append((key, group, name, vals))
        for section, entries in sections.items():
            lines.append(f'[{section}]')
            for key, group, name, vals in entries:
                at = []
                for v in vals:
                    lines.append(conf_line(key, v))
                    at.append(len(lines))
                cases.append({'file': f'{n:03}.conf', 'lines': at, 'group': group, 'option': name,
                              'key': key, 'values': vals})
        path = OUT / 'conf' / f'{n:03}.conf'
        path.write_text('\n'.join(lines) + '\n', encoding='utf-8')
        oslo_verdicts(path, cases)
        all_cases += cases
    # One case a line: a change in the oracle shows as a readable diff.
    (OUT / 'verdicts.json').write_text(
        '[\n' + ',\n'.join(json.dumps(c, ensure_ascii=False) for c in all_cases) + '\n]\n', encoding='utf-8')
    errors = sum(1 for c in all_cases if c['oslo'] == 'error')
    print(f'{OUT.relative_to(TOP)}: {len(all_cases)} values in {FILES} files, {errors} rejected by oslo')


if __name__ == '__main__':
    main()
