"""The wheel's `sphinx` extra: what `confspec.sphinx` needs, and a message naming it without.

Usage: check_extra.py VENV WHEEL [CONSTRAINTS]

In the fresh venv VENV, installs WHEEL alone and then Sphinx alone (a docs venv without
oslo.config, the common case): importing confspec.sphinx must fail both times with an
ImportError that says `pip install 'confspec[sphinx]'`. Then installs WHEEL[sphinx] (pinned by
CONSTRAINTS, a pip constraints file) and the import must work. The venv is left with the extra
installed (scripts/sphinx/check.sh builds its docs with it). Exits 1 when a check fails.
"""

import os
import subprocess
import sys

EXTRA = "pip install 'confspec[sphinx]'"


def main(venv, wheel, constraints=None):
    python = os.path.join(venv, "bin", "python")

    def pip(*args):
        pinned = ["-c", constraints] if constraints else []
        subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", *pinned, *args],
                       check=True)

    def imported():
        return subprocess.run([python, "-c", "import confspec.sphinx"], capture_output=True, text=True)

    failures = []
    for step, install in [("the wheel alone", ["--no-deps", wheel]), ("the wheel and Sphinx", ["Sphinx"])]:
        pip(*install)
        proc = imported()
        last = proc.stderr.strip().splitlines()[-1:] or [""]
        if proc.returncode == 0 or not last[0].startswith("ImportError:") or EXTRA not in last[0]:
            failures.append(f"with {step}, importing confspec.sphinx does not name the extra: {proc.stderr!r}")
        else:
            print(f"sphinx extra: with {step}: {last[0]}")
    pip(f"{wheel}[sphinx]")
    proc = imported()
    if proc.returncode != 0:
        failures.append(f"with the wheel's sphinx extra, confspec.sphinx does not import: {proc.stderr}")
    else:
        print("sphinx extra: with confspec[sphinx], confspec.sphinx imports")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
