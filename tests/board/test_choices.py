from __future__ import annotations

import pytest

from danvan.board import choices as c

PROGRAMME = [
    (c.ProgrammeStatus.DRAFT, c.ProgrammeAction.ADOPT, c.ProgrammeStatus.ADOPTED),
    (c.ProgrammeStatus.DRAFT, c.ProgrammeAction.REOPEN, None),
    (c.ProgrammeStatus.DRAFT, c.ProgrammeAction.CLOSE, None),
    (c.ProgrammeStatus.ADOPTED, c.ProgrammeAction.ADOPT, None),
    (c.ProgrammeStatus.ADOPTED, c.ProgrammeAction.REOPEN, c.ProgrammeStatus.DRAFT),
    (c.ProgrammeStatus.ADOPTED, c.ProgrammeAction.CLOSE, c.ProgrammeStatus.DONE),
    (c.ProgrammeStatus.DONE, c.ProgrammeAction.ADOPT, None),
    (c.ProgrammeStatus.DONE, c.ProgrammeAction.REOPEN, None),
    (c.ProgrammeStatus.DONE, c.ProgrammeAction.CLOSE, None),
]

FEEDBACK = [
    (c.FeedbackStatus.RECEIVED, c.FeedbackAction.VERIFY, c.FeedbackStatus.VERIFYING),
    (c.FeedbackStatus.RECEIVED, c.FeedbackAction.ANSWER, c.FeedbackStatus.ANSWERED),
    (c.FeedbackStatus.VERIFYING, c.FeedbackAction.VERIFY, None),
    (c.FeedbackStatus.VERIFYING, c.FeedbackAction.ANSWER, c.FeedbackStatus.ANSWERED),
    (c.FeedbackStatus.ANSWERED, c.FeedbackAction.VERIFY, None),
    (c.FeedbackStatus.ANSWERED, c.FeedbackAction.ANSWER, None),
]

RECOMMENDATION = [
    (c.RecommendationStatus.SENT, c.RecommendationAction.ANSWER, c.RecommendationStatus.ANSWERED, "petitions.decide"),
    (c.RecommendationStatus.SENT, c.RecommendationAction.WITHDRAW, c.RecommendationStatus.WITHDRAWN, "board.manage"),
    (c.RecommendationStatus.ANSWERED, c.RecommendationAction.ANSWER, None, None),
    (c.RecommendationStatus.ANSWERED, c.RecommendationAction.WITHDRAW, None, None),
    (c.RecommendationStatus.WITHDRAWN, c.RecommendationAction.ANSWER, None, None),
    (c.RecommendationStatus.WITHDRAWN, c.RecommendationAction.WITHDRAW, None, None),
]


@pytest.mark.parametrize(("src", "action", "dst"), PROGRAMME)
def test_the_programme_transition_table(src, action, dst):
    got = c.PROGRAMME_TRANSITIONS.get((src, action))
    assert (got[0] if got else None) == dst


@pytest.mark.parametrize(("src", "action", "dst"), FEEDBACK)
def test_the_staff_feedback_transition_table(src, action, dst):
    got = c.FEEDBACK_TRANSITIONS.get((src, action))
    assert (got[0] if got else None) == dst


@pytest.mark.parametrize(("src", "action", "dst", "perm"), RECOMMENDATION)
def test_only_the_head_answers_and_only_the_board_withdraws(src, action, dst, perm):
    got = c.RECOMMENDATION_TRANSITIONS.get((src, action))
    assert got == ((dst, perm) if dst else None)


def test_the_tables_cover_every_pair_listed():
    assert len(PROGRAMME) == len(c.ProgrammeStatus) * len(c.ProgrammeAction)
    assert len(FEEDBACK) == len(c.FeedbackStatus) * len(c.FeedbackAction)
    assert len(RECOMMENDATION) == len(c.RecommendationStatus) * len(c.RecommendationAction)


def test_allowed_actions_follow_table_order():
    assert c.allowed_actions(c.PROGRAMME_TRANSITIONS, c.ProgrammeStatus.ADOPTED) == ["reopen", "close"]
