"""Spreadsheet exports of the surveys app (through participatie.exports)."""

from django.utils.translation import gettext_lazy as _

from import_export import fields

from participatie.exports.resources import ExportResource

from .models import Survey


class SurveyOverviewResource(ExportResource):
    """Surveys (vragenlijsten) with status, dates and response counts; no answers, no personal data."""

    gemeente = fields.Field(attribute="gemeente__name", column_name=_("Gemeente"))
    status = fields.Field(attribute="get_status_display", column_name=_("Status"))
    method = fields.Field(attribute="get_method_kind_display", column_name=_("Method"))
    target = fields.Field(attribute="get_target_group_display", column_name=_("Target group"))
    started = fields.Field(attribute="started_count", column_name=_("Responses started"))
    sent = fields.Field(attribute="response_count", column_name=_("Responses sent"))
    questions = fields.Field(attribute="question_count", column_name=_("Questions"))

    class Meta:
        model = Survey
        fields = (
            "gemeente",
            "title",
            "status",
            "method",
            "target",
            "opens_at",
            "closes_at",
            "opened_at",
            "closed_at",
            "is_anonymous",
            "is_public",
            "terugkoppeling_date",
            "questions",
            "started",
            "sent",
        )
        export_order = fields
