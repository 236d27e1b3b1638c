"""Every option type and feature the spec format expresses, plus oslo's odd corners.

tests/specs/features.yaml declares the same options in confspec's format; the golden files
made from this module are what confspec must reproduce. Keep the two in step.
"""
from oslo_config import cfg
from oslo_config import types


class Version(types.ConfigType):
    """A project's own type: confspec knows it only by its name."""

    def __init__(self):
        super().__init__(type_name='version value')

    def __call__(self, value):
        return str(value)

    def _formatter(self, value):
        return str(value)


LONG_HELP = """
Wrapping corner cases, one per line:

A URL longer than the width: https://docs.openstack.org/oslo.config/latest/reference/defining.html#option-types-and-validation
Hyphenated words such as well-known, self-contained and state-of-the-art break after the hyphen.
Em-dashes--like this--and a spaced -- dash, a flag --wrap-width=70 and -b.
Several   spaces    stay   inside a line; a\ttab is expanded to the next stop of eight.
Accents: café, naïve, résumé, Ångström, crème brûlée, façade, jalapeño, über-cool words.
CJK: 設定ファイルのオプションは、各サービスの動作を制御します。中文字符也按代码点计算宽度。
Emoji: 🚀 launch 👍🏽 thumbs 👩‍💻 technologist, counted as code points, not columns.
Numbers 10-20 and 1-2-3, snake_case-and-kebab, _private-name, x-ray, e-mail.
"""

opts = [
    cfg.StrOpt('plain', help='A plain string with no default.'),
    cfg.StrOpt('padded', default='  spaced  ', help='Leading and trailing spaces are quoted.'),
    cfg.StrOpt('empty_default', default='', help='An empty string default.'),
    cfg.StrOpt('two_lines', default='first\nsecond', help='A default holding a newline.'),
    cfg.StrOpt('no_help'),
    cfg.StrOpt('empty_help', help=''),
    cfg.StrOpt('with-dashes', default='x', help='A name with dashes; the file uses underscores.'),
    cfg.StrOpt('long_help', default='wrap', help=LONG_HELP),
    cfg.StrOpt('color', default='red', choices=['red', 'green', ''],
               help='Choices without descriptions.'),
    cfg.StrOpt('level', choices=[(None, 'Unset: use the library default'),
                                 ('low', 'Only a little'),
                                 ('high', '')],
               help='Choices with descriptions, one of them empty, one of them None.'),
    cfg.StrOpt('token', secret=True, required=True,
               help='A required secret: the only kind of option a minimal sample shows.'),
    cfg.StrOpt('required_with_default', required=True, default='yes-it-is',
               help='Required options show their default in a minimal sample.'),
    cfg.StrOpt('pattern', regex='^[a-z]+$', default='abc', help='A regex-checked string.'),
    cfg.StrOpt('short_text', max_length=8, default='12345678', help='At most eight characters.'),
    cfg.StrOpt('quoted', quotes=True, default='"inner"', help='Quotes are stripped on read.'),
    cfg.StrOpt('any_case', choices=['Yes', 'No'], ignore_case=True, default='yes',
               help='Case-insensitive choices.'),
    cfg.StrOpt('host_name', sample_default='<hostname of this machine>', default='node1',
               help='The sample shows a sample default instead of the real one.'),
    cfg.StrOpt('cli_only', short='c', metavar='PATH', help='short and metavar are CLI matters.'),
    cfg.IntOpt('workers', default=4, min=1, max=64, help='Bounded integer.'),
    cfg.IntOpt('negative', default=-5, min=-10, help='A negative default and minimum.'),
    cfg.IntOpt('mode', default=2, choices=[(1, 'one'), (2, 'two'), (3, None)],
               help='Integer choices.'),
    cfg.IntOpt('shown_bounds', default=10, min=1, max=100000, sample_min='1',
               sample_max='the number of CPUs',
               help='sample_min and sample_max replace the bounds shown.'),
    cfg.IntOpt('int_from_string', default='42', help='A string default for an integer.'),
    cfg.FloatOpt('ratio', default=2.5, min=0.5, max=10.0, help='Bounded float.'),
    cfg.FloatOpt('tiny', default=1e-05, help='Python prints this as 1e-05.'),
    cfg.FloatOpt('huge', default=1e16, help='Python prints this as 1e+16.'),
    cfg.FloatOpt('whole', default=5, max=100, help='An integer default for a float.'),
    cfg.FloatOpt('third', default=0.1 + 0.2, help='Shortest round-trip digits.'),
    cfg.PortOpt('port', default=8080, help='A port: 0 to 65535 unless narrowed.'),
    cfg.PortOpt('narrow_port', default=443, min=1, max=1024, help='A narrowed port.'),
    cfg.PortOpt('port_choice', default=80, choices=[(80, 'http'), (443, 'https')],
                help='A port from a list.'),
    cfg.BoolOpt('enabled', default=True, help='A true boolean prints lower-case.'),
    cfg.BoolOpt('flag_no_default', help='A boolean without default.'),
    cfg.ListOpt('names', default=['a', ' b ', 'c'], help='List items with spaces are quoted.'),
    cfg.ListOpt('numbers', item_type=types.Integer(min=0), default=[1, 2, 3],
                help='A list of integers.'),
    cfg.ListOpt('bounded_list', bounds=True, default=['x', 'y'], help='A list in brackets.'),
    cfg.ListOpt('empty_list', default=[], help='An empty list default.'),
    cfg.ListOpt('list_from_string', default='p,q', help='A list default given as a string.'),
    cfg.DictOpt('mapping', default={'b': '2', 'a': '1', 'c': 'three'}, help='Keys sorted.'),
    cfg.DictOpt('empty_dict', default={}, help='An empty dict default.'),
    cfg.MultiStrOpt('multi', default=['first', 'second'], help='One line per value.'),
    cfg.MultiStrOpt('multi_empty', help='An empty multi-valued option.'),
    cfg.MultiStrOpt('multi_sample', sample_default=['s1', ' s2'], default=['d'],
                    help='A multi-valued option with a sample default.'),
    cfg.IPOpt('bind_ip', default='127.0.0.1', help='Any IP address.'),
    cfg.IPOpt('bind_ip6', version=6, default='::1', help='IPv6 only.'),
    cfg.HostnameOpt('host', default='controller.example.org', help='A hostname.'),
    cfg.HostAddressOpt('address', default='10.0.0.1', help='A hostname or an IP.'),
    cfg.HostDomainOpt('domain', default='_srv.example.org', help='Like an address, with _.'),
    cfg.URIOpt('endpoint', default='https://example.org:5000/v3', schemes=['http', 'https'],
               max_length=255, help='A URI.'),
    cfg.Opt('ports_range', type=types.Range(1, 100), default='10-20', help='A range.'),
    cfg.Opt('version', type=Version(), default='1.2.3', help='A custom type.'),
    cfg.Opt('plain_int', type=int, default=3, help='A bare Python type as the type.'),
    cfg.StrOpt('hot', mutable=True, default='yes', help='Mutable options can be reloaded.'),
    cfg.StrOpt('expert', advanced=True, default='x', help='Advanced options come last.'),
    cfg.StrOpt('expert_mutable', advanced=True, mutable=True,
               help='Advanced and mutable.'),
    cfg.StrOpt('new_name', deprecated_name='old_name', help='Renamed in the same group.'),
    cfg.StrOpt('moved', deprecated_group='legacy', help='Moved from another group.'),
    cfg.StrOpt('both', deprecated_name='old-both', deprecated_group='legacy',
               help='A dashed deprecated name: the sample shows only its underscored twin.'),
    cfg.StrOpt('many', deprecated_opts=[cfg.DeprecatedOpt('one', group='g1'),
                                        cfg.DeprecatedOpt('two-x'),
                                        cfg.DeprecatedOpt(None, group='g3')],
               help='Several deprecated names, one dashed and one without a name.'),
    cfg.StrOpt('going', deprecated_for_removal=True, help='Deprecated without a reason.'),
    cfg.StrOpt('gone', deprecated_for_removal=True, deprecated_since='Zed',
               deprecated_reason='Nobody used it.', help='Deprecated with since and reason.'),
    cfg.StrOpt('already', deprecated_for_removal=True,
               help='DEPRECATED: the help says so already.'),
    cfg.StrOpt('helpless', deprecated_for_removal=True),
    cfg.Opt('range_int_default', type=types.Range(0, 9), default=5,
            help='oslo cannot format this default; its sample shows a warning instead.'),
    cfg.DictOpt('dict_from_string', default='k:v', help='Neither can it format this one.'),
    cfg.StrOpt('summary_colon', default='s', help='Possible values:\n\n* one\n* two'),
    cfg.StrOpt('summary_dots', default='s',
               help='First paragraph ends with dots...\n\nSecond paragraph.'),
    cfg.StrOpt('crlf', default='s', help='Windows\r\nline endings\r\n\r\nand a paragraph.'),
]

features_group = cfg.OptGroup(
    'features', title='Feature group',
    help='A group with a long help text that wraps across several lines in the sample '
         'config file, followed by a second paragraph.\n\nSecond paragraph of group help.')

group_opts = [
    cfg.StrOpt('in_group', default='g', help='An option in a declared group.'),
]

plain_group_opts = [
    cfg.IntOpt('in_plain_group', default=1, help='A group given only by name has no help.'),
]

mixed_case_opts = [
    cfg.BoolOpt('normalized', default=False, help='oslo lower-cases this group name.'),
]


def list_opts():
    return [
        (None, opts),
        (features_group, group_opts),
        ('plain', plain_group_opts),
        ('MixedCase', mixed_case_opts),
        (cfg.OptGroup('empty', help='An empty group is left out.'), []),
    ]
