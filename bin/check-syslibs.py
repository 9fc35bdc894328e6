"""Check the system libraries PDF output needs; say what is missing and how to install it.

Exit 0 when PDF output will work (a note may still name an optional library), 1 when a library
it needs is missing. With --install (as `make` runs it), install them first where that needs no
question: as root on Debian and Ubuntu, with apt-get. Everywhere else it prints the platform's
own install line. The platform detection and the messages are auditor/syslibs.py's, which the
CLI uses for the same error, so the two never disagree. Runs with the machine's python3, before
.venv exists.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from auditor import syslibs  # the checkout's, not an installed copy


def apt_install(packages: list[str]) -> None:
    """Install those of ``packages`` this release has (apt-get refuses a line naming one it
    does not know), quietly; apt-get's own output is shown only when it fails."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    known = [
        package
        for package in packages
        if subprocess.run(
            ["apt-cache", "show", "--no-all-versions", package],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    ]
    if not known:
        return
    print(f"Installing what PDF output needs: {' '.join(known)}", file=sys.stderr)
    done = subprocess.run(
        ["apt-get", "install", "-y", "-qq", *known],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)


def main(argv: list[str]) -> int:
    platform = syslibs.current_platform()
    as_root = syslibs.running_as_root()
    found = syslibs.check(platform)
    wanted = syslibs.apt_packages(platform, found)
    if "--install" in argv and wanted and as_root and shutil.which("apt-get"):
        apt_install(wanted)
        # A fresh process loads the libraries anew and says what is still missing.
        return subprocess.run([sys.executable, __file__], check=False).returncode
    message = syslibs.report(platform, found, as_root=as_root)
    if message:
        print(message, file=sys.stderr)
    return 0 if found.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
