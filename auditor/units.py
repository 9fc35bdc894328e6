"""Numbers with their unit, as a person writes them: ``3 weeks``, ``1 week``, ``40%``."""

from __future__ import annotations


def with_unit(number: float, unit: str | None) -> str:
    """``3 weeks``, ``1 week``, ``40%``: checklists give units in the plural."""
    if unit == "percent":
        return f"{number:g}%"
    if number == 1 and unit and unit.endswith("s"):
        unit = unit[:-1]
    return f"{number:g} {unit or ''}".rstrip()
