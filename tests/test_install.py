"""Installed, not only checked out: a wheel in a fresh venv, run from another folder, finds its
data; the metadata, the sdist and the Makefile's set-up are what a user and a packager need."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    # Nothing from the `make test` that may be running this: its variables would reach the
    # Makefile runs below through MAKEFLAGS.
    unset = {"PYTHONPATH", "VIRTUAL_ENV", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the built wheel; its dependencies come from the test venv by a .pth."""
    root = tmp_path_factory.mktemp("install")
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            root / "dist",
            REPO,
        ],
        cwd=root,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (root / "dist").glob("mlops_audit-*.whl")
    target = root / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    site = Path(
        _run(
            [
                target / "bin" / "python",
                "-c",
                "import sysconfig; print(sysconfig.get_path('purelib'))",
            ],
            cwd=root,
        ).stdout.strip()
    )
    # The test venv's packages (click, jinja2, weasyprint...) without its editable mlops-audit:
    # .pth files inside a directory added this way are not run, so the editable finder stays off.
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    done = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            target / "bin" / "python",
            "install",
            "--no-deps",
            "-q",
            wheel,
        ],
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    return target


@pytest.mark.slow
def test_wheel_carries_checklists_templates_and_examples(installed: Path, tmp_path: Path) -> None:
    where = _run(
        [
            installed / "bin" / "python",
            "-c",
            "import auditor.loading as l; print(l.__file__); "
            "print(*(l.bundled(n) for n in ('checklists', 'report_templates', 'examples')))",
        ],
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    module, *folders = where.stdout.split()
    assert module.startswith(str(installed)) and not module.startswith(str(REPO))
    assert all(f.startswith(str(installed)) for f in folders)
    # The bundled checklists' compiled forms came along, and are what loading one reads.
    compiled = _run(
        [
            installed / "bin" / "python",
            "-c",
            "import auditor.loading as l; p = l.bundled('checklists') / 'mlops-culture.yaml'; "
            "print(l._compiled(p) is not None, sorted(f.name for f in l.COMPILED.glob('*')))",
        ],
        cwd=tmp_path,
    )
    assert compiled.stdout.split(None, 1) == [
        "True",
        "['mlops-culture.json', 'quick-screen.json']\n",
    ], compiled.stderr


@pytest.mark.slow
def test_installed_command_lists_and_scores(installed: Path, tmp_path: Path) -> None:
    listed = _run([installed / "bin" / "mlops-audit", "checklists"], cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "mlops-culture" in listed.stdout and "quick-screen" in listed.stdout
    demo = _run([installed / "bin" / "mlops-audit", "demo", "-o", "out"], cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "out" / "demo-audit.yaml").is_file()
    from pypdf import PdfReader

    report = PdfReader(tmp_path / "out" / "demo-report.pdf")
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in report.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all(name.startswith("Inter") for name in fonts), fonts  # bundled font found
    assert "Warning" not in demo.stderr
    scored = _run(
        [installed / "bin" / "python", "-m", "auditor", "score", "out/demo-audit.yaml"],
        cwd=tmp_path,
    )
    assert scored.returncode == 0, scored.stderr
    assert "Score " in scored.stdout


# -------------------------------------------------------------------------------------------------
# Metadata: what PyPI and pip show, and the crash message, agree with setup.cfg.


def _setup_cfg() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg", encoding="utf-8")
    return config


def _project_urls() -> dict[str, str]:
    urls = {}
    for line in _setup_cfg().get("metadata", "project_urls").strip().splitlines():
        name, _, url = line.partition("=")
        urls[name.strip()] = url.strip()
    return urls


def test_the_crash_message_names_the_issues_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from click.testing import CliRunner

    from auditor.cli import cli
    from auditor.commands import score

    def explode(*args: object) -> int:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(score, "run", explode)
    result = CliRunner().invoke(cli, ["score", "x.yaml"], catch_exceptions=False)
    assert result.stderr.startswith(
        "Internal error: this is a bug in mlops-audit, not a problem with your files.\n"
        f"Please report it at {_project_urls()['Issues']} with the text below.\n"
    )


def test_classifiers_name_the_pythons_setup_cfg_allows() -> None:
    metadata = _setup_cfg()
    classifiers = metadata.get("metadata", "classifiers").strip().splitlines()
    floor = metadata.get("options", "python_requires").strip()
    assert floor == ">=3.10"
    minors = sorted(
        int(c.rsplit(".", 1)[1])
        for c in classifiers
        if c.startswith("Programming Language :: Python :: 3.")
    )
    assert minors == list(range(10, 14))
    assert set(_project_urls()) == {"Homepage", "Source", "Issues", "Documentation", "Changelog"}


def test_lowest_constraints_pin_every_requirement_at_its_floor(tmp_path: Path) -> None:
    script = REPO / "bin" / "lowest-constraints.py"
    done = _run([sys.executable, script, REPO / "setup.cfg"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    required = _setup_cfg().get("options", "install_requires").strip().splitlines()
    assert done.stdout.splitlines() == [line.strip().replace(">=", "==") for line in required]
    unpinned = tmp_path / "setup.cfg"
    unpinned.write_text(
        "[options]\ninstall_requires =\n    click>=8.2\n    jinja2\n", encoding="utf-8"
    )
    refused = _run([sys.executable, script, unpinned], cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == "setup.cfg: install_requires: 'jinja2' has no >= floor to test\n"


@pytest.mark.slow
def test_the_wheel_carries_licences_and_metadata(installed: Path) -> None:
    (wheel,) = (installed.parent / "dist").glob("mlops_audit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(
            next(n for n in names if n.endswith(".dist-info/METADATA"))
        ).decode()
    assert "License-Expression: MIT AND OFL-1.1\n" in metadata
    assert "License-File: LICENSE\n" in metadata
    assert "License-File: report_templates/fonts/LICENSE-Inter.txt\n" in metadata
    assert f"Project-URL: Issues, {_project_urls()['Issues']}\n" in metadata
    assert "Classifier: Programming Language :: Python :: 3.13\n" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")


# -------------------------------------------------------------------------------------------------
# The sdist: a checkout minus the machinery, whose tests run from the unpacked folder.


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sdist")
    built = _run(
        [
            sys.executable,
            "-c",
            f"from setuptools import build_meta; print(build_meta.build_sdist({str(root)!r}))",
        ],
        cwd=REPO,
    )
    assert built.returncode == 0, built.stderr
    archive = root / built.stdout.strip().splitlines()[-1]
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.10.12+, 3.11.4+
            tar.extractall(root, filter="data")
        else:
            tar.extractall(root)  # our own archive, just built
    (unpacked,) = (path for path in root.iterdir() if path.is_dir())
    return unpacked


@pytest.mark.slow
def test_the_sdist_ships_every_tracked_file_but_ci(sdist: Path) -> None:
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout: nothing to compare the sdist with")
    tracked = _run(["git", "ls-files"], cwd=REPO).stdout.split()
    missing = [name for name in tracked if not (sdist / name).exists()]
    assert missing == [".ci/run", ".gitignore"]


@pytest.mark.slow
def test_the_sdist_tests_run_from_the_unpacked_folder(installed: Path, sdist: Path) -> None:
    """With the dependencies and no mlops-audit installed (the `installed` venv minus the
    wheel would do; a fresh one is made here), the unpacked sdist imports its own package,
    collects every test, and passes a fast subset."""
    bare = sdist.parent / "venv"
    venv.EnvBuilder(with_pip=False).create(bare)
    python = bare / "bin" / "python"
    site = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=sdist
        ).stdout.strip()
    )
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    where = _run([python, "-c", "import auditor; print(auditor.__file__)"], cwd=sdist)
    assert where.stdout.startswith(str(sdist)), where.stderr
    pytest_args = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow"]
    collected = _run([*pytest_args, "--collect-only"], cwd=sdist)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    ran = _run(
        [
            *pytest_args,
            "tests/test_docs.py",
            "tests/test_invalid_fixtures.py",
            "tests/test_scoring.py",
        ],
        cwd=sdist,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert re.search(r"\b\d+ passed\b", ran.stdout.splitlines()[-1])


# -------------------------------------------------------------------------------------------------
# Set-up that recovers: make checks the Python before it starts a venv, and never keeps a
# half-made one. Each test drives the real Makefile with the venv in a temporary folder.


def _make(tmp_path: Path, python: Path | str) -> subprocess.CompletedProcess[str]:
    target = tmp_path / "venv"
    return _run(
        [
            "make",
            "-C",
            REPO,
            "--no-print-directory",
            f"PYTHON={python}",
            f"VENV={target}",
            f"{target}/.ready",
        ],
        cwd=tmp_path,
    )


def _fake_python(tmp_path: Path, body: str) -> Path:
    """A `python3` that runs ``body`` (sh) first, then the test's Python."""
    fake = tmp_path / "fake" / "python3"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\n{body}\nexec {sys.executable} "$@"\n', encoding="utf-8")
    fake.chmod(0o755)
    return fake


def test_make_says_which_package_brings_ensurepip_and_starts_no_venv(tmp_path: Path) -> None:
    """A Python whose ensurepip is hidden (as on Debian without python3-venv)."""
    shadow = tmp_path / "shadow" / "ensurepip"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'ensurepip'\")\n", encoding="utf-8"
    )
    fake = _fake_python(tmp_path, f"export PYTHONPATH={shadow.parent}")
    done = _make(tmp_path, fake)
    assert done.returncode != 0
    from auditor import syslibs

    advice = syslibs.venv_advice(
        syslibs.current_platform(),
        sys.executable,
        (sys.version_info[0], sys.version_info[1]),
        as_root=syslibs.running_as_root(),
    )
    assert f"{advice}\nThen run make again.\n" in done.stderr
    assert not (tmp_path / "venv").exists()


def test_make_removes_a_venv_that_failed_half_way(tmp_path: Path) -> None:
    """`python -m venv` without ensurepip leaves bin/python and fails; make must not keep it,
    or the next run would take the half-made venv for a whole one."""
    fake = _fake_python(
        tmp_path,
        'if [ "$1 $2" = "-m venv" ]; then mkdir -p "$3/bin" && ln -s '
        f'{sys.executable} "$3/bin/python"; echo "ensurepip is not available" >&2; exit 1; fi',
    )
    done = _make(tmp_path, fake)
    assert done.returncode != 0
    assert "ensurepip is not available" in done.stderr
    assert not (tmp_path / "venv").exists()


@pytest.mark.slow
def test_make_rebuilds_a_half_made_venv(tmp_path: Path) -> None:
    """What the previous Makefile left behind (bin/python and no pip) is made again, whole."""
    half = tmp_path / "venv" / "bin"
    half.mkdir(parents=True)
    (half / "python").symlink_to(sys.executable)
    done = _make(tmp_path, sys.executable)
    assert done.returncode == 0, done.stderr
    pip = _run([half / "python", "-m", "pip", "--version"], cwd=tmp_path)
    assert pip.returncode == 0 and pip.stdout.startswith("pip "), pip.stderr
