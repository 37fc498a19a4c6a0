import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

import pytest

from panels import services
from panels.constants import AdviesAction as A
from panels.constants import AdviesStatus as S
from panels.constants import Outcome
from panels.models import Advies, Reactie, StatusTransition
from panels.workflow import TransitionRefused, allowed_actions, transition_target

STATES = [None, *S.values]
ACTIONS = A.values

# The whole table for a requested (gevraagd) advies: every (state, action) not listed is refused.
ALLOWED_REQUESTED = {
    (None, A.REQUEST): S.REQUESTED,
    (S.REQUESTED, A.START): S.IN_PREPARATION,
    (S.IN_PREPARATION, A.SEND): S.SENT,
    (S.SENT, A.RECEIVE_ANSWER): S.ANSWERED,
    (S.ANSWERED, A.CLOSE): S.CLOSED,
    (S.REQUESTED, A.WITHDRAW): S.WITHDRAWN,
    (S.IN_PREPARATION, A.WITHDRAW): S.WITHDRAWN,
    (S.SENT, A.WITHDRAW): S.WITHDRAWN,
}
# Unsolicited (ongevraagd) advies starts at "uitgebracht"; it is never requested.
ALLOWED_UNSOLICITED = {
    **{key: value for key, value in ALLOWED_REQUESTED.items() if key != (None, A.REQUEST)},
    (None, A.SEND): S.SENT,
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("requested", [True, False])
def test_transition_table(state, action, requested):
    expected = (ALLOWED_REQUESTED if requested else ALLOWED_UNSOLICITED).get((state, action))
    if expected is None:
        with pytest.raises(TransitionRefused):
            transition_target(status=state, action=action, requested=requested)
    else:
        assert transition_target(status=state, action=action, requested=requested) == expected


def test_final_states_allow_nothing():
    for requested in (True, False):
        assert allowed_actions(status=S.CLOSED, requested=requested) == []
        assert allowed_actions(status=S.WITHDRAWN, requested=requested) == []


def test_refusal_message_is_dutch():
    with translation.override("nl"), pytest.raises(TransitionRefused) as refused:
        transition_target(status=S.CLOSED, action=A.SEND, requested=True)
    assert "niet mogelijk" in str(refused.value.message)
    assert "Afgerond" in str(refused.value.message)


@pytest.mark.django_db
def test_full_workflow_stores_every_step_with_who_and_when(orgaan, make_advies, policy_officer, chair):
    advies = make_advies(orgaan)
    advies = services.advies_draft_save(advies=advies, user=chair, text="Ons advies.")
    advies = services.advies_send(advies=advies, user=chair)
    services.reactie_register(
        advies=advies,
        reactie=Reactie(answered_on=timezone.localdate(), outcome=Outcome.ADOPTED),
        user=policy_officer,
    )
    advies = services.advies_close(advies=Advies.objects.get(pk=advies.pk), user=policy_officer)
    steps = list(advies.transitions.values_list("from_status", "to_status", "by"))
    assert steps == [
        ("", S.REQUESTED, policy_officer.pk),
        (S.REQUESTED, S.IN_PREPARATION, chair.pk),
        (S.IN_PREPARATION, S.SENT, chair.pk),
        (S.SENT, S.ANSWERED, policy_officer.pk),
        (S.ANSWERED, S.CLOSED, policy_officer.pk),
    ]
    assert all(step.at is not None for step in advies.transitions.all())
    assert advies.status == S.CLOSED


@pytest.mark.django_db
def test_illegal_service_steps_are_refused_and_change_nothing(orgaan, make_advies, policy_officer):
    advies = make_advies(orgaan)
    with pytest.raises(TransitionRefused):
        services.advies_close(advies=advies, user=policy_officer)
    with pytest.raises(TransitionRefused):
        services.reactie_register(
            advies=advies,
            reactie=Reactie(answered_on=timezone.localdate(), outcome=Outcome.ADOPTED),
            user=policy_officer,
        )
    with pytest.raises(TransitionRefused):  # requested -> sent skips "in voorbereiding"
        advies.text = "tekst"
        advies.save()
        services.advies_send(advies=advies, user=policy_officer)
    advies.refresh_from_db()
    assert advies.status == S.REQUESTED
    assert advies.transitions.count() == 1
    assert not Reactie.objects.exists()


@pytest.mark.django_db
def test_withdraw_needs_reason_and_is_final(orgaan, make_advies, policy_officer):
    advies = make_advies(orgaan)
    with pytest.raises(ValidationError):
        services.advies_withdraw(advies=advies, user=policy_officer, reason="  ")
    advies = services.advies_withdraw(advies=advies, user=policy_officer, reason="Niet meer nodig")
    assert advies.status == S.WITHDRAWN
    assert advies.transitions.last().reason == "Niet meer nodig"
    with pytest.raises(TransitionRefused):
        services.advies_withdraw(advies=advies, user=policy_officer, reason="nogmaals")


@pytest.mark.django_db
def test_unsolicited_advies_starts_sent(orgaan, gemeente, chair):
    advies = services.advies_create_unsolicited(
        advies=Advies(orgaan=orgaan, gemeente=gemeente, subject="Eenvoudige brieven", text="Schrijf eenvoudig."),
        user=chair,
    )
    assert advies.status == S.SENT
    assert not advies.is_requested
    assert list(advies.transitions.values_list("from_status", "to_status", "action")) == [("", S.SENT, A.SEND)]


@pytest.mark.django_db
def test_reactie_reasons_required_when_not_adopted(orgaan, make_advies, policy_officer, chair):
    from django.core.exceptions import ValidationError

    advies = make_advies(orgaan)
    services.advies_draft_save(advies=advies, user=chair, text="Advies")
    advies = services.advies_send(advies=advies, user=chair)
    for outcome in (Outcome.NOT_ADOPTED, Outcome.PARTLY_ADOPTED):
        with pytest.raises(ValidationError):
            services.reactie_register(
                advies=advies, reactie=Reactie(answered_on=timezone.localdate(), outcome=outcome), user=policy_officer
            )
    with pytest.raises(ValidationError):  # answered before it was sent
        services.reactie_register(
            advies=advies,
            reactie=Reactie(answered_on=advies.sent_on - datetime.timedelta(days=1), outcome=Outcome.ADOPTED),
            user=policy_officer,
        )
    advies.refresh_from_db()
    assert advies.status == S.SENT
    assert StatusTransition.objects.filter(advies=advies).count() == 3
