"""Demo data of the panels app: for several gemeenten an adviesraad sociaal domein and a klantenpanel
of 15, meetings, and adviezen in every status (some answers overdue). Running it twice changes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from participatie.constants import Law, Level
from participatie.constants import TargetGroup as T
from participatie.demo import demo_email
from participatie.models import Gemeente, Regio, User

from . import services
from .constants import (
    AdviceRoom,
    AdviesStatus,
    AttendanceStatus,
    MeetingKind,
    OrgaanKind,
    Outcome,
    PolicyPhase,
    TermUnit,
)
from .constants import Experience as E
from .constants import MemberRole as R
from .models import Advies, Adviesaanvraag, Attendance, Meeting, Member, Orgaan, Reactie, StatusTransition

DEMO_GEMEENTEN = ["middelburg", "pekela", "midden-drenthe", "tilburg", "almere"]

COUNCIL = [
    # (name, role, target groups, experience, term started years ago, term ends in days)
    ("Henk Jansen", R.SECRETARY, [T.ELDERLY], [E.WMO], 3, 400),
    ("Fatima El Amrani", R.MEMBER, [T.MIGRANTS, T.PARENTS], [E.YOUTH_CARE], 2, 700),
    ("Joke de Vries", R.EXPERT_BY_EXPERIENCE, [T.DISABILITY], [E.WMO, E.INFORMAL_CARE], 4, 60),
    ("Ruud Bakker", R.MEMBER, [T.WORK_AND_INCOME], [E.PARTICIPATIEWET, E.DEBT], 1, 1000),
    ("Anouk Visser", R.ADVISORY_MEMBER, [T.YOUTH], [E.YOUTH_CARE], 1, 1100),
    ("Marja Smit", R.OFFICIAL_SUPPORT, [], [], 2, None),
]

PANEL = [
    ("Sanne Mulder", [T.YOUTH], [E.YOUTH_CARE], 45),
    ("Kees van Dijk", [T.ELDERLY], [E.WMO], 500),
    ("Mohamed Bouzid", [T.WORK_AND_INCOME, T.MIGRANTS], [E.PARTICIPATIEWET], 80),
    ("Ellen de Boer", [T.CARERS], [E.INFORMAL_CARE], 600),
    ("Tim Hendriks", [T.INTELLECTUAL_DISABILITY], [E.WMO, E.SHELTERED_LIVING], 700),
    ("Greet Kok", [T.ELDERLY, T.CHRONIC_ILLNESS], [E.WMO], 20),
    ("Priya Ramdin", [T.PARENTS], [E.YOUTH_CARE], 650),
    ("Bas Willems", [T.MENTAL_HEALTH], [E.MENTAL_HEALTH], 800),
    ("Ineke Peters", [T.LOW_LITERACY], [E.CLIENT_SUPPORT], 300),
    ("Daan Vos", [T.WORK_AND_INCOME], [E.DEBT, E.PARTICIPATIEWET], 900),
    ("Noor Hoekstra", [T.YOUTH, T.DISABILITY], [E.YOUTH_CARE, E.WMO], 400),
    ("Wim Dekker", [T.ELDERLY], [E.WMO], 75),
    ("Yusuf Kaya", [T.MIGRANTS], [E.PARTICIPATIEWET], 550),
    ("Linda Brouwer", [T.CHRONIC_ILLNESS], [E.WMO, E.CLIENT_SUPPORT], 1000),
    ("Jan Meijer", [T.CARERS, T.ELDERLY], [E.INFORMAL_CARE], 1200),
]

# (subject, phase, requested days ago, deadline in days, final status, days ago sent, days ago answered, outcome)
ADVIEZEN = [
    (
        "Beleidsplan sociaal domein 2027-2030",
        PolicyPhase.AGENDA_SETTING,
        10,
        25,
        AdviesStatus.REQUESTED,
        None,
        None,
        None,
    ),
    (
        "Verordening maatschappelijke ondersteuning",
        PolicyPhase.PREPARATION,
        40,
        -5,
        AdviesStatus.REQUESTED,
        None,
        None,
        None,
    ),
    ("Inkoop jeugdhulp in de regio", PolicyPhase.PREPARATION, 30, 10, AdviesStatus.IN_PREPARATION, None, None, None),
    ("Onafhankelijke cliëntondersteuning", PolicyPhase.DECISION, 60, -30, AdviesStatus.SENT, 32, None, None),
    ("Armoedebeleid en minimaregelingen", PolicyPhase.PREPARATION, 120, -90, AdviesStatus.SENT, 95, None, None),
    ("Beschut werk en re-integratie", PolicyPhase.IMPLEMENTATION, 150, -125, AdviesStatus.SENT, 128, None, None),
    (
        "Waardering van mantelzorgers",
        PolicyPhase.DECISION,
        200,
        -170,
        AdviesStatus.ANSWERED,
        172,
        130,
        Outcome.PARTLY_ADOPTED,
    ),
    ("Huishoudelijke hulp", PolicyPhase.EVALUATION, 300, -270, AdviesStatus.CLOSED, 272, 240, Outcome.ADOPTED),
    ("Vervoer op maat", PolicyPhase.DECISION, 250, -220, AdviesStatus.CLOSED, 221, 150, Outcome.NOT_ADOPTED),
    ("Woonvoorzieningen", PolicyPhase.AGENDA_SETTING, 80, -40, AdviesStatus.WITHDRAWN, None, None, None),
]

UNSOLICITED = [
    ("Bereikbaarheid van het sociaal wijkteam", 20, None, None),
    ("Brieven in eenvoudige taal", 100, 70, Outcome.ADOPTED),
]

REASONS = {
    Outcome.PARTLY_ADOPTED: "De waardering gaat omhoog, maar een vast bedrag per mantelzorger past niet in de begroting.",
    Outcome.NOT_ADOPTED: "Het college kiest voor één vervoerder in de regio; losse ritten per gemeente zijn te duur.",
}


def _email(name: str, slug: str) -> str:
    return f"{name.lower().replace(' ', '.')}@{slug}.demo"


def _at(days_ago: int) -> datetime.datetime:
    moment = timezone.localtime() - datetime.timedelta(days=days_ago)
    return moment.replace(hour=10, minute=0, second=0, microsecond=0)


def _stamp_last(advies, days_ago):
    StatusTransition.objects.filter(pk=advies.transitions.order_by("-pk").values("pk")[:1]).update(at=_at(days_ago))


def _orgaan(name, kind, gemeenten, **defaults):
    orgaan, _ = Orgaan.objects.get_or_create(name=name, defaults={"kind": kind, **defaults})
    orgaan.gemeenten.add(*gemeenten)
    return orgaan


def _member(orgaan, *, name, email, role, target_groups, experience, started_years, ends_in, user=None, reappointed=0):
    today = timezone.localdate()
    member, _ = Member.objects.get_or_create(
        orgaan=orgaan,
        email=email,
        defaults={
            "name": name,
            "role": role,
            "target_groups": list(target_groups),
            "experience": list(experience),
            "term_start": today - datetime.timedelta(days=365 * started_years),
            "term_end": today + datetime.timedelta(days=ends_in) if ends_in is not None else None,
            "reappointment_count": reappointed,
            "contact_consent": len(name) % 4 != 0 or role == R.CHAIR,
            "user": user,
        },
    )
    return member


def _requested(orgaan, gemeente, officer, chair, spec):
    subject, phase, requested_ago, deadline_in, status, sent_ago, answered_ago, outcome = spec
    today = timezone.localdate()
    if Adviesaanvraag.objects.filter(orgaan=orgaan, subject=subject).exists():
        return
    aanvraag = Adviesaanvraag(
        orgaan=orgaan,
        gemeente=gemeente,
        subject=subject,
        question=f"Wat vindt u van de plannen voor {subject.lower()}? Waar moeten wij op letten voor inwoners?",
        policy_phase=phase,
        room_for_advice=AdviceRoom.LARGE if phase == PolicyPhase.AGENDA_SETTING else AdviceRoom.LIMITED,
        requested_on=today - datetime.timedelta(days=requested_ago),
        advice_deadline=today + datetime.timedelta(days=deadline_in),
        internal_note="Intern: afstemmen met het team Wmo voor het collegevoorstel.",
    )
    advies = services.aanvraag_create(aanvraag=aanvraag, user=officer, notify=False)
    _stamp_last(advies, requested_ago)
    if status == AdviesStatus.REQUESTED:
        return
    if status == AdviesStatus.WITHDRAWN:
        services.advies_withdraw(
            advies=advies, user=officer, reason="Het onderwerp is doorgeschoven naar volgend jaar."
        )
        _stamp_last(advies, requested_ago - 20)
        return
    text = (
        f"De adviesraad heeft de stukken over {subject.lower()} besproken met inwoners die het aangaat. "
        "Wij adviseren de regels eenvoudig uit te leggen, inwoners vroeg te betrekken en na een jaar te evalueren."
    )
    advies = services.advies_draft_save(advies=advies, user=chair, text=text)
    _stamp_last(advies, requested_ago - 5)
    if status == AdviesStatus.IN_PREPARATION:
        return
    advies = services.advies_send(advies=advies, user=chair, sent_on=today - datetime.timedelta(days=sent_ago))
    _stamp_last(advies, sent_ago)
    if status == AdviesStatus.SENT:
        return
    _answer(advies, officer, answered_ago, outcome, to_council=outcome == Outcome.NOT_ADOPTED)
    if status == AdviesStatus.CLOSED:
        services.advies_close(advies=advies, user=officer)
        _stamp_last(advies, max(answered_ago - 14, 0))


def _answer(advies, officer, answered_ago, outcome, to_council=False):
    reactie = Reactie(
        answered_on=timezone.localdate() - datetime.timedelta(days=answered_ago),
        outcome=outcome,
        reasons=REASONS.get(outcome, ""),
        sent_to_gemeenteraad=to_council,
    )
    services.reactie_register(advies=advies, reactie=reactie, user=officer)
    _stamp_last(advies, answered_ago)


def _unsolicited(orgaan, gemeente, officer, chair, spec):
    subject, sent_ago, answered_ago, outcome = spec
    if Advies.objects.filter(orgaan=orgaan, subject=subject, aanvraag__isnull=True).exists():
        return
    advies = Advies(
        orgaan=orgaan,
        gemeente=gemeente,
        subject=subject,
        text=f"Uit gesprekken met inwoners blijkt dat {subject.lower()} beter kan. Wij geven u daarom ongevraagd advies.",
    )
    advies = services.advies_create_unsolicited(
        advies=advies, user=chair, sent_on=timezone.localdate() - datetime.timedelta(days=sent_ago)
    )
    _stamp_last(advies, sent_ago)
    if answered_ago is not None:
        _answer(advies, officer, answered_ago, outcome)


def _meetings(orgaan, members, slug, gemeente_name):
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    plans = [
        (
            "Vergadering adviesraad",
            MeetingKind.REGULAR,
            -21,
            ["Opening en mededelingen", "Adviesaanvraag armoedebeleid", "Rondvraag"],
            [],
        ),
        (
            "Themabijeenkomst jeugd en gezin",
            MeetingKind.THEMATIC,
            9,
            ["Welkom", "Gesprek met jongeren en ouders", "Wat nemen we mee in ons advies?"],
            [T.YOUTH, T.PARENTS],
        ),
        ("Openbare vergadering", MeetingKind.PUBLIC, 30, ["Opening", "Jaarverslag", "Vragen van inwoners"], []),
    ]
    for title, kind, days, agenda, invited in plans:
        starts = (now + datetime.timedelta(days=days)).replace(hour=19 if kind == MeetingKind.PUBLIC else 14)
        meeting = Meeting.objects.filter(orgaan=orgaan, title=title).first()
        if meeting is None:
            meeting = Meeting(
                orgaan=orgaan,
                title=title,
                kind=kind,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=2),
                location=f"Stadhuis {gemeente_name}, zaal 2",
                online_url=f"https://vergaderen.example.nl/{slug}" if kind != MeetingKind.PUBLIC else "",
                invited_target_groups=invited,
            )
            if days < 0:
                meeting.minutes = "De raad besprak de adviesaanvraag over armoedebeleid en de ervaringen van leden."
                meeting.decisions = "De secretaris schrijft een concept-advies; de raad stelt het vast per e-mail."
            services.meeting_save(meeting=meeting, agenda=agenda)
            if days < 0:
                for n, member in enumerate(members):
                    status = AttendanceStatus.PRESENT if n % 4 else AttendanceStatus.EXCUSED
                    Attendance.objects.get_or_create(meeting=meeting, member=member, defaults={"status": status})


@transaction.atomic
def seed(*, stdout) -> None:
    """Create organen, members, meetings and adviezen for the demo gemeenten."""
    for slug in DEMO_GEMEENTEN:
        gemeente = Gemeente.objects.filter(slug=slug).first()
        if gemeente is None:
            continue
        officer = User.objects.get(email=demo_email("beleid", slug))
        council_user = User.objects.get(email=demo_email("adviesraad", slug))
        raad = _orgaan(
            f"Adviesraad Sociaal Domein {gemeente.name}",
            OrgaanKind.ADVIESRAAD,
            [gemeente],
            level=Level.MUNICIPALITY,
            laws=[Law.WMO, Law.PARTICIPATIEWET, Law.JEUGDWET],
            target_groups=[T.ELDERLY, T.YOUTH, T.DISABILITY, T.WORK_AND_INCOME, T.MENTAL_HEALTH],
            mandate=(
                "Geeft het college advies over hulp en ondersteuning (Wmo, Jeugdwet en Participatiewet), "
                "ook als het college er niet om vraagt."
            ),
            response_term_value=6,
            response_term_unit=TermUnit.WEEKS,
        )
        chair = _member(
            raad,
            name=council_user.get_full_name() or "Voorzitter",
            email=council_user.email,
            role=R.CHAIR,
            target_groups=[T.CHRONIC_ILLNESS],
            experience=[E.WMO],
            started_years=5,
            ends_in=900,
            user=council_user,
            reappointed=1,
        )
        members = [chair]
        for name, role, groups, experience, years, ends_in in COUNCIL:
            members.append(
                _member(
                    raad,
                    name=name,
                    email=_email(name, slug),
                    role=role,
                    target_groups=groups,
                    experience=experience,
                    started_years=years,
                    ends_in=ends_in,
                    reappointed=1 if years >= 4 else 0,
                )
            )
        panel = _orgaan(
            f"Klantenpanel {gemeente.name}",
            OrgaanKind.KLANTENPANEL,
            [gemeente],
            level=Level.MUNICIPALITY,
            laws=[Law.WMO, Law.PARTICIPATIEWET, Law.JEUGDWET],
            target_groups=[
                T.YOUTH,
                T.ELDERLY,
                T.DISABILITY,
                T.INTELLECTUAL_DISABILITY,
                T.CARERS,
                T.WORK_AND_INCOME,
                T.MIGRANTS,
                T.GENERAL,
            ],
            mandate="Vijftien inwoners die zorg of ondersteuning krijgen, denken mee over hoe de gemeente werkt.",
            response_term_value=30,
            response_term_unit=TermUnit.DAYS,
        )
        for n, (name, groups, experience, ends_in) in enumerate(PANEL):
            _member(
                panel,
                name=name,
                email=_email(name, slug),
                role=R.CHAIR if n == 0 else R.MEMBER,
                target_groups=groups,
                experience=experience,
                started_years=1 + n % 3,
                ends_in=ends_in,
            )
        _meetings(raad, members, slug, gemeente.name)
        for spec in ADVIEZEN:
            _requested(raad, gemeente, officer, council_user, spec)
        for spec in UNSOLICITED:
            _unsolicited(raad, gemeente, officer, council_user, spec)

    regio = Regio.objects.filter(slug="oosterschelderegio").first()
    if regio is not None:
        regional = _orgaan(
            "Regionale cliëntenraad Oosterschelde",
            OrgaanKind.CLIENTENRAAD,
            list(regio.gemeenten.all()),
            level=Level.REGION,
            regio=regio,
            laws=[Law.JEUGDWET, Law.WMO],
            target_groups=[T.YOUTH, T.PARENTS, T.DISABILITY],
            mandate="Geeft de gemeenten in de regio advies over hoe zij samen jeugdhulp en beschermd wonen inkopen.",
            response_term_value=8,
            response_term_unit=TermUnit.WEEKS,
        )
        for name, groups, experience, ends_in in PANEL[:5]:
            _member(
                regional,
                name=name,
                email=_email(name, "oosterschelde"),
                role=R.MEMBER,
                target_groups=groups,
                experience=experience,
                started_years=1,
                ends_in=ends_in + 200,
            )
    stdout.write("Panels: adviesraden, klantenpanels, bijeenkomsten en adviezen staan klaar.")
