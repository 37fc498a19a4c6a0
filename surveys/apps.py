from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _nav_visible(user) -> bool:
    from .permissions import can_view_surveys

    return can_view_surveys(user)


def _dashboard_context(user) -> dict | None:
    """Officer: running surveys with response counts and drafts; coordinator: running surveys."""
    from participatie.constants import STAFF_ROLES, Role
    from participatie.permissions import has_role_anywhere

    from .builder.selectors import survey_list_concept_for_user, survey_list_running_for_user

    if not has_role_anywhere(user, *STAFF_ROLES):
        return None
    is_officer = has_role_anywhere(user, Role.POLICY_OFFICER)
    return {
        "running": list(survey_list_running_for_user(user=user)[:20]),
        "concepts": list(survey_list_concept_for_user(user=user)[:10]) if is_officer else [],
        "is_officer": is_officer,
    }


def _public_context(gemeente) -> dict | None:
    """Open public surveys of the gemeente, each with its public link; hidden when there are none."""
    from .builder.selectors import survey_list_public_listed
    from .builder.views import respond_url

    surveys = [(survey, respond_url(survey)) for survey in survey_list_public_listed(gemeente=gemeente)]
    if not surveys:
        return None
    return {"surveys": surveys, "gemeente": gemeente}


def _public_results_context(gemeente) -> dict | None:
    """The gemeente's published results summaries; hidden when there are none."""
    from .results.selectors import result_summary_list_public

    summaries = list(result_summary_list_public(gemeente=gemeente)[:10])
    return {"summaries": summaries} if summaries else None


def _results_dashboard_context(user) -> dict | None:
    """Published results summaries of the user's gemeenten (adviesraad members see them here)."""
    from .permissions import can_read_summaries
    from .results.selectors import result_summary_list_for_user

    if not can_read_summaries(user):
        return None
    summaries = list(result_summary_list_for_user(user=user)[:5])
    return {"summaries": summaries} if summaries else None


def _pilot_dashboard_context(user) -> dict | None:
    """Pilot rounds the user is asked to test (adviesraad members and named testers see them here)."""
    from django.urls import reverse

    from .selectors import pilot_list_for_tester

    pilots = [
        (pilot, reverse("surveys:pilot_start", kwargs={"token": pilot.token}))
        for pilot in pilot_list_for_tester(user=user)[:10]
    ]
    return {"pilots": pilots} if pilots else None


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from django.db.models.signals import post_migrate

        from participatie.exports.registry import ExportDefinition, register_export
        from participatie.registry import (
            DashboardPanel,
            NavItem,
            PublicSection,
            register_dashboard_panel,
            register_nav_item,
            register_public_section,
        )

        from .builder.selectors import survey_list_for_export
        from .resources import SurveyOverviewResource

        register_nav_item(
            NavItem(key="surveys", label=_("Surveys"), url_name="surveys:survey_list", visible=_nav_visible, order=20)
        )
        register_dashboard_panel(
            DashboardPanel(
                key="surveys",
                template_name="surveys/dashboard_panel.html",
                get_context=_dashboard_context,
                order=20,
            )
        )
        register_public_section(
            PublicSection(
                key="surveys",
                template_name="surveys/public_section.html",
                get_context=_public_context,
                order=10,
                lead=_("Here you find the questionnaires you can fill in now."),
            )
        )
        register_public_section(
            PublicSection(
                key="survey_results",
                template_name="surveys/results/public_section.html",
                get_context=_public_results_context,
                order=11,
                lead=_("Here you read what came out of earlier questionnaires."),
            )
        )
        register_dashboard_panel(
            DashboardPanel(
                key="survey_results",
                template_name="surveys/results/dashboard_panel.html",
                get_context=_results_dashboard_context,
                order=21,
            )
        )
        register_dashboard_panel(
            DashboardPanel(
                key="survey_pilots",
                template_name="surveys/fieldwork/pilot_dashboard_panel.html",
                get_context=_pilot_dashboard_context,
                order=22,
            )
        )
        register_export(
            ExportDefinition(
                key="surveys.surveys",
                app_label="surveys",
                title=_("Surveys"),
                description=_("Every survey with its status, dates and number of started and sent responses."),
                resource_class=SurveyOverviewResource,
                get_queryset=lambda *, user, gemeenten: survey_list_for_export(user=user, gemeenten=gemeenten),
            )
        )
        register_export(
            ExportDefinition(
                key="surveys.answers",
                app_label="surveys",
                title=_("Answer files of surveys"),
                description=_(
                    "Per survey: one row per response, one column per question, with a codebook. As Excel, CSV or SPSS."
                ),
                resource_class=None,
                get_queryset=None,
                page_url_name="surveys:answer_export_surveys",
                order=110,
            )
        )
        post_migrate.connect(_counters_ensure, sender=self, dispatch_uid="surveys.counters_ensure")


def _counters_ensure(*, using, **kwargs):
    """After every migrate: the response counters' triggers exist (SQLite drops them when it rebuilds a table)."""
    from django.db import connections

    from .counters import counters_ensure

    counters_ensure(connection=connections[using])
