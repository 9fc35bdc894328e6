"""Driving the survey page in a real headless browser: Playwright for Python with Debian's
Chromium (never a browser Playwright downloads). Shared by the browser tests.

Every request the page makes is routed through :class:`Network`, which lets only the survey file
itself through and records everything, so that a test can assert that nothing left the page.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed: `make test` installs the test extras"
    if not CHROMIUM.exists():
        return (
            f"Debian's Chromium is not at {CHROMIUM}: `make test` installs it when run as root "
            "where apt-get is available; otherwise run `sudo apt-get install chromium`"
        )
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    reason = _unavailable()
    if reason:
        # In CI the browser tests must run: a missing browser is a broken set-up, not a skip.
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


class Network:
    """Routes every request of a browser context: the survey file goes through, anything else
    is aborted, and all of it is recorded."""

    def __init__(self, context: BrowserContext, allowed: str) -> None:
        self.allowed = allowed
        self.requests: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url == self.allowed:
            route.continue_()
        else:
            route.abort()

    def others(self) -> list[str]:
        """Requests for anything but the survey file itself."""
        return [url for url in self.requests if url != self.allowed]


class SurveyPage:
    """One respondent's browser tab on the survey, with the page's element ids spelled once."""

    def __init__(self, page: Page, survey: Path) -> None:
        self.page = page
        self.survey = survey
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", self._console)
        page.on("dialog", self._dialog)
        page.goto(survey.as_uri())

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(message.text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        if dialog.type == "confirm":
            dialog.accept()
        else:
            dialog.dismiss()

    @property
    def data(self) -> dict[str, Any]:
        text = self.page.text_content("#survey-data")
        assert text is not None
        return json.loads(text)  # type: ignore[no-any-return]

    def role(self, text: str) -> None:
        self.page.fill("#role", text)

    def name(self, text: str) -> None:
        self.page.fill("#name", text)

    def choose(self, question: str, option: str) -> None:
        self.page.check(f"#q_{question}_o_{option}")

    def number(self, question: str, value: str) -> None:
        self.page.fill(f"#q_{question}_number", value)

    def unknown(self, question: str) -> None:
        self.page.check(f"#q_{question}_unknown")

    def not_applicable(self, question: str, reason: str) -> None:
        self.page.check(f"#q_{question}_na")
        self.page.fill(f"#q_{question}_reason", reason)

    def cause(self, question: str, cause: str) -> None:
        self.page.check(f"#q_{question}_cause_{cause}")

    def note(self, question: str, text: str) -> None:
        self.page.fill(f"#q_{question}_note", text)

    def cause_asked(self, question: str) -> bool:
        return self.page.is_visible(f"#q_{question}_cause_box")

    def progress(self) -> str:
        return self.page.text_content("#progress-text") or ""

    def message(self) -> str:
        return " ".join(self.page.inner_text("#message").split())

    def save(self, folder: Path) -> Path:
        """Click save, take the download and keep it under the name the page gave it."""
        with self.page.expect_download() as info:
            self.page.click("#save")
        download = info.value
        target = folder / download.suggested_filename
        download.save_as(target)
        return target

    def stored(self) -> Any:
        key = self.data["storage_key"]
        raw = self.page.evaluate("key => window.localStorage.getItem(key)", key)
        return None if raw is None else json.loads(raw)

    def focused(self) -> str:
        return str(self.page.evaluate("document.activeElement ? document.activeElement.id : ''"))

    def tab_to(self, element_id: str, limit: int = 400) -> None:
        """Press Tab until ``element_id`` has the focus: proof it is reachable by keyboard."""
        for _ in range(limit):
            if self.focused() == element_id:
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"#{element_id} not reached by {limit} presses of Tab")

    def arrow_to(self, element_id: str, limit: int = 20) -> None:
        """Move through a radio group with the arrow key, as a keyboard user picks an option."""
        for _ in range(limit):
            if self.focused() == element_id:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"#{element_id} not reached with the arrow keys")


ANSWERS_FILE = re.compile(r"answers-[a-z0-9-]+-\d{4}-\d{2}-\d{2}-\d{4}\.yaml")
