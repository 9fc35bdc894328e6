"""Every question of the built-in checklists says who at a company can answer it (`who`)."""

from __future__ import annotations

import pytest

from auditor.loading import checklist_dirs, find_checklist
from auditor.schema import ROLES


@pytest.mark.parametrize("checklist_id", ["mlops-culture", "quick-screen"])
def test_every_builtin_question_says_who_can_answer_it(checklist_id: str) -> None:
    checklist = find_checklist(checklist_id, checklist_dirs())
    missing = [q.id for q in checklist.questions() if not q.who]
    assert missing == []
    used = {role for q in checklist.questions() for role in q.who}
    assert used <= set(ROLES)


def test_the_ml_engineer_can_answer_the_monitoring_questions() -> None:
    checklist = find_checklist("mlops-culture", checklist_dirs())
    monitoring = checklist.dimension("monitoring")
    assert monitoring is not None
    assert all("ml-engineer" in q.who for q in monitoring.questions)
    # and a recruiter is never asked what the on-call engineer sees
    last_degradation = checklist.question("last-degradation")
    assert last_degradation is not None and "recruiter" not in last_degradation.who
