from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """What a node of the organisation tree is. The tree itself is open-ended: a province or the
    ministry sits above a university without any change to the code."""

    MINISTRY = "ministry", _("Ministry Party group")
    PROVINCE = "province", _("Provincial education work committee")
    UNIVERSITY = "university", _("University Party committee")
    COLLEGE = "college", _("College Party committee")
    TEACHER_BRANCH = "teacher_branch", _("Teacher Party branch")
    STUDENT_BRANCH = "student_branch", _("Student Party branch")
    JOINT_BRANCH = "joint_branch", _("Teacher-student joint Party branch")
    RETIRED_BRANCH = "retired_branch", _("Retired staff Party branch")
    ORGAN_BRANCH = "organ_branch", _("Administrative staff Party branch")

    @classmethod
    def branch_kinds(cls) -> list[str]:
        return [cls.TEACHER_BRANCH, cls.STUDENT_BRANCH, cls.JOINT_BRANCH, cls.RETIRED_BRANCH,
                cls.ORGAN_BRANCH]


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class TitleLevel(models.TextChoices):
    """职称级别. Ordered from highest to lowest; `rank` lets rules compare levels."""

    FULL = "full", _("Senior (full)")
    ASSOCIATE = "associate", _("Senior (associate)")
    INTERMEDIATE = "intermediate", _("Intermediate")
    JUNIOR = "junior", _("Junior")
    NONE = "none", _("None")

    @classmethod
    def rank(cls, value: str) -> int:
        order = [cls.NONE, cls.JUNIOR, cls.INTERMEDIATE, cls.ASSOCIATE, cls.FULL]
        return order.index(value) if value in order else 0


class Degree(models.TextChoices):
    DOCTORATE = "doctorate", _("Doctorate")
    MASTER = "master", _("Master")
    BACHELOR = "bachelor", _("Bachelor")
    OTHER = "other", _("Other")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("CPC member")
    PROBATIONARY = "probationary", _("CPC probationary member")
    LEAGUE_MEMBER = "league_member", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic_party", _("Member of a democratic party")
    MASSES = "masses", _("No party affiliation")

    @classmethod
    def party_statuses(cls) -> list[str]:
        return [cls.PARTY_MEMBER, cls.PROBATIONARY]


class PositionRole(models.TextChoices):
    SECRETARY = "secretary", _("Branch secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
