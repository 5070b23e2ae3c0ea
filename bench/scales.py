"""How big each scale is. `tiny` exists for the harness's own test; the others are the issue's sizes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    provinces: int  # province units under the ministry (0: no ministry level)
    universities: int
    colleges_per_university: int
    branches: int  # teacher branches in all
    people: int  # people in all (secretaries and members of the branches, college and university staff)
    applications: int  # submitted applications in the benchmark call (all accepted and under review)
    reviewers: int
    scores: int  # submitted reviews (about 3 per application)
    drafts: int = 100  # branches with a draft in the call, for the deadline burst (one client each)
    seconds: int = 5  # how long each load run lasts at most
    requests: int = 2000  # how many requests each load run makes at most


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", provinces=0, universities=1, colleges_per_university=3, branches=12, people=120,
                  applications=6, reviewers=3, scores=18, drafts=5, seconds=1, requests=50),
    "school": Scale("school", provinces=0, universities=1, colleges_per_university=20, branches=200, people=3000,
                    applications=60, reviewers=10, scores=180),
    "province": Scale("province", provinces=1, universities=60, colleges_per_university=12, branches=12000,
                      people=150000, applications=3000, reviewers=300, scores=9000),
    "national": Scale("national", provinces=31, universities=3000, colleges_per_university=4, branches=100000,
                      people=1000000, applications=20000, reviewers=2000, scores=60000),
}
