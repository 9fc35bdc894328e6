"""The HTML report in a real browser: Debian's chromium, driven headless by Playwright.

At a desktop width and at phone widths the decision is in the first screenful, nothing runs
past the right edge, the bars keep a readable width, the bundled fonts load from inside the file,
and no request leaves the page: every request is routed, and only the file itself is served.
Skipped, saying why, where chromium or Playwright is missing; `make test` installs both.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from tests.conftest import EXAMPLES, SELF_AUDIT, write_previous_audit

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# (width, height) of the first screenful: a desktop and two phones.
VIEWPORTS = [(1280, 800), (390, 844), (360, 740)]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed; `make test` installs it"
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("chromium") is None and not Path(CHROMIUM).exists(),
        reason="chromium is not installed; `make test` installs it (apt-get install chromium)",
    ),
]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo, a merged audit and a self-audit as HTML reports (the self-audit also with a
    target and a previous audit, whose tables must fit a phone too), and the probe sheet."""
    folder = tmp_path_factory.mktemp("html")
    runner = CliRunner()
    merged = folder / "merged.yaml"
    respondents = sorted(str(p) for p in (EXAMPLES / "respondents").glob("*.yaml"))
    assert runner.invoke(cli, ["merge", *respondents, "-o", str(merged)]).exit_code == 0
    sources = {
        "demo": EXAMPLES / "demo.yaml",
        "merged": merged,
        "self": SELF_AUDIT,
    }
    out = {}
    for name, audit in sources.items():
        out[name] = folder / f"{name}.html"
        result = runner.invoke(cli, ["report", str(audit), "-o", str(out[name])])
        assert result.exit_code == 0, result.output
    out["manager"] = folder / "manager.html"
    previous = write_previous_audit(folder)
    options = ["--target", "3", "--previous", str(previous), "-o", str(out["manager"])]
    result = runner.invoke(cli, ["report", str(SELF_AUDIT), *options])
    assert result.exit_code == 0, result.output
    out["sheet"] = folder / "sheet.html"
    assert runner.invoke(cli, ["sheet", "-o", str(out["sheet"])]).exit_code == 0
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _open(browser: Any, path: Path, width: int, height: int) -> tuple[Any, list[str]]:
    """The page loaded at a viewport size, and every URL it asked for (only the file itself is
    let through; anything else is refused and recorded)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    requested: list[str] = []
    own = path.as_uri()

    def route(request_route: Any) -> None:
        url = request_route.request.url
        requested.append(url)
        if url == own:
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)
    page.goto(own)
    page.evaluate("document.fonts.ready")
    return page, requested


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
@pytest.mark.parametrize("name", ["demo", "merged", "self", "manager"])
def test_the_report_reads_at_desktop_and_phone_widths(
    browser: Any, pages: dict[str, Path], name: str, width: int, height: int
) -> None:
    page, requested = _open(browser, pages[name], width, height)
    try:
        assert requested == [pages[name].as_uri()]  # nothing else was even asked for
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{scroll} px wide in a {width} px window"
        headline = page.locator(".decision .headline").bounding_box()
        assert headline is not None and headline["y"] + headline["height"] <= height
        bars = [page.locator("td.bar svg").nth(i).bounding_box() for i in range(6)]
        assert all(b is not None and b["width"] >= 0.5 * min(width, 860) for b in bars), bars
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('main *')]"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= width
        loaded = page.evaluate(
            "[...document.fonts].filter(f => f.family.replace(/\"/g, '') === 'Inter'"
            " && f.status === 'loaded').length"
        )
        assert loaded >= 3  # regular, semibold and bold, from the data: URIs
        family = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
        assert family.startswith('"Inter"') or family.startswith("Inter")
    finally:
        page.close()


def test_the_probe_sheet_fits_a_phone(browser: Any, pages: dict[str, Path]) -> None:
    page, requested = _open(browser, pages["sheet"], 360, 740)
    try:
        assert requested == [pages["sheet"].as_uri()]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        page.close()


def test_the_route_does_see_a_request_that_tries_to_leave(browser: Any, tmp_path: Path) -> None:
    """So that the empty list above means something: a page that asks for the network is
    caught by the same route, and the request is refused."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<img src="http://127.0.0.1:9/x.png"><p>hi</p>', encoding="utf-8")
    page, requested = _open(browser, leaky, 390, 844)
    try:
        assert requested == [leaky.as_uri(), "http://127.0.0.1:9/x.png"]
    finally:
        page.close()
