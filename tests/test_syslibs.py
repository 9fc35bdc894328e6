"""System libraries: the platform read right, the install line right for it, and a missing Pango
reported as the user's to fix, checked for real with Pango made unloadable in a mount namespace."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from auditor import syslibs
from auditor.syslibs import LIBRARIES, Library, Platform, detect_platform
from tests.conftest import EXAMPLES, REPO

DEBIAN_12 = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'
DEBIAN_11 = 'NAME="Debian GNU/Linux"\nVERSION_ID="11"\nID=debian\n'
DEBIAN_SID = 'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nNAME="Debian GNU/Linux"\nID=debian\n'
UBUNTU_2204 = 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\n'
UBUNTU_2404 = 'NAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\nID_LIKE=debian\n'
MINT = 'NAME="Linux Mint"\nVERSION_ID="22"\nID=linuxmint\nID_LIKE="ubuntu debian"\n'
FEDORA = 'NAME="Fedora Linux"\nVERSION_ID=40\nID=fedora\n'
ROCKY = 'NAME="Rocky Linux"\nVERSION_ID="9.3"\nID="rocky"\nID_LIKE="rhel centos fedora"\n'
ALPINE = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.0\n'
ARCH = 'NAME="Arch Linux"\nID=arch\n'
VOID = 'NAME="Void"\nID="void"\n'

PANGO_ERROR = OSError(
    "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: "
    "No such file or directory.  Additionally, ctypes.util.find_library() did not manage to "
    "locate a library called 'libpango-1.0-0'"
)
PANGO = next(library for library in LIBRARIES if library.name == "Pango")


@pytest.mark.parametrize(
    ("sys_platform", "os_release", "machine", "expected"),
    [
        ("linux", DEBIAN_12, "x86_64", Platform("debian", "Debian GNU/Linux 12", False, True)),
        ("linux", DEBIAN_11, "x86_64", Platform("debian", "Debian GNU/Linux 11", False, False)),
        ("linux", DEBIAN_SID, "x86_64", Platform("debian", "Debian GNU/Linux", False, True)),
        ("linux", UBUNTU_2204, "x86_64", Platform("debian", "Ubuntu 22.04", False, False)),
        ("linux", UBUNTU_2404, "aarch64", Platform("debian", "Ubuntu 24.04", False, True)),
        ("linux", MINT, "x86_64", Platform("debian", "Linux Mint 22", False, False)),
        ("linux", FEDORA, "x86_64", Platform("fedora", "Fedora Linux 40")),
        ("linux", ROCKY, "x86_64", Platform("fedora", "Rocky Linux 9.3")),
        ("linux", ALPINE, "x86_64", Platform("alpine", "Alpine Linux 3.20.0")),
        ("linux", ARCH, "x86_64", Platform("arch", "Arch Linux")),
        ("linux", VOID, "x86_64", Platform("other", "Void")),
        ("linux", None, "x86_64", Platform("other", "Linux")),
        ("darwin", None, "arm64", Platform("macos", "macOS", apple_silicon=True)),
        ("darwin", None, "x86_64", Platform("macos", "macOS")),
        ("win32", None, "AMD64", Platform("windows", "Windows")),
    ],
)
def test_platform_is_read_from_sys_platform_and_os_release(
    sys_platform: str, os_release: str | None, machine: str, expected: Platform
) -> None:
    assert detect_platform(sys_platform, os_release, machine) == expected


def _error(
    platform: Platform, *, as_root: bool = False, exists: Callable[[str], bool] = lambda _: False
) -> str:
    error = syslibs.missing_library_error(PANGO_ERROR, platform, as_root=as_root, exists=exists)
    assert error is not None
    return str(error)


HEAD = "PDF output needs the Pango library (libpango-1.0), which is missing or cannot be loaded.\n"
TAIL = "\nor use `--format html`, which needs none."


@pytest.mark.parametrize(
    ("sys_platform", "os_release", "machine", "as_root", "advice"),
    [
        (
            "linux",
            DEBIAN_12,
            "x86_64",
            False,
            "On Debian GNU/Linux 12, install it with:\n"
            "  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig",
        ),
        (
            "linux",
            UBUNTU_2204,
            "x86_64",
            True,  # a container's root has no sudo
            "On Ubuntu 22.04, install it with:\n"
            "  apt-get install libpango-1.0-0 libpangoft2-1.0-0 fontconfig",
        ),
        (
            "linux",
            FEDORA,
            "x86_64",
            False,
            "On Fedora Linux 40, install it with:\n  sudo dnf install pango",
        ),
        (
            "linux",
            ALPINE,
            "x86_64",
            True,
            "On Alpine Linux 3.20.0, install it with:\n  apk add pango",
        ),
        ("linux", ARCH, "x86_64", False, "On Arch Linux, install it with:\n  sudo pacman -S pango"),
        ("darwin", None, "x86_64", False, "Install it with Homebrew:\n  brew install pango"),
        (
            "darwin",
            None,
            "arm64",
            False,
            "Install it with Homebrew, and point the loader to Homebrew's folder, which it does "
            "not search on Apple Silicon (add the export to ~/.zprofile to keep it):\n"
            "  brew install pango\n"
            "  export DYLD_FALLBACK_LIBRARY_PATH=/opt/homebrew/lib",
        ),
        (
            "win32",
            None,
            "AMD64",
            False,
            "Install Pango with MSYS2 (https://www.msys2.org), in its UCRT64 shell; if MSYS2 is "
            "not in C:\\msys64, set WEASYPRINT_DLL_DIRECTORIES to its ucrt64\\bin folder (see "
            "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html):\n"
            "  pacman -S mingw-w64-ucrt-x86_64-pango",
        ),
        (
            "linux",
            VOID,
            "x86_64",
            False,
            "Install Pango 1.44 or newer with your system's package manager; it brings HarfBuzz, "
            "fontconfig and GLib (see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html)",
        ),
    ],
)
def test_missing_pango_names_the_install_line_of_the_platform(
    sys_platform: str, os_release: str | None, machine: str, as_root: bool, advice: str
) -> None:
    platform = detect_platform(sys_platform, os_release, machine)
    assert _error(platform, as_root=as_root) == HEAD + advice + TAIL


def test_homebrew_pango_off_the_search_path_is_pointed_to() -> None:
    platform = detect_platform("darwin", None, "arm64")
    installed = {"/opt/homebrew/lib/libpango-1.0.dylib"}
    assert _error(platform, exists=installed.__contains__) == (
        HEAD + "It is installed in /opt/homebrew/lib, where programs do not look by default; "
        "point the loader there (add the line to ~/.zprofile to keep it):\n"
        "  export DYLD_FALLBACK_LIBRARY_PATH=/opt/homebrew/lib" + TAIL
    )


def test_other_os_errors_are_not_the_users_to_fix() -> None:
    platform = detect_platform("linux", DEBIAN_12)
    assert syslibs.missing_library_error(OSError("disk on fire"), platform) is None
    unknown = syslibs.missing_library_error(OSError("cannot load library 'libfoo': gone"), platform)
    assert unknown is not None and str(unknown).startswith(
        "PDF output needs the library libfoo, which is missing or cannot be loaded.\n"
    )


def test_a_command_can_end_the_error_with_its_own_way_forward() -> None:
    error = syslibs.missing_library_error(
        PANGO_ERROR, detect_platform("linux", FEDORA), as_root=False
    )
    assert error is not None
    assert str(error.instead("Try X.")) == str(error).replace(syslibs.HTML_INSTEAD, "Try X.")


def _loads_all_but(*names: str) -> Callable[[Library], bool]:
    return lambda library: library.name not in names


def test_check_reports_nothing_when_every_library_loads() -> None:
    platform = detect_platform("linux", DEBIAN_12)
    found = syslibs.check(platform, load=_loads_all_but())
    assert found.ok and syslibs.report(platform, found) == ""
    assert syslibs.apt_packages(platform, found) == []


def test_check_names_what_is_missing_and_the_install_line() -> None:
    platform = detect_platform("linux", DEBIAN_12)
    found = syslibs.check(platform, load=_loads_all_but("Pango", "PangoFT2", "HarfBuzz subset"))
    assert not found.ok
    assert syslibs.report(platform, found) == (
        "PDF output (WeasyPrint) needs system libraries that are missing or cannot be loaded: "
        "Pango (libpango-1.0), PangoFT2 (libpangoft2-1.0).\n"
        "On Debian GNU/Linux 12, install them with:\n"
        "  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig\n"
        "HTML output (`--format html`) needs none."
    )
    assert syslibs.apt_packages(platform, found) == [
        "libpango-1.0-0",
        "libpangoft2-1.0-0",
        "libharfbuzz-subset0",
        "fontconfig",
    ]


@pytest.mark.parametrize(
    ("os_release", "note"),
    [
        (DEBIAN_12, "; install it with:\n  sudo apt-get install libharfbuzz-subset0"),
        (DEBIAN_11, "; Debian GNU/Linux 11 does not package it (Debian 12 and Ubuntu 23.04 do)."),
        (FEDORA, "; it comes with HarfBuzz:\n  sudo dnf install harfbuzz"),
    ],
)
def test_a_missing_harfbuzz_subset_is_a_note_not_a_failure(os_release: str, note: str) -> None:
    platform = detect_platform("linux", os_release)
    found = syslibs.check(platform, load=_loads_all_but("HarfBuzz subset"))
    assert found.ok
    assert syslibs.report(platform, found) == (
        "Note: HarfBuzz's subset library (libharfbuzz-subset) is missing. PDFs work without it, "
        "but future WeasyPrint versions will need it" + note
    )
    expected = ["libharfbuzz-subset0"] if platform.family == "debian" else []
    assert syslibs.apt_packages(platform, found) == expected


def test_check_on_macos_finds_homebrew_libraries_the_loader_skips() -> None:
    platform = detect_platform("darwin", None, "arm64")
    on_disk = {f"/opt/homebrew/lib/{name}" for lib in LIBRARIES for name in lib.candidates}
    found = syslibs.check(platform, load=lambda library: False, exists=on_disk.__contains__)
    assert found.off_path == "/opt/homebrew/lib"
    assert "export DYLD_FALLBACK_LIBRARY_PATH=/opt/homebrew/lib" in syslibs.report(platform, found)
    nowhere = syslibs.check(platform, load=lambda library: False, exists=lambda path: False)
    assert nowhere.off_path is None
    assert "  brew install pango\n" in syslibs.report(platform, nowhere)


@pytest.mark.parametrize(
    ("os_release", "executable", "advice"),
    [
        (
            DEBIAN_12,
            "/usr/bin/python3",
            "On Debian GNU/Linux 12, install it with:\n  sudo apt-get install python3.11-venv",
        ),
        (
            UBUNTU_2404,
            "/usr/bin/python3.12",
            "On Ubuntu 24.04, install it with:\n  sudo apt-get install python3.11-venv",
        ),
        (
            DEBIAN_12,
            "/opt/python/bin/python3",
            "Install a Python that has it (python.org's installers, Homebrew, pyenv and most "
            "Linux distributions' own do), and name it to make:\n"
            "  make demo PYTHON=/path/to/python3",
        ),
    ],
)
def test_a_python_without_ensurepip_gets_the_package_to_install(
    os_release: str, executable: str, advice: str
) -> None:
    platform = detect_platform("linux", os_release)
    assert syslibs.venv_advice(platform, executable, (3, 11)) == (
        f"{executable} (Python 3.11) cannot make a virtual environment: its ensurepip module "
        f"is missing.\n{advice}"
    )


def test_library_names_are_the_ones_weasyprint_loads() -> None:
    """Our candidate names, library by library and in order, are what WeasyPrint's ffi module
    asks dlopen for: a library it renamed would otherwise be reported wrongly."""
    import importlib.util

    spec = importlib.util.find_spec("weasyprint")
    assert spec is not None and spec.origin is not None
    source = (Path(spec.origin).parent / "text" / "ffi.py").read_text(encoding="utf-8")
    loaded = [
        tuple(re.findall(r"'([^']+)'", call))
        for call in re.findall(r"_dlopen\(\s*ffi,(.*?)\)", source, re.S)
    ]
    ours = [library.candidates for library in LIBRARIES]
    assert ours == [names for names in loaded if names in ours]
    assert set(ours) <= set(loaded)


def test_the_libraries_here_load() -> None:
    assert syslibs.loadable(PANGO)
    assert not syslibs.loadable(Library("Nothing", "libnothing", ("libnothing-at-all-0",)))


# -------------------------------------------------------------------------------------------------
# For real: the CLI with Pango made unloadable. In a private mount namespace an empty file is
# bind-mounted over Pango's shared object, so dlopen fails exactly as on a machine without it.


def _pango_path() -> Path | None:
    try:
        ctypes.CDLL("libpango-1.0.so.0")
    except OSError:
        return None
    for line in Path("/proc/self/maps").read_text(encoding="utf-8").splitlines():
        if "libpango-1.0.so" in line:
            return Path(line.split()[-1])
    return None


@pytest.fixture(scope="module")
def without_pango(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., subprocess.CompletedProcess[str]]:
    pango = _pango_path()
    if pango is None or shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root, unshare and a Pango to hide (this machine's CI has them)")
    empty = tmp_path_factory.mktemp("hide") / "empty.so"
    empty.write_bytes(b"")
    hide = [
        "unshare",
        "--mount",
        "--",
        "sh",
        "-c",
        'mount --bind "$1" "$2" && shift 2 && exec "$@"',
        "sh",
        str(empty),
        str(pango),
    ]
    if subprocess.run([*hide, "true"], capture_output=True, check=False).returncode != 0:
        pytest.skip("this machine does not allow a private mount namespace")

    def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*hide, *(str(arg) for arg in args)],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    return run


MLOPS_AUDIT = Path(sys.executable).parent / "mlops-audit"


def _expected_error() -> str:
    error = syslibs.missing_library_error(PANGO_ERROR)
    assert error is not None
    return f"Error: {error}\n"


@pytest.mark.parametrize(
    "args",
    [
        ["sheet", "-o", "probes.pdf"],
        ["report", EXAMPLES / "demo.yaml", "-o", "report.pdf"],
        [
            "compare",
            EXAMPLES / "demo.yaml",
            EXAMPLES / "northwind-payments.yaml",
            "-o",
            "offers.pdf",
        ],
    ],
    ids=["sheet", "report", "compare"],
)
def test_without_pango_pdf_commands_say_what_to_install(
    without_pango: Callable[..., subprocess.CompletedProcess[str]],
    args: list[str | Path],
    tmp_path: Path,
) -> None:
    done = without_pango(MLOPS_AUDIT, *args, cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", _expected_error())
    platform = syslibs.current_platform()
    assert str(syslibs.install_command(platform, as_root=True) or "Install Pango") in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_without_pango_a_pdf_to_stdout_gets_no_stray_text(
    without_pango: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    """WeasyPrint prints a notice to stdout when a library fails: it must not land in `-o -`."""
    done = without_pango(MLOPS_AUDIT, "report", EXAMPLES / "demo.yaml", "-o", "-", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (1, "", _expected_error())


def test_without_pango_html_works(
    without_pango: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    done = without_pango(
        MLOPS_AUDIT, "sheet", "--format", "html", "-o", "probes.html", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "probes.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_without_pango_demo_keeps_the_audit_and_says_how_to_get_html(
    without_pango: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    done = without_pango(MLOPS_AUDIT, "demo", "-o", "out", cwd=tmp_path)
    audit, html = Path("out/demo-audit.yaml"), Path("out/demo-report.html")
    assert done.returncode == 1
    assert "Score " in done.stdout  # the score came before the report
    next_step = f"  {MLOPS_AUDIT} report {audit} -o {html}"
    assert done.stderr == _expected_error().replace(
        syslibs.HTML_INSTEAD,
        f"The audit is in {audit} all the same; for its report as HTML, which needs none:\n{next_step}",
    )
    assert (tmp_path / audit).is_file()
    followed = without_pango(*next_step.split(), cwd=tmp_path)
    assert followed.returncode == 0, followed.stderr
    assert (tmp_path / html).is_file()


def test_without_pango_check_syslibs_fails_and_names_pango(
    without_pango: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    done = without_pango(sys.executable, REPO / "bin" / "check-syslibs.py", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "PDF output (WeasyPrint) needs system libraries that are missing or cannot be loaded: "
        "Pango (libpango-1.0), PangoFT2 (libpangoft2-1.0).\n"
    )


def test_check_syslibs_passes_here(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, REPO / "bin" / "check-syslibs.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_weasyprint_imports_without_searching_for_libraries(tmp_path: Path) -> None:
    """WeasyPrint's import used to run ldconfig, gcc and ld for every library name it tried
    first (about 200 processes): on Linux the search is skipped while it imports, and put back;
    fontTools' subsetter loads only if HarfBuzz cannot subset."""
    script = textwrap.dedent(
        """
        import ctypes.util, subprocess, sys
        started = []
        real_popen = subprocess.Popen.__init__
        def spy(self, *args, **kwargs):
            started.append(args[0])
            real_popen(self, *args, **kwargs)
        subprocess.Popen.__init__ = spy
        search = ctypes.util.find_library
        from auditor.render.pdf import import_weasyprint
        import_weasyprint()
        print(len(started), ctypes.util.find_library is search,
              type(sys.modules["fontTools.subset"]).__name__)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    processes, restored, subsetter = done.stdout.split()
    if sys.platform.startswith("linux"):
        assert processes == "0"
    assert restored == "True"
    assert subsetter in ("_LazyModule", "module")  # module: loaded, HarfBuzz could not subset
