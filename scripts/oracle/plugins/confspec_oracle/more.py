"""A second namespace sharing groups with the others: [DEFAULT] and [glance] each get
options from two namespaces, so the sample needs one section with two "From" blocks. Its
[auth] group has old names oslo accepts though they look wrong: keystoneauth's `project-id`,
whose old name `tenant-id` is also a live option, and an old name equal to the option's own; a list of dicts, an option with empty help, a list with bounds and a custom type
with its own formatter."""
import json

from oslo_config import cfg
from oslo_config import types


class JsonPolicy(types.ConfigType):
    """A project's own type whose formatter writes the default as JSON (as cloudkitty's
    archive policy does)."""

    def __init__(self):
        super().__init__(type_name='json policy')

    def __call__(self, value):
        return json.loads(value) if isinstance(value, str) else value

    def _formatter(self, value):
        return json.dumps(value, sort_keys=True)


def list_opts():
    return [
        (None, [
            cfg.StrOpt('more_default', default='from more', help='An option of the second namespace.'),
        ]),
        ('glance', [
            cfg.IntOpt('extra_retries', default=3, min=0, max=10,
                       help='An option added to [glance] by another namespace.'),
            cfg.BoolOpt('legacy_mode', default=False, advanced=True,
                        help='Advanced options come last within their namespace.'),
        ]),
        ('auth', [
            cfg.StrOpt('project-id', deprecated_opts=[cfg.DeprecatedOpt('tenant-id')],
                       help='Project ID to scope to'),
            cfg.StrOpt('tenant-id', help='Tenant ID'),
            cfg.StrOpt('region', deprecated_opts=[cfg.DeprecatedOpt('region', group='auth')],
                       help='An old name that is the option itself.'),
            cfg.ListOpt('protocols', item_type=types.Dict(),
                        default=[{'tftp': 'udp'}, {'ftp': 'tcp'}],
                        help='A list of dicts.'),
            cfg.StrOpt('quiet', help=''),
            cfg.ListOpt('bounded', default=['a', 'b'], bounds=True,
                        help='A list written in brackets.'),
            cfg.Opt('policy', type=JsonPolicy(), default={'points': 3, 'span': '1h'},
                    help='A custom type with its own formatter.'),
        ]),
    ]
