import datetime
from types import SimpleNamespace

from dualleader.calls.formschema import (
    default_schema,
    initial_data,
    table_total,
    validate_data,
    validate_schema,
    word_count,
)

CALL = SimpleNamespace(cycle_years=2, min_outcomes_per_year=1)


def test_word_count_counts_chinese_characters_and_latin_words():
    assert word_count("强化支部政治功能") == 8
    assert word_count("开展 AI 赋能党建 2 次。") == 10  # 8 characters with the full stop, plus "AI" and "2"
    assert word_count("") == 0


def test_default_schema_is_valid_and_has_the_notice_sections():
    schema = default_schema()
    assert validate_schema(schema) == []
    titles = [s["title"] for s in schema["sections"]]
    assert titles[1] == "二、支部工作基础"
    assert any("预期成果" in t for t in titles)


def test_schema_with_duplicate_keys_is_refused():
    schema = {"sections": [{"key": "a", "title": "A", "fields": [
        {"key": "x", "type": "text", "label": "X"}, {"key": "x", "type": "text", "label": "Y"}]}]}
    assert validate_schema(schema) != []


def test_draft_validation_ignores_missing_but_not_wrong_values():
    errors = validate_data(default_schema(), {"established_on": "2020-13-45", "goals": "字" * 1001}, CALL,
                           submitting=False)
    assert set(errors) == {"established_on", "goals"}


def test_submission_needs_required_fields_and_outcomes_each_year():
    data = {"outcomes": {"1": [{"type": "method", "title": "支部工作法"}], "2": []}}
    errors = validate_data(default_schema(), data, CALL, submitting=True)
    assert "goals" in errors
    assert "outcomes.2" in errors
    assert "outcomes.1" not in errors


def test_choice_and_money_values_are_checked():
    data = {"budget": [{"item": "培训", "amount": "-5"}], "outcomes": {"1": [{"type": "bogus", "title": "x"}]}}
    errors = validate_data(default_schema(), data, CALL, submitting=False)
    assert "budget.0.amount" in errors
    assert "outcomes.1.0.type" in errors


def test_budget_total():
    field = {"total": "amount"}
    assert str(table_total(field, [{"amount": "1000"}, {"amount": "2500.50"}, {"amount": ""}])) == "3500.50"


def test_initial_data_prefills_branch_and_plan_rows(world):
    data = initial_data(default_schema(), world.branch, world.branch_secretary_person, CALL)
    assert data["branch_name"] == "机械设计系教师党支部"
    assert data["college_name"] == "机电工程学院党委"
    assert data["secretary_name"] == "王建国"
    assert data["established_on"] == datetime.date(2015, 9, 1).isoformat()
    assert [row["task"] for row in data["plan"]["1"]] == ["political", "party_work", "ideology", "development",
                                                         "team"]
