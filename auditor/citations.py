"""How a checklist's sources are cited: a short citation for running text, a full reference to
look the source up by. Pure.

A source's ``authors`` lists people as initials and surname (``D. Sculley, G. Holt``), or names
an organisation (``Microsoft``, ``Stack Overflow``). People are cited by surname, academic style:
``Sculley et al. 2015``, ``Zi 2026``; an organisation by its name. A source without authors (an
unsigned article) is cited by its title, in quotes. Nobody reading a report should meet an
internal id, so these are what every surface prints.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from auditor.checklist import Source

_SEPARATORS = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")


def _people(authors: str) -> list[str]:
    return [a for a in _SEPARATORS.split(authors.strip()) if a]


def _cited_name(author: str) -> str:
    """``D. Sculley`` → ``Sculley``; ``J.-F. Crespo`` → ``Crespo``; ``Microsoft`` stays whole.

    An author written with an initial first is a person, cited by the last word of the name; any
    other is an organisation, cited whole (``Google Cloud`` is not "Cloud").
    """
    words = author.split()
    if len(words) > 1 and words[0].endswith("."):
        return words[-1]
    return author


def who(source: Source) -> str | None:
    """The authors as cited in text: ``Sculley et al.``, ``Breck and Cai``, ``Microsoft``."""
    if not source.authors:
        return None
    people = _people(source.authors)
    if not people:
        return None
    names = [_cited_name(p) for p in people]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


@functools.lru_cache(maxsize=1024)  # every report cites the same few sources, many times
def short(source: Source) -> str:
    """The short citation: ``Sculley et al. 2015``, ``Microsoft``, or the quoted title."""
    name = who(source)
    if name is None:
        cited = f"“{source.title}”"
        return f"{cited} ({source.year})" if source.year else cited
    return f"{name} {source.year}" if source.year else name


def reference(source: Source) -> str:
    """The full reference, to look the source up by: who, title, venue and year, link."""
    parts = [p for p in (who(source), f"“{source.title}”") if p]
    where = " ".join(str(p) for p in (source.venue, source.year) if p)
    if where:
        parts.append(where)
    text = ", ".join(parts)
    return f"{text}, {source.url}" if source.url else text


def cited(ids: Sequence[str], sources: Sequence[Source] | Mapping[str, Source]) -> list[str]:
    """The short citations of the sources ``ids`` names, in order; an id the checklist does not
    declare (a checklist is checked for that when loaded) is left out rather than shown raw.
    ``sources`` may already be a mapping by id (a report cites for every question)."""
    by_id = sources if isinstance(sources, Mapping) else {s.id: s for s in sources}
    return [short(by_id[i]) for i in ids if i in by_id]
