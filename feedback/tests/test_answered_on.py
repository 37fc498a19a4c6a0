"""The stored ``Inbreng.answered_on`` equals the truth (its final terugkoppeling's date), and the dashboard tally a
fresh count, after every write path.

The triggers of feedback/answered_on.py keep it; these tests write through each path the code has (the service,
the integration paths, the admin, the demo's update_or_create, bulk and raw SQL, retention, a stale instance
saved with every field, deleting) and compare the column with a fresh computation from the terugkoppelingen.
"""

import datetime
import io
import threading

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Min, Q
from django.urls import reverse

import pytest

from feedback import answered_on
from feedback.constants import Channel, Outcome, SourceKind
from feedback.models import DashboardTally, Inbreng, Terugkoppeling
from feedback.retention_terms import inbreng_contacts_purge, signal_texts_purge
from feedback.services import inbreng_update, terugkoppeling_give

from .factories import InbrengFactory, NamedPersonFactory, TerugkoppelingFactory

pytestmark = pytest.mark.django_db

TALLY_FIELDS = [f.removesuffix("_id") for f in answered_on.TALLY_KEY]

D = datetime.date


def truth() -> dict[int, datetime.date | None]:
    """Every inbreng's final terugkoppeling date, computed afresh (the definition the column must follow)."""
    final = ~Q(terugkoppelingen__outcome=Outcome.PENDING)
    return dict(
        Inbreng.objects.annotate(final_on=Min("terugkoppelingen__given_on", filter=final)).values_list("pk", "final_on")
    )


def stored() -> dict[int, datetime.date | None]:
    return dict(Inbreng.objects.values_list("pk", "answered_on"))


def tally() -> dict[tuple, int]:
    return {
        key[:-1]: key[-1]
        for key in DashboardTally.objects.exclude(n=0).values_list(*TALLY_FIELDS, "n").order_by(*TALLY_FIELDS)
    }


def assert_in_step():
    """The stored column equals the truth, and the dashboard tally equals a fresh count of the inbreng."""
    assert stored() == truth()
    kept = tally()
    answered_on.answered_on_ensure(recompute=True)  # counts the tally afresh
    assert kept == tally()


@pytest.fixture
def inbreng_set(gemeente):
    return [InbrengFactory(gemeente=gemeente, received_on=D(2026, 1, 5), promised_on=D(2026, 3, 1)) for _n in range(4)]


def test_the_service_and_its_integration_paths_keep_it(inbreng_set, policy_officer):
    first, second, *_rest = inbreng_set
    terugkoppeling_give(
        inbreng=first,
        author=policy_officer,
        outcome=Outcome.PENDING,
        what_was_done="Nog bezig.",
        given_on=D(2026, 2, 1),
        channel=Channel.WEBSITE,
        new_promised_on=D(2026, 4, 1),
        postpone_reason="Het duurt langer.",
    )
    assert_in_step()
    assert Inbreng.objects.get(pk=first.pk).answered_on is None
    terugkoppeling_give(
        inbreng=first,
        author=policy_officer,
        outcome=Outcome.ADOPTED,
        what_was_done="Gedaan.",
        given_on=D(2026, 3, 10),
        channel=Channel.WEBSITE,
    )
    assert_in_step()
    assert Inbreng.objects.get(pk=first.pk).answered_on == D(2026, 3, 10)
    assert first.answered_on == D(2026, 3, 10)  # the caller's instance says so too
    # The integration paths (a reactie on an advies, a published survey summary) call terugkoppeling_give; a
    # second final answer is refused and leaves the column as it was.
    with pytest.raises(ValidationError):
        terugkoppeling_give(
            inbreng=first,
            author=policy_officer,
            outcome=Outcome.NOT_ADOPTED,
            what_was_done="Toch niet.",
            reasons="Geen geld.",
            given_on=D(2026, 3, 12),
            channel=Channel.WEBSITE,
        )
    assert_in_step()
    assert Inbreng.objects.get(pk=second.pk).answered_on is None


def test_changes_deletes_and_bulk_writes_of_terugkoppelingen_keep_it(inbreng_set):
    first, second, third, fourth = inbreng_set
    final = TerugkoppelingFactory(inbreng=first, given_on=D(2026, 2, 1))
    TerugkoppelingFactory(inbreng=second, outcome=Outcome.PENDING, given_on=D(2026, 2, 2))
    assert_in_step()
    final.given_on = D(2026, 2, 20)  # changed (as the admin's change form saves it)
    final.save()
    assert_in_step()
    final.outcome = Outcome.PENDING  # made an interim answer again
    final.save()
    assert_in_step()
    assert Inbreng.objects.get(pk=first.pk).answered_on is None
    Terugkoppeling.objects.filter(pk=final.pk).update(outcome=Outcome.NOT_ADOPTED)  # bulk update
    assert_in_step()
    Terugkoppeling.objects.filter(pk=final.pk).update(inbreng=third)  # moved to another inbreng
    assert_in_step()
    assert Inbreng.objects.get(pk=third.pk).answered_on == D(2026, 2, 20)
    assert Inbreng.objects.get(pk=first.pk).answered_on is None
    Terugkoppeling.objects.bulk_create(
        [Terugkoppeling(inbreng=fourth, outcome=Outcome.ADOPTED, what_was_done="x", given_on=D(2026, 2, 5))]
    )
    assert_in_step()
    with connection.cursor() as cursor:  # raw SQL, as a data fix would
        cursor.execute(
            "UPDATE feedback_terugkoppeling SET given_on = %s WHERE inbreng_id = %s", [D(2026, 2, 9), fourth.pk]
        )
    assert_in_step()
    assert Inbreng.objects.get(pk=fourth.pk).answered_on == D(2026, 2, 9)
    Terugkoppeling.objects.filter(pk=final.pk).delete()
    assert_in_step()
    assert Inbreng.objects.get(pk=third.pk).answered_on is None


def test_the_admin_changing_and_deleting_a_terugkoppeling_keeps_it(inbreng_set, admin_client):
    final = TerugkoppelingFactory(inbreng=inbreng_set[0], given_on=D(2026, 2, 1))
    response = admin_client.post(
        reverse("admin:feedback_terugkoppeling_change", args=[final.pk]),
        {
            "inbreng": final.inbreng_id,
            "outcome": Outcome.PARTLY_ADOPTED,
            "what_was_done": "Deels gedaan.",
            "reasons": "Niet alles past.",
            "given_on": "2026-02-14",
            "channel": Channel.EMAIL,
            "author": "",
            "previous_promised_on": "",
            "new_promised_on": "",
            "postpone_reason": "",
            "public_summary": "",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert Inbreng.objects.get(pk=final.inbreng_id).answered_on == D(2026, 2, 14)
    assert_in_step()
    response = admin_client.post(reverse("admin:feedback_terugkoppeling_delete", args=[final.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert Inbreng.objects.get(pk=final.inbreng_id).answered_on is None
    assert_in_step()


def test_a_stale_instance_or_a_direct_write_of_the_column_cannot_make_it_wrong(inbreng_set, policy_officer):
    first, second, *_rest = inbreng_set
    stale = Inbreng.objects.get(pk=first.pk)  # read before the answer
    TerugkoppelingFactory(inbreng=first, given_on=D(2026, 2, 1))
    inbreng_update(inbreng=stale, title="Nieuwe titel")  # saves every field, answered_on = None among them
    assert_in_step()
    assert Inbreng.objects.get(pk=first.pk).answered_on == D(2026, 2, 1)
    Inbreng.objects.filter(pk=second.pk).update(answered_on=D(2026, 1, 9))
    Inbreng.objects.filter(pk=first.pk).update(answered_on=None)
    assert_in_step()
    # A new inbreng, even one claiming an answer, starts unanswered.
    Inbreng.objects.bulk_create(
        [
            Inbreng(
                gemeente=first.gemeente,
                title="Nieuw",
                summary="x",
                source_kind=SourceKind.MEETING,
                contributor_kind=first.contributor_kind,
                contributor_description="x",
                received_on=D(2026, 1, 5),
                promised_on=D(2026, 3, 1),
                promised_channel=Channel.EMAIL,
                answered_on=D(2026, 1, 6),
            )
        ]
    )
    assert_in_step()


def test_retention_deleting_an_inbreng_and_the_demo_keep_it(gemeente, settings):
    settings.SIGNAL_RETENTION_DAYS = 10
    settings.INBRENG_CONTACT_RETENTION_DAYS = 10
    signal = InbrengFactory(
        gemeente=gemeente, source_kind=SourceKind.SIGNAL, signal_channel="balie", received_on=D(2026, 1, 5)
    )
    TerugkoppelingFactory(inbreng=signal, given_on=D(2026, 1, 20))
    NamedPersonFactory(inbreng=signal)
    gone = InbrengFactory(gemeente=gemeente, received_on=D(2026, 1, 5))
    TerugkoppelingFactory(inbreng=gone, given_on=D(2026, 1, 21))
    assert signal_texts_purge(D(2026, 6, 1)) and inbreng_contacts_purge(D(2026, 6, 1))
    assert_in_step()
    assert Inbreng.objects.get(pk=signal.pk).answered_on == D(2026, 1, 20)
    gone.delete()  # cascades to its terugkoppeling first
    assert_in_step()
    from feedback.demo import seed

    seed(stdout=io.StringIO())  # update_or_create of terugkoppelingen, then an update of the promised date
    seed(stdout=io.StringIO())
    assert Inbreng.objects.filter(answered_on__isnull=False).count() > 1
    assert_in_step()


def test_ensure_recreates_missing_triggers_and_recomputes(inbreng_set):
    first = inbreng_set[0]
    answered_on.answered_on_drop()
    TerugkoppelingFactory(inbreng=first, given_on=D(2026, 2, 1))  # no trigger: the column falls behind
    assert Inbreng.objects.get(pk=first.pk).answered_on is None
    assert answered_on.answered_on_ensure() is True
    assert_in_step()
    assert answered_on.answered_on_ensure() is False  # nothing missing: nothing done
    TerugkoppelingFactory(inbreng=inbreng_set[1], given_on=D(2026, 2, 2))
    assert_in_step()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_withdrawals_and_stale_edits_keep_it_exact(postgres_db, gemeente, policy_officer):
    """Threads give final answers, withdraw them and save stale instances of the same inbreng at once."""
    inbreng_set = [
        InbrengFactory(gemeente=gemeente, received_on=D(2026, 1, 5), promised_on=D(2026, 3, 1)) for _n in range(10)
    ]
    for inbreng in inbreng_set[::2]:  # half answered already: withdrawing them moves counts the other way
        TerugkoppelingFactory(inbreng=inbreng, given_on=D(2026, 2, 1))
    barrier = threading.Barrier(3)
    errors = []

    def run(work):
        try:
            barrier.wait()
            work()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def answer():
        for inbreng in inbreng_set[1::2]:
            terugkoppeling_give(
                inbreng=inbreng,
                author=policy_officer,
                outcome=Outcome.ADOPTED,
                what_was_done="Gedaan.",
                given_on=D(2026, 3, 5),
                channel=Channel.WEBSITE,
            )

    def withdraw():
        for inbreng in inbreng_set[::2]:
            Terugkoppeling.objects.filter(inbreng=inbreng).delete()

    def edit_stale():
        stale = [Inbreng.objects.get(pk=inbreng.pk) for inbreng in inbreng_set]
        for inbreng in stale:
            inbreng_update(inbreng=inbreng, title=f"{inbreng.title} (bijgewerkt)")

    threads = [threading.Thread(target=run, args=(work,)) for work in (answer, withdraw, edit_stale)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    assert_in_step()
    answered = Inbreng.objects.filter(answered_on__isnull=False).values_list("pk", flat=True)
    assert set(answered) == {inbreng.pk for inbreng in inbreng_set[1::2]}
