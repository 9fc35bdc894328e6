"""Print the lowest versions setup.cfg allows, as pip constraints: `name==floor`, one a line.

`make test` installs them into .venv-lowest and runs the fast tests there, so a floor that does
not work fails here rather than on a user's machine. Every requirement needs a `>=` floor: a
requirement without one could not be tested at its lowest.
"""

from __future__ import annotations

import configparser
import re
import sys

FLOOR = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)")


def floors(setup_cfg: str) -> list[str]:
    config = configparser.ConfigParser()
    config.read_string(setup_cfg)
    lines = config.get("options", "install_requires").strip().splitlines()
    constraints = []
    for line in (line.strip() for line in lines):
        match = FLOOR.match(line)
        if match is None:
            raise SystemExit(f"setup.cfg: install_requires: {line!r} has no >= floor to test")
        constraints.append(f"{match.group(1)}=={match.group(3)}")
    return constraints


if __name__ == "__main__":
    path = sys.argv[1] if len(sys.argv) > 1 else "setup.cfg"
    with open(path, encoding="utf-8") as handle:
        print("\n".join(floors(handle.read())))
