"""A second namespace sharing groups with the others: [DEFAULT] and [glance] each get
options from two namespaces, so the sample needs one section with two "From" blocks."""
from oslo_config import cfg


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
    ]
