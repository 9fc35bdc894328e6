"""Say which system libraries WeasyPrint is missing, and the apt-get line that installs them."""

import ctypes.util
import sys

NEEDED = {"pango-1.0": "libpango-1.0-0", "pangoft2-1.0": "libpangoft2-1.0-0", "harfbuzz": "libharfbuzz0b"}
missing = [package for library, package in NEEDED.items() if ctypes.util.find_library(library) is None]
if missing:
    print("WeasyPrint (PDF rendering) needs system libraries that are missing.", file=sys.stderr)
    print(f"Install them with:  sudo apt-get install {' '.join(missing)}", file=sys.stderr)
    sys.exit(1)
