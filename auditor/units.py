"""Numbers with their unit, as a person writes them: ``3 weeks``, ``1 week``, ``6w``, ``40%``.

:func:`parse_quantity` is the one reading of a quantity, for audit files and for what is typed
in an interview alike. A number is written with the ASCII digits 0-9 (other scripts' digits,
which Python's ``float`` would take, are refused so that what a person sees is what is scored), an
optional sign, decimals and exponent; commas only as thousands separators (``1,200``, never
``1,2,3``). After it may come the question's unit: the unit itself, its singular, any
start of it (``w``, ``wee``; not ``wk``), and ``%`` for percent.

Every number the tool reads stays within ±:data:`MAX_MAGNITUDE`: no count, duration, share or
weight needs more, and beyond it sums of weights can overflow to infinity.
"""

from __future__ import annotations

import math
import re
from typing import Any

MAX_MAGNITUDE = 1e12
MAX_MAGNITUDE_TEXT = "1e12"

_INTEGER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
_QUANTITY = re.compile(
    rf"([-+]?(?:{_INTEGER}(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*(.*)", re.ASCII | re.S
)


def with_unit(number: float, unit: str | None) -> str:
    """``3 weeks``, ``1 week``, ``40%``: checklists give units in the plural."""
    if unit == "percent":
        return f"{number:g}%"
    if number == 1 and unit and unit.endswith("s"):
        unit = unit[:-1]
    return f"{number:g} {unit or ''}".rstrip()


def amount(unit: str | None) -> str:
    """``a number of weeks``; ``a percentage`` rather than "a number of percent"."""
    if unit == "percent":
        return "a percentage"
    return f"a number of {unit}" if unit else "a number"


def parse_quantity(value: Any, unit: str | None) -> float:
    """The number ``value`` gives in ``unit``: a number, or text such as ``"6"``, ``"6 weeks"``,
    ``"1 week"``, ``"6w"``, ``"1,200"``, ``"40%"``.

    Raises :class:`ValueError` with a message that says what was expected, e.g. ``expected a
    number of weeks, got 'six'``; the caller adds where.
    """
    what = amount(unit)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"expected {what}, got {_show(value)}")
    if isinstance(value, str):
        number = _parse_text(value, unit, what)
    elif isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
        number = math.inf  # float() of a huge int raises OverflowError
    else:
        number = float(value)
    if not math.isfinite(number) or abs(number) > MAX_MAGNITUDE:
        raise ValueError(
            f"expected {what} between -{MAX_MAGNITUDE_TEXT} and {MAX_MAGNITUDE_TEXT}, "
            f"got {_show(value)}"
        )
    return number


def quantity_or_none(value: Any, unit: str | None) -> float | None:
    """:func:`parse_quantity`, or None where it would raise: for a caller with its own message."""
    try:
        return parse_quantity(value, unit)
    except ValueError:
        return None


def _parse_text(value: str, unit: str | None, what: str) -> float:
    text = value.strip()
    match = _QUANTITY.fullmatch(text)
    if match is not None and (not match.group(2) or _is_unit(match.group(2).lower(), unit)):
        return float(match.group(1).replace(",", ""))
    got = f"expected {what}, got {value!r}"
    if any(ch.isdigit() and not ch.isascii() for ch in text):
        raise ValueError(f"expected {what} written with the digits 0-9, got {value!r}")
    if re.search(r"[0-9],", text):
        raise ValueError(f"{got}: a comma goes only between groups of three digits, as in 1,200")
    rest = match.group(2) if match is not None else ""
    if unit and rest and (rest[0].isalpha() or rest[0] == "%"):
        example = "40 or '40%'" if unit == "percent" else f"6 or '6 {unit}'"
        raise ValueError(f"{got}; write it in {unit}, e.g. {example}")
    raise ValueError(got)


def _is_unit(typed: str, unit: str | None) -> bool:
    """``weeks``, ``week``, ``w``, ``wee``: the unit, its singular or a start of it."""
    if not unit:
        return False
    unit = unit.lower()
    if unit == "percent" and typed == "%":
        return True
    return typed in (unit, unit.rstrip("s")) or unit.startswith(typed)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
        # str() of an int over 4,300 digits raises; the size is what matters here.
        return f"a number of about {int(value.bit_length() * math.log10(2)) + 1:,} digits"
    if isinstance(value, (int, float, str)):
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."
    if isinstance(value, dict):
        return "a mapping"
    return "a list" if isinstance(value, list) else type(value).__name__
