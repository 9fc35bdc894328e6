"""The checklist model: dimensions, questions, how each answer is scored, and the levels.

Built from a YAML document that already passed the JSON Schema; this module adds the rules a
schema cannot state (unique ids, derived inputs that exist, bands in order) and turns the data into
frozen objects that the scorer reads. Lookups go through ids, never through names in code; how an
answer kind behaves lives in :mod:`auditor.answers`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from auditor.answers import (
    KINDS,
    Answer,
    Curve,
    Option,
    check_unique,
    hundredths,
    normalise_choice,
    signal_for,
)
from auditor.errors import InputError, Problems
from auditor.validation import validate
from auditor.yamlio import PathKey, YamlDoc

__all__ = [
    "Answer",
    "Band",
    "Checklist",
    "Claim",
    "Curve",
    "Dimension",
    "NotApplicable",
    "Option",
    "Question",
    "build_checklist",
    "normalise_yes_no",
    "signal_for",
]

_T = TypeVar("_T")

DEFAULT_MIN_COVERAGE = 0.5
_STEPS = {0: 1, 1: 10, 2: 100, 3: 1000}
DEFAULT_KNOCKOUT_CAP = 39.0
DEFAULT_KNOCKOUT_SCORE = 0.25


@dataclass(frozen=True)
class NotApplicable:
    """When a question does not apply: the number answer to ``question`` is below ``below``."""

    question: str
    below: float
    reason: str


@dataclass(frozen=True)
class Question:
    id: str
    dimension: str
    weight: float
    critical: bool
    candidate: str
    self_text: str
    why: str
    answer: Answer
    sources: tuple[str, ...] = ()
    good_answer: str | None = None
    red_flags: tuple[str, ...] = ()
    follow_ups: tuple[str, ...] = ()
    not_applicable: NotApplicable | None = None
    action: str | None = None
    effort: str | None = None
    who: tuple[str, ...] = ()  # who can answer it (auditor.schema.ROLES); empty: anyone

    def phrasing(self, mode: str) -> str:
        """The question as asked in ``mode`` (candidate or self)."""
        return self.self_text if mode == "self" else self.candidate

    @property
    def scored(self) -> bool:
        return self.weight > 0


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    weight: float
    description: str | None
    questions: tuple[Question, ...]

    @property
    def points(self) -> float:
        """The most points its scored questions can earn together (their weights)."""
        return sum(q.weight for q in self.questions if q.weight > 0)


@dataclass(frozen=True)
class Claim:
    """A statement a verdict makes only when ``dimension``'s score bears it out."""

    dimension: str
    candidate: str
    self_text: str | None = None
    at_least: float | None = None
    below: float | None = None
    otherwise: str | None = None

    def holds(self, score: float) -> bool:
        if self.at_least is not None and score < self.at_least:
            return False
        return not (self.below is not None and score >= self.below)

    def text(self, mode: str) -> str:
        return (self.self_text or self.candidate) if mode == "self" else self.candidate


@dataclass(frozen=True)
class Requirement:
    """A practice a level needs: ``question`` scoring at least ``at_least`` (0-1)."""

    question: str
    at_least: float
    needs: str


@dataclass(frozen=True)
class Band:
    """One level of the scale: scores from its lower edge (``min``, or strictly ``above``) up to
    the next band's edge."""

    edge: float
    inclusive: bool
    level: int
    name: str
    signal: str
    candidate: str
    self_text: str
    claims: tuple[Claim, ...] = ()
    requires: tuple[Requirement, ...] = ()

    def verdict(self, mode: str) -> str:
        return self.self_text if mode == "self" else self.candidate

    def admits(self, value: float) -> bool:
        """Whether ``value`` is at or past this band's lower edge."""
        return value >= self.edge if self.inclusive else value > self.edge

    @property
    def edge_text(self) -> str:
        return f"{self.edge:g}" if self.inclusive else f"above {self.edge:g}"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None = None
    authors: str | None = None
    venue: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class Scale:
    """How scores are shown, and bands written: 0-100, or raw points out of ``maximum``."""

    kind: str
    maximum: float
    decimals: int

    def shown(self, share: float) -> float:
        """A share in [0, 1] on this scale, rounded as shown (half up): what a user reads, and
        what bands and claims are decided on, so that a 60 on the page is never level 2.

        Half up with a tolerance: a value within 1e-9 of a half (59.4999999999 from adding
        weighted shares) rounds up as the exact half would. Scoring rounds hundreds of times
        per audit, so this is plain float arithmetic, not Decimal."""
        step = _STEPS[self.decimals]
        return math.floor(share * self.maximum * step + 0.5 + 1e-9) / step

    def delta(self, share: float, weight: float | None = None) -> float:
        """A difference of shares on this scale, to one more decimal than scores: half away
        from zero, with the same tolerance as :meth:`shown`, so that float noise in how a
        difference was summed never moves the digit shown. With ``weight``, a difference
        between two answers to one question: in points, of the points that question is worth."""
        top = weight if weight is not None and self.kind == "points" else self.maximum
        step = 10 ** (self.decimals + 1)
        size = math.floor(abs(share) * top * step + 0.5 + 1e-9) / step
        return math.copysign(size, share) if size else 0.0

    def earned(self, share: float, weight: float) -> float:
        """One question's score as shown: on 0-100 its share, like any score; in points, the
        points it earns of the ``weight`` it is worth (half a point for a manual test)."""
        if self.kind != "points":
            return self.shown(share)
        step = _STEPS[self.decimals]
        return math.floor(share * weight * step + 0.5 + 1e-9) / step

    def worth(self, weight: float) -> Callable[[float], str]:
        """How a reason words what a share of a question earns: "75" on 0-100, "0.5 points"."""
        if self.kind != "points":
            return hundredths
        return lambda share: points(self.earned(share, weight))

    @property
    def unit(self) -> str:
        return "points" if self.kind == "points" else "/100"


def points(value: float) -> str:
    """A number of points in words: "1 point", "0.5 points"."""
    return f"{value:g} point{'' if value == 1 else 's'}"


@dataclass(frozen=True)
class Checklist:
    id: str
    version: str
    title: str
    description: str | None
    sources: tuple[Source, ...]
    question_aggregation: str
    dimension_aggregation: str
    min_coverage: float
    knockout_cap: float
    knockout_score: float
    weakest_link: int | None
    scale: Scale
    bands: tuple[Band, ...]
    dimensions: tuple[Dimension, ...]
    hash: str
    path: str
    _questions: dict[str, Question] = field(repr=False, compare=False, default_factory=dict)
    _band_cache: dict[float, Band] = field(repr=False, compare=False, default_factory=dict)

    def questions(self) -> Iterator[Question]:
        for dimension in self.dimensions:
            yield from dimension.questions

    def question(self, question_id: str) -> Question | None:
        return self._questions.get(question_id)

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def band_for(self, value: float) -> Band:
        """The highest band whose lower edge ``value`` (on the checklist's scale) reaches."""
        found = self._band_cache.get(value)
        if found is not None:
            return found
        chosen = self.bands[0]
        for band in self.bands:
            if band.admits(value):
                chosen = band
        if len(self._band_cache) < 10_000:  # shown values are few: whole numbers, or points
            self._band_cache[value] = chosen
        return chosen

    def band_at_level(self, level: int) -> Band:
        """The lowest band at ``level`` or above (the top band when none is)."""
        return next((b for b in self.bands if b.level >= level), self.bands[-1])

    def band_above(self, band: Band) -> Band | None:
        index = self.bands.index(band)
        return self.bands[index + 1] if index + 1 < len(self.bands) else None

    @property
    def knockout_band(self) -> Band:
        return self.band_for(self.knockout_cap)


def content_hash(data: dict[str, Any]) -> str:
    """A hash of what the checklist says, not how the file is laid out: comments do not count."""
    import hashlib  # here: a compiled checklist carries its hash, and start-up skips the import

    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def build_checklist(doc: YamlDoc, *, known_hash: str | None = None) -> Checklist:
    """Validate ``doc`` and build the :class:`Checklist` it describes.

    Every problem the checks below find is reported, in file order (one :class:`InputErrors`),
    not only the first: a checklist author fixes them in one pass. ``known_hash`` is for data
    already validated whose content hash is known (a bundled checklist's compiled form, see
    :mod:`auditor.loading`): neither is worked out again.
    """
    if known_hash is None:
        validate("checklist", doc)
    data = doc.data
    problems = Problems()
    _keep(problems, check_unique, doc, ["dimensions"], data["dimensions"], "dimension")
    seen_questions: dict[str, list[PathKey]] = {}
    dimensions = []
    for d_index, d in enumerate(data["dimensions"]):
        questions = []
        for q_index, q in enumerate(d["questions"]):
            path: list[PathKey] = ["dimensions", d_index, "questions", q_index]
            if q["id"] in seen_questions:
                first = doc.line_of(seen_questions[q["id"]])
                problems.add(
                    doc.at(
                        [*path, "id"], f"duplicate question id {q['id']!r} (first on line {first})"
                    )
                )
                continue
            seen_questions[q["id"]] = path
            built = _keep(problems, _build_question, doc, path, d["id"], q)
            if built is not None:
                questions.append(built)
        dimensions.append(
            Dimension(
                id=d["id"],
                title=d["title"],
                weight=float(d.get("weight", 1)),
                description=d.get("description"),
                questions=tuple(questions),
            )
        )
    _check_weights(doc, dimensions, problems)
    by_id = {q.id: q for dim in dimensions for q in dim.questions}
    _check_derived(doc, seen_questions, by_id, problems)
    _check_not_applicable(doc, seen_questions, by_id, problems)
    _check_sources(doc, seen_questions, by_id, data.get("sources", []), problems)
    aggregation = data.get("aggregation", {})
    question_aggregation = aggregation.get("questions", "mean")
    dimension_aggregation = aggregation.get("dimensions", "mean")
    scale = _keep(
        problems, _build_scale, doc, data, dimensions, question_aggregation, dimension_aggregation
    )
    bands = _build_bands(doc, data["bands"], {d.id for d in dimensions}, by_id, problems)
    problems.raise_if_any()
    assert scale is not None  # a scale problem was raised above
    knockout_cap = data.get("knockout_cap")
    if knockout_cap is None:
        knockout_cap = DEFAULT_KNOCKOUT_CAP * scale.maximum / 100
    weakest = data.get("weakest_link")
    return Checklist(
        id=data["id"],
        version=str(data["version"]),
        title=data["title"],
        description=data.get("description"),
        sources=tuple(
            Source(
                s["id"], s["title"], s.get("url"), s.get("authors"), s.get("venue"), s.get("year")
            )
            for s in data.get("sources", [])
        ),
        question_aggregation=question_aggregation,
        dimension_aggregation=dimension_aggregation,
        min_coverage=float(data.get("min_coverage", DEFAULT_MIN_COVERAGE)),
        knockout_cap=float(knockout_cap),
        knockout_score=float(data.get("knockout_score", DEFAULT_KNOCKOUT_SCORE)),
        weakest_link=None if weakest is None else int(weakest["levels_above"]),
        scale=scale,
        bands=bands,
        dimensions=tuple(dimensions),
        hash=known_hash or content_hash(data),
        path=doc.file,
        _questions=by_id,
    )


def _keep(problems: Problems, check: Callable[..., _T], *args: Any) -> _T | None:
    """Run one check; keep the problem it raises and carry on (None: it failed)."""
    try:
        return check(*args)
    except InputError as exc:
        problems.add(exc)
        return None


def _build_question(
    doc: YamlDoc, path: list[PathKey], dimension: str, q: dict[str, Any]
) -> Question:
    weight = float(q.get("weight", 1))
    spec = q["answer"]
    answer = KINDS[spec["kind"]].build(doc, [*path, "answer"], spec, weight)
    na = q.get("not_applicable")
    if na is not None and q.get("critical", False):
        raise doc.at(
            [*path, "not_applicable"],
            "a critical question always applies: a knock-out must not be lifted by "
            "'not applicable'",
        )
    return Question(
        id=q["id"],
        dimension=dimension,
        weight=weight,
        critical=bool(q.get("critical", False)),
        candidate=q["candidate"],
        self_text=q["self"],
        why=q["why"],
        answer=answer,
        sources=tuple(q.get("sources", [])),
        good_answer=q.get("good_answer"),
        red_flags=tuple(q.get("red_flags", [])),
        follow_ups=tuple(q.get("follow_ups", [])),
        not_applicable=None
        if na is None
        else NotApplicable(na["question"], float(na.get("below", 1)), na["reason"]),
        action=q.get("action"),
        effort=q.get("effort"),
        who=tuple(q.get("who", [])),
    )


def normalise_yes_no(value: Any) -> str:
    """YAML 1.1 reads a bare ``yes``/``no`` as a boolean; both spellings mean the same here."""
    return normalise_choice(value)


def _check_weights(doc: YamlDoc, dimensions: list[Dimension], problems: Problems) -> None:
    """Something must be scored: a scored dimension needs a scored question, the checklist a
    scored dimension. Otherwise every score would be empty and every verdict meaningless."""
    if not any(d.weight > 0 for d in dimensions):
        problems.add(
            doc.at(["dimensions"], "every dimension has weight 0; give at least one a weight")
        )
    for index, dimension in enumerate(dimensions):
        if (
            dimension.weight > 0
            and dimension.questions
            and not any(q.weight > 0 for q in dimension.questions)
        ):
            problems.add(
                doc.at(
                    ["dimensions", index, "questions"],
                    "every question has weight 0, so nothing here is scored; give one a weight "
                    "or give the dimension weight 0",
                )
            )


def _check_derived(
    doc: YamlDoc, paths: dict[str, list[PathKey]], by_id: dict[str, Question], problems: Problems
) -> None:
    for question in by_id.values():
        if question.answer.asked:
            continue
        for index, input_id in enumerate(question.answer.inputs):
            target = by_id.get(input_id)
            where = [*paths[question.id], "answer", "inputs", index]
            if target is None:
                problems.add(
                    doc.at(where, f"derived metric refers to a missing question {input_id!r}")
                )
            elif not (target.answer.numeric and target.answer.asked):
                problems.add(
                    doc.at(
                        where,
                        f"derived metric input {input_id!r} must be a number question, "
                        f"not {target.answer.kind}",
                    )
                )


def _check_not_applicable(
    doc: YamlDoc, paths: dict[str, list[PathKey]], by_id: dict[str, Question], problems: Problems
) -> None:
    for question in by_id.values():
        rule = question.not_applicable
        if rule is None:
            continue
        target = by_id.get(rule.question)
        where = [*paths[question.id], "not_applicable", "question"]
        if target is None:
            problems.add(doc.at(where, f"refers to a missing question {rule.question!r}"))
        elif not (target.answer.numeric and target.answer.asked):
            problems.add(doc.at(where, f"{rule.question!r} must be a number question"))


def _check_sources(
    doc: YamlDoc,
    paths: dict[str, list[PathKey]],
    by_id: dict[str, Question],
    sources: list[dict[str, Any]],
    problems: Problems,
) -> None:
    _keep(problems, check_unique, doc, ["sources"], sources, "source")
    known = {s["id"] for s in sources}
    for question in by_id.values():
        for index, source_id in enumerate(question.sources):
            if source_id not in known:
                problems.add(
                    doc.at(
                        [*paths[question.id], "sources", index],
                        f"unknown source {source_id!r}; "
                        f"sources are: {', '.join(sorted(known)) or 'none'}",
                    )
                )


def _build_scale(
    doc: YamlDoc,
    data: dict[str, Any],
    dimensions: list[Dimension],
    question_aggregation: str,
    dimension_aggregation: str,
) -> Scale:
    """0-100, or raw points: the dimensions' points must then be comparable (the same maximum),
    as the ML Test Score's four sections of seven tests are."""
    if data.get("scale", "0-100") != "points":
        return Scale("0-100", 100.0, 0)
    if question_aggregation != "sum":
        raise doc.at(
            ["scale"],
            "a points scale needs questions summed (aggregation: {questions: sum}), so that a "
            "dimension's score is its points",
        )
    scored = [d for d in dimensions if d.weight > 0]
    maxima = {d.points for d in scored}
    if len(maxima) > 1:
        listed = ", ".join(f"{d.id} {d.points:g}" for d in scored)
        raise doc.at(
            ["scale"],
            f"a points scale needs every scored dimension to have the same maximum, got {listed}",
        )
    if dimension_aggregation == "sum":
        # Each dimension and the overall score are read on one scale (bars, levels, the weakest
        # link): a grand total of sections would put a section's 3 of 7 beside a total of 28.
        raise doc.at(
            ["aggregation", "dimensions"],
            "a points scale shows each dimension and the overall score in the same points, so "
            "dimensions combine by min or mean, not sum",
        )
    return Scale("points", maxima.pop(), 2)


def _build_bands(
    doc: YamlDoc,
    bands: list[dict[str, Any]],
    dimension_ids: set[str],
    questions: dict[str, Question],
    problems: Problems,
) -> tuple[Band, ...]:
    built: list[Band] = []
    for index, b in enumerate(bands):
        path: list[PathKey] = ["bands", index]
        if ("min" in b) == ("above" in b):
            problems.add(doc.at(path, "give the band's lower edge as either 'min' or 'above'"))
            continue
        inclusive = "min" in b
        edge = float(b["min"] if inclusive else b["above"])
        band = Band(
            edge=edge,
            inclusive=inclusive,
            level=int(b["level"]),
            name=b["name"],
            signal=b.get("signal") or signal_for(edge / 100),
            candidate=b["candidate"],
            self_text=b["self"],
            claims=tuple(
                claim
                for i, c in enumerate(b.get("claims", []))
                if (claim := _keep(problems, _claim, doc, [*path, "claims", i], c, dimension_ids))
            ),
            requires=tuple(
                need
                for i, r in enumerate(b.get("requires", []))
                if (
                    need := _keep(problems, _requirement, doc, [*path, "requires", i], r, questions)
                )
            ),
        )
        if built:
            previous = built[-1]
            if (band.edge, not band.inclusive) <= (previous.edge, not previous.inclusive):
                problems.add(
                    doc.at(
                        [*path, "min" if inclusive else "above"],
                        f"bands must go up: {band.edge_text} does not start above the previous "
                        f"band ({previous.edge_text})",
                    )
                )
            if band.level <= previous.level:
                problems.add(
                    doc.at(
                        [*path, "level"],
                        f"levels must go up: {band.level} is not above {previous.level}",
                    )
                )
        built.append(band)
    first = bands[0]
    if first.get("min") != 0 or "above" in first:
        problems.add(
            doc.at(["bands", 0], "the first band must start at min: 0 so every score has a band")
        )
    return tuple(built)


def _claim(doc: YamlDoc, path: list[PathKey], c: dict[str, Any], dimension_ids: set[str]) -> Claim:
    if c["dimension"] not in dimension_ids:
        raise doc.at(
            [*path, "dimension"],
            f"no dimension {c['dimension']!r}; dimensions are: {', '.join(sorted(dimension_ids))}",
        )
    if c.get("at_least") is None and c.get("below") is None:
        raise doc.at(path, "a claim needs 'at_least' or 'below': when does it hold?")
    return Claim(
        dimension=c["dimension"],
        candidate=c["candidate"],
        self_text=c.get("self"),
        at_least=c.get("at_least"),
        below=c.get("below"),
        otherwise=c.get("otherwise"),
    )


def _requirement(
    doc: YamlDoc, path: list[PathKey], r: dict[str, Any], questions: dict[str, Question]
) -> Requirement:
    question = questions.get(r["question"])
    if question is None:
        raise doc.at([*path, "question"], f"no question {r['question']!r} in this checklist")
    if not question.scored:
        raise doc.at(
            [*path, "question"], f"{r['question']!r} has weight 0: a level cannot require it"
        )
    return Requirement(question.id, float(r["at_least"]) / 100, r["needs"])
