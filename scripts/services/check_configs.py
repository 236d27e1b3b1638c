#!/usr/bin/env python3
"""Checks that the realistic configs of tests/configs/services/ load cleanly in oslo.config
with the real services' option registrations (the newest series' venv: nova 34, cinder 29). Run
by scripts/services/make-fixtures.sh; alone:

    .services-venv/2026.2/bin/python scripts/services/check_configs.py            # every config
    .services-venv/2026.2/bin/python scripts/services/check_configs.py nova FILE  # any nova.conf

For each file, in a fresh interpreter (the services keep their options in the global
oslo_config.cfg.CONF):

1. the service registers its own options as it does on import, before parsing: nova's
   `nova.conf` (CONF = nova.conf.CONF), cinder's `cinder.common.config`;
2. CONF parses the file, as the service does at start-up (a syntax error, a missing required
   option of those registered so far, fails here);
3. the libraries' options are registered as the libraries register them when first used: from
   each namespace of the service's doc-build generator config file
   (tests/fixtures/services/<service>/<file>/), its oslo.config.opts entry point, then its
   oslo.config.opts.defaults hook, as oslo-config-generator calls them (not nova.conf's list,
   which nova registered itself, nor oslo.config's, which are ConfigOpts' own and samples; the
   keystoneauth plugin options a list holds are left to step 6); for cinder, the `cinder`
   namespace also brings every volume driver's options into [backend_defaults];
4. cinder only: each backend of enabled_backends gets its options the way
   cinder.volume.configuration.BackendGroupConfiguration grafts them, the real class with
   [backend_defaults]'s options (each read through it, falling back to [backend_defaults]);
5. every registered option of every group is read (type conversion and `$` substitution
   errors surface on access);
6. each group with auth_type set gets keystoneauth1.loading.load_auth_from_conf_options(CONF,
   group): the plugin's options are registered and its required ones must be set; then they
   are read too.

It also lists what oslo.config silently ignores: sections no registration knows and options
no registration of their group knows. Those a config is expected to hold (each with the
reason, below) are reported as such; any other one is an error, since it is most likely a
typo. It prints what it checked and exits 1 on any error.
"""
import importlib.metadata
import os
import pathlib
import subprocess
import sys

TOP = pathlib.Path(__file__).resolve().parents[2]
CONFIGS = TOP / 'tests' / 'configs' / 'services'
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import releases  # noqa: E402

# The newest series' fixtures: the venv this runs in (make-fixtures.sh).
FIXTURES = TOP / 'tests' / 'fixtures' / 'services' / releases.series()[0]

# service -> (its doc-build generator config file, the module that registers its own options,
#             the namespace of those options)
SERVICES = {
    'nova': ('nova/nova-config-generator/nova-config-generator.conf', 'nova.conf', 'nova.conf'),
    'cinder': ('cinder/cinder-config-generator/cinder-config-generator.conf', 'cinder.common.config',
               'cinder'),
}

# config file -> (service, {(section, option or None): why oslo.config ignores it})
EXPECTED = {
    'nova-devstack.conf': ('nova', {
        ('service_user', 'auth_strategy'):
            "devstack's init_nova_service_user_conf sets it; nova registers no such option",
    }),
    'nova-kolla-api.conf': ('nova', {
        ('privsep_entrypoint', None):
            "kolla-ansible's nova.conf.j2 writes it; nova 34 has no privsep context of that name",
        ('oslo_messaging_rabbit', 'heartbeat_in_pthread'):
            "kolla-ansible's nova.conf.j2 writes it; oslo.messaging 18 no longer has it",
        ('service_user', 'region_name'):
            "kolla-ansible's nova.conf.j2 writes it; nova's [service_user] has no adapter options",
        ('service_user', 'valid_interfaces'):
            "kolla-ansible's nova.conf.j2 writes it; nova's [service_user] has no adapter options",
    }),
    'nova-kolla-compute.conf': ('nova', {
        ('privsep_entrypoint', None):
            "kolla-ansible's nova-cell nova.conf.j2 writes it; nova 34 has no privsep context of that name",
        ('oslo_messaging_rabbit', 'heartbeat_in_pthread'):
            "kolla-ansible's nova-cell nova.conf.j2 writes it; oslo.messaging 18 no longer has it",
        ('service_user', 'region_name'):
            "kolla-ansible's nova-cell nova.conf.j2 writes it; nova's [service_user] has no adapter options",
        ('service_user', 'valid_interfaces'):
            "kolla-ansible's nova-cell nova.conf.j2 writes it; nova's [service_user] has no adapter options",
    }),
    'cinder-devstack.conf': ('cinder', {
        ('nova', 'memcached_servers'):
            "devstack's configure_keystone_authtoken_middleware writes it into [nova] too; "
            "cinder's [nova] has no such option",
    }),
}


def namespaces(service):
    conf = FIXTURES / SERVICES[service][0]
    names = []
    for line in conf.read_text().splitlines():
        key, sep, value = line.partition('=')
        if sep and key.strip() == 'namespace':
            names.append(value.strip())
    return names


def entry_point(group, name):
    found = [e for e in importlib.metadata.entry_points(group=group) if e.name == name]
    return found[0].load() if found else None


def check_one(service, path, expected):
    """Checks one file in this interpreter; returns the number of errors."""
    import importlib

    from keystoneauth1 import loading as ks_loading
    from oslo_config import cfg

    errors = []

    def error(message):
        if message not in errors:
            errors.append(message)
            print(f'  error: {message}')

    def failure(e):
        """An exception as a line, with those it came from (oslo.config hides which `$`
        reference failed behind a NoSuchOptError for the option read)."""
        seen, chain = {str(e)}, []
        cause = e.__context__
        while cause is not None:
            if str(cause) not in seen:
                seen.add(str(cause))
                chain.append(f'{type(cause).__name__}: {cause}')
            cause = cause.__context__
        return f'{type(e).__name__}: {e}' + ''.join(f' (from {c})' for c in chain)

    version = importlib.metadata.version(service)
    own_namespace = SERVICES[service][2] if service == 'nova' else None
    shown = path.resolve().relative_to(TOP) if path.resolve().is_relative_to(TOP) else path
    print(f'{shown} ({service} {version}):')

    # 1. The service's own registrations, and the imports of every namespace's module (some
    # register command-line options, which must come before the parse), then 2. the parse.
    importlib.import_module(SERVICES[service][1])
    list_opts_of = {ns: entry_point('oslo.config.opts', ns) for ns in namespaces(service)}
    conf = cfg.CONF
    try:
        conf(args=[], project=service, default_config_files=[str(path)], default_config_dirs=[])
    except cfg.Error as e:
        error(f'{type(e).__name__}: {e}')
        return len(errors)
    sections = {}  # the file as oslo.config's parser reads it: section -> option -> values
    cfg.ConfigParser(str(path), sections).parse()

    # 3. The libraries' registrations and defaults, namespace by namespace.
    # keystoneauth's plugin options, which a namespace lists for every plugin it documents: at
    # run time register_auth_conf_options gives the group auth_type and auth_section, and
    # load_auth_from_conf_options registers the options of the plugin auth_type names (step
    # 6), so they are left to it.
    plugin_opts = [o._to_oslo_opt() for name in ks_loading.get_available_plugin_names()
                   for o in ks_loading.get_plugin_loader(name).get_options()]
    registered = left = 0
    for ns in namespaces(service):
        if ns == own_namespace:
            continue  # registered by the import above, as the service does
        if ns == 'oslo.config':
            # ConfigOpts registers its own options (config_file, config_dir, config_source)
            # when it parses; the namespace's other groups are samples for the docs.
            continue
        list_opts = list_opts_of[ns]
        if list_opts is None:
            error(f'namespace {ns}: no oslo.config.opts entry point')
            continue
        for group, opts in list_opts():
            for opt in opts:
                if opt in plugin_opts:
                    left += 1
                    ks_loading.register_auth_conf_options(conf, getattr(group, 'name', group))
                    continue
                try:
                    if conf.register_opt(opt, group=group):
                        registered += 1
                except cfg.DuplicateOptError as e:
                    error(f'namespace {ns}: {e}')
    for ns in namespaces(service):
        hook = entry_point('oslo.config.opts.defaults', ns)
        if hook is not None:
            hook()
    print(f'  namespaces: {len(namespaces(service))}; {registered} options registered beyond '
          f'{SERVICES[service][1]}\'s own ({left} auth plugin options left to the plugins)')

    # 4. cinder's backends, through cinder's own grafting class.
    if service == 'cinder':
        from cinder.volume import configuration

        shared = [opt for group, opts in entry_point('oslo.config.opts', 'cinder')()
                  if getattr(group, 'name', group) == configuration.SHARED_CONF_GROUP
                  for opt in opts]
        for name in conf.enabled_backends or []:
            backend = configuration.Configuration(shared, config_group=name)
            values = 0
            for opt in shared:
                try:
                    backend.safe_get(opt.dest)
                    values += 1
                except Exception as e:  # noqa: BLE001 - any failure is a finding
                    error(f'[{name}]/{opt.dest} (through [backend_defaults]): {failure(e)}')
            here = [k for k in sections.get(name, {}) if k in {o.dest for o in shared}]
            inherited = [k for k in sections.get(configuration.SHARED_CONF_GROUP, {}) if k not in here]
            print(f'  backend [{name}]: {values} options read through BackendGroupConfiguration, '
                  f'{len(here)} set in [{name}], {len(inherited)} from [backend_defaults] '
                  f'(volume_driver = {backend.volume_driver})')

    # 5. Every registered option of every group, 6. then the auth plugins, then again.
    def read_all():
        count = 0
        for dest in list(conf._opts):
            try:
                conf[dest]
                count += 1
            except Exception as e:  # noqa: BLE001
                error(f'[DEFAULT]/{dest}: {failure(e)}')
        for name in list(conf._groups):
            for dest in list(conf._groups[name]._opts):
                try:
                    conf[name][dest]
                    count += 1
                except Exception as e:  # noqa: BLE001
                    error(f'[{name}]/{dest}: {failure(e)}')
        return count

    plugins = []
    for name in list(conf._groups):
        # keystoneauth's groups: register_auth_conf_options gives both (castellan's
        # [key_manager] has an auth_type of its own).
        if not {'auth_type', 'auth_section'} <= set(conf._groups[name]._opts):
            continue
        group = conf[name]
        try:
            if group.auth_type or group.auth_section:
                plugin = ks_loading.load_auth_from_conf_options(conf, name)
                plugins.append(f'[{name}] {group.auth_type} ({type(plugin).__name__})')
        except Exception as e:  # noqa: BLE001
            error(f'[{name}] auth_type = {group.auth_type}: {failure(e)}')
    values = read_all()
    groups = len(conf._groups)
    print(f'  read: {values} registered options in {groups} groups and [DEFAULT]')
    print(f'  auth plugins loaded: {len(plugins)}: {", ".join(plugins) or "none"}')

    # What oslo.config ignores: sections and options nothing registered.
    known_old = set()
    for gname, opts in [('DEFAULT', conf._opts)] + [(n, g._opts) for n, g in conf._groups.items()]:
        for info in opts.values():
            for old in info['opt'].deprecated_opts:
                known_old.add(((old.group or gname).lower() if (old.group or gname) != 'DEFAULT'
                               else 'DEFAULT', old.name))
    ignored, old_names, going, settings = [], [], [], 0
    for section, keys in sections.items():
        sname = section if section == 'DEFAULT' else section.lower()
        if sname == 'DEFAULT':
            live = set(conf._opts)
        elif sname in conf._groups:
            live = set(conf._groups[sname]._opts)
        else:
            ignored.append((sname, None))
            continue
        opts = conf._opts if sname == 'DEFAULT' else conf._groups[sname]._opts
        for key in keys:
            settings += 1
            if key in live:
                if opts[key]['opt'].deprecated_for_removal:
                    going.append(f'[{sname}]/{key}')
                continue
            if (sname, key) in known_old:
                old_names.append(f'[{sname}]/{key}')
            else:
                ignored.append((sname, key))
    print(f'  the file: {len(sections)} sections, {settings} settings')
    if old_names:
        print(f'  read through deprecated names: {", ".join(old_names)}')
    if going:
        print(f'  set, and deprecated for removal: {", ".join(going)}')
    for item in ignored:
        where = f'[{item[0]}]' + (f'/{item[1]}' if item[1] else ' (the whole section)')
        if item in expected:
            print(f'  ignored by oslo.config, as expected: {where}: {expected[item]}')
        else:
            error(f'{where} is not registered by {service} {version} or its libraries '
                  '(oslo.config ignores it: a typo?)')
    for item in expected:
        if item not in ignored:
            error(f'expected [{item[0]}]{"/" + item[1] if item[1] else ""} to be ignored, '
                  'but it is not (update EXPECTED)')

    print(f'  {"OK" if not errors else f"{len(errors)} errors"}')
    return len(errors)


def main(argv):
    if len(argv) == 3 and argv[0] == '--one':
        service, path = argv[1], pathlib.Path(argv[2])
        # By file name: a copy of one of the configs (with an error planted) expects the same.
        expected = EXPECTED.get(path.name, (service, {}))[1]
        return 3 if check_one(service, path, expected) else 0
    if len(argv) == 2:
        jobs = [(argv[0], pathlib.Path(argv[1]))]
    elif not argv:
        jobs = [(service, CONFIGS / name) for name, (service, _) in EXPECTED.items()]
        found = sorted(p.name for p in CONFIGS.glob('*.conf'))
        if found != sorted(EXPECTED):
            print(f'{CONFIGS}: the configs {found} are not the ones listed here {sorted(EXPECTED)}')
            return 1
    else:
        print(__doc__)
        return 2
    failed = 0
    env = dict(os.environ, PYTHONWARNINGS='ignore')
    for service, path in jobs:
        # A fresh interpreter each: the services register into the global CONF.
        result = subprocess.run([sys.executable, __file__, '--one', service, str(path)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        sys.stdout.write(result.stdout)
        if result.returncode != 0:
            failed += 1
            if result.returncode != 3:  # not a report of errors: it broke
                sys.stdout.write(result.stderr)
    print(f'{len(jobs) - failed} of {len(jobs)} configs load cleanly in oslo.config')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
