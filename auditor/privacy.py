"""Names kept out of what is shared: a role field that looks like it holds a name, and the role
cut back to itself in redacted output. Pure.

Names belong in ``respondent_name`` (and ``interviewer``), which ``--redact`` always removes. People
still type them into the role ("hiring manager (Renée)", "Renée, hiring manager"), so a role is
read for a name in two shapes: a part in brackets, or one side of a single comma, dash or colon,
where the other side names a role ("manager", "engineer", "recruiter"...) and this side reads as a
personal name.

A false alarm costs more than a missed name (a warning on every run, and a redacted report that
drops a team or a city), and an explicit ``respondent_name`` is always removed anyway, so the
reading is deliberately narrow:

- a name is one to four words, each capitalised (``Renée``, ``O'Neil``, ``Jean-Luc``, ``Dr.``),
  or particles between them (``van``, ``de``); never a word in capitals (``ML``, ``SRE``), a
  number, or a word that names a role, a team or a place of work (``Payments``, ``Platform``,
  ``Search``, ``office``);
- in a script without capitals (Chinese, Japanese, Korean, Arabic, Hebrew, Thai, Devanagari...) a
  name is recognised only beside a role written in another script ("hiring manager (王芳)"): within
  one such script nothing tells a name from a team, so nothing is flagged;
- the company, the team and the audited role are never names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from auditor.yamlio import PathKey, YamlDoc, describe_path


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say a phrase is a role. Mostly English, plus the commonest in a few languages.
ROLE_WORDS = _words(
    """
    manager managers engineer engineers lead leads director directors head heads scientist
    scientists recruiter recruiters founder cofounder co-founder cto ceo cpo coo vp svp evp
    architect architects analyst analysts researcher researchers interviewer interviewers owner
    owners member members developer developers sre staff principal chief officer partner
    executive consultant pm em tl tpm ic intern contractor practitioner specialist advisor
    adviser coordinator administrator admin president chair hiring talent hr person people
    teammate colleague peer reviewer panelist panel candidate employee worker
    gerente ingeniero ingeniera directora director jefe jefa responsable ingénieur ingénieure
    directeur directrice chef leiter leiterin ingenieur ingenieurin entwickler entwicklerin
    менеджер инженер руководитель директор разработчик аналитик рекрутер
    """
)
# Role words in scripts written without spaces, matched inside the text.
ROLE_SUBSTRINGS = (
    "经理", "工程师", "总监", "负责人", "主管", "招聘", "經理", "工程師", "總監",
    "マネージャー", "エンジニア", "部長", "課長", "매니저", "엔지니어", "팀장",
)  # fmt: skip
# Capitalised words that name teams, domains and places of work, never people.
NOT_NAMES = _words(
    """
    ml ai mlops llm nlp cv data platform platforms infra infrastructure search ranking ads
    advertising growth fraud risk payments payment billing pricing forecasting recommendations
    recommendation recs personalization personalisation vision speech research product products
    security trust safety identity marketplace logistics supply maps core backend frontend mobile
    web analytics insights experimentation devops cloud training serving inference labs lab
    applied foundation foundations models model ops operations engineering science sciences team
    teams group groups org organisation organization division department squad tribe chapter
    guild credit lending claims underwriting catalog catalogue checkout content discovery feed
    notifications messaging retention acquisition onboarding support sales marketing finance
    legal health bio robotics autonomy perception quality reliability performance office
    remote onsite hq headquarters emea apac amer latam global europe america asia us uk eu
    senior junior new former acting interim round loop screen call phone video first second
    third final technical behavioural behavioral manager engineer
    платформа данные поиск команда отдел
    """
)
# Places that often follow a role ("Head of Data, Lisbon"): the commonest offices, not a gazetteer.
PLACES = _words(
    """
    london berlin paris amsterdam dublin lisbon madrid barcelona munich zurich zürich geneva
    stockholm copenhagen oslo helsinki warsaw prague vienna milan rome brussels toronto montreal
    vancouver seattle austin boston chicago denver atlanta miami york nyc sf bay area silicon
    valley tokyo singapore sydney melbourne bangalore bengaluru hyderabad pune mumbai delhi
    shanghai beijing shenzhen seoul taipei tel aviv dubai cairo lagos nairobi
    germany france spain italy netherlands ireland poland canada india china japan brazil mexico
    """
)
PARTICLES = _words(
    "van von de der den del della di da das dos du la le bin ibn al el y e ten ter st"
)
HONORIFICS = _words("dr dr. mr mr. ms ms. mrs mrs. mx mx. prof prof. sir dame")

_MAX_NAMES = 8
_BRACKETS = re.compile(r"^(?P<a>.*?)\s*[(\[（](?P<b>[^()\[\]（）]+)[)\]）]\s*(?P<rest>.*)$")
_SEPARATORS = re.compile(r"\s*(?:,|，|、|\s[-–—]\s|:\s)\s*")


@dataclass(frozen=True)
class Found:
    """A name read in a role field, and the role without it."""

    name: str
    role: str


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def _caseless(ch: str) -> bool:
    return ch.isalpha() and not ch.isupper() and not ch.islower()


def _is_role(text: str) -> bool:
    words = {w.strip(".'’-").casefold() for w in re.split(r"[\s/]+", text) if w}
    if words & ROLE_WORDS:
        return True
    return any(s in text for s in ROLE_SUBSTRINGS)


def _name_word(word: str) -> bool:
    """One word of a personal name in a cased script: ``Renée``, ``O'Neil``, ``J.``."""
    core = word.strip(".'’")
    if not core or not core[0].isalpha() or not core[0].isupper():
        return False
    if not all(ch.isalpha() or ch in "'’-." for ch in core):
        return False
    letters = _letters(core)
    # ML, SRE, EMEA: an acronym, not a name (a one-letter initial is fine).
    return not (len(letters) > 1 and all(ch.isupper() for ch in letters))


def _is_name(text: str, role_side: str, not_names: set[str]) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 4 or text.casefold() in not_names:
        return False
    if any(ch.isdigit() for ch in text):
        return False
    folded = [w.strip(".,'’").casefold() for w in words]
    if any(f in ROLE_WORDS or f in NOT_NAMES or f in PLACES or f in not_names for f in folded):
        return False
    letters = _letters(text)
    if letters and all(_caseless(ch) for ch in letters):
        # Without capitals only a change of script marks a name: "hiring manager (王芳)".
        return not any(_caseless(ch) for ch in role_side) and all(len(w) <= 12 for w in words)
    named = [w for w, f in zip(words, folded, strict=True) if f not in HONORIFICS]
    if not named:
        return False
    if not _name_word(named[0]) or not _name_word(named[-1]):
        return False
    return all(_name_word(w) or w.casefold() in PARTICLES for w in named)


def _splits(text: str) -> Iterable[tuple[str, str, str]]:
    """(outside, inside, rest) for a bracketed part; (the rest, one part, "") for each part of a
    list split by commas, dashes or a colon."""
    match = _BRACKETS.match(text)
    if match is not None:
        yield match.group("a"), match.group("b").strip(), match.group("rest")
    parts = _SEPARATORS.split(text)
    # A list ("hiring manager (Renée), Sam, ML engineer"): each part beside a role is a candidate.
    for index, part in enumerate(parts if len(parts) > 1 else ()):
        beside = parts[max(0, index - 1) : index] + parts[index + 1 : index + 2]
        if any(_is_role(p) for p in beside):
            yield ", ".join(parts[:index] + parts[index + 1 :]), part, ""


def find_name(role: str | None, not_names: Iterable[Any] = ()) -> Found | None:
    """The name ``role`` seems to hold, with the role cut back; None when it reads as a role.

    ``not_names`` are texts known not to be names here (the company, the team, the role).
    """
    if not role or not role.strip():
        return None
    text = " ".join(role.split())
    excluded = {" ".join(n.split()).casefold() for n in not_names if isinstance(n, str)}
    for role_side, other, rest in _splits(text):
        gap = " " if rest[:1].isalnum() else ""  # "manager" + ", ML engineer", no space before ","
        role_part = " ".join(f"{role_side}{gap}{rest}".split())
        if role_part and _is_role(role_part) and _is_name(other, role_part, excluded):
            return Found(other, role_part)
        if rest == "" and _is_role(other) and _is_name(role_side, other, excluded):
            # "Renée (hiring manager)": the name outside, the role in brackets.
            return Found(role_side, other)
    return None


def role_only(
    role: str | None, names: Sequence[str | None] = (), not_names: Iterable[str | None] = ()
) -> str | None:
    """``role`` fit to share: a name it seems to hold cut out, and every known name (``names``:
    respondent_name, interviewer) removed wherever it appears. None when nothing is left."""
    if not role:
        return None
    text = " ".join(role.split())
    not_names = list(not_names)
    # A merged audit lists several roles ("hiring manager (Renée), ML engineer (Tomás)").
    for _ in range(_MAX_NAMES):
        found = find_name(text, not_names)
        if found is None:
            break
        text = found.role
    for name in names:
        if not name:
            continue
        for part in sorted({name.strip(), *name.split()}, key=len, reverse=True):
            if len(part) < 2:
                continue
            text = re.sub(rf"(?<!\w){re.escape(part)}(?:['’]s)?(?!\w)", "", text)
    text = re.sub(r"[(\[（]\s*[)\]）]", "", text)  # brackets the name was in
    text = " ".join(text.split()).strip(" ,，、:-–—")
    return text or None


def warning(field: str, role: str, found: Found) -> str:
    """The warning for a role field that seems to hold a name (after ``FILE:LINE:``)."""
    return (
        f"{field}: {role!r} looks like it holds a name ({found.name}); write the role alone "
        "there and the name as respondent_name, which --redact removes"
    )


def suspicious(role: str | None, name: str | None, not_names: Iterable[Any] = ()) -> Found | None:
    """A name in ``role`` worth a warning. With ``name`` (respondent_name) given, only a part
    of that name is: anything else the reading finds is, by the user's own account, no name."""
    found = find_name(role, not_names)
    if found is None or not name:
        return found
    given = {w.casefold() for w in name.split()}
    return found if {w.casefold() for w in found.name.split()} & given else None


def role_warnings(doc: YamlDoc) -> list[str]:
    """``FILE:LINE: respondent: ...`` for each role field of an audit that seems to hold a name:
    the audit's own and each of several respondents'."""
    data = doc.data
    not_names = [data.get(k) for k in ("company", "team", "role")]
    fields: list[tuple[list[PathKey], Any, Any]] = [
        (["respondent"], data.get("respondent"), data.get("respondent_name"))
    ]
    for index, item in enumerate(data.get("respondents") or []):
        if isinstance(item, dict):
            fields.append(
                (
                    ["respondents", index, "respondent"],
                    item.get("respondent"),
                    item.get("respondent_name"),
                )
            )
    found = []
    for path, role, name in fields:
        if not isinstance(role, str):
            continue
        hit = suspicious(role, name if isinstance(name, str) else None, not_names)
        if hit is not None:
            where = f"{doc.file}:{doc.line_of(path)}"
            found.append(f"{where}: {warning(describe_path(data, path), role, hit)}")
    return found
