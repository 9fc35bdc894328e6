"""The system libraries PDF output needs, and how to install them on the machine at hand.

WeasyPrint lays text out with Pango (and through it HarfBuzz, fontconfig and GLib), which pip
cannot install. Two places need to say what is missing and the line that installs it: the PDF
renderer, when WeasyPrint's import fails (:func:`missing_library_error`), and
``bin/check-syslibs.py``, which ``make`` runs before anything is installed. Both use this module,
so they never disagree. The decisions are pure functions of their inputs (``sys.platform``, the
text of ``/etc/os-release``, what loaded), tested per platform; only :func:`current_platform` and
:func:`loadable` look at the machine.

Standard library only, and no syntax newer than Python 3.7: the check runs with whatever
``python3`` the machine has, before the virtual environment exists.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform as platform_module
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import AuditorError

WEASYPRINT_INSTALL_DOCS = "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html"
HTML_INSTEAD = "or use `--format html`, which needs none."


@dataclass(frozen=True)
class Library:
    """A shared library WeasyPrint loads, with the file names it tries, in its order."""

    name: str
    soname: str  # as a person would search for it: libpango-1.0
    candidates: tuple[str, ...]
    required: bool = True


# The names weasyprint/text/ffi.py passes to dlopen for each library (Linux, macOS, Windows),
# in the order it loads them: the first that fails is the one its error names. A test checks
# them against the installed WeasyPrint.
LIBRARIES = (
    Library(
        "GLib",
        "libgobject-2.0",
        (
            "libgobject-2.0-0",
            "gobject-2.0-0",
            "gobject-2.0",
            "libgobject-2.0.so.0",
            "libgobject-2.0.0.dylib",
            "libgobject-2.0-0.dll",
        ),
    ),
    Library(
        "Pango",
        "libpango-1.0",
        (
            "libpango-1.0-0",
            "pango-1.0-0",
            "pango-1.0",
            "libpango-1.0.so.0",
            "libpango-1.0.dylib",
            "libpango-1.0-0.dll",
        ),
    ),
    Library(
        "HarfBuzz",
        "libharfbuzz",
        (
            "libharfbuzz-0",
            "harfbuzz",
            "harfbuzz-0.0",
            "libharfbuzz.so.0",
            "libharfbuzz.0.dylib",
            "libharfbuzz-0.dll",
        ),
    ),
    Library(
        "HarfBuzz subset",
        "libharfbuzz-subset",
        (
            "libharfbuzz-subset-0",
            "harfbuzz-subset",
            "harfbuzz-subset-0.0",
            "libharfbuzz-subset.so.0",
            "libharfbuzz-subset.0.dylib",
            "libharfbuzz-subset-0.dll",
        ),
        required=False,
    ),
    Library(
        "fontconfig",
        "libfontconfig",
        (
            "libfontconfig-1",
            "fontconfig-1",
            "fontconfig",
            "libfontconfig.so.1",
            "libfontconfig.1.dylib",
            "libfontconfig-1.dll",
        ),
    ),
    Library(
        "PangoFT2",
        "libpangoft2-1.0",
        (
            "libpangoft2-1.0-0",
            "pangoft2-1.0-0",
            "pangoft2-1.0",
            "libpangoft2-1.0.so.0",
            "libpangoft2-1.0.dylib",
            "libpangoft2-1.0-0.dll",
        ),
    ),
)


@dataclass(frozen=True)
class Platform:
    """Where we run, as far as installing libraries goes."""

    family: str  # debian, fedora, alpine, arch, macos, windows or other
    name: str  # for messages: "Debian 12", "Ubuntu 24.04", "macOS"
    apple_silicon: bool = False
    # Whether the release packages libharfbuzz-subset0 (Debian 12+, Ubuntu 23.04+); apt-get
    # refuses the whole line when one package is unknown, so it is named only where it exists.
    harfbuzz_subset_package: bool = False

    @property
    def library_dirs(self) -> tuple[str, ...]:
        """Folders a package manager installs into that the loader may not search by itself."""
        return ("/opt/homebrew/lib", "/usr/local/lib") if self.family == "macos" else ()


def parse_os_release(text: str) -> dict[str, str]:
    """The ``KEY=value`` pairs of an os-release file, quotes removed."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and not key.startswith("#"):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            fields[key] = value
    return fields


_FAMILIES = (
    ("debian", ("debian", "ubuntu")),
    ("fedora", ("fedora", "rhel", "centos")),
    ("alpine", ("alpine",)),
    ("arch", ("arch",)),
)


def detect_platform(
    sys_platform: str, os_release: str | None = None, machine: str = ""
) -> Platform:
    """The platform for ``sys.platform``, the text of ``/etc/os-release`` and the machine type."""
    if sys_platform == "darwin":
        return Platform("macos", "macOS", apple_silicon=machine.lower() in {"arm64", "aarch64"})
    if sys_platform in {"win32", "cygwin", "msys"}:
        return Platform("windows", "Windows")
    fields = parse_os_release(os_release or "")
    ids = [fields.get("ID", "").lower(), *fields.get("ID_LIKE", "").lower().split()]
    name = fields.get("NAME", "").strip() or "Linux"
    version = fields.get("VERSION_ID", "")
    shown = f"{name} {version}".strip()
    for family, members in _FAMILIES:
        if any(member in ids for member in members):
            subset = family == "debian" and _packages_harfbuzz_subset(ids[0], version)
            return Platform(family, shown, harfbuzz_subset_package=subset)
    return Platform("other", shown)


def _packages_harfbuzz_subset(distribution: str, version: str) -> bool:
    # Debian 11 and Ubuntu 22.04 ship HarfBuzz 2.7, without a separate subset package.
    first = {"debian": (12,), "ubuntu": (23, 4)}.get(distribution)
    if first is None:
        return False  # a derivative: its own version numbers say nothing about Debian's
    if not version:
        return distribution == "debian"  # testing and unstable carry no VERSION_ID
    try:
        return tuple(int(part) for part in version.split(".")) >= first
    except ValueError:
        return False


def current_platform() -> Platform:
    """The platform this process runs on."""
    return detect_platform(sys.platform, read_os_release(), platform_module.machine())


def read_os_release() -> str | None:
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        try:
            return Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return None


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def debian_packages(platform: Platform) -> list[str]:
    """What ``apt-get install`` needs for PDF output (``fontconfig`` for ``fc-list``, with which
    the report names characters no installed font has)."""
    subset = ["libharfbuzz-subset0"] if platform.harfbuzz_subset_package else []
    return ["libpango-1.0-0", "libpangoft2-1.0-0", *subset, "fontconfig"]


def install_command(platform: Platform, *, as_root: bool = False) -> str | None:
    """The one command that installs every library PDF output needs, or None where there is
    no such command (Windows, an unknown Linux)."""
    sudo = "" if as_root else "sudo "
    commands = {
        "debian": f"{sudo}apt-get install {' '.join(debian_packages(platform))}",
        "fedora": f"{sudo}dnf install pango",
        "alpine": f"{sudo}apk add pango",
        "arch": f"{sudo}pacman -S pango",
        "macos": "brew install pango",
    }
    return commands.get(platform.family)


def install_advice(
    platform: Platform, *, as_root: bool = False, off_path: str | None = None, noun: str = "them"
) -> str:
    """How to get the libraries (``noun`` names them: "it" or "them"): a sentence ending in a
    colon and the indented commands to run, or a sentence where there is no one command.

    ``off_path`` is a folder that holds them but that the loader does not search (Homebrew's).
    """
    if off_path is not None:
        return (
            f"{noun.capitalize()} {'is' if noun == 'it' else 'are'} installed in {off_path}, "
            "where programs do not look by default; point the loader there (add the line to "
            f"~/.zprofile to keep it):\n  export DYLD_FALLBACK_LIBRARY_PATH={off_path}"
        )
    command = install_command(platform, as_root=as_root)
    if platform.family == "macos":
        if platform.apple_silicon:
            return (
                f"Install {noun} with Homebrew, and point the loader to Homebrew's folder, which "
                "it does not search on Apple Silicon (add the export to ~/.zprofile to keep it):"
                f"\n  {command}\n  export DYLD_FALLBACK_LIBRARY_PATH=/opt/homebrew/lib"
            )
        return f"Install {noun} with Homebrew:\n  {command}"
    if platform.family == "windows":
        return (
            "Install Pango with MSYS2 (https://www.msys2.org), in its UCRT64 shell; if MSYS2 is "
            "not in C:\\msys64, set WEASYPRINT_DLL_DIRECTORIES to its ucrt64\\bin folder (see "
            f"{WEASYPRINT_INSTALL_DOCS}):\n  pacman -S mingw-w64-ucrt-x86_64-pango"
        )
    if command is None:
        return (
            f"Install Pango 1.44 or newer with your system's package manager; it brings "
            f"HarfBuzz, fontconfig and GLib (see {WEASYPRINT_INSTALL_DOCS})"
        )
    return f"On {platform.name}, install {noun} with:\n  {command}"


def optional_advice(platform: Platform, *, as_root: bool = False) -> str:
    """What to say when only HarfBuzz's subset library is missing: PDFs still work (WeasyPrint
    falls back to fontTools), but its next versions will need it."""
    sudo = "" if as_root else "sudo "
    note = (
        "Note: HarfBuzz's subset library (libharfbuzz-subset) is missing. PDFs work without it, "
        "but future WeasyPrint versions will need it"
    )
    if platform.family == "debian":
        if platform.harfbuzz_subset_package:
            return f"{note}; install it with:\n  {sudo}apt-get install libharfbuzz-subset0"
        return f"{note}; {platform.name} does not package it (Debian 12 and Ubuntu 23.04 do)."
    # Elsewhere the subset library is part of the HarfBuzz package.
    command = {
        "fedora": f"{sudo}dnf install harfbuzz",
        "alpine": f"{sudo}apk add harfbuzz",
        "arch": f"{sudo}pacman -S harfbuzz",
        "macos": "brew install harfbuzz",
    }.get(platform.family)
    if command is not None:
        return f"{note}; it comes with HarfBuzz:\n  {command}"
    return f"{note}; see {WEASYPRINT_INSTALL_DOCS}"


def venv_advice(
    platform: Platform, executable: str, version: tuple[int, int], *, as_root: bool = False
) -> str:
    """What to do when ``executable`` (Python ``version``) has no ``ensurepip``, without which
    ``python -m venv`` makes a virtual environment with no pip in it.

    Debian and Ubuntu split it into ``python3.X-venv``; a Python of the distribution's own lives
    in /usr/bin. Elsewhere ensurepip comes with Python, so a Python without it was built or
    packaged without it, and another Python is the way out.
    """
    major, minor = version
    problem = (
        f"{executable} (Python {major}.{minor}) cannot make a virtual environment: "
        "its ensurepip module is missing."
    )
    if platform.family == "debian" and os.path.dirname(executable) in {"/usr/bin", "/bin"}:
        sudo = "" if as_root else "sudo "
        return (
            f"{problem}\nOn {platform.name}, install it with:\n"
            f"  {sudo}apt-get install python{major}.{minor}-venv"
        )
    return (
        f"{problem}\nInstall a Python that has it (python.org's installers, Homebrew, "
        "pyenv and most Linux distributions' own do), and name it to make:\n"
        "  make demo PYTHON=/path/to/python3"
    )


def describe(libraries: Sequence[Library]) -> str:
    return ", ".join(f"{library.name} ({library.soname})" for library in libraries)


# ---------------------------------------------------------------------------------------------
# Looking at the machine


def loadable(library: Library) -> bool:
    """Whether the dynamic loader finds ``library`` under one of the names WeasyPrint tries
    (and, as cffi does, through ``ctypes.util.find_library``)."""
    for name in library.candidates:
        for path in (name, ctypes.util.find_library(name)):
            if path is None:
                continue
            try:
                ctypes.CDLL(path)
            except OSError:
                continue
            return True
    return False


def installed_in(
    platform: Platform,
    library: Library,
    exists: Callable[[str], bool] = os.path.exists,
) -> str | None:
    """The package-manager folder (Homebrew's) that holds ``library``, or None."""
    for folder in platform.library_dirs:
        if any(exists(os.path.join(folder, name)) for name in library.candidates if "." in name):
            return folder
    return None


@dataclass(frozen=True)
class Check:
    """What a look at the machine found."""

    missing: tuple[Library, ...]  # required and not loadable
    optional: tuple[Library, ...]  # optional and not loadable
    off_path: str | None = None  # a folder holding the missing ones that the loader skips

    @property
    def ok(self) -> bool:
        return not self.missing


def check(
    platform: Platform,
    load: Callable[[Library], bool] = loadable,
    exists: Callable[[str], bool] = os.path.exists,
) -> Check:
    failed = [library for library in LIBRARIES if not load(library)]
    missing = tuple(library for library in failed if library.required)
    folders = {installed_in(platform, library, exists) for library in missing}
    off_path = folders.pop() if len(folders) == 1 and missing else None
    return Check(missing, tuple(library for library in failed if not library.required), off_path)


def apt_packages(platform: Platform, found: Check) -> list[str]:
    """What ``make`` may install with apt-get for what ``found`` misses (empty off Debian and
    Ubuntu). The subset package is asked for whatever the release: the installer keeps only the
    packages apt knows, which is surer than guessing from a version number."""
    if platform.family != "debian":
        return []
    subset = ["libharfbuzz-subset0"]
    if found.missing:
        return ["libpango-1.0-0", "libpangoft2-1.0-0", *subset, "fontconfig"]
    return subset if found.optional else []


def report(platform: Platform, found: Check, *, as_root: bool = False) -> str:
    """What ``bin/check-syslibs.py`` prints: empty when everything is there."""
    parts = []
    if found.missing:
        parts.append(
            "PDF output (WeasyPrint) needs system libraries that are missing or cannot be "
            f"loaded: {describe(found.missing)}.\n"
            + install_advice(platform, as_root=as_root, off_path=found.off_path)
            + "\nHTML output (`--format html`) needs none."
        )
    if found.optional and not found.missing:  # else the install line above covers it
        parts.append(optional_advice(platform, as_root=as_root))
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# The error a command raises


class MissingSystemLibrary(AuditorError):
    """A library PDF output needs would not load: what is missing, how to install it, and
    what works without it (``alternative``, which a command may replace)."""

    def __init__(self, problem: str, fix: str, alternative: str = HTML_INSTEAD) -> None:
        self.problem = problem
        self.fix = fix
        self.alternative = alternative
        super().__init__(f"{problem}\n{fix}\n{alternative}")

    def instead(self, alternative: str) -> MissingSystemLibrary:
        """The same error ending with another way forward."""
        return MissingSystemLibrary(self.problem, self.fix, alternative)


_CANNOT_LOAD = re.compile(r"cannot load library '([^']+)'")


def missing_library_error(
    error: OSError,
    platform: Platform | None = None,
    *,
    as_root: bool | None = None,
    exists: Callable[[str], bool] = os.path.exists,
) -> MissingSystemLibrary | None:
    """The user's error for WeasyPrint's failed import, or None when ``error`` is not about a
    library that would not load (then it is not the user's to fix)."""
    match = _CANNOT_LOAD.search(str(error))
    if match is None:
        return None
    platform = platform or current_platform()
    as_root = running_as_root() if as_root is None else as_root
    name = match.group(1)
    library = next((lib for lib in LIBRARIES if name in lib.candidates), None)
    what = f"the {library.name} library ({library.soname})" if library else f"the library {name}"
    off_path = installed_in(platform, library, exists) if library else None
    return MissingSystemLibrary(
        f"PDF output needs {what}, which is missing or cannot be loaded.",
        install_advice(platform, as_root=as_root, off_path=off_path, noun="it"),
    )
