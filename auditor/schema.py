"""The checklist and audit formats, declared once, as JSON Schema.

These dictionaries are the single source of truth: the loader validates against them, and
``mlops-audit schema checklist|audit`` publishes them so that editors check a file as it is typed.
Each field says what it means where it is declared. Rules a schema cannot state (ids unique, a
derived metric's inputs exist, an answer names a real option) live in ``auditor.checklist`` and
``auditor.audit``.
"""

from __future__ import annotations

from typing import Any

ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
AGGREGATIONS = ("mean", "min", "sum")
SIGNALS = ("green", "amber", "red")
NATURES = ("structural", "situational")
MODES = ("candidate", "self")
FORMULAS = ("ratio", "share")
UNKNOWN_REASONS = ("not-asked", "did-not-know")

_ID = {
    "type": "string",
    "pattern": ID_PATTERN,
    "description": "A stable id: lowercase, digits, dashes.",
}
_TEXT = {"type": "string", "minLength": 1}
_TEXTS = {"type": "array", "items": _TEXT}
_UNIT_SCORE = {"type": "number", "minimum": 0, "maximum": 1}
_SIGNAL = {
    "enum": list(SIGNALS),
    "description": "green: a strength; amber: watch; red: a red flag. Defaults from the score.",
}
_NATURE = {
    "enum": list(NATURES),
    "description": "For a red answer: structural (would follow you to another team in the same "
    "company) or situational (team-level, likely to pass in a quarter or two).",
}

_OPTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "label", "score"],
    "properties": {
        "id": _ID,
        "label": {**_TEXT, "description": "What the candidate heard, in their words."},
        "score": {**_UNIT_SCORE, "description": "0 worst, 1 best."},
        "signal": _SIGNAL,
        "nature": _NATURE,
    },
}

_BUCKET = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "label", "score"],
    "properties": {
        "id": _ID,
        "label": _TEXT,
        "below": {
            "type": "number",
            "description": "Values strictly below this fall in the bucket (the first that fits "
            "wins). The last bucket has no bound and takes every larger value.",
        },
        "score": _UNIT_SCORE,
        "signal": _SIGNAL,
        "nature": _NATURE,
    },
}

_CURVE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["good", "median"],
    "description": "Lighthouse-style log-normal curve: `good` scores 0.9, `median` scores 0.5. "
    "Lower is better when good < median, higher is better when good > median.",
    "properties": {
        "good": {"type": "number", "exclusiveMinimum": 0},
        "median": {"type": "number", "exclusiveMinimum": 0},
    },
}

_SCALE = {
    "unit": {**_TEXT, "description": "Unit of the value, in plural: weeks, models, percent."},
    "min": {"type": "number", "description": "Smallest accepted value (default 0)."},
    "max": {"type": "number", "description": "Largest accepted value, if any."},
    "buckets": {"type": "array", "minItems": 2, "items": _BUCKET},
    "curve": _CURVE,
    "nature": _NATURE,
}

_ANSWER_KINDS: dict[str, dict[str, Any]] = {
    "choice": {
        "required": ["options"],
        "properties": {"options": {"type": "array", "minItems": 2, "items": _OPTION}},
    },
    "yesno": {
        "properties": {
            "good": {
                "enum": ["yes", "no", True, False],
                "description": "The healthy answer (default yes; YAML's bare yes/no also work).",
            },
            "nature": _NATURE,
        },
    },
    "number": {"required": ["unit"], "properties": _SCALE},
    "derived": {
        "required": ["formula", "inputs", "unit"],
        "properties": {
            "formula": {
                "enum": list(FORMULAS),
                "description": "ratio: a / b; share: a / (a + b), as a percentage.",
            },
            "inputs": {
                "type": "array",
                "items": _ID,
                "minItems": 2,
                "maxItems": 2,
                "description": "Ids of the two number questions the metric is computed from.",
            },
            **_SCALE,
        },
    },
}

# One branch per kind, chosen by `kind` with if/then, so that an error names the exact key at
# fault instead of "matches none of the alternatives".
_ANSWER = {
    "type": "object",
    "required": ["kind"],
    "description": "How the question is answered and scored.",
    "properties": {"kind": {"enum": list(_ANSWER_KINDS)}},
    "allOf": [
        {
            "if": {"required": ["kind"], "properties": {"kind": {"const": kind}}},
            "then": {
                "additionalProperties": False,
                "required": ["kind", *branch.get("required", [])],
                "properties": {"kind": {"const": kind}, **branch["properties"]},
            },
        }
        for kind, branch in _ANSWER_KINDS.items()
    ],
}

_QUESTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "candidate", "self", "why", "answer"],
    "properties": {
        "id": _ID,
        "weight": {
            "type": "number",
            "minimum": 0,
            "description": "Relative weight in its dimension (default 1). 0 records an answer "
            "without scoring it, e.g. the counts a derived metric is computed from.",
        },
        "critical": {
            "type": "boolean",
            "description": "A knock-out: a red answer caps the verdict whatever the average.",
        },
        "candidate": {**_TEXT, "description": "The question as a candidate asks an interviewer."},
        "self": {**_TEXT, "description": "The question as a manager asks of their own team."},
        "why": {**_TEXT, "description": "Why it matters, with its source."},
        "sources": {"type": "array", "items": _ID, "description": "Ids of checklist sources."},
        "good_answer": {**_TEXT, "description": "What a good answer sounds like."},
        "red_flags": {**_TEXTS, "description": "Phrases to listen for."},
        "follow_ups": {**_TEXTS, "description": "Probes to ask next."},
        "answer": _ANSWER,
    },
}

_DIMENSION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "title", "questions"],
    "properties": {
        "id": _ID,
        "title": _TEXT,
        "weight": {"type": "number", "minimum": 0, "description": "Relative weight (default 1)."},
        "description": _TEXT,
        "questions": {"type": "array", "minItems": 1, "items": _QUESTION},
    },
}

_BAND = {
    "type": "object",
    "additionalProperties": False,
    "required": ["min", "level", "name", "candidate", "self"],
    "properties": {
        "min": {
            "type": "number",
            "minimum": 0,
            "maximum": 100,
            "description": "Lowest overall score (0-100) in this band.",
        },
        "level": {
            "type": "integer",
            "minimum": 0,
            "maximum": 4,
            "description": "Maturity level 0-4 (Microsoft MLOps maturity model).",
        },
        "name": _TEXT,
        "signal": _SIGNAL,
        "candidate": {
            **_TEXT,
            "description": "The verdict, in one plain sentence, for a candidate.",
        },
        "self": {**_TEXT, "description": "The verdict for a manager auditing their own team."},
    },
}

CHECKLIST_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "https://mlops-audit.invalid/schema/checklist.json",
    "title": "mlops-audit checklist",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "version", "title", "dimensions", "bands"],
    "properties": {
        "id": _ID,
        "version": {**_TEXT, "description": "Bump it when questions, options or weights change."},
        "title": _TEXT,
        "description": _TEXT,
        "sources": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title"],
                "properties": {"id": _ID, "title": _TEXT, "url": _TEXT},
            },
        },
        "aggregation": {
            "type": "object",
            "additionalProperties": False,
            "description": "How scores combine: mean (weighted, default), min (weakest link, as "
            "the ML Test Score does across sections) or sum (points).",
            "properties": {
                "questions": {"enum": list(AGGREGATIONS)},
                "dimensions": {"enum": list(AGGREGATIONS)},
            },
        },
        "min_coverage": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "Below this share of weight answered the verdict is 'insufficient "
            "evidence' (default 0.5).",
        },
        "knockout_cap": {
            "type": "number",
            "minimum": 0,
            "maximum": 100,
            "description": "A red answer to a critical question caps the verdict at the band "
            "holding this score (default 39).",
        },
        "bands": {"type": "array", "minItems": 1, "items": _BAND},
        "dimensions": {"type": "array", "minItems": 1, "items": _DIMENSION},
    },
}

_UNKNOWN = {
    "enum": list(UNKNOWN_REASONS),
    "description": "not-asked: the question did not come up; did-not-know: it was asked and "
    "nobody could answer. Both leave the score unknown, never 0.",
}

_ANSWER_VALUE = {
    "type": ["string", "number", "boolean"],
    "description": "An option id, yes/no, or a number in the question's unit.",
}
_NOTE = {"type": "string", "description": "What was said, in your words. Private."}

# One respondent's own answer, kept in a merged audit under the respondent's id.
_SOURCE_ANSWER = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"answer": _ANSWER_VALUE, "unknown": _UNKNOWN, "note": _NOTE},
}

_ANSWER_ENTRY = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "answer": {
            **_ANSWER_VALUE,
            "description": "An option id, yes/no, or a number in the question's unit. In a merged "
            "audit: the consensus (the median of the respondents' scores and the option nearest "
            "it), which is what is scored.",
        },
        "unknown": _UNKNOWN,
        "note": _NOTE,
        "responses": {
            "type": "object",
            "description": "Merged audits only: each respondent's own answer, by the respondent "
            "id declared in `merged_from`. Kept so that nothing anyone said is lost.",
            "additionalProperties": _SOURCE_ANSWER,
        },
        "spread": {
            "type": "number",
            "minimum": 0,
            "maximum": 100,
            "description": "Merged audits only: highest minus lowest score the respondents' "
            "answers earn, in points (0-100).",
        },
        "disagreement": {
            "type": "boolean",
            "description": "Merged audits only: the spread is over `disagreement_threshold`; the "
            "report lists who said what.",
        },
    },
}

_MERGE_SOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "file"],
    "properties": {
        "id": {**_ID, "description": "The respondent id that keys `responses` in each answer."},
        "file": {**_TEXT, "description": "The audit file this respondent's answers came from."},
        "respondent": {"type": "string", "description": "Their role (e.g. hiring manager)."},
        "respondent_name": {"type": "string", "description": "Their name. Removed by --redact."},
        "interviewer": {"type": "string", "description": "Who asked. Removed by --redact."},
        "date": {
            "type": "string",
            "format": "date",
            "description": "ISO date (YYYY-MM-DD) of that interview or audit.",
        },
    },
}

AUDIT_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "https://mlops-audit.invalid/schema/audit.json",
    "title": "mlops-audit audit",
    "type": "object",
    "additionalProperties": False,
    "required": ["checklist", "mode", "answers"],
    "properties": {
        "checklist": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id"],
            "properties": {
                "id": _ID,
                "version": _TEXT,
                "hash": {
                    "type": "string",
                    "description": "Content hash of the checklist the answers were given against.",
                },
            },
        },
        "mode": {"enum": list(MODES), "description": "candidate or self (a manager's audit)."},
        "company": {"type": "string"},
        "team": {"type": "string"},
        "role": {"type": "string", "description": "The role interviewed for, or the team's role."},
        "date": {
            "type": "string",
            "format": "date",
            "description": "ISO date (YYYY-MM-DD) of the interview or audit; trends sort by it.",
        },
        "respondent": {
            "type": "string",
            "description": "Who answered, by role (e.g. hiring manager).",
        },
        "respondent_name": {"type": "string", "description": "Their name. Removed by --redact."},
        "interviewer": {"type": "string", "description": "Who asked. Removed by --redact."},
        "answers": {
            "type": "object",
            "description": "Per question id: answer, unknown or note.",
            "additionalProperties": _ANSWER_ENTRY,
        },
        "merged_from": {
            "type": "array",
            "minItems": 2,
            "description": "Written by `mlops-audit merge`: the respondents whose audits were "
            "combined into this one, in the order given.",
            "items": _MERGE_SOURCE,
        },
        "disagreement_threshold": {
            "type": "number",
            "minimum": 0,
            "maximum": 100,
            "description": "Merged audits only: a spread over this many points is a disagreement.",
        },
    },
}

SCHEMAS: dict[str, dict[str, Any]] = {"checklist": CHECKLIST_SCHEMA, "audit": AUDIT_SCHEMA}
