"""How a question is answered: one small class per answer kind, found by id in :data:`KINDS`.

Each kind builds its part of a checklist (checking what a schema cannot), reads an answer from an
audit file, scores it, and says it back as a person would. Nothing else in the package branches on
a kind's name: a new kind is a new class here and one entry in :data:`KINDS`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from auditor.units import amount, parse_quantity, quantity_or_none, with_unit
from auditor.yamlio import PathKey, YamlDoc

# z such that the standard normal CDF at -z is 0.1: the curve's "good" control point scores 0.9.
_Z_GOOD = 1.2815515655446004


Worth = Callable[[float], str]


def hundredths(share: float) -> str:
    """A share in [0, 1] as a score a reader sees on the 0-100 scale: "75"."""
    return f"{share * 100:.0f}"


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
        if math.isinf(value):
            return 0.0 if self.lower_is_better else 1.0
        sigma = abs(math.log(self.median) - math.log(self.good)) / _Z_GOOD
        z = (math.log(value) - math.log(self.median)) / sigma
        if not self.lower_is_better:
            z = -z
        return 0.5 * math.erfc(z / math.sqrt(2))


@dataclass(frozen=True)
class Scored:
    """What one answer earns: a score in [0, 1] (None: recorded, not scored), the option or
    bucket it matched, its signal and default nature, and the reason in words."""

    score: float | None
    option: Option | None
    signal: str | None
    nature: str | None
    reason: str


@dataclass(frozen=True)
class Answer:
    """How a question is answered and scored; ``kind`` names its class in :data:`KINDS`."""

    kind: str
    options: tuple[Option, ...] = ()
    unit: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    curve: Curve | None = None
    formula: str | None = None
    inputs: tuple[str, ...] = ()
    nature: str | None = None
    # Options by id: scoring and every surface look answers up by id, thousands of times.
    _by_id: dict[str, Option] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {o.id: o for o in self.options})

    @property
    def handler(self) -> Kind:
        return KINDS[self.kind]

    @property
    def numeric(self) -> bool:
        return self.handler.numeric

    @property
    def asked(self) -> bool:
        """Whether a person answers it (a derived metric is computed from its inputs)."""
        return self.handler.asked

    def option(self, option_id: str) -> Option | None:
        return self._by_id.get(option_id)

    def bucket(self, value: float) -> Option | None:
        """The first bucket whose bound is above ``value``; the last has no bound."""
        for option in self.options:
            if option.below is None or value < option.below:
                return option
        return None

    def read(self, raw: Any) -> str | float:
        """The answer ``raw`` (from a file or a prompt) as stored; ValueError says what is wrong."""
        return self.handler.read(self, raw)

    def score(self, value: str | float, worth: Worth | None = None) -> Scored:
        """What ``value`` earns; ``worth`` words a share on the checklist's scale in the reason
        (0-100 unless the checklist scores in points)."""
        return self.handler.score(self, value, worth or hundredths)

    def show(self, value: str | float) -> str:
        """What was heard, as a person says it: the option's label, or ``8 models``."""
        return self.handler.show(self, value)

    def best(self) -> float:
        """The best score any answer can earn (1 for the built-in kinds' top option)."""
        return max((o.score for o in self.options), default=1.0)

    # What the interview needs: how a typed line answers, and what to say about it.

    def typed(self, line: str) -> str | float | None:
        """The answer a line typed at the prompt gives, or None when it is not an answer (it
        may be a key such as ``u``); ValueError says why a would-be answer is refused."""
        return self.handler.typed(self, line)

    def typed_first(self, line: str) -> str | None:
        """An answer that takes precedence over the interview's keys (``n`` is "no" on a yes/no
        question, not "note"), else None."""
        return self.handler.typed_first(self, line)

    @property
    def prompt(self) -> str:
        """What to type, e.g. ``Type 1 to 4`` or ``Type a number of weeks, e.g. 4.3``."""
        return self.handler.prompt(self)

    @property
    def pick(self) -> str:
        """The answer keys in the legend: ``1-4``, ``y/n or 1-2``, ``a number of weeks``."""
        return self.handler.pick(self)

    @property
    def note_key(self) -> str:
        """The key for a note: ``n``, or ``note`` where ``n`` already means no."""
        return self.handler.note_key

    @property
    def listed(self) -> bool:
        """Whether the options are listed to pick from (numbers are typed instead)."""
        return self.handler.listed

    def example(self) -> float:
        """A plausible value for hints: a middle bucket bound, else the curve's median."""
        bounds = [o.below for o in self.options if o.below is not None]
        if bounds:
            return bounds[len(bounds) // 2]
        if self.curve is not None:
            return self.curve.median
        if self.maximum is not None:
            return round(((self.minimum or 0) + self.maximum) / 2)
        return 6


class Kind:
    """The behaviour one answer kind adds to :class:`Answer`."""

    name: ClassVar[str]
    numeric: ClassVar[bool] = False
    asked: ClassVar[bool] = True
    listed: ClassVar[bool] = True
    note_key: ClassVar[str] = "n"

    def typed(self, answer: Answer, line: str) -> str | float | None:
        raise NotImplementedError

    def typed_first(self, answer: Answer, line: str) -> str | None:
        return None

    def prompt(self, answer: Answer) -> str:
        raise NotImplementedError

    def pick(self, answer: Answer) -> str:
        raise NotImplementedError

    def build(
        self, doc: YamlDoc, path: list[PathKey], spec: dict[str, Any], weight: float
    ) -> Answer:
        raise NotImplementedError

    def read(self, answer: Answer, raw: Any) -> str | float:
        raise NotImplementedError

    def score(self, answer: Answer, value: str | float, worth: Worth) -> Scored:
        raise NotImplementedError

    def show(self, answer: Answer, value: str | float) -> str:
        raise NotImplementedError


def signal_for(score: float) -> str:
    """The default signal of a score in [0, 1]: green from 0.75, red below 0.4."""
    if score >= 0.75:
        return "green"
    if score >= 0.4:
        return "amber"
    return "red"


def normalise_choice(value: Any) -> str:
    """YAML reads ``yes``/``no`` as booleans; an option id is always text."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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


def check_unique(doc: YamlDoc, path: list[PathKey], items: list[dict[str, Any]], what: str) -> None:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item["id"] in first:
            line = doc.line_of([*path, first[item["id"]]])
            raise doc.at(
                [*path, index, "id"], f"duplicate {what} id {item['id']!r} (first on line {line})"
            )
        first[item["id"]] = index


class Choice(Kind):
    """One of a list of options, each with its own score."""

    name = "choice"

    def build(
        self, doc: YamlDoc, path: list[PathKey], spec: dict[str, Any], weight: float
    ) -> Answer:
        check_unique(doc, [*path, "options"], spec["options"], "option")
        return Answer(kind=self.name, options=tuple(_option(o) for o in spec["options"]))

    def read(self, answer: Answer, raw: Any) -> str:
        option_id = normalise_choice(raw)
        if answer.option(option_id) is None:
            choices = ", ".join(o.id for o in answer.options)
            raise ValueError(f"expected one of: {choices}; got {raw!r}")
        return option_id

    def score(self, answer: Answer, value: str | float, worth: Worth) -> Scored:
        option = answer.option(str(value))
        if option is None:  # read() let only known options in
            raise ValueError(f"no option {value!r}")
        return Scored(
            option.score,
            option,
            option.signal,
            option.nature or answer.nature,
            f"'{option.label}' scores {worth(option.score)}",
        )

    def show(self, answer: Answer, value: str | float) -> str:
        option = answer.option(str(value))
        return option.label if option is not None else str(value)

    def typed(self, answer: Answer, line: str) -> str | None:
        raw = line.strip()
        if _DIGITS.fullmatch(raw):
            index = int(raw)
            if 1 <= index <= len(answer.options):
                return answer.options[index - 1].id
            raise ValueError(f"{raw} is not an option")
        option = answer.option(normalise_choice(raw))
        return None if option is None else option.id

    def prompt(self, answer: Answer) -> str:
        return f"Type 1 to {len(answer.options)}"

    def pick(self, answer: Answer) -> str:
        return f"1-{len(answer.options)}"


_DIGITS = re.compile(r"[0-9]+")  # not str.isdigit(): it accepts "²", which int() refuses


class YesNo(Choice):
    """Yes or no; ``good`` says which is healthy (default yes)."""

    name = "yesno"

    def build(
        self, doc: YamlDoc, path: list[PathKey], spec: dict[str, Any], weight: float
    ) -> Answer:
        good = normalise_choice(spec.get("good", "yes"))
        options = tuple(
            Option(
                value, value.capitalize(), float(value == good), "green" if value == good else "red"
            )
            for value in ("yes", "no")
        )
        return Answer(kind=self.name, options=options, nature=spec.get("nature"))

    note_key = "note"  # n means no here

    def typed_first(self, answer: Answer, line: str) -> str | None:
        return {"y": "yes", "yes": "yes", "1": "yes", "n": "no", "no": "no", "2": "no"}.get(
            line.strip().lower()
        )

    def prompt(self, answer: Answer) -> str:
        return "Type y or n (1 or 2)"

    def pick(self, answer: Answer) -> str:
        return "y/n or 1-2"


class Number(Kind):
    """A number in a unit, scored by DORA-style buckets or a Lighthouse-style curve."""

    name = "number"
    numeric = True

    def build(
        self, doc: YamlDoc, path: list[PathKey], spec: dict[str, Any], weight: float
    ) -> Answer:
        buckets = spec.get("buckets")
        curve = spec.get("curve")
        if buckets is not None and curve is not None:
            raise doc.at(path, "a number is scored by either 'buckets' or 'curve', not both")
        if buckets is None and curve is None and weight > 0:
            raise doc.at(
                path,
                "a scored number needs 'buckets' or 'curve' (or weight 0 to record it unscored)",
            )
        options: tuple[Option, ...] = ()
        if buckets is not None:
            check_unique(doc, [*path, "buckets"], buckets, "bucket")
            _check_buckets(doc, [*path, "buckets"], buckets)
            options = tuple(_option(b) for b in buckets)
        parsed_curve = None
        if curve is not None:
            if curve["good"] == curve["median"]:
                raise doc.at([*path, "curve"], "'good' and 'median' must differ")
            parsed_curve = Curve(float(curve["good"]), float(curve["median"]))
        minimum = spec.get("min", 0)
        maximum = spec.get("max")
        if maximum is not None and maximum <= minimum:
            raise doc.at([*path, "max"], f"must be above min ({minimum:g}), got {maximum:g}")
        return Answer(
            kind=self.name,
            options=options,
            unit=spec["unit"],
            minimum=float(minimum),
            maximum=None if maximum is None else float(maximum),
            curve=parsed_curve,
            formula=spec.get("formula"),
            inputs=tuple(spec.get("inputs", ())),
            nature=spec.get("nature"),
        )

    def read(self, answer: Answer, raw: Any) -> float:
        # One reading of a quantity for audit files and the interview: "6", "6 weeks", "50%".
        number = parse_quantity(raw, answer.unit)
        low, high = answer.minimum, answer.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            span = f"{low:g} to {high:g}" if high is not None else f"at least {low:g}"
            raise ValueError(f"expected {span} {answer.unit}, got {number:g}")
        return number

    listed = False

    def typed(self, answer: Answer, line: str) -> float:
        number = quantity_or_none(line, answer.unit)
        if number is None:
            raise ValueError(f"expected {amount(answer.unit)}, e.g. {answer.example():g}")
        low, high = answer.minimum, answer.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            span = f"{low or 0:g} to {high:g}" if high is not None else f"at least {low or 0:g}"
            raise ValueError(f"expected {span} {answer.unit}, got {number:g}")
        return int(number) if number.is_integer() and abs(number) < 2**53 else number

    def prompt(self, answer: Answer) -> str:
        return f"Type {amount(answer.unit)}, e.g. {answer.example():g}"

    def pick(self, answer: Answer) -> str:
        return amount(answer.unit)

    def score(self, answer: Answer, value: str | float, worth: Worth) -> Scored:
        number = float(value)
        shown = self.show(answer, number)
        if answer.curve is not None:
            curve = answer.curve
            score = curve.score(number)
            return Scored(
                score,
                None,
                signal_for(score),
                answer.nature,
                f"{shown} scores {worth(score)}, on a curve where {curve.good:g} scores "
                f"{worth(0.9)} and {curve.median:g} scores {worth(0.5)}",
            )
        bucket = answer.bucket(number)
        if bucket is None:  # a count recorded with weight 0, for a derived metric
            return Scored(None, None, None, None, f"{shown}, recorded, not scored")
        return Scored(
            bucket.score,
            bucket,
            bucket.signal,
            bucket.nature or answer.nature,
            f"{shown} falls in '{bucket.label}', which scores {worth(bucket.score)}",
        )

    def show(self, answer: Answer, value: str | float) -> str:
        number = float(value)
        if math.isinf(number):
            return "no limit" if answer.unit is None else f"infinitely many {answer.unit}"
        return with_unit(float(f"{number:.3g}"), answer.unit)


class Derived(Number):
    """A metric computed from two number answers (``ratio`` a / b, ``share`` a / (a + b) in %)."""

    name = "derived"
    asked = False

    def read(self, answer: Answer, raw: Any) -> float:
        inputs = " and ".join(answer.inputs)
        raise ValueError(f"is computed from {inputs}; answer those instead")

    def compute(self, answer: Answer, a: float, b: float) -> tuple[float, str]:
        """The metric from its two inputs, and the arithmetic in words."""
        return FORMULAS[answer.formula or "ratio"](a, b)


def _ratio(a: float, b: float) -> tuple[float, str]:
    if b:
        return a / b, f"{a:g} / {b:g} = {a / b:.2g}"
    return (math.inf if a else 0.0), f"{a:g} / 0"


def _share(a: float, b: float) -> tuple[float, str]:
    value = 100 * a / (a + b) if a + b else 0.0
    return value, f"{a:g} / ({a:g} + {b:g}) = {value:.0f}%"


FORMULAS: dict[str, Callable[[float, float], tuple[float, str]]] = {
    "ratio": _ratio,
    "share": _share,
}

KINDS: dict[str, Kind] = {kind.name: kind for kind in (Choice(), YesNo(), Number(), Derived())}


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
