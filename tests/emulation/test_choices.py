from __future__ import annotations

import pytest

from danvan.emulation import choices as c

S, A = c.ModelStatus, c.ModelAction
EXPECTED_MODEL = {
    (S.REGISTERED, A.START): S.IMPLEMENTING,
    (S.IMPLEMENTING, A.EVALUATE): S.EVALUATED,
    (S.EVALUATED, A.RETURN): S.IMPLEMENTING,
    (S.EVALUATED, A.RECOGNISE): S.RECOGNISED,
    (S.EVALUATED, A.DECLINE): S.NOT_RECOGNISED,
    (S.RECOGNISED, A.REWARD): S.REWARDED,
    (S.RECOGNISED, A.REPLICATE): S.REPLICATED,
    (S.REWARDED, A.REPLICATE): S.REPLICATED,
}
PS, PA = c.ProposalStatus, c.ProposalAction
EXPECTED_PROPOSAL = {
    (PS.PROPOSED, PA.APPROVE): PS.APPROVED,
    (PS.PROPOSED, PA.REJECT): PS.REJECTED,
    (PS.APPROVED, PA.REVOKE): PS.REVOKED,
}


@pytest.mark.parametrize(("status", "action"), [(s, a) for s in S for a in A])
def test_the_model_lifecycle_table(status, action):
    got = c.MODEL_TRANSITIONS.get((status, action))
    assert (got[0] if got else None) == EXPECTED_MODEL.get((status, action))


@pytest.mark.parametrize(("status", "action"), [(s, a) for s in PS for a in PA])
def test_the_reward_proposal_table(status, action):
    got = c.PROPOSAL_TRANSITIONS.get((status, action))
    assert (got[0] if got else None) == EXPECTED_PROPOSAL.get((status, action))


def test_recognising_and_deciding_rewards_belong_to_the_head():
    assert c.MODEL_TRANSITIONS[(S.EVALUATED, A.RECOGNISE)][1] == "plans.approve"
    assert {perm for _to, perm in c.PROPOSAL_TRANSITIONS.values()} == {"plans.approve"}


def test_terminal_states_allow_nothing():
    for status in (S.NOT_RECOGNISED, S.REPLICATED):
        assert c.allowed_actions(c.MODEL_TRANSITIONS, status) == []
    for status in (PS.REJECTED, PS.REVOKED):
        assert c.allowed_actions(c.PROPOSAL_TRANSITIONS, status) == []
