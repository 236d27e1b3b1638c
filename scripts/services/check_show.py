#!/usr/bin/env python3
"""`confspec show` against oslo.config: a nova deployment's nova.conf, nova-compute.conf and
nova.conf.d/ (overrides in later files, deprecated names in earlier and later files than the
own names, multi-valued options across files, `$` references to values set in other files,
keystoneauth plugins in several groups, secrets), loaded by oslo.config with every option of
nova 34 registered, and by `confspec show --service nova --format json`: the same options,
each with the same value (Python's `str()` of it; `****` for a secret). Run by .ci/run:

    PYTHONPATH=scripts/services CONFSPEC=target/release/confspec \\
        .services-venv/2026.2/bin/python scripts/services/check_show.py

PYTHONPATH brings sitecustomize.py, so the defaults computed from the machine (`host`,
`my_ip`) are those the shipped specs record. Exits 1 on any difference, listing each.
"""
import json
import logging
import os
import pathlib
import subprocess
import sys
import tempfile
import warnings

TOP = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import releases  # noqa: E402

# oslo.messaging's `processname` defaults to the program's name, which the specs record as the
# generator saw it; as sitecustomize.py pins the host name, the program is named so here.
sys.argv[0] = 'oslo-config-generator'

GENERATOR_CONF = (TOP / 'tests' / 'fixtures' / 'services' / releases.series()[0] / 'nova' /
                  'nova-config-generator' / 'nova-config-generator.conf')

FILES = {
    'nova.conf': """\
[DEFAULT]
debug = True
state_path = /var/lib/nova
instances_path = $state_path/instances
transport_url = rabbit://openstack:RABBIT_PASS@controller:5672/
my_ip = 10.0.0.11
enabled_apis = osapi_compute,metadata
logdir = /var/log/old
log_dir = /var/log/nova
quota_cores = 20
pci_alias = {"vendor_id": "8086", "product_id": "154d", "name": "a1"}
cpu_allocation_ratio = 4.0

[api_database]
connection = mysql+pymysql://nova:NOVA_DBPASS@controller/nova_api

[database]
connection = mysql+pymysql://nova:NOVA_DBPASS@controller/nova

[glance]
api_servers = http://controller:9292

[keystone_authtoken]
www_authenticate_uri = http://controller:5000/
auth_url = http://controller:5000/
memcached_servers = controller:11211
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = nova
password = NOVA_PASS

[oslo_concurrency]
lock_path = $state_path/tmp

[placement]
region_name = RegionOne
project_domain_name = Default
project_name = service
auth_type = password
user_domain_name = Default
auth_url = http://controller:5000/v3
username = placement
password = PLACEMENT_PASS

[neutron]
auth_url = http://controller:5000
auth_type = password
project_domain_name = Default
user_domain_name = Default
region_name = RegionOne
project_name = service
username = neutron
password = NEUTRON_PASS
service_metadata_proxy = true
metadata_proxy_shared_secret = METADATA_SECRET

[pci]
device_spec = {"vendor_id": "8086", "product_id": "154d"}

[vnc]
enabled = true
server_listen = $my_ip
server_proxyclient_address = ${my_ip}
novncproxy_base_url = http://controller:6080/vnc_auto.html

[scheduler]
discover_hosts_in_cells_interval = 300

[filter_scheduler]
enabled_filters = ComputeFilter,ImagePropertiesFilter,PciPassthroughFilter

[oslo_middleware_tracing]
service_name = nova-api
""",
    'nova-compute.conf': """\
[DEFAULT]
compute_driver = libvirt.LibvirtDriver
debug = False
host = compute1
instances_path = $state_path/vms
novncproxy_base_url = http://proxy:6080/vnc_auto.html
pci_passthrough_whitelist = {"vendor_id": "10de"}
reserved_host_memory_mb = 2048

[libvirt]
virt_type = kvm
cpu_mode = host-passthrough
images_type = rbd
images_rbd_pool = vms
rbd_user = nova
rbd_secret_uuid = 457eb676-33da-42ec-9a8c-9293d545c337

[vnc]
server_listen = 0.0.0.0
""",
    'nova.conf.d/10-logging.conf': """\
[DEFAULT]
use_syslog = true
log_dir = /srv/log/nova
default_log_levels = amqp=WARN,nova=INFO
""",
    'nova.conf.d/20-local.conf': """\
[DEFAULT]
state_path = /srv/nova
my_ip = 10.0.0.31
log_dir = /srv/log/nova-compute

[quota]
cores = 40

[pci]
device_spec = {"vendor_id": "15b3", "product_id": "1018"}
alias = {"vendor_id": "10de", "product_id": "1eb8", "name": "t4"}

[cinder]
os_region_name = RegionTwo
auth_type = password
auth_url = http://controller:5000/v3
username = cinder
password = CINDER_PASS
""",
    # Not read: hidden, and not *.conf.
    'nova.conf.d/.30-hidden.conf': "[DEFAULT]\ndebug = maybe\n",
    'nova.conf.d/README': "[DEFAULT]\ndebug = maybe\n",
}


def namespaces():
    names = []
    for line in GENERATOR_CONF.read_text().splitlines():
        key, sep, value = line.partition('=')
        if sep and key.strip() == 'namespace':
            names.append(value.strip())
    return names


# Groups whose differences are known and explained, each to be removed when fixed: a group
# here with no difference left is reported too. group -> why.
KNOWN = {
    'oslo_limit':
        "oslo.limit registers keystoneauth's auth_type and auth_section in [oslo_limit] in code, "
        "and the plugin's options when it loads one; the specs list the password plugin's "
        "options there instead (issue 29, \"no false findings\")",
}


def oslo_values(folder):
    """(group, dest) -> str() of the value as nova reads it ('****' for a secret's)."""
    from keystoneauth1 import loading as ks_loading
    from oslo_config import cfg, generator

    names = [n for n in namespaces() if n != 'oslo.config']
    generator._update_defaults(names)
    plugin_opts = [o._to_oslo_opt() for name in ks_loading.get_available_plugin_names()
                   for o in ks_loading.get_plugin_loader(name).get_options()]
    conf = cfg.ConfigOpts()
    for _namespace, listing in generator._list_opts(names):
        for group, opts in listing:
            group_name = getattr(group, 'name', group) or 'DEFAULT'
            for opt in opts:
                if opt in plugin_opts:
                    ks_loading.register_auth_conf_options(conf, group_name)
                    continue
                conf.register_opt(opt, group=None if group_name == 'DEFAULT' else group_name)
    args = ['--config-file', str(folder / 'nova.conf'), '--config-file', str(folder / 'nova-compute.conf'),
            '--config-dir', str(folder / 'nova.conf.d')]
    conf(args=args, project='nova', default_config_files=[], default_config_dirs=[])
    for name in list(conf._groups):
        if {'auth_type', 'auth_section'} <= set(conf._groups[name]._opts) and conf[name].auth_type:
            ks_loading.load_auth_from_conf_options(conf, name)
    own = {'config_file', 'config_dir', 'config_source', 'shell_completion'}
    values = {}

    def read(key, opt, get):
        try:
            value = get()
        except Exception as e:  # noqa: BLE001 - oslo refuses the value: a difference
            values[key] = f'<oslo refuses it: {type(e).__name__}: {e}>'
            return
        values[key] = '****' if opt.secret else None if value is None else str(value)

    for dest, info in conf._opts.items():
        if dest not in own:
            read(('DEFAULT', dest), info['opt'], lambda: conf[dest])
    for name, group in conf._groups.items():
        for dest, info in group._opts.items():
            read((name, dest), info['opt'], lambda: conf[name][dest])
    return values


def main():
    # The libraries' deprecation warnings (eventlet, oslo.config's for old names, which this
    # file sets on purpose) say nothing about the comparison.
    warnings.filterwarnings('ignore')
    logging.disable(logging.WARNING)
    confspec = os.path.abspath(os.environ.get('CONFSPEC', TOP / 'target' / 'release' / 'confspec'))
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        (folder / 'nova.conf.d').mkdir()
        for name, text in FILES.items():
            (folder / name).write_text(text)
        oslo = oslo_values(folder)
        run = subprocess.run(
            [confspec, 'show', '--service', 'nova', '--input-file', 'nova.conf', '--input-file',
             'nova-compute.conf', '--config-dir', 'nova.conf.d', '--format', 'json'],
            cwd=folder, capture_output=True, text=True)
        if run.returncode != 0:
            print(f'confspec show exited {run.returncode}: {run.stderr}')
            return 1
        shown = {(o['group'], o['option']): (o['value'], o['source'])
                 for o in json.loads(run.stdout)['options']}
        leaked = [s for s in ('_PASS', '_DBPASS', 'METADATA_SECRET') if s in run.stdout + run.stderr]
    problems, known = [], set()
    for key in sorted(set(oslo) | set(shown)):
        where = f'[{key[0]}]/{key[1]}'
        if key in shown and key in oslo and shown[key][0] == oslo[key]:
            continue
        if key[0] in KNOWN:
            known.add(key[0])
        elif key not in shown:
            problems.append(f'{where}: oslo reads it ({oslo[key]!r}); confspec show does not list it')
        elif key not in oslo:
            problems.append(f'{where}: confspec shows {shown[key][0]!r}; nova does not register it')
        elif shown[key][0] != oslo[key]:
            problems.append(f'{where}: oslo {oslo[key]!r}, confspec {shown[key][0]!r} '
                            f'(from {shown[key][1]})')
    if leaked:
        problems.append(f'confspec show printed secret values: {", ".join(leaked)}')
    for group in sorted(set(KNOWN) - known):
        problems.append(f'[{group}]: agrees now; remove it from KNOWN')
    from_files = sum(1 for v, source in shown.values() if source != 'default')
    print(f'show against oslo.config (nova.conf + nova-compute.conf + nova.conf.d/): '
          f'{len(oslo)} options registered, {len(shown)} shown, {from_files} set by the files, '
          f'{len(problems)} differences')
    for group in sorted(known):
        print(f'  known: [{group}]: {KNOWN[group]}')
    for p in problems:
        print(f'  {p}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
