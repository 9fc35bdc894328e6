"""The survey page in a real headless browser (Chromium driven by Playwright): four team members
fill it in and save their answers files, which `merge` and `score` then read like any audit.

Nothing may leave the page: every request is routed, and only the survey file itself is let
through. See tests/survey_browser.py for how the browser is found (Debian's Chromium).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import Result

from auditor.yamlio import read_yaml
from tests.conftest import CHECKLISTS, FIXTURES
from tests.survey_browser import ANSWERS_FILE, Network, SurveyPage, browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

__all__ = ["browser"]  # the session fixture, imported to be found

Invoke = Callable[..., Result]
GOLDEN = FIXTURES / "survey" / "answers-tiny.yaml"
HOSTILE = "</script><script>alert(1)</script><b>bold</b> & \"quoted\" 'single'"


@pytest.fixture
def context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """New browser contexts (each a fresh profile: one per team member's machine)."""
    made: list[BrowserContext] = []

    def _new(**options: Any) -> BrowserContext:
        made.append(browser.new_context(accept_downloads=True, **options))
        return made[-1]

    yield _new
    for each in made:
        each.close()


def _survey(invoke: Invoke, out: Path, *args: str) -> Path:
    result = invoke("survey", "-o", out, *args)
    assert result.exit_code == 0, result.output
    return out


def _pick(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Questions of the built-in checklist chosen by what they are, not by id, so that the test
    follows the checklist as it changes: a choice with red and other options, a scored number
    with buckets, a curve, a non-critical question for 'does not apply' and a critical one."""
    questions = [q for d in data["dimensions"] for q in d["questions"]]
    red = next(
        q
        for q in questions
        if q["kind"] == "choice"
        and not q["critical"]
        and q["red_options"]
        and len(q["red_options"]) < len(q["options"])
    )
    number = next(
        q for q in questions if q["kind"] == "number" and q["red_ranges"] and q["buckets"]
    )
    curve = next(
        q for q in questions if q["kind"] == "number" and q["red_ranges"] and not q["buckets"]
    )
    na = next(q for q in questions if not q["critical"] and q["id"] != red["id"])
    critical = next(q for q in questions if q["critical"])
    unknown = next(q for q in questions if q["id"] not in {red["id"], number["id"], na["id"]})
    return {
        "red": red,
        "number": number,
        "curve": curve,
        "na": na,
        "critical": critical,
        "unknown": unknown,
    }


def _green(question: dict[str, Any]) -> str:
    return next(o["id"] for o in question["options"] if o["id"] not in question["red_options"])


def _curve_values(question: dict[str, Any]) -> tuple[str, str]:
    """A value on the red side of a curve's edge and one well clear of it."""
    low, high = question["red_ranges"][0]
    if high is None:  # lower is better: red from `low` up
        return f"{low * 2:g}", f"{low / 4:g}"
    return f"{high / 4:g}", f"{high * 2:g}"


def test_four_team_members_answer_the_survey_and_their_files_merge(
    context: Callable[..., BrowserContext], invoke: Invoke, tmp_path: Path
) -> None:
    survey = _survey(
        invoke, tmp_path / "survey.html", "--mode", "self", "--company", "Harborview",
        "--team", "Ranking",
    )  # fmt: skip
    saved = tmp_path / "answers"
    saved.mkdir()
    networks: list[Network] = []

    def open_page(**options: Any) -> SurveyPage:
        ctx = context(**options)
        networks.append(Network(ctx, survey.as_uri()))
        return SurveyPage(ctx.new_page(), survey)

    # 1. An ML engineer, by name: a red answer and its cause, a number, an unknown; the page
    # is reloaded halfway and must have kept everything.
    ana = open_page()
    q = _pick(ana.data)
    red, number, na, unknown = q["red"], q["number"], q["na"], q["unknown"]
    red_option = red["red_options"][0]
    total = ana.data["count"]
    assert ana.progress() == f"0 of {total} answered"
    ana.role("ML engineer")
    ana.name("Ana Lima")
    ana.choose(red["id"], red_option)
    assert ana.cause_asked(red["id"])
    ana.cause(red["id"], "team-only")
    ana.note(red["id"], 'Ours only: the "platform" team\nships theirs fine')
    ana.number(number["id"], "2")
    assert ana.progress() == f"2 of {total} answered"
    ana.page.reload()
    assert ana.page.input_value("#role") == "ML engineer"
    assert ana.page.input_value("#name") == "Ana Lima"
    assert ana.page.is_checked(f"#q_{red['id']}_o_{red_option}")
    assert ana.page.is_checked(f"#q_{red['id']}_cause_team-only")
    assert ana.page.input_value(f"#q_{red['id']}_note") == (
        'Ours only: the "platform" team\nships theirs fine'
    )
    assert ana.page.input_value(f"#q_{number['id']}_number") == "2"
    assert ana.progress() == f"2 of {total} answered"
    ana.unknown(unknown["id"])
    ana_file = ana.save(saved)
    assert "Saved " + ana_file.name in ana.message()
    # Clearing empties the page and the browser's copy, and stays cleared after a reload.
    ana.page.click("#clear")
    assert ana.dialogs == [
        "confirm: Clear all your answers from this page and this browser? Files you already "
        "saved are kept."
    ]
    assert ana.stored() is None
    ana.page.reload()
    assert ana.page.input_value("#role") == ""
    assert not ana.page.is_checked(f"#q_{red['id']}_o_{red_option}")
    assert ana.progress() == f"0 of {total} answered"

    # 2. A data scientist, anonymous, by keyboard alone, on a 360-pixel-wide screen.
    dee = open_page(viewport={"width": 360, "height": 740})
    assert dee.page.evaluate("document.documentElement.scrollWidth") <= 360
    dee.tab_to("role")
    dee.page.keyboard.type("Data scientist")
    dee.tab_to("name")  # and left empty
    first = f"q_{red['id']}_o_{red['options'][0]['id']}"
    dee.tab_to(first)
    dee.arrow_to(f"q_{red['id']}_o_{_green(red)}")
    dee.page.keyboard.press("Space")
    dee.tab_to(f"q_{number['id']}_number")
    dee.page.keyboard.type("9")
    dee.tab_to("save")
    with dee.page.expect_download() as info:
        dee.page.keyboard.press("Enter")
    dee_file = saved / info.value.suggested_filename
    info.value.save_as(dee_file)
    assert dee.page.is_checked(f"#q_{number['id']}_o_number")

    # 3. A platform engineer: one question does not apply, and says why; a critical question
    # cannot be marked so at all. An unfinished 'does not apply' stops the save, with a message.
    bo = open_page()
    bo.role("Platform engineer")
    bo.name("Bo Chen")
    assert bo.page.query_selector(f"#q_{q['critical']['id']}_na") is None
    bo.page.check(f"#q_{na['id']}_na")
    bo.page.click("#save")
    assert bo.message() == (
        f"Nothing was saved yet. Fix this first: Question {na['number']}: say why it does not "
        "apply, or choose another answer."
    )
    assert bo.focused() == f"q_{na['id']}_reason"
    assert bo.page.get_attribute(f"#q_{na['id']}_reason", "aria-invalid") == "true"
    bo.page.keyboard.type("No model in production yet")
    bo.choose(red["id"], _green(red))
    assert not bo.cause_asked(red["id"])
    bo.number(number["id"], "4")
    bo_file = bo.save(saved)

    # 4. The engineering manager: the same red answer, for another cause; a red number on a
    # curve asks for its cause too.
    cy = open_page()
    cy.role("Engineering manager")
    cy.name("Cy Park")
    cy.choose(red["id"], red_option)
    cy.cause(red["id"], "company-wide")
    curve = q["curve"]
    red_value, fine_value = _curve_values(curve)
    cy.number(curve["id"], red_value)
    assert cy.cause_asked(curve["id"])
    cy.number(curve["id"], fine_value)
    assert not cy.cause_asked(curve["id"])
    cy.number(number["id"], "12")
    cy_file = cy.save(saved)

    for page in (ana, dee, bo, cy):
        assert page.errors == [], page.errors
    for network in networks:
        assert network.others() == [], network.others()
        assert network.requests and set(network.requests) == {survey.as_uri()}

    files = [ana_file, dee_file, bo_file, cy_file]
    for path in files:
        assert ANSWERS_FILE.fullmatch(path.name), path.name
        assert invoke("validate", path).exit_code == 0, path.read_text(encoding="utf-8")
    assert "respondent_name" not in dee_file.read_text(encoding="utf-8")
    assert "data-scientist" in dee_file.name

    team = tmp_path / "team.yaml"
    merged = invoke("merge", *files, "-o", team)
    assert merged.exit_code == 0, merged.output
    assert merged.output.startswith(f"Merged 4 audits into {team}:")
    assert f"  ! {red['id']}: conflict" in merged.output
    data = read_yaml(team).data
    assert data["company"] == "Harborview" and data["team"] == "Ranking"
    assert data["mode"] == "self"
    assert [(r["id"], r.get("respondent_name")) for r in data["respondents"]] == [
        ("ml-engineer", "Ana Lima"),
        ("data-scientist", None),
        ("platform-engineer", "Bo Chen"),
        ("engineering-manager", "Cy Park"),
    ]
    assert data["answers"][red["id"]]["responses"] == {
        "ml-engineer": {
            "answer": red_option,
            "nature": "team-only",
            "note": 'Ours only: the "platform" team\nships theirs fine',
        },
        "data-scientist": {"answer": _green(red)},
        "platform-engineer": {"answer": _green(red)},
        "engineering-manager": {"answer": red_option, "nature": "company-wide"},
    }
    assert data["answers"][number["id"]]["responses"] == {
        "ml-engineer": {"answer": 2},
        "data-scientist": {"answer": 9},
        "platform-engineer": {"answer": 4},
        "engineering-manager": {"answer": 12},
    }
    assert data["answers"][na["id"]]["responses"] == {
        "platform-engineer": {"na": "No model in production yet"}
    }
    assert data["answers"][unknown["id"]]["responses"] == {
        "ml-engineer": {"unknown": "did-not-know"}
    }

    scored = invoke("score", team, "--format", "json")
    assert scored.exit_code == 0, scored.output
    view = json.loads(scored.output)
    assert [r["respondent"] for r in view["respondents"]] == [
        "ML engineer",
        "Data scientist",
        "Platform engineer",
        "Engineering manager",
    ]
    disagreement = next(d for d in view["disagreements"] if d["question"] == red["id"])
    assert disagreement["conflict"] is True
    voices = {v["respondent"]: v for v in disagreement["answers"]}
    assert {role: v["signal"] for role, v in voices.items()} == {
        "Ana Lima (ML engineer)": "red",
        "Data scientist": "green",
        "Bo Chen (Platform engineer)": "green",
        "Cy Park (Engineering manager)": "red",
    }
    assert voices["Ana Lima (ML engineer)"]["nature"] == "situational"
    assert voices["Cy Park (Engineering manager)"]["nature"] == "structural"
    text = invoke("score", team)
    assert text.exit_code == 0 and red["text"][:40] in text.output


def test_the_page_writes_the_answers_file_the_tool_expects(
    context: Callable[..., BrowserContext], invoke: Invoke, tmp_path: Path
) -> None:
    """Byte for byte: the fixture that the tampering tests edit is what the page writes."""
    survey = _survey(
        invoke, tmp_path / "tiny.html", "--checklist", "tiny", "--checklist-dir", CHECKLISTS,
        "--company", "Acme",
    )  # fmt: skip
    ctx = context()
    network = Network(ctx, survey.as_uri())
    page = ctx.new_page()
    page.clock.set_fixed_time("2026-11-20T10:30:00")
    tab = SurveyPage(page, survey)
    note = 'He said "ship it" \\ then left: #1 - 100% sure\u2026 \x85\u2028\x7f \U0001f680 {a: [b]}'
    tab.role("ML engineer")
    tab.name("Ana")
    tab.choose("deploys", "ops")
    tab.note("deploys", note)
    tab.number("cycle", "3")
    assert tab.cause_asked("cycle")
    tab.cause("cycle", "temporary")
    tab.unknown("alerts")
    tab.number("prod", "2.5")
    tab.not_applicable("dev", "  no models: yes, none  ")
    saved = tab.save(tmp_path)
    assert saved.name == "answers-ml-engineer-2026-11-20-1030.yaml"
    assert saved.read_bytes() == GOLDEN.read_bytes()
    assert network.others() == []
    answers = read_yaml(saved).data["answers"]
    assert answers["deploys"]["note"] == note
    assert answers["dev"] == {"na": "no models: yes, none"}
    result = invoke("validate", "--checklist-dir", CHECKLISTS, saved)
    assert result.exit_code == 0, result.output


def test_a_hostile_checklist_text_stays_text(
    context: Callable[..., BrowserContext], invoke: Invoke, tmp_path: Path
) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    tiny = (CHECKLISTS / "tiny.yaml").read_text(encoding="utf-8")
    hostile = json.dumps(HOSTILE)
    (folder / "tiny.yaml").write_text(
        tiny.replace("title: Tiny", f"title: {hostile}")
        .replace("self: Who of us deploys?", f"self: {hostile}")
        .replace("{id: ops, label: Another team,", f"{{id: ops, label: {hostile},"),
        encoding="utf-8",
    )
    survey = _survey(invoke, tmp_path / "s.html", "--checklist", "tiny", "--checklist-dir", folder)
    ctx = context()
    network = Network(ctx, survey.as_uri())
    tab = SurveyPage(ctx.new_page(), survey)
    assert tab.page.title() == f"Team survey: {HOSTILE}"
    legend = tab.page.text_content("#q_deploys legend") or ""
    assert HOSTILE in legend
    assert tab.page.text_content("label[for=q_deploys_o_ops]") == HOSTILE
    assert tab.page.query_selector("b") is None
    assert tab.data["dimensions"][0]["questions"][0]["text"] == HOSTILE
    tab.role("ML engineer")
    tab.choose("deploys", "ops")
    saved = tab.save(tmp_path)
    assert tab.dialogs == [] and tab.errors == []
    assert network.others() == []
    result = invoke("validate", "--checklist-dir", folder, saved)
    assert result.exit_code == 0, result.output


def test_the_network_guard_sees_what_a_page_would_fetch(
    context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    """The guard above is not vacuous: a page that fetches anything is caught."""
    page_file = tmp_path / "leaky.html"
    page_file.write_text(
        '<!DOCTYPE html><link rel="stylesheet" href="https://fonts.example.invalid/a.css">'
        '<img src="http://example.invalid/pixel.png" alt="">',
        encoding="utf-8",
    )
    ctx = context()
    network = Network(ctx, page_file.as_uri())
    ctx.new_page().goto(page_file.as_uri())
    assert sorted(network.others()) == [
        "http://example.invalid/pixel.png",
        "https://fonts.example.invalid/a.css",
    ]


def test_without_chromium_the_browser_tests_say_why(monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.survey_browser as harness

    monkeypatch.setattr(harness, "CHROMIUM", Path("/nonexistent/chromium"))
    assert harness._unavailable() == (
        "Debian's Chromium is not at /nonexistent/chromium: `make test` installs it when run as "
        "root where apt-get is available; otherwise run `sudo apt-get install chromium`"
    )


def test_every_field_has_a_label_and_every_question_a_legend(
    context: Callable[..., BrowserContext], invoke: Invoke, tmp_path: Path
) -> None:
    survey = _survey(invoke, tmp_path / "s.html", "--mode", "candidate")
    ctx = context()
    Network(ctx, survey.as_uri())
    tab = SurveyPage(ctx.new_page(), survey)
    unlabelled = tab.page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, select, progress')]
              .filter(field => !field.labels || field.labels.length === 0
                      || ![...field.labels].some(label => label.textContent.trim()))
              .map(field => field.id || field.outerHTML)"""
    )
    assert unlabelled == []
    questions = tab.page.evaluate(
        """() => [...document.querySelectorAll('fieldset.question')]
              .map(set => [set.id, set.querySelector(':scope > legend').textContent.trim(),
                           [...set.querySelectorAll('input[type=radio]')]
                             .every(radio => radio.closest('fieldset') !== null)])"""
    )
    assert len(questions) == tab.data["count"]
    shown = {q["id"]: q for d in tab.data["dimensions"] for q in d["questions"]}
    for element_id, legend, grouped in questions:
        question = shown[element_id.removeprefix("q_")]
        assert legend.startswith(f"{question['number']}. {question['text']}")
        assert grouped
