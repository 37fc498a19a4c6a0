"""Reads of the fieldwork: question numbers as on paper, the route for the entry screen, entry access."""

from django.db.models import QuerySet

from participatie.constants import ALL_ROLES
from participatie.permissions import has_role_anywhere

from ..constants import LogicOperator, SurveyStatus
from ..logic import SurveyStructure
from ..models import EntryAssignment, Survey


def question_numbers(*, structure: SurveyStructure) -> dict[int, int]:
    """Each question's number on paper (1, 2, 3 ... through all sections), by question id."""
    numbers = {}
    for section in structure.sections:
        for question in structure.questions_of(section):
            numbers[question.pk] = len(numbers) + 1
    return numbers


def _rule_data(rule) -> dict:
    return {
        "source": rule.source_question_id,
        "in": rule.operator == LogicOperator.IS_ONE_OF,
        "options": sorted(rule.option_ids),
    }


def route_for_entry_screen(*, structure: SurveyStructure) -> dict:
    """The skip logic as data for the entry screen's script, in survey order (the server decides anyway)."""
    return {
        "sections": [
            {
                "id": section.pk,
                "rules": [_rule_data(rule) for rule in structure.rules_by_section.get(section.pk, ())],
                "questions": [
                    {"id": question.pk, "rules": [_rule_data(rule) for rule in question.rule_list]}
                    for question in structure.questions_of(section)
                ],
            }
            for section in structure.sections
        ]
    }


def entry_assignment_list_for_survey(*, survey: Survey) -> QuerySet[EntryAssignment]:
    """The entry-only accounts (invoerders) of a survey, by e-mail address."""
    return EntryAssignment.objects.filter(survey=survey).select_related("user", "granted_by").order_by("user__email")


def survey_list_for_entry_home(*, user) -> QuerySet[Survey]:
    """The surveys an entry-only account was given (invoer), open or closed, newest first."""
    return (
        Survey.objects.filter(entry_assignments__user=user)
        .exclude(status=SurveyStatus.CONCEPT)
        .select_related("gemeente")
        .order_by("-created_at", "-id")
    )


def user_is_entry_only(user) -> bool:
    """A data-entry account (invoerder): entry access to one or more surveys and no role in any gemeente.

    Such an account sees only the entry and interview pages of its surveys (``EntryOnlyMiddleware``).
    """
    if not user.is_authenticated or user.is_staff or user.is_superuser:
        return False
    cached = getattr(user, "_is_entry_only", None)
    if cached is None:
        cached = not has_role_anywhere(user, *ALL_ROLES) and EntryAssignment.objects.filter(user=user).exists()
        user._is_entry_only = cached
    return cached
