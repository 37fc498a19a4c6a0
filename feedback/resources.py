"""Spreadsheet export of the register (inbreng with its terugkoppeling)."""

from django.utils.translation import gettext_lazy as _

from import_export import fields

from participatie.exports.resources import ExportResource

from .constants import Channel, Outcome, SignalChannel, Status
from .models import Inbreng


def _label(choices, value):
    return choices(value).label if value else None


class InbrengResource(ExportResource):
    """The register: one row per inbreng with source, owner, promised date, derived status and outcome."""

    gemeente = fields.Field(attribute="gemeente__name", column_name=_("Gemeente"))
    source = fields.Field(attribute="get_source_kind_display", column_name=_("Source"))
    signal_channel = fields.Field(column_name=_("Where the signal was picked up"))
    contributor = fields.Field(attribute="get_contributor_kind_display", column_name=_("Given by"))
    officer = fields.Field(column_name=_("Responsible officer"))
    promised_channel = fields.Field(attribute="get_promised_channel_display", column_name=_("Feedback promised via"))
    status = fields.Field(column_name=_("Status"))
    outcome = fields.Field(column_name=_("Outcome"))
    answered_on = fields.Field(attribute="answered_on", column_name=_("Feedback given on"))
    answered_via = fields.Field(column_name=_("Feedback given via"))

    class Meta:
        model = Inbreng
        fields = (
            "id",
            "gemeente",
            "title",
            "source",
            "signal_channel",
            "contributor",
            "contributor_description",
            "received_on",
            "officer",
            "promised_on",
            "promised_channel",
            "status",
            "outcome",
            "answered_on",
            "answered_via",
        )
        export_order = fields

    def dehydrate_signal_channel(self, inbreng):
        return _label(SignalChannel, inbreng.signal_channel)

    def dehydrate_officer(self, inbreng):
        return str(inbreng.officer) if inbreng.officer_id else None

    def dehydrate_status(self, inbreng):
        return Status(inbreng.status).label

    def dehydrate_outcome(self, inbreng):
        return _label(Outcome, getattr(inbreng, "final_outcome", None))

    def dehydrate_answered_via(self, inbreng):
        return _label(Channel, getattr(inbreng, "final_channel", None))
