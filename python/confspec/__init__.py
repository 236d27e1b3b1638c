"""confspec: oslo.config-compatible samples, docs and checks from declarative YAML specs.

The wheel installs the ``confspec`` command; this package locates it for Python callers, and
``confspec.sphinx`` is the Sphinx extension (docs/sphinx.md).
"""

import os
import shutil
import sysconfig


def executable():
    """The path of the installed ``confspec`` binary."""
    scripts = sysconfig.get_path("scripts")
    candidate = os.path.join(scripts, "confspec")
    if os.path.exists(candidate):
        return candidate
    found = shutil.which("confspec")
    if found is None:
        raise FileNotFoundError("the confspec command is not installed")
    return found
