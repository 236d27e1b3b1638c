"""nova 16's [glance] group, registered exactly as nova's register_opts() does it.

nova 16 cannot be installed on a current Python, so its nova/conf/glance.py (which imports
only oslo.config and keystoneauth1) is loaded from the file that scripts/oracle/setup.sh
extracts from the nova==16.1.8 wheel. The options are read back from a ConfigOpts after
register_opts(), so keystoneauth's session options carry nova's deprecation map.
"""
import importlib.util
import os

from oslo_config import cfg


def _nova_glance_module():
    path = os.environ['CONFSPEC_NOVA_GLANCE_PY']
    spec = importlib.util.spec_from_file_location('nova_conf_glance', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def list_opts():
    module = _nova_glance_module()
    conf = cfg.ConfigOpts()
    module.register_opts(conf)
    group = conf._groups[module.glance_group.name]
    opts = [entry['opt'] for entry in group._opts.values()]
    return [(module.glance_group, opts)]
