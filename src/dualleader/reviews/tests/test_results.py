"""What the applicant sees of the result: nothing before finalisation; scores and reviewer names only when
the evaluation allows them."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from dualleader.applications.models import Application
from dualleader.reviews.results import result_for_applicant

from .factories import make_review, make_reviewer
from .outcome_factories import make_decided, make_finalized, make_published


@pytest.fixture
def reviewed(world):
    setup = make_decided(world, n_apps=2, selected=1)
    round_ = setup.evaluation.rounds.get()
    for name, points in (("孙甲专家", [18, 14, 14, 14, 14, 9, 9]), ("钱乙专家", [16, 12, 12, 12, 12, 8, 8])):
        reviewer = make_reviewer(world.school, name)
        for application in setup.apps:
            make_review(round_, reviewer, application, setup.org, points)
    return setup


def _fresh(application):
    return Application.objects.get(pk=application.pk)


def test_nothing_before_finalisation(reviewed):
    make_published(reviewed)
    assert result_for_applicant(_fresh(reviewed.apps[0])) is None


def test_selected_with_rank_and_no_scores_by_default(reviewed):
    make_finalized(reviewed)
    result = result_for_applicant(_fresh(reviewed.apps[0]))
    assert (result["selected"], result["rank"], result["scores"], result["reviewers"]) == (True, 1, None, None)
    other = result_for_applicant(_fresh(reviewed.apps[1]))
    assert (other["selected"], other["rank"]) == (False, None)
    with translation.override("en"):
        html = render_to_string("reviews/_result_for_applicant.html", {"result": result})
    assert "number 1 on the list" in html
    assert "孙甲专家" not in html and "92" not in html


def test_scores_without_names_when_only_scores_are_allowed(reviewed):
    reviewed.evaluation.show_scores_to_applicants = True
    reviewed.evaluation.save()
    make_finalized(reviewed)
    result = result_for_applicant(_fresh(reviewed.apps[1]))
    assert [s["total"] for s in result["scores"]] == [Decimal("92.00"), Decimal("80.00")]
    assert [s["reviewer"] for s in result["scores"]] == [None, None]
    assert result["mean"] == Decimal("86.00")
    html = render_to_string("reviews/_result_for_applicant.html", {"result": result})
    assert "92.00" in html and "孙甲专家" not in html


def test_names_when_allowed(reviewed):
    reviewed.evaluation.show_scores_to_applicants = True
    reviewed.evaluation.show_reviewers_to_applicants = True
    reviewed.evaluation.save()
    make_finalized(reviewed)
    result = result_for_applicant(_fresh(reviewed.apps[0]))
    assert result["reviewers"] == sorted(["孙甲专家", "钱乙专家"])
    assert [s["reviewer"] for s in result["scores"]] == ["孙甲专家", "钱乙专家"]
