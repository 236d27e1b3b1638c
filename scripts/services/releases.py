#!/usr/bin/env python3
"""The service releases of the services harness: ONE list, RELEASES. Adding a service or a
release is one line there (and, for a new series, its pins: pins/<series>/, see setup.sh).

Each line is a release of one service: its series, the service's name, its package on PyPI,
its version, and the generator config files of its sdist (the files its `tox -e genconfig` and
its doc build run; they are not in the wheels), the service's main file first (nova.conf,
cinder.conf, glance-api.conf, keystone.conf, neutron.conf, placement.conf):

- nova: etc/nova/nova-config-generator.conf;
- cinder (with os-brick): tools/config/cinder-config-generator.conf (its etc/cinder/ has no
  generator config file, only a README pointing at `tox -egenconfig`, which runs this one);
- glance (with glance_store): etc/oslo-config-generator/, the API, cache, image import, manage
  and scrubber files;
- keystone: config-generator/keystone.conf;
- neutron: etc/oslo-config-generator/, neutron.conf and its agents' and ML2's files;
- placement: etc/placement/config-generator.conf.

The series and versions are those of the projects' release notes and of openstack/releases'
deliverables files (2026.1 is gazpacho, 2026.2 hibiscus); each sdist's pbr ChangeLog shows the
tag on the series' branch.

Run as a command, it prints what the shell scripts need (setup.sh):

    releases.py series            the series, newest first
    releases.py pins SERIES       package==version of each release of SERIES
"""
import collections
import sys

Release = collections.namedtuple('Release', 'series service package version generator_configs')

GLANCE = [f'etc/oslo-config-generator/glance-{name}.conf'
          for name in ('api', 'cache', 'image-import', 'manage', 'scrubber')]
NEUTRON = [f'etc/oslo-config-generator/{name}'
           for name in ('neutron.conf', 'dhcp_agent.ini', 'l3_agent.ini', 'macvtap_agent.ini',
                        'metadata_agent.ini', 'metering_agent.ini', 'ml2_conf.ini',
                        'neutron_ovn_metadata_agent.ini', 'openvswitch_agent.ini',
                        'ovn_agent.ini', 'sriov_agent.ini')]

RELEASES = [
    Release('2026.2', 'nova', 'nova', '34.0.0', ['etc/nova/nova-config-generator.conf']),
    Release('2026.2', 'cinder', 'cinder', '29.0.0', ['tools/config/cinder-config-generator.conf']),
    Release('2026.2', 'glance', 'glance', '33.0.0', GLANCE),
    Release('2026.2', 'keystone', 'keystone', '30.0.0', ['config-generator/keystone.conf']),
    Release('2026.2', 'neutron', 'neutron', '29.0.0', NEUTRON),
    Release('2026.2', 'placement', 'openstack-placement', '16.0.0', ['etc/placement/config-generator.conf']),
    Release('2026.1', 'nova', 'nova', '33.0.2', ['etc/nova/nova-config-generator.conf']),
    Release('2026.1', 'cinder', 'cinder', '28.0.0', ['tools/config/cinder-config-generator.conf']),
    Release('2026.1', 'glance', 'glance', '32.0.0', GLANCE),
    Release('2026.1', 'keystone', 'keystone', '29.1.0', ['config-generator/keystone.conf']),
    Release('2026.1', 'neutron', 'neutron', '28.0.2', NEUTRON),
    Release('2026.1', 'placement', 'openstack-placement', '15.0.0', ['etc/placement/config-generator.conf']),
]

# The sdists' other files in those folders, and why they are not generator config files of
# oslo-config-generator.
NOT_CASES = {
    'etc/nova/nova-policy-generator.conf': "oslopolicy-sample-generator's",
    'tools/config/cinder-policy-generator.conf': "oslopolicy-sample-generator's",
    'config-generator/keystone-policy-generator.conf': "oslopolicy-sample-generator's",
    'etc/placement/policy-generator.conf': "oslopolicy-sample-generator's",
}


def series():
    """The series, newest first."""
    return sorted({r.series for r in RELEASES}, key=lambda s: tuple(map(int, s.split('.'))),
                  reverse=True)


def of_series(name):
    return [r for r in RELEASES if r.series == name]


def main(args):
    if args == ['series']:
        print('\n'.join(series()))
    elif len(args) == 2 and args[0] == 'pins' and args[1] in series():
        print('\n'.join(f'{r.package}=={r.version}' for r in of_series(args[1])))
    else:
        sys.exit(f'usage: releases.py series | pins {{{",".join(series())}}}')


if __name__ == '__main__':
    main(sys.argv[1:])
