from __future__ import annotations

from django.utils import translation

from dualleader.audit.display import changes, format_value
from dualleader.audit.labels import action_label
from dualleader.audit.models import AuditEvent
from dualleader.units.enums import UnitKind


def test_changes_use_field_names_and_choice_labels():
    event = AuditEvent(object_type="units.unit", before={"kind": UnitKind.COLLEGE, "parent": 1},
                       after={"kind": UnitKind.TEACHER_BRANCH, "parent": 1})
    with translation.override("zh-hans"):
        rows = changes(event)
        assert [(r.before, r.after, r.changed) for r in rows] == [
            (str(UnitKind.COLLEGE.label), str(UnitKind.TEACHER_BRANCH.label), True), ("1", "1", False)]


def test_changes_of_a_created_object_show_empty_before():
    rows = changes(AuditEvent(object_type="units.person", after={"unit_id": 3}))
    assert [(r.before, r.after) for r in rows] == [("—", "3")]


def test_format_value_of_lists_and_booleans():
    with translation.override("zh-hans"):
        assert format_value(["a", "b"]) == "a、b"
        assert format_value(True) == "是"


def test_action_label_translated_and_unknown_raw():
    with translation.override("zh-hans"):
        assert action_label("auth.login_failed") == "登录失败"
        assert action_label("x.y") == "x.y"
