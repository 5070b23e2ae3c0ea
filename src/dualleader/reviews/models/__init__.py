from .outcome import Decision, DecisionEntry, Objection, ProvinceEntry, ProvinceRecommendation, PublicNotice
from .setup import Assignment, Conflict, Criterion, Evaluation, PanelMember, ReviewRound

__all__ = ["Assignment", "Conflict", "Criterion", "Decision", "DecisionEntry", "Evaluation", "Objection",
           "PanelMember", "ProvinceEntry", "ProvinceRecommendation", "PublicNotice", "ReviewRound"]
