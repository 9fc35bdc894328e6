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
# What `auditor.checklist.content_hash` writes: a hand-mangled hash is an error, not a silent
# "the checklist changed since".
HASH_PATTERN = "^sha256:[0-9a-f]{16}$"
AGGREGATIONS = ("mean", "min", "sum")
SIGNALS = ("green", "amber", "red")
NATURES = ("structural", "situational")
# What a person can say about a red answer's cause (the seed's test: would it follow you to
# another team?); each reads as one of NATURES.
CAUSES = {
    "structural": "structural",
    "situational": "situational",
    "company-wide": "structural",
    "team-only": "situational",
    "temporary": "situational",
}
SCALES = ("0-100", "points")
MODES = ("candidate", "self")
FORMULAS = ("ratio", "share")
UNKNOWN_REASONS = ("not-asked", "did-not-know")
# Who at a company can answer a question (a checklist question's `who`): the people a candidate
# meets in an interview loop. A fixed vocabulary, so that `mlops-audit plan --with` can match it.
ROLES = ("recruiter", "hiring-manager", "ml-engineer", "platform", "director")

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
        "who": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {"enum": list(ROLES)},
            "description": "Who at a company can answer it: recruiter, hiring-manager, "
            "ml-engineer, platform (platform or MLOps engineer), director. `mlops-audit plan "
            "--with ROLE` keeps the questions the people you meet can answer; without `who`, "
            "anyone can.",
        },
        "action": {
            **_TEXT,
            "description": "For a manager: what to put in place when the answer falls short, as "
            "an action ('alert on drift for every model without monitoring'). The roadmap lists "
            "it; without it, the good answer is shown.",
        },
        "effort": {
            "enum": ["small", "medium", "large"],
            "description": "Rough effort of the action: small (days), medium (weeks), large "
            "(a quarter or more).",
        },
        "answer": _ANSWER,
        "not_applicable": {
            "type": "object",
            "additionalProperties": False,
            "required": ["question", "reason"],
            "description": "When the question does not apply, e.g. on-call for production models "
            "at a company that has none: the question is then left out of the score, whatever "
            "was answered. Not allowed on a critical question.",
            "properties": {
                "question": {**_ID, "description": "The number question that decides."},
                "below": {"type": "number", "description": "Applies not when that is below this."},
                "reason": {
                    **_TEXT,
                    "description": "Shown with the question, e.g. 'no model in production'.",
                },
            },
        },
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

_CLAIM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["dimension", "candidate"],
    "description": "A statement the verdict makes only when a dimension's score bears it out, so "
    "that a level's sentence never asserts what the answers contradict.",
    "properties": {
        "dimension": {**_ID, "description": "The dimension whose score decides the claim."},
        "at_least": {
            "type": "number",
            "description": "The claim holds when the dimension scores at least this (0-100).",
        },
        "below": {
            "type": "number",
            "description": "The claim holds when the dimension scores below this (0-100).",
        },
        "candidate": {
            **_TEXT,
            "description": "The claim, for a candidate, e.g. 'models are watched'.",
        },
        "self": {**_TEXT, "description": "The claim for a manager (default: the candidate text)."},
        "otherwise": {
            **_TEXT,
            "description": "Said instead when the claim does not hold, e.g. 'monitoring is thin'.",
        },
    },
}

_BAND = {
    "type": "object",
    "additionalProperties": False,
    "required": ["level", "name", "candidate", "self"],
    "description": "A level of the checklist's scale. Its lower edge is `min` (the score belongs "
    "to the band when it is at least this) or `above` (strictly above this): the ML Test Score's "
    "bands, (0, 1], (1, 2]..., are written with `above`.",
    "properties": {
        "min": {
            "type": "number",
            "minimum": 0,
            "description": "Lowest score in this band, included (0-100, or points).",
        },
        "above": {
            "type": "number",
            "minimum": 0,
            "description": "Scores strictly above this are in the band (0-100, or points).",
        },
        "level": {
            "type": "integer",
            "minimum": 0,
            "description": "The maturity level this band stands for; levels go up with the bands.",
        },
        "name": _TEXT,
        "signal": _SIGNAL,
        "candidate": {
            **_TEXT,
            "description": "What the level means, in one plain sentence, for a candidate.",
        },
        "self": {**_TEXT, "description": "What the level means for a manager auditing a team."},
        "claims": {"type": "array", "items": _CLAIM},
        "requires": {
            "type": "array",
            "description": "The practices that define this level (as the Microsoft MLOps maturity "
            "model defines its levels): the level is given only when each of these questions "
            "scores at least `at_least` (0-100), whatever the average. Lower levels' "
            "requirements apply too.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["question", "at_least", "needs"],
                "properties": {
                    "question": _ID,
                    "at_least": {"type": "number", "minimum": 0, "maximum": 100},
                    "needs": {
                        **_TEXT,
                        "description": "The practice in words, for the reason shown when it is "
                        "missing, e.g. 'an automated release pipeline'.",
                    },
                },
            },
        },
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
            "description": "What the questions and weights stand on, so a reader can look each "
            "one up: authors, title, venue or publisher, year, and a link where one exists.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "title"],
                "properties": {
                    "id": _ID,
                    "title": _TEXT,
                    "authors": _TEXT,
                    "venue": {**_TEXT, "description": "Journal, conference or publisher."},
                    "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
                    "url": _TEXT,
                },
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
            "description": "A knock-out caps the level at the band holding this score (default "
            "39, on the checklist's scale).",
        },
        "knockout_score": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "A critical question whose answer scores at or below this (0-1, default "
            "0.25) is a knock-out: near-worst answers cap like the worst.",
        },
        "weakest_link": {
            "type": "object",
            "additionalProperties": False,
            "required": ["levels_above"],
            "description": "The overall level may exceed the weakest dimension's level by at most "
            "`levels_above`: a strong dimension cannot hide a failing one.",
            "properties": {"levels_above": {"type": "integer", "minimum": 0}},
        },
        "scale": {
            "enum": list(SCALES),
            "description": "How scores are shown and bands written: 0-100 (default), or points "
            "(raw points, for a checklist that sums its questions, as the ML Test Score does).",
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

_NA = {
    **_TEXT,
    "description": "Not applicable, with the reason (e.g. 'no model in production'): left out of "
    "the score and listed. Not allowed on a critical question.",
}
_CAUSE = {
    "enum": list(CAUSES),
    "description": "For a red answer, what its cause is (the seed's test: would it follow you to "
    "another team?): company-wide or structural; team-only, temporary or situational. Overrides "
    "the checklist's default.",
}
_ANSWER_FIELDS = {
    "answer": _ANSWER_VALUE,
    "unknown": _UNKNOWN,
    "na": _NA,
    "note": _NOTE,
    "nature": _CAUSE,
}

# One respondent's own answer, in an audit with several respondents, under the respondent's id.
_RESPONSE = {"type": "object", "additionalProperties": False, "properties": _ANSWER_FIELDS}

_ANSWER_ENTRY = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **_ANSWER_FIELDS,
        "answer": {
            **_ANSWER_VALUE,
            "description": "An option id, yes/no, or a number in the question's unit. With "
            "several respondents: the answer they agree on, or the one you settled on after "
            "asking; without it, each respondent's own answer is scored.",
        },
        "responses": {
            "type": "object",
            "description": "Several respondents only: each one's own answer, by the respondent id "
            "declared in `respondents`. Nothing anyone said is lost.",
            "additionalProperties": _RESPONSE,
        },
    },
}

_RESPONDENT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id"],
    "properties": {
        "id": {**_ID, "description": "The id that keys `responses` in each answer."},
        "file": {**_TEXT, "description": "The audit file these answers were merged from."},
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
                    "pattern": HASH_PATTERN,
                    "description": "Content hash of the checklist the answers were given against, "
                    "as the tool writes it (sha256: and 16 hex digits).",
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
        "respondents": {
            "type": "array",
            "minItems": 1,
            "description": "Several people answered (written by `mlops-audit merge`, or by "
            "interviews of one file): who they are, in the order they were added.",
            "items": _RESPONDENT,
        },
        "disagreement_threshold": {
            "type": "number",
            "minimum": 0,
            "maximum": 100,
            "description": "Several respondents only: answers whose scores are this many points "
            "apart (0-100) disagree even when their signals agree (default 30).",
        },
    },
}

SCHEMAS: dict[str, dict[str, Any]] = {"checklist": CHECKLIST_SCHEMA, "audit": AUDIT_SCHEMA}

# The first line of every audit file the tool writes (interview, merge, demo, the survey's
# answers): editors that use yaml-language-server (VS Code's YAML extension, Neovim, Helix, Zed,
# JetBrains) then check the file against the schema as it is typed. The path is resolved
# relative to the audit file; `mlops-audit schema audit -o audit.schema.json` writes it there.
# A comment: it changes neither the checklist hash nor any score.
AUDIT_SCHEMA_FILE = "audit.schema.json"
AUDIT_SCHEMA_LINE = f"# yaml-language-server: $schema={AUDIT_SCHEMA_FILE}\n"
