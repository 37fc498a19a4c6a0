import datetime
import io

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import openpyxl
import pytest

from feedback.constants import DeliveryStatus, Outcome, SourceKind, Status
from feedback.models import Inbreng, Terugkoppeling
from participatie.constants import Role
from participatie.models import ExportRecord
from participatie.tests.factories import MembershipFactory, UserFactory

from .factories import InbrengFactory, NamedPersonFactory, TerugkoppelingFactory

pytestmark = pytest.mark.django_db


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _register_data(the_gemeente, the_officer, **overrides):
    data = {
        "gemeente": the_gemeente.pk,
        "title": "Te weinig uitleg over de keukentafel",
        "summary": "Een inwoner zegt aan de balie dat het gesprek onduidelijk was.",
        "source_kind": SourceKind.SIGNAL,
        "signal_channel": "balie",
        "contributor_kind": "anonieme-groep",
        "contributor_description": "Bezoeker van de balie",
        "received_on": _days(-2).isoformat(),
        "promised_on": "",
        "promised_channel": "brief",
        "officer": the_officer.pk,
    }
    data.update(overrides)
    return data


def test_officer_registers_a_signal_with_default_term(client, gemeente, policy_officer):
    client.force_login(policy_officer)
    response = client.post(reverse("feedback:inbreng-create"), _register_data(gemeente, policy_officer))
    inbreng = Inbreng.objects.get()
    assert response.status_code == 302
    assert inbreng.signal_channel == "balie"
    assert inbreng.promised_on == _days(-2) + datetime.timedelta(days=gemeente.feedback_term_days)
    assert inbreng.created_by == policy_officer


def test_promised_before_received_gives_a_dutch_message_and_400(client, gemeente, policy_officer):
    client.force_login(policy_officer)
    data = _register_data(gemeente, policy_officer, promised_on=_days(-10).isoformat())
    response = client.post(reverse("feedback:inbreng-create"), data)
    assert response.status_code == 400
    assert "De beloofde datum kan niet vóór de datum van ontvangst liggen." in response.content.decode()
    assert not Inbreng.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("received_on", "31-02-2026"), ("received_on", "gisteren"), ("source_kind", "brief"), ("officer", "99999")],
)
def test_bad_input_is_a_400_never_a_500(client, gemeente, policy_officer, field, value):
    client.force_login(policy_officer)
    response = client.post(
        reverse("feedback:inbreng-create"), _register_data(gemeente, policy_officer, **{field: value})
    )
    assert response.status_code == 400
    assert not Inbreng.objects.exists()


def test_tampered_gemeente_or_officer_is_refused(
    client, gemeente, other_gemeente, policy_officer, other_policy_officer
):
    client.force_login(policy_officer)
    response = client.post(
        reverse("feedback:inbreng-create"), _register_data(gemeente, policy_officer, gemeente=other_gemeente.pk)
    )
    assert response.status_code == 400
    response = client.post(reverse("feedback:inbreng-create"), _register_data(gemeente, other_policy_officer))
    assert response.status_code == 400
    assert not Inbreng.objects.exists()


def test_terugkoppeling_on_another_gemeentes_inbreng_is_404(client, other_gemeente, policy_officer):
    foreign = InbrengFactory(gemeente=other_gemeente)
    client.force_login(policy_officer)
    for name in ("inbreng-detail", "inbreng-update", "terugkoppeling-create", "namedperson-create"):
        assert client.get(reverse(f"feedback:{name}", args=[foreign.pk])).status_code == 404
    response = client.post(
        reverse("feedback:terugkoppeling-create", args=[foreign.pk]),
        {"outcome": "overgenomen", "what_was_done": "x", "given_on": _days(0).isoformat(), "channel": "brief"},
    )
    assert response.status_code == 404
    assert not Terugkoppeling.objects.exists()


def test_giving_terugkoppeling_through_the_form(client, gemeente, policy_officer, django_capture_on_commit_callbacks):
    inbreng = InbrengFactory(gemeente=gemeente, officer=policy_officer)
    NamedPersonFactory(inbreng=inbreng, email="piet@example.nl")
    client.force_login(policy_officer)
    url = reverse("feedback:terugkoppeling-create", args=[inbreng.pk])
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"outcome": "niet-overgenomen", "what_was_done": "Besproken", "given_on": _days(0), "channel": "brief"}
    )
    assert bad.status_code == 400
    assert "Leg uit waarom" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "outcome": "niet-overgenomen",
                "what_was_done": "Besproken in het college.",
                "reasons": "Te duur voor dit jaar.",
                "given_on": _days(0).isoformat(),
                "channel": "e-mail",
                "public_summary": "Het college neemt dit advies niet over, omdat het te duur is.",
                "is_published": "on",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    page = client.get(reverse("feedback:inbreng-detail", args=[inbreng.pk])).content.decode()
    assert "Verzonden" in page
    public = client.get(reverse("gemeente-public", args=[gemeente.slug])).content.decode()
    assert "Wat deden we met uw inbreng?" in public
    assert "Het college neemt dit advies niet over" in public


def test_channel_letter_sends_no_email_and_says_so(
    client, gemeente, policy_officer, django_capture_on_commit_callbacks
):
    inbreng = InbrengFactory(gemeente=gemeente, officer=policy_officer, promised_channel="brief")
    NamedPersonFactory(inbreng=inbreng, email="piet@example.nl")
    client.force_login(policy_officer)
    url = reverse("feedback:terugkoppeling-create", args=[inbreng.pk])
    form_page = client.get(url).content.decode()
    assert "stuurt het portaal de deelnemers een e-mail." in form_page
    data = {"outcome": "overgenomen", "what_was_done": "Folder herschreven.", "given_on": _days(0).isoformat()}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "channel": "brief"}, follow=True)

    page = response.content.decode()
    assert mail.outbox == []
    assert not inbreng.terugkoppelingen.get().notifications.exists()
    assert "stuur de deelnemers zelf een brief" in page
    assert "krijgen een e-mail" not in page


def test_public_section_shows_no_personal_data(client, gemeente, policy_officer):
    inbreng = InbrengFactory(
        gemeente=gemeente,
        title="Klacht van mevrouw Jansen",
        summary="Mevrouw Jansen, Dorpsstraat 1",
        officer=policy_officer,
    )
    NamedPersonFactory(inbreng=inbreng, name="Mevrouw Jansen", email="jansen@example.nl")
    TerugkoppelingFactory(
        inbreng=inbreng,
        what_was_done="Gebeld met mevrouw Jansen",
        reasons="",
        public_summary="De wachttijd is korter gemaakt.",
        is_published=True,
    )
    TerugkoppelingFactory(
        inbreng=InbrengFactory(gemeente=gemeente), outcome=Outcome.ADOPTED, public_summary="Niet gepubliceerd"
    )
    page = client.get(reverse("gemeente-public", args=[gemeente.slug])).content.decode()
    assert "De wachttijd is korter gemaakt." in page
    for private in ("Jansen", "jansen@example.nl", "Dorpsstraat", policy_officer.email, "Niet gepubliceerd"):
        assert private not in page


def test_list_shows_my_open_inbreng_by_urgency_and_filters(client, gemeente, policy_officer):
    other = UserFactory()
    MembershipFactory(user=other, gemeente=gemeente, role=Role.POLICY_OFFICER)
    later = InbrengFactory(gemeente=gemeente, officer=policy_officer, title="Later", promised_on=_days(30))
    overdue = InbrengFactory(gemeente=gemeente, officer=policy_officer, title="Te laat", promised_on=_days(-1))
    soon = InbrengFactory(gemeente=gemeente, officer=policy_officer, title="Binnenkort", promised_on=_days(3))
    done = InbrengFactory(gemeente=gemeente, officer=policy_officer, title="Klaar", promised_on=_days(-3))
    TerugkoppelingFactory(inbreng=done, given_on=_days(-4))
    InbrengFactory(gemeente=gemeente, officer=other, title="Collega", promised_on=_days(-5))
    client.force_login(policy_officer)
    response = client.get(reverse("feedback:inbreng-list"))
    assert [i.pk for i in response.context["inbreng_list"]] == [overdue.pk, soon.pk, later.pk, done.pk]
    response = client.get(
        reverse("feedback:inbreng-list"), {"whose": "mine", "status": [Status.OVERDUE, Status.DUE_SOON]}
    )
    assert [i.pk for i in response.context["inbreng_list"]] == [overdue.pk, soon.pk]
    response = client.get(reverse("feedback:inbreng-list"), {"whose": "all", "status": Status.OVERDUE})
    assert {i.title for i in response.context["inbreng_list"]} == {"Te laat", "Collega"}
    response = client.get(
        reverse("feedback:inbreng-list"),
        {"whose": "all", "received_from": _days(-40).isoformat(), "received_until": _days(-20).isoformat()},
    )
    assert response.status_code == 200
    response = client.get(reverse("feedback:inbreng-list"), {"received_from": "morgen"})
    assert response.status_code == 400
    response = client.get(reverse("feedback:inbreng-list"), {"source_kind": "signaal"})
    assert list(response.context["inbreng_list"]) == []


def test_list_query_count_does_not_grow_with_rows(client, gemeente, policy_officer, django_assert_max_num_queries):
    client.force_login(policy_officer)
    InbrengFactory.create_batch(3, gemeente=gemeente, officer=policy_officer)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("feedback:inbreng-list"))
    InbrengFactory.create_batch(30, gemeente=gemeente, officer=policy_officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("feedback:inbreng-list"))
    assert len(response.context["inbreng_list"]) == 33


def test_detail_shows_reminders_and_emails_to_staff(client, gemeente, policy_officer, coordinator):
    from feedback.services import reminders_send

    inbreng = InbrengFactory(gemeente=gemeente, officer=policy_officer, promised_on=_days(-2))
    reminders_send()
    client.force_login(coordinator)
    page = client.get(reverse("feedback:inbreng-detail", args=[inbreng.pk])).content.decode()
    assert "Dagelijks overzicht voor de verantwoordelijke ambtenaar" in page
    assert str(policy_officer) in page
    # A coordinator reads, but does not change.
    assert client.get(reverse("feedback:inbreng-update", args=[inbreng.pk])).status_code == 403


def test_council_member_and_anonymous_have_no_access(client, gemeente, council_member):
    inbreng = InbrengFactory(gemeente=gemeente)
    response = client.get(reverse("feedback:inbreng-list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(council_member)
    assert client.get(reverse("feedback:inbreng-list")).status_code == 403
    assert client.get(reverse("feedback:dashboard")).status_code == 403
    assert client.get(reverse("feedback:inbreng-detail", args=[inbreng.pk])).status_code == 403


def test_register_export_xlsx_and_csv(client, gemeente, other_gemeente, policy_officer):
    late = InbrengFactory(gemeente=gemeente, title="=HYPERLINK(1)", officer=policy_officer, promised_on=_days(-1))
    answered = InbrengFactory(gemeente=gemeente, title="Beantwoord", promised_on=_days(5))
    TerugkoppelingFactory(inbreng=answered, outcome=Outcome.PARTLY_ADOPTED, given_on=_days(0), channel="brief")
    InbrengFactory(gemeente=other_gemeente, title="Andere gemeente")
    client.force_login(policy_officer)
    url = reverse("export-download", args=["feedback.register"])
    response = client.get(url, {"format": "xlsx", "gemeente": ""})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert "Status" in header and "Uitkomst" in header
    by_title = {row[header.index("Titel")]: row for row in rows[1:]}
    assert set(by_title) == {"'=HYPERLINK(1)", "Beantwoord"}
    assert by_title["'=HYPERLINK(1)"][header.index("Status")] == "Te laat"
    assert by_title["Beantwoord"][header.index("Uitkomst")] == "Deels overgenomen"
    assert by_title["Beantwoord"][header.index("Terugkoppeling gegeven via")] == "Brief"
    assert isinstance(by_title["Beantwoord"][header.index("Terugkoppeling beloofd voor")], datetime.datetime)
    csv = client.get(url, {"format": "csv", "gemeente": gemeente.slug})
    assert csv.status_code == 200 and "Beantwoord" in csv.content.decode("utf-8-sig")
    assert ExportRecord.objects.filter(export_key="feedback.register").count() == 2
    assert late.pk


def test_home_dashboard_panel_counts_my_open_items(client, gemeente, policy_officer):
    InbrengFactory(gemeente=gemeente, officer=policy_officer, promised_on=_days(-1))
    InbrengFactory(gemeente=gemeente, officer=policy_officer, promised_on=_days(2))
    client.force_login(policy_officer)
    page = client.get(reverse("home")).content.decode()
    assert "Uw inbreng om te beantwoorden" in page


def test_failed_notifications_are_visible(client, gemeente, policy_officer):
    t = TerugkoppelingFactory(inbreng=InbrengFactory(gemeente=gemeente))
    t.notifications.create(email="x@example.nl", recipient_label="X", status=DeliveryStatus.FAILED, last_error="boom")
    client.force_login(policy_officer)
    page = client.get(reverse("feedback:inbreng-detail", args=[t.inbreng.pk])).content.decode()
    assert "Mislukt" in page and "boom" in page


def test_signal_becomes_a_request_for_advice_through_a_registered_converter(client, gemeente, policy_officer):
    from django import forms

    from feedback import registry
    from participatie.models import Regio

    class StandInForm(forms.Form):
        name = forms.CharField()

        def __init__(self, *args, inbreng, user, **kwargs):
            super().__init__(*args, **kwargs)
            from crispy_forms.helper import FormHelper

            self.helper = FormHelper()

    def convert(*, inbreng, user, data):
        return Regio.objects.create(name=data["name"], slug="omgezet")

    signal = InbrengFactory(gemeente=gemeente, source_kind=SourceKind.SIGNAL, signal_channel="balie")
    meeting = InbrengFactory(gemeente=gemeente)
    client.force_login(policy_officer)
    url = reverse("feedback:signal-convert", args=[signal.pk])
    before = list(registry._signal_converter)
    registry._signal_converter.clear()
    assert client.get(url).status_code == 404  # nothing registered: no conversion
    registry.register_signal_converter(registry.SignalConverter("Adviesaanvraag", StandInForm, convert))
    try:
        assert client.get(url).status_code == 200
        assert client.get(reverse("feedback:signal-convert", args=[meeting.pk])).status_code == 404
        assert client.post(url, {"name": ""}).status_code == 400
        assert client.post(url, {"name": "Aanvraag over wachttijden"}).status_code == 302
        signal.refresh_from_db()
        assert signal.follow_up == Regio.objects.get(slug="omgezet")
        assert client.get(url).status_code == 404  # only once
    finally:
        registry._signal_converter[:] = before


def test_officer_changes_an_inbreng_but_not_its_promised_date(client, gemeente, policy_officer):
    inbreng = InbrengFactory(gemeente=gemeente, officer=policy_officer)
    promised = inbreng.promised_on
    client.force_login(policy_officer)
    url = reverse("feedback:inbreng-update", args=[inbreng.pk])
    data = _register_data(gemeente, policy_officer, source_kind="bijeenkomst", signal_channel="", title="Nieuwe titel")
    data["promised_on"] = _days(300).isoformat()
    response = client.post(url, data)
    assert response.status_code == 302
    inbreng.refresh_from_db()
    assert inbreng.title == "Nieuwe titel" and inbreng.promised_on == promised


def test_officer_adds_a_person_with_consent(client, gemeente, policy_officer):
    inbreng = InbrengFactory(gemeente=gemeente)
    client.force_login(policy_officer)
    url = reverse("feedback:namedperson-create", args=[inbreng.pk])
    data = {"name": "Piet", "email": "Piet@Example.nl", "consent_on": _days(0).isoformat()}
    assert client.post(url, data).status_code == 400  # no consent ticked
    assert client.post(url, {**data, "consent": "on"}).status_code == 302
    assert inbreng.persons.get().email == "piet@example.nl"
    assert client.post(url, {**data, "consent": "on"}).status_code == 400  # twice the same address


def test_a_coordinator_sees_the_whole_register_by_default(client, gemeente, coordinator, policy_officer):
    InbrengFactory(gemeente=gemeente, officer=policy_officer, title="Van de ambtenaar")
    client.force_login(coordinator)
    response = client.get(reverse("feedback:inbreng-list"))
    assert [i.title for i in response.context["inbreng_list"]] == ["Van de ambtenaar"]


def test_the_admin_lists_opens_and_deletes_inbreng_with_its_status(client, staff_user, gemeente):
    answered = InbrengFactory(gemeente=gemeente, title="Beantwoord")
    TerugkoppelingFactory(inbreng=answered)
    waiting = InbrengFactory(gemeente=gemeente, title="Wacht")
    client.force_login(staff_user)
    page = client.get(reverse("admin:feedback_inbreng_changelist"))
    assert page.status_code == 200 and "Beantwoord" in page.content.decode()
    assert client.get(reverse("admin:feedback_inbreng_change", args=[answered.pk])).status_code == 200
    response = client.post(
        reverse("admin:feedback_inbreng_changelist"),
        {"action": "delete_selected", "_selected_action": [answered.pk, waiting.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not Inbreng.objects.exists()
