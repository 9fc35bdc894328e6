"""Sources a reader can look up: short citations and full references, never an internal id; and
the bundled checklists' text cited, on one scale, with an action for every question."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from auditor import citations
from auditor.checklist import Checklist, Source
from auditor.cli import cli
from auditor.loading import checklist_dirs, find_checklist
from tests.conftest import EXAMPLES

CULTURE = find_checklist("mlops-culture", checklist_dirs())
SCREEN = find_checklist("quick-screen", checklist_dirs())
BUNDLED = [CULTURE, SCREEN]


# --- formatting -------------------------------------------------------------------------------


def test_people_are_cited_by_surname_and_year() -> None:
    paper = Source(
        "sculley-2015",
        "Hidden Technical Debt in Machine Learning Systems",
        "https://example.org/paper",
        "D. Sculley, G. Holt, J.-F. Crespo",
        "NeurIPS",
        2015,
    )
    assert citations.short(paper) == "Sculley et al. 2015"
    assert citations.reference(paper) == (
        "Sculley et al., “Hidden Technical Debt in Machine Learning Systems”, NeurIPS 2015, "
        "https://example.org/paper"
    )
    two = Source("x", "T", authors="E. Breck and S. Cai", year=2017)
    assert citations.short(two) == "Breck and Cai 2017"
    one = Source("y", "T", authors="W. Zi", venue="InfoQ", year=2026)
    assert (citations.short(one), citations.reference(one)) == ("Zi 2026", "Zi, “T”, InfoQ 2026")


def test_an_organisation_is_cited_whole_and_an_unsigned_article_by_its_title() -> None:
    guide = Source(
        "g", "MLOps guide", "https://example.org/g", "Google Cloud", "Architecture Center"
    )
    assert citations.short(guide) == "Google Cloud"  # not "Cloud": no initial, no person
    assert citations.reference(guide) == (
        "Google Cloud, “MLOps guide”, Architecture Center, https://example.org/g"
    )
    article = Source("a", "Nearly 87% of ML projects never reach production", venue="web article")
    assert citations.short(article) == "“Nearly 87% of ML projects never reach production”"
    assert citations.reference(article) == (
        "“Nearly 87% of ML projects never reach production”, web article"
    )


def test_cited_keeps_order_and_never_shows_a_raw_id() -> None:
    sources = (Source("a", "A", authors="X. Alpha", year=2001), Source("b", "B", authors="Org"))
    assert citations.cited(["b", "a", "missing"], sources) == ["Org", "Alpha 2001"]


# --- the bundled checklists -------------------------------------------------------------------


def _texts(checklist: Checklist) -> list[str]:
    """Every text of a checklist a user reads."""
    texts = [checklist.title, checklist.description or ""]
    for dimension in checklist.dimensions:
        texts += [dimension.title, dimension.description or ""]
        for q in dimension.questions:
            texts += [q.candidate, q.self_text, q.why, q.good_answer or "", q.action or ""]
            texts += [*q.red_flags, *q.follow_ups, *(o.label for o in q.answer.options)]
    for band in checklist.bands:
        texts += [band.name, band.candidate, band.self_text]
    return texts


@pytest.mark.parametrize("checklist", BUNDLED, ids=lambda c: c.id)
def test_no_internal_id_or_vague_source_in_what_a_user_reads(checklist: Checklist) -> None:
    text = "\n".join(_texts(checklist))
    assert re.search(r"seed-?\d", text) is None
    assert "2026 ML-engineering guide" not in text and "ML career diagnostic" not in text
    for source in checklist.sources:
        assert not re.fullmatch(r"seed-?\d+", source.id)


@pytest.mark.parametrize("checklist", BUNDLED, ids=lambda c: c.id)
def test_scores_are_written_on_the_0_to_100_scale(checklist: Checklist) -> None:
    text = "\n".join(_texts(checklist))
    assert re.findall(r"scores? (?:between )?0\.\d|scores? 1\b|and 1 \(best\)", text) == []


@pytest.mark.parametrize("checklist", BUNDLED, ids=lambda c: c.id)
def test_every_source_can_be_looked_up(checklist: Checklist) -> None:
    for source in checklist.sources:
        # A link, or who wrote it where; an unsigned article says that it is one.
        assert source.url or (source.authors and source.venue) or "unsigned" in (source.venue or "")
        if source.url:
            assert source.url.startswith("https://")


def test_the_primary_sources_are_cited_in_full() -> None:
    refs = {s.id: citations.reference(s) for s in CULTURE.sources}
    assert refs["sculley-2015"].startswith(
        "Sculley et al., “Hidden Technical Debt in Machine Learning Systems”, NeurIPS 2015, https://"
    )
    assert refs["ml-test-score"] == (
        "Breck et al., “The ML Test Score: A Rubric for ML Production Readiness and Technical "
        "Debt Reduction”, IEEE Big Data 2017, https://research.google/pubs/pub46555/"
    )
    assert {citations.short(s) for s in CULTURE.sources} >= {
        "Microsoft",
        "Google Cloud",
        "DORA",
        "Zi 2026",
        "Stack Overflow 2024",
    }


def test_every_mlops_culture_question_has_an_action_and_its_effort() -> None:
    for q in CULTURE.questions():
        assert q.action and q.effort in ("small", "medium", "large"), q.id
        # An action to schedule, not an outcome to hope for.
        assert not q.action.lower().startswith(("aim", "no,", "yes")), q.id
        assert not q.action.endswith("."), q.id  # renderers end the sentence


def test_whys_cite_the_sources_they_list() -> None:
    """A why that leans on a seed article names it by its title; one citing a primary source
    names its authors."""
    titles = {s.id: s.title for s in CULTURE.sources}
    for q in CULTURE.questions():
        for source in q.sources:
            if source in ("mle-career-diagnostic", "ml-production-gap"):
                assert f"“{titles[source]}”" in q.why, (q.id, source)
        if "sculley-2015" in q.sources:
            assert "Sculley et al." in q.why


# --- on every surface -------------------------------------------------------------------------


def test_the_view_carries_citations_for_the_checklist_and_each_question(
    invoke: Callable[..., Result],
) -> None:
    view = json.loads(invoke("score", EXAMPLES / "demo.yaml", "--format", "json").stdout)
    by_id = {s["id"]: s for s in view["checklist"]["sources"]}
    assert by_id["dora"]["citation"] == "DORA"
    assert by_id["dora"]["reference"] == (
        "DORA, “DORA Quick Check”, DevOps Research and Assessment, Google Cloud, "
        "https://dora.dev/quickcheck/"
    )
    questions = {q["id"]: q for d in view["dimensions"] for q in d["questions"]}
    assert questions["monitored-share"]["citations"] == [
        "“Nearly 87% of ML projects never reach production”",
        "Breck et al. 2017",
    ]
    assert "seed-" not in json.dumps(view)


def test_the_interviews_why_prints_citations_not_ids(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            *("interview", str(tmp_path / "a.yaml"), "--mode", "candidate", "--company", "A"),
            *("--respondent", "HM", "--only", "monitoring"),
        ],
        input="\n\n?\n",
        catch_exceptions=False,
    )
    flat = " ".join(result.output.split())
    assert "Sources: “Nearly 87% of ML projects never reach production”; Breck et al. 2017" in flat
    assert "ml-test-score" not in result.output
