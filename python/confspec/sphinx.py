"""Sphinx extension: oslo.config's sample generation and ``show-options`` from specs.

A drop-in for ``oslo_config.sphinxconfiggen`` and ``oslo_config.sphinxext`` that needs the
service's specs, not the service: the same settings (``config_generator_config_file``,
``sample_config_basename``) and the same ``show-options`` directive, rendered by confspec;
``confspec_spec_dir`` says where the specs are (``<namespace>.yaml``, relative to the folder
of ``conf.py``; default ``specs``). oslo.config's Sphinx domain is registered, so
``:oslo.config:option:`` and ``:oslo.config:group:`` references keep working.
"""

import os
import subprocess

try:
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives
    from docutils.statemachine import StringList
    from oslo_config.sphinxext import ConfigDomain
    from sphinx.util import logging
    from sphinx.util.nodes import nested_parse_with_titles
except ImportError as e:
    # Sphinx and oslo.config (for its Sphinx domain) are the extra's, not the package's.
    raise ImportError(
        f"confspec.sphinx needs Sphinx and oslo.config ({e}): pip install 'confspec[sphinx]'",
        name=e.name,
        path=e.path,
    ) from e

from . import executable

LOG = logging.getLogger(__name__)


def _confspec(*args):
    proc = subprocess.run([executable(), *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"confspec {' '.join(args)} failed:\n{proc.stderr.strip()}")
    return proc.stdout


def _spec_dir(app):
    spec_dir = app.config.confspec_spec_dir
    return spec_dir if os.path.isabs(spec_dir) else os.path.join(app.confdir, spec_dir)


def _find(app, path):
    for candidate in (path, os.path.join(app.srcdir, path)):
        if os.path.isfile(candidate):
            return candidate
    raise ValueError(f"Could not find config_generator_config_file {path!r}")


def generate_sample(app):
    """sphinxconfiggen's ``builder-inited`` step: the sample file(s), written into the source."""
    setting = app.config.config_generator_config_file
    if not setting:
        LOG.warning("No config_generator_config_file is specified, skipping sample config generation")
        return
    if isinstance(setting, list):
        pairs = [(c, b if b is not None else os.path.splitext(os.path.basename(c))[0]) for c, b in setting]
    else:
        pairs = [(setting, app.config.sample_config_basename)]
    for config_file, base_name in pairs:
        if base_name:
            out_file = os.path.join(app.srcdir, base_name) + '.conf.sample'
            os.makedirs(os.path.dirname(os.path.abspath(out_file)), exist_ok=True)
        else:
            out_file = os.path.join(app.srcdir, 'sample.config')
        LOG.info('[confspec.sphinx] writing sample configuration to %s', out_file)
        _confspec('generate', '--config-file', _find(app, config_file), '--spec-dir', _spec_dir(app), '-o', out_file)


class ShowOptionsDirective(Directive):
    """``.. show-options::`` with namespaces as content, or ``:config-file:``."""

    option_spec = {'split-namespaces': directives.flag, 'config-file': directives.unchanged}
    has_content = True

    def run(self):
        app = self.state.document.settings.env.app
        args = ['generate', '--format', 'rst', '--spec-dir', _spec_dir(app), '-o', '-']
        config_file = self.options.get('config-file')
        if config_file:
            args += ['--config-file', config_file]
        else:
            for namespace in (c.strip() for c in self.content if c.strip()):
                args += ['--namespace', namespace]
        if 'split-namespaces' in self.options:
            LOG.warning('confspec.sphinx: :split-namespaces: is not supported; the namespaces are merged')
        source = self.state.document.current_source
        result = StringList()
        for count, line in enumerate(_confspec(*args).split('\n')):
            result.append(line, source, count)
        node = nodes.section()
        node.document = self.state.document
        with logging.skip_warningiserror():
            nested_parse_with_titles(self.state, result, node)
        return node.children


def setup(app):
    app.add_config_value('config_generator_config_file', None, 'env')
    app.add_config_value('sample_config_basename', None, 'env')
    app.add_config_value('confspec_spec_dir', 'specs', 'env')
    app.connect('builder-inited', generate_sample)
    app.add_directive('show-options', ShowOptionsDirective)
    app.add_domain(ConfigDomain)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
