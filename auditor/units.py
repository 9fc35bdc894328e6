"""Numbers with their unit, as a person writes them: ``3 weeks``, ``1 week``, ``40%``.

Every number the tool reads stays within ±:data:`MAX_MAGNITUDE`: no count, duration, share or
weight needs more, and beyond it sums of weights can overflow to infinity.
"""

from __future__ import annotations

MAX_MAGNITUDE = 1e12
MAX_MAGNITUDE_TEXT = "1e12"


def with_unit(number: float, unit: str | None) -> str:
    """``3 weeks``, ``1 week``, ``40%``: checklists give units in the plural."""
    if unit == "percent":
        return f"{number:g}%"
    if number == 1 and unit and unit.endswith("s"):
        unit = unit[:-1]
    return f"{number:g} {unit or ''}".rstrip()
