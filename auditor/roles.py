"""Who at a company can answer a question: the checklist's fixed vocabulary of roles (``who``),
and the ways people write them on the command line ("hiring manager", "HM", "ML engineer")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from auditor.errors import AuditorError
from auditor.schema import ROLES

# Each role of the vocabulary in words.
ROLE_NAMES = {
    "recruiter": "recruiter",
    "hiring-manager": "hiring manager",
    "ml-engineer": "ML engineer",
    "platform": "platform or MLOps engineer",
    "director": "director",
}
# How people write them on the command line, normalised as by _key().
_ALIASES = {
    "recruiter": "recruiter",
    "talent": "recruiter",
    "talent-partner": "recruiter",
    "talent-acquisition": "recruiter",
    "sourcer": "recruiter",
    "hr": "recruiter",
    "hiring-manager": "hiring-manager",
    "hm": "hiring-manager",
    "manager": "hiring-manager",
    "engineering-manager": "hiring-manager",
    "em": "hiring-manager",
    "ml-engineer": "ml-engineer",
    "mle": "ml-engineer",
    "ml-eng": "ml-engineer",
    "machine-learning-engineer": "ml-engineer",
    "engineer": "ml-engineer",
    "platform": "platform",
    "platform-engineer": "platform",
    "platform-lead": "platform",
    "ml-platform": "platform",
    "mlops": "platform",
    "mlops-engineer": "platform",
    "sre": "platform",
    "devops": "platform",
    "director": "director",
    "head-of-ml": "director",
    "vp": "director",
    "vp-engineering": "director",
    "cto": "director",
}


def parse_roles(given: Iterable[str]) -> tuple[str, ...]:
    """The checklist roles named by ``--with`` values (repeatable, or comma-separated), in the
    vocabulary's order; common spellings ("hiring manager", "HM", "ML engineer") accepted."""
    found: set[str] = set()
    for value in given:
        for part in value.split(","):
            if not part.strip():
                continue
            key = _key(part)
            role = _ALIASES.get(key) or _ALIASES.get(key.removesuffix("s"))
            if role is None:
                known = ", ".join(f"{r} ({ROLE_NAMES[r]})" for r in ROLES)
                raise AuditorError(
                    f"--with {part.strip()!r}: not a role the checklists know; use one of: {known}"
                )
            found.add(role)
    return tuple(r for r in ROLES if r in found)


def with_text(roles: Sequence[str]) -> str:
    """``the ML engineer and the director``; ``anyone`` when no role was given."""
    names = [f"the {ROLE_NAMES[r]}" for r in roles]
    if not names:
        return "anyone"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
