from __future__ import annotations

import pytest

from danvan.board import demo as board_demo
from danvan.board.models import BoardMember, BoardProgramme, BoardRecommendation, BoardTerm, StaffFeedback
from danvan.org import demo as org_demo

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (BoardTerm, BoardMember, BoardProgramme, StaffFeedback, BoardRecommendation)]


def test_the_demo_loads_a_board_for_thptnk_once(time_machine):
    time_machine.move_to("2025-11-20 09:00 +07:00")
    org_demo.load()
    board_demo.load()
    assert counts() == [1, 5, 1, 4, 1]  # two recorded by the board, two sent on danvan (#12)
    head = BoardMember.objects.get(role="truong-ban")
    assert head.person.full_name == "Ngô Thị Thanh Tra" and head.person.user.username == "ttnd"
    assert BoardRecommendation.objects.get().status == "da-gui"
    board_demo.load()
    assert counts() == [1, 5, 1, 4, 1]  # two recorded by the board, two sent on danvan (#12)
