"""Spreadsheet exports of the activities app: the register, reach overviews and journey maps.

Small cells stay empty in every export, as on the pages (participatie.small_cells).
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

import tablib
from import_export import fields

from participatie.exports.resources import ExportResource

from .models import Activity


class ActivityResource(ExportResource):
    """The activity register: one row per activity with kind, method, topic, laws, dates, who ran it, links."""

    place = fields.Field(column_name=_("Gemeente or region"))
    kind = fields.Field(attribute="get_kind_display", column_name=_("Kind"))
    method = fields.Field(attribute="get_method_display", column_name=_("Method"))
    laws = fields.Field(column_name=_("Laws"))
    run_by = fields.Field(attribute="get_run_by_display", column_name=_("Run by"))
    traject_step = fields.Field(column_name=_("Step of the traject"))
    orgaan = fields.Field(attribute="orgaan__name", column_name=_("Council or panel"))

    class Meta:
        model = Activity
        fields = (
            "id",
            "place",
            "title",
            "kind",
            "method",
            "topic",
            "laws",
            "starts_on",
            "ends_on",
            "run_by",
            "run_by_name",
            "traject_step",
            "orgaan",
        )
        export_order = fields

    def dehydrate_place(self, activity):
        return str(activity.place)

    def dehydrate_laws(self, activity):
        return ", ".join(activity.get_laws_display())

    def dehydrate_traject_step(self, activity):
        return str(activity.traject_step) if activity.traject_step_id else None


def reach_datasets(overviews) -> list[tablib.Dataset]:
    """Reach per gemeente and doelgroep (one sheet), and per survey respondent group (another)."""
    reach = tablib.Dataset(
        headers=[
            gettext("Gemeente"),
            gettext("From"),
            gettext("Until"),
            gettext("Target group"),
            gettext("Times reached"),
            gettext("Kinds"),
            gettext("Planned via activities"),
            gettext("Reached via activities"),
            gettext("Survey respondents"),
            gettext("Council and panel members"),
            gettext("Total"),
            gettext("Population"),
            gettext("Participation rate"),
            gettext("Representation score"),
        ],
        title=gettext("Reach"),
    )
    surveys = tablib.Dataset(
        headers=[
            gettext("Gemeente"),
            gettext("Questionnaire"),
            gettext("Respondent group"),
            gettext("Target group"),
            gettext("Respondents"),
        ],
        title=gettext("Questionnaires"),
    )
    for overview in overviews:
        score = None if overview.score is None else round(overview.score, 3)
        for line in overview.lines:
            via, respondents, members = line.shown
            reach.append(
                [
                    overview.gemeente.name,
                    overview.start,
                    overview.end,
                    str(line.label),
                    line.occasions,
                    ", ".join(str(k) for k in line.kind_labels),
                    line.planned,
                    via,
                    respondents,
                    members,
                    line.shown_total,
                    line.population,
                    None if line.rate is None else round(line.rate, 4),
                    score,
                ]
            )
        for survey in overview.survey_lines:
            surveys.append(
                [overview.gemeente.name, survey.title, survey.group, str(survey.target_group_label), survey.shown]
            )
    return [reach, surveys]


def journey_map_datasets(journey_map) -> list[tablib.Dataset]:
    """The journey map: n and mean per phase x aspect (empty where too few), and the quotes per phase."""
    cells = tablib.Dataset(
        headers=[
            gettext("Phase"),
            gettext("Aspect"),
            gettext("Number of ratings"),
            gettext("Not applicable"),
            gettext("Average (1-5)"),
        ],
        title=gettext("Journey map"),
    )
    for phase, row in journey_map.rows:
        for aspect, cell in zip(journey_map.aspects, row, strict=True):
            cells.append([phase.name, aspect.name, cell.n, cell.not_applicable, cell.shown_mean])
    quotes = tablib.Dataset(
        headers=[gettext("Phase"), gettext("Quote"), gettext("Average of this interview")], title=gettext("Quotes")
    )
    for phase, phase_quotes in journey_map.quote_sections:
        for quote in phase_quotes:
            quotes.append([phase.name, quote.text, None if quote.mean is None else round(quote.mean, 1)])
    return [cells, quotes]
