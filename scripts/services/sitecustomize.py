"""Loaded by Python at start-up in the services' generator runs (it is on PYTHONPATH).

Some option defaults are computed from the machine that imports the service, and the
fixtures must not depend on the machine (nor the folder) that made them:

- the host name (nova's and cinder's `host`, oslo.messaging's `hostname`): `oracle-host`,
  as in scripts/harness/sitecustomize.py;
- the addresses of the default routes (nova's, cinder's and neutron's `my_ip`, from
  oslo_utils.netutils.get_my_ipv4, and neutron's `my_ipv6`, from get_my_ipv6): `127.0.0.1` and
  `::1`, what oslo.utils returns on a machine with no network;
- the number of CPUs (oslo.privsep's `thread_pool_size` default, the maximum of cinder's
  `backup_workers`): 2, the project's machines' size;
- the folder nova and placement are installed in (their `pybasedir`): `/usr/lib/python3/dist-packages`,
  where Debian's python3-nova puts it;
- the order of the installed distributions: importlib.metadata lists them in the order
  os.listdir gives, which on ext4 follows a hash seeded per file system; stevedore loads the
  namespaces in that order, and oslo's data and rst list each group's options in the order of
  their namespaces. Sorted by folder name, they are the same on every machine.
"""
import importlib.abc
import importlib.machinery
import importlib.metadata
import os
import socket
import sys

socket.gethostname = lambda: 'oracle-host'
os.cpu_count = lambda: 2


def _sorted_children(fast_path):
    children = fast_path.children

    def sorted_children(self):
        return sorted(children(self))

    fast_path.children = sorted_children


_sorted_children(importlib.metadata.FastPath)


def _netutils(module):
    module.get_my_ipv4 = lambda: '127.0.0.1'
    module.get_my_ipv6 = lambda: '::1'


def _pybasedir(module):
    for opt in module.ALL_OPTS:
        if opt.name == 'pybasedir':
            opt.default = '/usr/lib/python3/dist-packages'


# module -> what to change in it once it has run, before anything reads it
_AFTER_IMPORT = {
    'importlib_metadata': lambda module: _sorted_children(module.FastPath),
    'oslo_utils.netutils': _netutils,
    'nova.conf.paths': _pybasedir,
    'placement.conf.paths': _pybasedir,
}


class _AfterImport(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        fix = _AFTER_IMPORT.get(name)
        if fix is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None:
            return None
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            fix(module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, _AfterImport())
