"""Writes of the pilot round (proefronde): start it or change who tests, and mark testers' comments handled."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import SurveyStatus
from ..models import PilotComment, Survey, SurveyPilot


@transaction.atomic
def pilot_save(*, survey: Survey, user, orgaan=None, testers=(), open_to_link: bool = False) -> SurveyPilot:
    """Open a draft survey as a pilot round with its own link, or change with whom it is shared."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.CONCEPT:
        raise ValidationError(_("Only a draft survey can have a pilot round. Publishing ended it."))
    if orgaan is not None and not orgaan.gemeenten.filter(pk=survey.gemeente_id).exists():
        raise ValidationError(_("This orgaan does not serve the survey's gemeente."))
    pilot, _created = SurveyPilot.objects.get_or_create(
        survey=survey, defaults={"started_by": user, "started_at": timezone.now()}
    )
    pilot.orgaan = orgaan
    pilot.open_to_link = open_to_link
    pilot.save(update_fields=["orgaan", "open_to_link"])
    pilot.testers.set(testers)
    return pilot


@transaction.atomic
def pilot_comment_handle(*, comment: PilotComment, user, handled: bool = True, now=None) -> PilotComment:
    """Mark a tester's comment as handled (afgehandeld), or open it again."""
    comment = PilotComment.objects.select_for_update().get(pk=comment.pk)
    comment.handled_at = (now or timezone.now()) if handled else None
    comment.handled_by = user if handled else None
    comment.save(update_fields=["handled_at", "handled_by"])
    return comment
