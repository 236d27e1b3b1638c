#!/usr/bin/env python3
"""Starter configs against the real services: for each case below, `confspec generate
--service SERVICE[/FILE] --minimal --set ...` writes a starter config with realistic values
(database, transport_url, keystone_authtoken with the password plugin, the service user, the
service's own required options); then, in a fresh interpreter of the newest series' venv
(nova 34, cinder 29, neutron 29, glance 33, keystone 30, placement 16):

1. oslo.config parses the file (ConfigOpts, as the service does at start-up);
2. every namespace of the file's generator config registers its options, as
   oslo-config-generator loads them (each namespace's oslo.config.opts entry point; the
   keystoneauth plugin options a list holds are left to step 3, which registers them as the
   service does);
3. each group with auth_type set loads its plugin with
   keystoneauth1.loading.load_auth_from_conf_options (the plugin's required options must be
   set, or it raises);
4. every value set is read back and must equal what the option's type makes of the value
   given, and every required option of [DEFAULT] and of the groups the file holds has a value;
5. `confspec validate --service ...` on the file reports nothing (exit 0, no finding), and
   `generate` named no required option left unset.

    .services-venv/2026.2/bin/python scripts/services/check_starter.py   # every case
    CONFSPEC=target/release/confspec ...                                  # that binary

Run by .ci/run where python3 and PyPI are there. Prints what it checked; exits 1 on any error.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

TOP = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import releases  # noqa: E402

SERIES = releases.series()[0]
FIXTURES = TOP / 'tests' / 'fixtures' / 'services' / SERIES
PW = 'Secret-pw_1'
# A generated password may start and end with a quote, which oslo's parser takes off: the
# file must quote it again.
QUOTED_PW = '"Qu0ted-pw #1"'


def authtoken(group, user, password=PW):
    """A keystoneauth group with the password plugin, as the install guides write it."""
    return [
        (group, 'auth_type', 'password'),
        (group, 'auth_url', 'https://keystone.example.org:5000/v3'),
        (group, 'username', user),
        (group, 'password', password),
        (group, 'project_name', 'service'),
        (group, 'user_domain_name', 'Default'),
        (group, 'project_domain_name', 'Default'),
    ]


def middleware(user, password=PW):
    return authtoken('keystone_authtoken', user, password) + [
        ('keystone_authtoken', 'www_authenticate_uri', 'https://keystone.example.org:5000'),
        ('keystone_authtoken', 'memcached_servers', 'ctl1:11211,ctl2:11211'),
    ]


RABBIT = 'rabbit://openstack:%s@ctl1:5672,openstack:%s@ctl2:5672/' % (PW, PW)


def db(name, group='database'):
    return [(group, 'connection', f'mysql+pymysql://{name}:{PW}@db.example.org/{name}')]


# (confspec's --service address, the fixture case folder, the values set)
CASES = [
    ('nova', 'nova/nova-config-generator', [
        ('DEFAULT', 'transport_url', RABBIT),
        ('DEFAULT', 'my_ip', '10.0.0.11'),
        ('glance', 'valid_interfaces', 'internal'),
        ('oslo_concurrency', 'lock_path', '/var/lib/nova/tmp'),
        ('vnc', 'server_listen', '$my_ip'),
        ('service_user', 'send_service_user_token', 'true'),
        ('scheduler', 'discover_hosts_in_cells_interval', '300'),
    ] + db('nova') + db('nova_api', 'api_database') + middleware('nova')
      + authtoken('service_user', 'nova') + authtoken('placement', 'placement')
      + authtoken('neutron', 'neutron') + [('placement', 'region_name', 'RegionOne')]),
    ('cinder', 'cinder/cinder-config-generator', [
        ('DEFAULT', 'transport_url', RABBIT),
        ('DEFAULT', 'auth_strategy', 'keystone'),
        ('DEFAULT', 'my_ip', '10.0.0.11'),
        ('DEFAULT', 'glance_api_servers', 'https://glance.example.org:9292'),
        ('oslo_concurrency', 'lock_path', '/var/lib/cinder/tmp'),
    ] + db('cinder') + middleware('cinder') + authtoken('nova', 'nova')),
    ('neutron', 'neutron/neutron', [
        ('DEFAULT', 'core_plugin', 'ml2'),
        ('DEFAULT', 'service_plugins', 'router'),
        ('DEFAULT', 'transport_url', RABBIT),
        ('DEFAULT', 'auth_strategy', 'keystone'),
        ('DEFAULT', 'notify_nova_on_port_status_changes', 'true'),
        ('DEFAULT', 'notify_nova_on_port_data_changes', 'true'),
        ('oslo_concurrency', 'lock_path', '/var/lib/neutron/tmp'),
    ] + db('neutron') + middleware('neutron') + authtoken('nova', 'nova')),
    ('neutron/ml2_conf.ini', 'neutron/ml2_conf', [
        ('ml2', 'type_drivers', 'flat,vlan,vxlan'),
        ('ml2', 'project_network_types', 'vxlan'),
        ('ml2', 'mechanism_drivers', 'openvswitch,l2population'),
        ('ml2', 'extension_drivers', 'port_security'),
        ('ml2_type_flat', 'flat_networks', 'provider'),
        ('ml2_type_vxlan', 'vni_ranges', '1:1000'),
    ]),
    ('glance/glance-api.conf', 'glance/glance-api', [
        ('DEFAULT', 'enabled_backends', 'fast:file,slow:http'),
        ('glance_store', 'default_backend', 'fast'),
        ('paste_deploy', 'flavor', 'keystone'),
    ] + db('glance') + middleware('glance')),
    ('keystone', 'keystone/keystone', [
        ('token', 'provider', 'fernet'),
        ('fernet_tokens', 'key_repository', '/etc/keystone/fernet-keys/'),
        ('cache', 'enabled', 'true'),
        ('cache', 'backend', 'oslo_cache.memcache_pool'),
        ('cache', 'memcache_servers', 'ctl1:11211,ctl2:11211'),
    ] + db('keystone')),
    ('placement', 'placement/config-generator', [
        ('api', 'auth_strategy', 'keystone'),
    ] + db('placement', 'placement_database') + middleware('placement', QUOTED_PW)),
]


def confspec():
    for candidate in (os.environ.get('CONFSPEC'), TOP / 'target' / 'release' / 'confspec',
                      TOP / 'target' / 'debug' / 'confspec'):
        if candidate and pathlib.Path(candidate).is_file():
            return str(candidate)
    sys.exit('no confspec binary: set CONFSPEC or run cargo build')


def generator_config(case):
    """The generator config file of a fixture case: the one that lists namespaces."""
    for path in sorted((FIXTURES / case).iterdir()):
        if path.suffix in ('.conf', '.ini') and not path.name.startswith(('sample', 'expected')):
            if 'namespace' in path.read_text():
                return path
    raise SystemExit(f'{FIXTURES / case}: no generator config file')


def namespaces(path):
    names = []
    for line in path.read_text().splitlines():
        key, sep, value = line.partition('=')
        if sep and key.strip() == 'namespace':
            names.append(value.strip())
    return names


def check_one(path, case, values):
    """Loads `path` as the service would and reads `values` back: the number of errors."""
    import importlib.metadata

    from keystoneauth1 import loading as ks_loading
    from oslo_config import cfg

    errors = []

    def error(message):
        errors.append(message)
        print(f'  error: {message}')

    conf = cfg.CONF
    # The namespaces' modules imported first: some register command-line options, which must
    # come before the parse. 1. The parse (required options registered so far are checked).
    list_opts_of = {}
    for ns in namespaces(generator_config(case)):
        found = [e for e in importlib.metadata.entry_points(group='oslo.config.opts') if e.name == ns]
        list_opts_of[ns] = found[0].load() if found else None
    conf(args=[], project='starter', default_config_files=[str(path)], default_config_dirs=[])
    # 2. Every namespace's options; keystoneauth's plugin options left to step 3.
    plugin_opts = [o._to_oslo_opt() for name in ks_loading.get_available_plugin_names()
                   for o in ks_loading.get_plugin_loader(name).get_options()]
    registered = 0
    for ns, list_opts in list_opts_of.items():
        if ns == 'oslo.config':
            continue
        if list_opts is None:
            error(f'namespace {ns}: no oslo.config.opts entry point')
            continue
        for group, opts in list_opts():
            name = getattr(group, 'name', group) or 'DEFAULT'
            for opt in opts:
                if opt in plugin_opts:
                    ks_loading.register_auth_conf_options(conf, name)
                    continue
                try:
                    if conf.register_opt(opt, group=None if name == 'DEFAULT' else name):
                        registered += 1
                except cfg.DuplicateOptError:
                    pass  # two namespaces' copies of one option (nova.auth's and neutron's)
    # 3. The auth plugins.
    plugins = []
    for name in sorted({g for (g, o, v) in values if o == 'auth_type'}):
        try:
            plugin = ks_loading.load_auth_from_conf_options(conf, name)
            plugins.append(f'[{name}] {type(plugin).__name__}')
        except Exception as e:  # noqa: BLE001 - any failure is a finding
            error(f'[{name}]: the auth plugin does not load: {type(e).__name__}: {e}')

    # 4. Every value set, read back; every required option of the groups the file holds set.
    def opt_of(group, dest):
        opts = conf._opts if group == 'DEFAULT' else conf._groups[group]._opts
        return opts[dest]['opt']

    read, secrets = 0, 0
    for group, dest, given in values:
        try:
            opt = opt_of(group, dest)
            got = conf[dest] if group == 'DEFAULT' else conf[group][dest]
        except Exception as e:  # noqa: BLE001
            error(f'[{group}]/{dest}: not read: {type(e).__name__}: {e}')
            continue
        if '$' in given:
            want = conf._substitute(given, group=None if group == 'DEFAULT' else conf._get_group(group))
        else:
            want = given
        want = opt.type(want) if opt.type is not None else want
        secrets += 1 if opt.secret else 0
        if got != want:
            shown = '****' if opt.secret else f'{got!r}, not {want!r}'
            error(f'[{group}]/{dest} reads back as {shown}')
        else:
            read += 1
    sections = {}
    cfg.ConfigParser(str(path), sections).parse()
    groups = {'DEFAULT'} | {s.lower() for s in sections if s != 'DEFAULT'}
    for group in sorted(groups):
        if group == 'DEFAULT':
            opts = conf._opts
        else:
            opts = conf._groups[group]._opts if group in conf._groups else {}
        for dest, info in opts.items():
            opt = info['opt']
            if opt.required and opt.default is None and 'default' not in info:
                value = conf[dest] if group == 'DEFAULT' else conf[group][dest]
                if value is None:
                    error(f'required option [{group}]/{dest} has no value')
    mode = path.stat().st_mode & 0o777
    if secrets and mode != 0o600:
        error(f'the file holds {secrets} secret values but its mode is {mode:o}, not 600')
    version = importlib.metadata.version('oslo.config')
    print(f'  oslo.config {version}: {registered} options registered, {read} values read back '
          f'equal ({secrets} secret, the file {mode:o}); auth plugins loaded: {", ".join(plugins) or "none"}')
    return len(errors)


def run_case(binary, address, case, values, folder):
    """Writes one starter config and checks it: the number of errors."""
    errors = 0
    name = address.split('/')[-1] if '/' in address else f'{address}.conf'
    path = folder / name
    args = [binary, 'generate', '--service', f'{address}@{versions()[address.split("/")[0]]}',
            '--minimal', '-o', str(path)]
    for group, option, value in values:
        args += ['--set', f'{group}.{option}={value}']
    print(f'{name} ({address}, {len(values)} values set):')
    out = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0 or out.stderr:
        print(f'  error: confspec generate exited {out.returncode}:\n{out.stderr}')
        return 1
    if any(pw in out.stderr + out.stdout for pw in (PW, QUOTED_PW)):
        print('  error: a secret was shown outside the file')
        errors += 1
    env = dict(os.environ, PYTHONWARNINGS='ignore')
    loaded = subprocess.run([sys.executable, __file__, '--one', str(path), case, json.dumps(values)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sys.stdout.write(loaded.stdout)
    if loaded.returncode == 3:
        errors += 1
    elif loaded.returncode != 0:
        print(f'  error: the check broke:\n{loaded.stderr}')
        errors += 1
    validated = subprocess.run([binary, 'validate', '--service', args[3], '--input-file', str(path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    findings = validated.stdout.strip().splitlines()
    if validated.returncode != 0 or findings[-1:] != [f'{path}: 0 errors, 0 warnings']:
        print(f'  error: confspec validate exited {validated.returncode}:\n{validated.stdout}{validated.stderr}')
        errors += 1
    else:
        print('  confspec validate: 0 errors, 0 warnings')
    return errors


def versions():
    return {r.service: r.version for r in releases.of_series(SERIES)}


def main(argv):
    if len(argv) == 4 and argv[0] == '--one':
        path, case, values = pathlib.Path(argv[1]), argv[2], [tuple(v) for v in json.loads(argv[3])]
        return 3 if check_one(path, case, values) else 0
    if argv:
        print(__doc__)
        return 2
    binary = confspec()
    failed = 0
    with tempfile.TemporaryDirectory() as folder:
        for address, case, values in CASES:
            failed += 1 if run_case(binary, address, case, values, pathlib.Path(folder)) else 0
    print(f'{len(CASES) - failed} of {len(CASES)} starter configs load in the real services '
          'with every value read back equal')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
