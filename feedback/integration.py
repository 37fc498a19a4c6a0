"""Where the feedback register meets the other apps (panels, surveys, activities).

The register stands alone; this module is the one place that knows the other apps' models.
It imports them lazily, so feedback works whether or not they are there yet:

- ``inbreng_register_for_advies(advies=)``: panels calls it where an advies is sent;
  promised date = the advies' answer deadline, recipients = the orgaan's members who consented.
- ``inbreng_register_for_survey(survey=)``: surveys calls it where a survey closes;
  one inbreng for its outcome, recipients = the opted-in respondents, whose addresses are
  deleted once the final terugkoppeling went out.
- ``inbreng_register_for_activity(activity=)``: activities calls it for a finished activity;
  one inbreng per activity for an anonymous group of participants.
- ``source_links(inbreng=)``: the inbreng page links to what its source published (a survey's summary).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.constants import STAFF_ROLES, Role
from participatie.permissions import has_role
from participatie.selectors import scope_to_user

from .constants import Channel, ContributorKind, SourceKind
from .registry import Recipient, RecipientSource, SignalConverter, register_recipient_source, register_signal_converter


@dataclass(frozen=True)
class ExtraFilter:
    """A filter of the officer's list on a linked source (an orgaan, a survey)."""

    name: str
    label: Any
    queryset: Any
    lookup: Any  # value -> dict of queryset filters on Inbreng


@dataclass(frozen=True)
class SourceLink:
    """A link from an inbreng to what its source published (e.g. a survey's results summary)."""

    label: Any
    url: str


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def list_extra_filters(*, user) -> list[ExtraFilter]:
    """Filters of the officer's list on orgaan and survey, when those apps provide the models."""
    filters = []
    Orgaan, Advies = _model("panels.Orgaan"), _model("panels.Advies")
    if Orgaan is not None and Advies is not None:

        def orgaan_lookup(orgaan):
            return {
                "source_content_type": ContentType.objects.get_for_model(Advies),
                "source_object_id__in": Advies.objects.filter(orgaan=orgaan).values("pk"),
            }

        organen = scope_to_user(Orgaan.objects.all(), user=user, path="gemeenten", roles=STAFF_ROLES, many=True)
        filters.append(ExtraFilter("orgaan", _("Council or panel"), organen.order_by("name"), orgaan_lookup))
    Survey = _model("surveys.Survey")
    if Survey is not None:

        def survey_lookup(survey):
            return {"source_content_type": ContentType.objects.get_for_model(Survey), "source_object_id": survey.pk}

        surveys = scope_to_user(Survey.objects.all(), user=user, roles=STAFF_ROLES)
        filters.append(ExtraFilter("survey", _("Questionnaire"), surveys.order_by("-pk"), survey_lookup))
    return filters


# Recipients -------------------------------------------------------------------------------------


def advies_recipients(advies) -> list[Recipient]:
    """The orgaan's current members who agreed to be contacted (leden met toestemming)."""
    today = timezone.localdate()
    members = advies.orgaan.members.filter(contact_consent=True, term_start__lte=today).exclude(term_end__lt=today)
    return [Recipient(email=m.email, label=m.name) for m in members.only("name", "email")]


def survey_recipients(survey) -> list[Recipient]:
    """Respondents who left an e-mail address to hear back (kept apart from their answers)."""
    return [
        Recipient(email=email, label=str(_("respondent")), forget_after_send=True)
        for email in survey.terugkoppeling_emails.values_list("email", flat=True)
    ]


def survey_recipients_forget(survey) -> None:
    """Delete the opted-in addresses once the terugkoppeling went out."""
    from surveys.services import terugkoppeling_email_delete_for_survey

    terugkoppeling_email_delete_for_survey(survey=survey)


def _adviesaanvraag_form_class():
    """The form that turns a signaal into an adviesaanvraag: which orgaan, which phase, by when."""
    from django import forms
    from django.db.models import Q

    from crispy_forms.helper import FormHelper
    from crispy_forms.layout import Layout, Submit

    from panels.constants import PolicyPhase
    from panels.models import Orgaan
    from participatie.forms import PortalForm

    from .forms import DATE_ERROR, DateInput

    class AdviesaanvraagFromSignalForm(PortalForm):
        orgaan = forms.ModelChoiceField(label=_("Council or panel"), queryset=Orgaan.objects.none(), empty_label=None)
        subject = forms.CharField(label=_("Subject"), max_length=200)
        question = forms.CharField(label=_("Question to the council"), widget=forms.Textarea(attrs={"rows": 5}))
        policy_phase = forms.ChoiceField(label=_("Policy phase"), choices=PolicyPhase.choices)
        advice_deadline = forms.DateField(
            label=_("Advice wanted by"), widget=DateInput(), error_messages={"invalid": DATE_ERROR}
        )

        def __init__(self, *args, inbreng, user, **kwargs):
            super().__init__(*args, **kwargs)
            today = timezone.localdate()
            self.fields["orgaan"].queryset = (
                Orgaan.objects.filter(Q(gemeenten=inbreng.gemeente) | Q(regio__gemeenten=inbreng.gemeente))
                .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=today))
                .distinct()
                .order_by("name")
            )
            self.fields["orgaan"].error_messages["invalid_choice"] = _("Choose a council or panel of this gemeente.")
            self.fields["subject"].initial = inbreng.title
            self.fields["question"].initial = inbreng.summary
            self.fields["advice_deadline"].initial = today + datetime.timedelta(days=42)
            self.helper = FormHelper()
            self.helper.layout = Layout(
                "orgaan",
                "subject",
                "question",
                "policy_phase",
                "advice_deadline",
                Submit("submit", _("Ask for advice")),
            )

        def clean_advice_deadline(self):
            deadline = self.cleaned_data["advice_deadline"]
            if deadline < timezone.localdate():
                raise forms.ValidationError(_("The deadline cannot be in the past."))
            return deadline

    return AdviesaanvraagFromSignalForm


def adviesaanvraag_from_signal(*, inbreng, user, data):
    """Create the adviesaanvraag through panels' own service; returns it."""
    from panels.models import Adviesaanvraag
    from panels.services import aanvraag_create

    aanvraag = Adviesaanvraag(
        orgaan=data["orgaan"],
        gemeente=inbreng.gemeente,
        subject=data["subject"],
        question=data["question"],
        policy_phase=data["policy_phase"],
        advice_deadline=data["advice_deadline"],
        requested_on=timezone.localdate(),
    )
    aanvraag_create(aanvraag=aanvraag, user=user)
    return aanvraag


class _LazyFormClass:
    """Builds the panels form on first use, after every app is loaded."""

    def __call__(self, *args, **kwargs):
        return _adviesaanvraag_form_class()(*args, **kwargs)


def connect() -> None:
    """Register recipients and the signal conversion for the other apps' models (called from ready())."""
    register_recipient_source(RecipientSource("panels.advies", advies_recipients))
    register_recipient_source(RecipientSource("surveys.survey", survey_recipients, survey_recipients_forget))
    if _model("panels.Adviesaanvraag") is not None:
        register_signal_converter(
            SignalConverter(_("Request for advice"), _LazyFormClass(), adviesaanvraag_from_signal)
        )


# Registration from the other apps' services -----------------------------------------------------------


def _officer_or_none(user, gemeente):
    if user is not None and user.is_active and has_role(user, gemeente, Role.POLICY_OFFICER):
        return user
    return None


def inbreng_register_for_advies(*, advies, user=None):
    """Register the inbreng an advies is owed (called where panels sends an advies); once per advies."""
    from .services import inbreng_register_for_source

    aanvraag = advies.aanvraag if advies.aanvraag_id else None
    officer = _officer_or_none(aanvraag.requested_by if aanvraag else None, advies.gemeente) or _officer_or_none(
        user, advies.gemeente
    )
    inbreng, _created = inbreng_register_for_source(
        source=advies,
        gemeente=advies.gemeente,
        source_kind=SourceKind.ADVIES,
        title=advies.subject,
        summary=(advies.text or advies.subject)[:5000],
        received_on=advies.sent_on,
        promised_on=advies.answer_deadline,
        contributor_kind=ContributorKind.ORGAAN,
        contributor_description=advies.orgaan.name,
        officer=officer,
        promised_channel=Channel.EMAIL,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    return inbreng


def terugkoppeling_from_reactie(*, reactie, user=None):
    """Record the college's reactie on an advies as its terugkoppeling (called where panels registers it).

    The consenting members of the orgaan get the e-mail; a second call changes nothing.
    """
    from .constants import FINAL_OUTCOMES
    from .services import terugkoppeling_give

    inbreng = inbreng_register_for_advies(advies=reactie.advies, user=user)
    if inbreng.terugkoppelingen.filter(outcome__in=FINAL_OUTCOMES).exists():
        return None
    outcome = {"deels-overgenomen": "deels"}.get(reactie.outcome, reactie.outcome)
    return terugkoppeling_give(
        inbreng=inbreng,
        author=user if user is not None and user.is_authenticated else None,
        outcome=outcome,
        what_was_done=str(_("The college answered the advice: %(outcome)s."))
        % {"outcome": reactie.get_outcome_display()},
        reasons=reactie.reasons,
        given_on=reactie.answered_on,
        channel=Channel.EMAIL,
    )


def inbreng_register_for_survey(*, survey, user=None):
    """Register one inbreng for a closed survey's outcome (called where surveys closes a survey); once."""
    from .services import inbreng_register_for_source

    closed_on = timezone.localdate(survey.closed_at) if survey.closed_at else timezone.localdate()
    # The date promised to respondents in the survey itself, or else the gemeente's default term.
    promised_on = survey.terugkoppeling_date
    if promised_on is None or promised_on < closed_on:
        promised_on = closed_on + datetime.timedelta(days=survey.gemeente.feedback_term_days)
    has_optins = survey.terugkoppeling_emails.exists()
    inbreng, _created = inbreng_register_for_source(
        source=survey,
        gemeente=survey.gemeente,
        source_kind=SourceKind.SURVEY,
        title=str(_("Outcome of “%(title)s”")) % {"title": survey.title},
        summary=survey.terugkoppeling_text or survey.title,
        received_on=closed_on,
        promised_on=promised_on,
        contributor_kind=ContributorKind.RESPONDENTS if has_optins else ContributorKind.ANONYMOUS_GROUP,
        contributor_description=str(_("Respondents of the questionnaire")),
        # Closed by hand: whoever closed it; closed on its own at the end date: whoever built it.
        officer=_officer_or_none(user, survey.gemeente) or _officer_or_none(survey.created_by, survey.gemeente),
        promised_channel=Channel.EMAIL if has_optins else Channel.WEBSITE,
        created_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
    )
    return inbreng


def inbreng_register_for_activity(*, activity, promised_on=None, summary="", user=None):
    """Register the inbreng of a finished participation activity (called where activities registers it); once.

    The participants are an anonymous group (the activity keeps counts, never names); the promised date is the
    one the gemeente gave them, or else its default term after the activity's last day.
    """
    from .services import inbreng_register_for_source

    source_kind = {"dialoogtafel": SourceKind.DIALOGUE_TABLE, "storytelling": SourceKind.STORY}.get(
        activity.method, SourceKind.ACTIVITY
    )
    inbreng, _created = inbreng_register_for_source(
        source=activity,
        gemeente=activity.gemeente,
        source_kind=source_kind,
        title=activity.title,
        summary=(summary or activity.description or activity.title)[:5000],
        received_on=activity.last_day,
        promised_on=promised_on,
        contributor_kind=ContributorKind.ANONYMOUS_GROUP,
        contributor_description=str(_("Participants of “%(title)s”")) % {"title": activity.title},
        officer=_officer_or_none(user, activity.gemeente),
        promised_channel=Channel.MEETING,
        created_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
    )
    return inbreng


def terugkoppeling_from_survey_summary(*, survey, user, text: str, url: str):
    """Record a survey's published results summary as the terugkoppeling to its respondents.

    Called where surveys publishes the summary. The opted-in respondents get the e-mail through the usual
    flow; where the inbreng already has its final terugkoppeling, nothing more is sent.
    """
    from .constants import FINAL_OUTCOMES, Outcome
    from .services import terugkoppeling_give

    inbreng = inbreng_register_for_survey(survey=survey, user=user)
    if inbreng.terugkoppelingen.filter(outcome__in=FINAL_OUTCOMES).exists():
        return None
    what_was_done = str(_("The results are published: %(url)s")) % {"url": url}
    return terugkoppeling_give(
        inbreng=inbreng,
        author=user if user is not None and user.is_authenticated else None,
        outcome=Outcome.ADOPTED,
        what_was_done=f"{text}\n\n{what_was_done}",
        given_on=max(timezone.localdate(), inbreng.received_on),
        channel=Channel.EMAIL if survey.terugkoppeling_emails.exists() else Channel.WEBSITE,
        public_summary=text,
        is_published=True,
    )


def source_links(*, inbreng) -> list[SourceLink]:
    """Links from an inbreng to what its source published: for a survey, its published results summary."""
    Survey, ResultSummary = _model("surveys.Survey"), _model("surveys.ResultSummary")
    if Survey is None or ResultSummary is None or inbreng.source_object_id is None:
        return []
    if inbreng.source_content_type_id != ContentType.objects.get_for_model(Survey).pk:
        return []
    summary = (
        ResultSummary.objects.filter(survey_id=inbreng.source_object_id, published_at__isnull=False)
        .select_related("survey")
        .first()
    )
    if summary is None:
        return []
    url = reverse("surveys:summary_public", args=[summary.survey.public_token])
    return [SourceLink(_("Published summary of the results"), url)]
