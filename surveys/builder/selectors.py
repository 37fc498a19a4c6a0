"""Reads of the survey builder (vragenlijsten bouwen), scoped to the user's gemeenten once, here."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from participatie.constants import STAFF_ROLES, Role
from participatie.selectors import gemeente_list_for_user, scope_to_user

from ..constants import SurveyStatus
from ..models import LogicRule, Option, Question, Section, Survey, SurveyResponseCounter


def _count(queryset) -> Coalesce:
    counted = queryset.filter(survey=OuterRef("pk")).order_by().values("survey").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _counter_sum(column: str) -> Coalesce:
    summed = (
        SurveyResponseCounter.objects.filter(survey=OuterRef("pk"))
        .order_by()
        .values("survey")
        .annotate(n=Sum(column))
        .values("n")
    )
    return Coalesce(Subquery(summed, output_field=IntegerField()), 0)


def _with_counts(queryset: QuerySet[Survey]) -> QuerySet[Survey]:
    """Add sent, started and question counts as subqueries (no row multiplication); pilot responses never count.

    The response counts are read from the survey's counters (``surveys/counters.py``): a few rows per survey,
    however many responses it has.
    """
    return queryset.annotate(
        response_count=_counter_sum("complete"),
        started_count=_counter_sum("started"),
        question_count=_count(Question.objects.all()),
    )


def survey_list_for_user(*, user, status: str | None = None) -> QuerySet[Survey]:
    """Surveys (vragenlijsten) of the gemeenten where the user is officer or coordinator, with counts."""
    queryset = scope_to_user(Survey.objects.select_related("gemeente"), user=user, roles=STAFF_ROLES)
    if status:
        queryset = queryset.filter(status=status)
    return _with_counts(queryset).order_by("gemeente__name", "-created_at", "-id")


def survey_get_for_user(*, user, pk: int, roles=STAFF_ROLES) -> Survey:
    """One survey of a gemeente where the user holds one of ``roles`` (by default: officer or coordinator,
    who may read it); DoesNotExist otherwise."""
    return _with_counts(scope_to_user(Survey.objects.select_related("gemeente"), user=user, roles=roles)).get(pk=pk)


def gemeente_list_for_survey_editing(*, user):
    """The gemeenten where the user may build surveys (beleidsambtenaar)."""
    return gemeente_list_for_user(user=user, roles=(Role.POLICY_OFFICER,)).order_by("name")


def survey_section_list(*, survey: Survey) -> list[Section]:
    """The sections of a survey with their questions, options, statements and rules, in a fixed number of queries."""
    rules = LogicRule.objects.select_related("source_question").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("position", "id"))
    )
    questions = Question.objects.order_by("position", "id").prefetch_related(
        Prefetch("options", queryset=Option.objects.order_by("position", "id")),
        "statements",
        Prefetch("logic_rules", queryset=rules),
        Prefetch("dependent_rules", queryset=LogicRule.objects.only("id", "source_question_id")),
    )
    return list(
        Section.objects.filter(survey=survey)
        .order_by("position", "id")
        .prefetch_related(Prefetch("questions", queryset=questions), Prefetch("logic_rules", queryset=rules))
    )


def section_get(*, survey: Survey, pk: int) -> Section:
    """A section of this survey (a section id of another survey raises DoesNotExist)."""
    return Section.objects.select_related("survey").get(survey=survey, pk=pk)


def question_get(*, survey: Survey, pk: int) -> Question:
    """A question of this survey (a question id of another survey raises DoesNotExist)."""
    return Question.objects.select_related("section", "survey").get(survey=survey, pk=pk)


def logic_rule_get(*, survey: Survey, pk: int) -> LogicRule:
    """A skip-logic rule of this survey (another survey's rule raises DoesNotExist)."""
    return LogicRule.objects.select_related("source_question").get(source_question__survey=survey, pk=pk)


def question_list_logic_sources(*, survey: Survey, before_question: Question | None = None, before_section=None):
    """Choice questions that come before a question or section: what a skip-logic rule may depend on."""
    from ..constants import CHOICE_TYPES

    questions = list(
        Question.objects.filter(survey=survey, question_type__in=CHOICE_TYPES)
        .select_related("section")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "id")))
        .order_by("section__position", "section_id", "position", "id")
    )
    if before_question is not None:
        target = question_order_key(before_question)
        return [q for q in questions if question_order_key(q) < target]
    if before_section is not None:
        target = (before_section.position, before_section.pk)
        return [q for q in questions if (q.section.position, q.section_id) < target]
    return questions


def question_order_key(question: Question) -> tuple:
    """Where a question stands in the survey: (section position, section id, position, id)."""
    return (question.section.position, question.section_id, question.position, question.pk)


def survey_list_running_for_user(*, user, roles=STAFF_ROLES, now=None) -> QuerySet[Survey]:
    """Open surveys of the user's gemeenten with response counts, for the dashboard."""
    queryset = scope_to_user(Survey.objects.select_related("gemeente"), user=user, roles=roles)
    return _with_counts(queryset.filter(status=SurveyStatus.OPEN)).order_by("closes_at", "title")


def survey_list_concept_for_user(*, user) -> QuerySet[Survey]:
    """Draft surveys of the gemeenten where the user is beleidsambtenaar, for the dashboard."""
    queryset = scope_to_user(Survey.objects.select_related("gemeente"), user=user, roles=(Role.POLICY_OFFICER,))
    return queryset.filter(status=SurveyStatus.CONCEPT).order_by("-updated_at", "-id")


def survey_list_public_listed(*, gemeente, now=None) -> QuerySet[Survey]:
    """Open surveys a gemeente lists on its public page (no personal data)."""
    now = now or timezone.now()
    return (
        Survey.objects.filter(gemeente=gemeente, status=SurveyStatus.OPEN, is_public=True)
        .exclude(opens_at__gt=now)
        .exclude(closes_at__lte=now)
        .order_by("closes_at", "title")
    )


def survey_list_for_export(*, user, gemeenten) -> QuerySet[Survey]:
    """Surveys of the chosen gemeenten with status, dates and response counts, for the export page."""
    queryset = scope_to_user(Survey.objects.select_related("gemeente"), user=user, roles=STAFF_ROLES)
    return _with_counts(queryset.filter(gemeente__in=gemeenten)).order_by("gemeente__name", "-created_at", "-id")
