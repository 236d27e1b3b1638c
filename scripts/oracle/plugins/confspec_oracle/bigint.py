"""Python's integers of any size wherever oslo takes an integer: bounds, defaults, choices,
list and dict items, a sample default, a float's integer bounds and a range's ends; past
2**64, past 2**128 and past what a float holds (10**400)."""

from oslo_config import cfg
from oslo_config import types


def list_opts():
    return [
        (None, [
            cfg.IntOpt('big', default=2**64 + 5, max=2**65, help='Past u64.'),
            cfg.IntOpt('neg', min=-2**70, help='Below i64.'),
            cfg.IntOpt('huge', default=10**45, min=-10**50, max=10**60, help='Past u128 and i128.'),
            cfg.IntOpt('vast', default=10**400, help='Past what a float holds.'),
            cfg.IntOpt('picked', default=2**100, choices=[(2**64, None), (2**100, 'two to the 100')],
                       help='Big choices.'),
            cfg.IntOpt('shown', default=2**70, sample_default=2**71, help='A big sample default.'),
        ]),
        ('items', [
            cfg.ListOpt('sizes', item_type=types.Integer(), default=[1, 2**66, -2**130],
                        help='A list of big integers.'),
            cfg.Opt('limits', type=types.Dict(value_type=types.Integer()), default={'a': 2**80, 'b': -3},
                        help='A dict of big integers.'),
            cfg.FloatOpt('ratio', default=2.0**80, min=-2**70, max=2**90,
                         help='A float stays a float; its integer bounds stay integers.'),
            cfg.Opt('span', type=types.Range(min=-2**66, max=2**66), default='1-5',
                    help='A range with big ends.'),
        ]),
    ]
