from __future__ import annotations

from django.urls import reverse

from dualleader.calls.enums import RuleKind
from dualleader.units.models import AcademicRole

from .factories import make_call


def rules_post(call, **changes):
    data = {}
    for rule in call.rules.all():
        p = f"rule-{rule.pk}-"
        data[p + "id"] = rule.pk
        data[p + "explanation"] = rule.explanation
        if rule.enabled:
            data[p + "enabled"] = "on"
        params = rule.params or {}
        if rule.kind == RuleKind.BRANCH_KIND:
            data[p + "kinds"] = params.get("kinds", [])
        if rule.kind == RuleKind.ESTABLISHED_YEARS:
            data[p + "years"] = params.get("years", 1)
        if rule.kind == RuleKind.SECRETARY_ACADEMIC_ROLE:
            data[p + "roles"] = params.get("roles", [])
        if rule.kind == RuleKind.SECRETARY_QUALIFICATION:
            data[p + "min_title_level"] = params.get("min_title_level")
            data[p + "or_degree"] = params.get("or_degree")
    data.update(changes)
    return data


def test_rules_page_works(client_for, world):
    call = make_call(world.school)
    response = client_for("org_admin").get(reverse("calls:rules", args=[call.pk]))
    assert response.status_code == 200
    assert "党支部成立1年（含）以上" in response.content.decode()


def test_rules_save_changes_years_and_explanation(client_for, world):
    call = make_call(world.school)
    rule = call.rules.get(kind=RuleKind.ESTABLISHED_YEARS)
    data = rules_post(call, **{f"rule-{rule.pk}-years": 2, f"rule-{rule.pk}-explanation": "成立2年以上。"})
    response = client_for("org_admin").post(reverse("calls:rules", args=[call.pk]), data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.params, rule.explanation) == ({"years": 2}, "成立2年以上。")


def test_rules_save_refuses_missing_years(client_for, world):
    call = make_call(world.school)
    rule = call.rules.get(kind=RuleKind.ESTABLISHED_YEARS)
    data = rules_post(call, **{f"rule-{rule.pk}-years": ""})
    response = client_for("org_admin").post(reverse("calls:rules", args=[call.pk]), data)
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()


def test_rules_enable_academic_role_with_chosen_roles(client_for, world):
    call = make_call(world.school)
    rule = call.rules.get(kind=RuleKind.SECRETARY_ACADEMIC_ROLE)
    code = AcademicRole.objects.order_by("order").first().code
    data = rules_post(call, **{f"rule-{rule.pk}-enabled": "on", f"rule-{rule.pk}-roles": [code]})
    assert client_for("org_admin").post(reverse("calls:rules", args=[call.pk]), data).status_code == 302
    rule.refresh_from_db()
    assert (rule.enabled, rule.params) == (True, {"roles": [code]})
