"""The checklist model: dimensions, questions and how each answer is scored.

Built from a YAML document that already passed the JSON Schema; this module adds the rules a
schema cannot state (unique ids, derived inputs that exist, buckets in order) and turns the data
into frozen objects that the scorer reads. Lookups go through ids, never through names in code.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from auditor.validation import validate
from auditor.yamlio import PathKey, YamlDoc

DEFAULT_MIN_COVERAGE = 0.5
DEFAULT_KNOCKOUT_CAP = 39.0

# z such that the standard normal CDF at -z is 0.1: the curve's "good" control point scores 0.9.
_Z_GOOD = 1.2815515655446004


@dataclass(frozen=True)
class Option:
    """One answer a candidate can pick, or one bucket a number falls into."""

    id: str
    label: str
    score: float
    signal: str
    nature: str | None = None
    below: float | None = None


@dataclass(frozen=True)
class Curve:
    """Lighthouse-style log-normal scoring: ``good`` scores 0.9, ``median`` scores 0.5."""

    good: float
    median: float

    @property
    def lower_is_better(self) -> bool:
        return self.good < self.median

    def score(self, value: float) -> float:
        if value <= 0:
            return 1.0 if self.lower_is_better else 0.0
        sigma = abs(math.log(self.median) - math.log(self.good)) / _Z_GOOD
        z = (math.log(value) - math.log(self.median)) / sigma
        if not self.lower_is_better:
            z = -z
        return 0.5 * math.erfc(z / math.sqrt(2))


@dataclass(frozen=True)
class Answer:
    """How a question is answered: ``choice``, ``yesno``, ``number`` or ``derived``."""

    kind: str
    options: tuple[Option, ...] = ()
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    curve: Curve | None = None
    formula: str | None = None
    inputs: tuple[str, ...] = ()
    nature: str | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in {"number", "derived"}

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def bucket(self, value: float) -> Option | None:
        """The first bucket whose bound is above ``value``; the last has no bound."""
        for option in self.options:
            if option.below is None or value < option.below:
                return option
        return None


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

    def phrasing(self, mode: str) -> str:
        """The question as asked in ``mode`` (candidate or self)."""
        return self.self_text if mode == "self" else self.candidate


@dataclass(frozen=True)
class Dimension:
    id: str
    title: str
    weight: float
    description: str | None
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Band:
    min: float
    level: int
    name: str
    signal: str
    candidate: str
    self_text: str

    def verdict(self, mode: str) -> str:
        return self.self_text if mode == "self" else self.candidate


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None = None


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
    bands: tuple[Band, ...]
    dimensions: tuple[Dimension, ...]
    hash: str
    path: str
    _questions: dict[str, Question] = field(repr=False, compare=False, default_factory=dict)

    def questions(self) -> Iterator[Question]:
        for dimension in self.dimensions:
            yield from dimension.questions

    def question(self, question_id: str) -> Question | None:
        return self._questions.get(question_id)

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def band_for(self, score: float) -> Band:
        """The highest band whose ``min`` is at or below ``score`` (0-100)."""
        chosen = self.bands[0]
        for band in self.bands:
            if score >= band.min:
                chosen = band
        return chosen


def content_hash(data: dict[str, Any]) -> str:
    """A hash of what the checklist says, not how the file is laid out: comments do not count."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def build_checklist(doc: YamlDoc) -> Checklist:
    """Validate ``doc`` and build the :class:`Checklist` it describes."""
    validate("checklist", doc)
    data = doc.data
    _check_unique(doc, ["dimensions"], data["dimensions"], "dimension")
    seen_questions: dict[str, list[PathKey]] = {}
    dimensions = []
    for d_index, d in enumerate(data["dimensions"]):
        questions = []
        for q_index, q in enumerate(d["questions"]):
            path: list[PathKey] = ["dimensions", d_index, "questions", q_index]
            if q["id"] in seen_questions:
                first = doc.line_of(seen_questions[q["id"]])
                raise doc.at(
                    [*path, "id"], f"duplicate question id {q['id']!r} (first on line {first})"
                )
            seen_questions[q["id"]] = path
            questions.append(_build_question(doc, path, d["id"], q))
        dimensions.append(
            Dimension(
                id=d["id"],
                title=d["title"],
                weight=float(d.get("weight", 1)),
                description=d.get("description"),
                questions=tuple(questions),
            )
        )
    _check_weights(doc, dimensions)
    by_id = {q.id: q for dim in dimensions for q in dim.questions}
    _check_derived(doc, seen_questions, by_id)
    _check_sources(doc, seen_questions, by_id, data.get("sources", []))
    aggregation = data.get("aggregation", {})
    return Checklist(
        id=data["id"],
        version=str(data["version"]),
        title=data["title"],
        description=data.get("description"),
        sources=tuple(Source(s["id"], s["title"], s.get("url")) for s in data.get("sources", [])),
        question_aggregation=aggregation.get("questions", "mean"),
        dimension_aggregation=aggregation.get("dimensions", "mean"),
        min_coverage=float(data.get("min_coverage", DEFAULT_MIN_COVERAGE)),
        knockout_cap=float(data.get("knockout_cap", DEFAULT_KNOCKOUT_CAP)),
        bands=_build_bands(doc, data["bands"]),
        dimensions=tuple(dimensions),
        hash=content_hash(data),
        path=doc.file,
        _questions=by_id,
    )


def _build_question(
    doc: YamlDoc, path: list[PathKey], dimension: str, q: dict[str, Any]
) -> Question:
    return Question(
        id=q["id"],
        dimension=dimension,
        weight=float(q.get("weight", 1)),
        critical=bool(q.get("critical", False)),
        candidate=q["candidate"],
        self_text=q["self"],
        why=q["why"],
        answer=_build_answer(doc, [*path, "answer"], q["answer"], float(q.get("weight", 1))),
        sources=tuple(q.get("sources", [])),
        good_answer=q.get("good_answer"),
        red_flags=tuple(q.get("red_flags", [])),
        follow_ups=tuple(q.get("follow_ups", [])),
    )


def _build_answer(doc: YamlDoc, path: list[PathKey], a: dict[str, Any], weight: float) -> Answer:
    kind = a["kind"]
    if kind == "yesno":
        good = normalise_yes_no(a.get("good", "yes"))
        return Answer(
            kind=kind,
            options=tuple(
                Option(
                    value,
                    value.capitalize(),
                    float(value == good),
                    "green" if value == good else "red",
                )
                for value in ("yes", "no")
            ),
            nature=a.get("nature"),
        )
    if kind == "choice":
        _check_unique(doc, [*path, "options"], a["options"], "option")
        return Answer(kind=kind, options=tuple(_option(o) for o in a["options"]))
    buckets = a.get("buckets")
    curve = a.get("curve")
    if buckets is not None and curve is not None:
        raise doc.at(path, "a number is scored by either 'buckets' or 'curve', not both")
    if buckets is None and curve is None and weight > 0:
        raise doc.at(
            path, "a scored number needs 'buckets' or 'curve' (or weight 0 to record it unscored)"
        )
    options: tuple[Option, ...] = ()
    if buckets is not None:
        _check_unique(doc, [*path, "buckets"], buckets, "bucket")
        _check_buckets(doc, [*path, "buckets"], buckets)
        options = tuple(_option(b) for b in buckets)
    parsed_curve = None
    if curve is not None:
        if curve["good"] == curve["median"]:
            raise doc.at([*path, "curve"], "'good' and 'median' must differ")
        parsed_curve = Curve(float(curve["good"]), float(curve["median"]))
    minimum = a.get("min", 0)
    maximum = a.get("max")
    if maximum is not None and maximum <= minimum:
        raise doc.at([*path, "max"], f"must be above min ({minimum:g}), got {maximum:g}")
    return Answer(
        kind=kind,
        options=options,
        unit=a["unit"],
        minimum=float(minimum),
        maximum=None if maximum is None else float(maximum),
        curve=parsed_curve,
        formula=a.get("formula"),
        inputs=tuple(a.get("inputs", ())),
        nature=a.get("nature"),
    )


def _option(o: dict[str, Any]) -> Option:
    score = float(o["score"])
    return Option(
        id=o["id"],
        label=o["label"],
        score=score,
        signal=o.get("signal") or signal_for(score),
        nature=o.get("nature"),
        below=None if o.get("below") is None else float(o["below"]),
    )


def normalise_yes_no(value: Any) -> str:
    """YAML 1.1 reads a bare ``yes``/``no`` as a boolean; both spellings mean the same here."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def signal_for(score: float) -> str:
    """The default signal of a score in [0, 1]: green from 0.75, red below 0.4."""
    if score >= 0.75:
        return "green"
    if score >= 0.4:
        return "amber"
    return "red"


def _check_unique(
    doc: YamlDoc, path: list[PathKey], items: list[dict[str, Any]], what: str
) -> None:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item["id"] in first:
            line = doc.line_of([*path, first[item["id"]]])
            raise doc.at(
                [*path, index, "id"], f"duplicate {what} id {item['id']!r} (first on line {line})"
            )
        first[item["id"]] = index


def _check_buckets(doc: YamlDoc, path: list[PathKey], buckets: list[dict[str, Any]]) -> None:
    previous = -math.inf
    for index, bucket in enumerate(buckets):
        bound = bucket.get("below")
        last = index == len(buckets) - 1
        if last and bound is not None:
            raise doc.at(
                [*path, index, "below"], "the last bucket takes every larger value; remove 'below'"
            )
        if not last and bound is None:
            raise doc.at([*path, index], "every bucket but the last needs 'below'")
        if bound is not None:
            if bound <= previous:
                raise doc.at(
                    [*path, index, "below"],
                    f"buckets must go up: {bound:g} is not above the previous bound {previous:g}",
                )
            previous = bound


def _check_weights(doc: YamlDoc, dimensions: list[Dimension]) -> None:
    """Something must be scored: a scored dimension needs a scored question, the checklist a
    scored dimension. Otherwise every score would be empty and every verdict meaningless."""
    if not any(d.weight > 0 for d in dimensions):
        raise doc.at(["dimensions"], "every dimension has weight 0; give at least one a weight")
    for index, dimension in enumerate(dimensions):
        if dimension.weight > 0 and not any(q.weight > 0 for q in dimension.questions):
            raise doc.at(
                ["dimensions", index, "questions"],
                "every question has weight 0, so nothing here is scored; give one a weight "
                "or give the dimension weight 0",
            )


def _check_derived(
    doc: YamlDoc, paths: dict[str, list[PathKey]], by_id: dict[str, Question]
) -> None:
    for question in by_id.values():
        if question.answer.kind != "derived":
            continue
        for index, input_id in enumerate(question.answer.inputs):
            target = by_id.get(input_id)
            where = [*paths[question.id], "answer", "inputs", index]
            if target is None:
                raise doc.at(where, f"derived metric refers to a missing question {input_id!r}")
            if target.answer.kind != "number":
                raise doc.at(
                    where,
                    f"derived metric input {input_id!r} must be a number question, "
                    f"not {target.answer.kind}",
                )


def _check_sources(
    doc: YamlDoc,
    paths: dict[str, list[PathKey]],
    by_id: dict[str, Question],
    sources: list[dict[str, Any]],
) -> None:
    _check_unique(doc, ["sources"], sources, "source")
    known = {s["id"] for s in sources}
    for question in by_id.values():
        for index, source_id in enumerate(question.sources):
            if source_id not in known:
                raise doc.at(
                    [*paths[question.id], "sources", index],
                    f"unknown source {source_id!r}; "
                    f"sources are: {', '.join(sorted(known)) or 'none'}",
                )


def _build_bands(doc: YamlDoc, bands: list[dict[str, Any]]) -> tuple[Band, ...]:
    previous = -1.0
    built = []
    for index, b in enumerate(bands):
        if b["min"] <= previous:
            raise doc.at(
                ["bands", index, "min"], f"bands must go up: {b['min']:g} is not above {previous:g}"
            )
        previous = b["min"]
        built.append(
            Band(
                min=float(b["min"]),
                level=int(b["level"]),
                name=b["name"],
                signal=b.get("signal") or signal_for(b["min"] / 100),
                candidate=b["candidate"],
                self_text=b["self"],
            )
        )
    if built[0].min != 0:
        raise doc.at(
            ["bands", 0, "min"], "the first band must start at 0 so every score has a band"
        )
    return tuple(built)
