"""Check that this Python can make mlops-audit's virtual environment, before make tries.

Exit 2 when it is older than 3.10, 1 when it has no ensurepip (Debian and Ubuntu ship that in
python3.X-venv; without it `python3 -m venv` leaves a venv with no pip), each with what to do.
Written for any python3 a machine may have: the version check comes before newer code loads.
"""

import sys
from pathlib import Path

if sys.version_info < (3, 10):  # noqa: UP036  (the point: this runs on any Python)
    # Exit 2, which the Makefile reads as "too old to check anything else with".
    print(
        "mlops-audit needs Python 3.10 or newer; {} is {}.{}. Name a newer one to make:\n"
        "  make demo PYTHON=python3.12".format(sys.executable, *sys.version_info[:2]),
        file=sys.stderr,
    )
    sys.exit(2)

try:
    # Both: Debian's python3 without python3-venv has no ensurepip at all; a Python whose
    # ensurepip folder is there but empty imports it as a namespace package and fails later.
    import ensurepip
    import ensurepip.__main__  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from auditor import syslibs

    sys.exit(
        syslibs.venv_advice(
            syslibs.current_platform(),
            sys.executable,
            (sys.version_info[0], sys.version_info[1]),
            as_root=syslibs.running_as_root(),
        )
    )
