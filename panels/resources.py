"""Import-export resources of the panels app: members (import and export) and adviezen (export)."""

import datetime

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from import_export import fields, widgets

from participatie.constants import TargetGroup
from participatie.exports.resources import ExportResource

from .constants import Experience, MemberRole
from .models import Advies, Member


class ChoiceListWidget(widgets.Widget):
    """A list of choices in one cell, separated by commas; accepts codes and (Dutch) labels."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return []
        lookup = {code.lower(): code for code in self.choices.values}
        lookup.update({str(label).lower(): code for code, label in self.choices.choices})
        result, unknown = [], []
        for part in str(value).replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            code = lookup.get(part.lower())
            if code is None:
                unknown.append(part)
            elif code not in result:
                result.append(code)
        if unknown:
            raise ValueError(
                gettext("Unknown value(s): %(values)s. Allowed: %(allowed)s.")
                % {"values": ", ".join(unknown), "allowed": ", ".join(self.choices.values)}
            )
        return result

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


class ChoiceWidget(widgets.Widget):
    """One choice in a cell; accepts the code or the (Dutch) label."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            raise ValueError(gettext("This value is required."))
        lookup = {code.lower(): code for code in self.choices.values}
        lookup.update({str(label).lower(): code for code, label in self.choices.choices})
        code = lookup.get(str(value).strip().lower())
        if code is None:
            raise ValueError(
                gettext("Unknown value “%(value)s”. Allowed: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(self.choices.values)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class DutchBooleanWidget(widgets.BooleanWidget):
    """ja/nee as well as 1/0 and true/false; anything else is refused instead of read as 'no'."""

    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "ja", "Ja", "JA", "j", "yes"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "nee", "Nee", "NEE", "n", "no"]

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        if value in self.NULL_VALUES:
            return False
        if value in self.TRUE_VALUES:
            return True
        if value in self.FALSE_VALUES:
            return False
        raise ValueError(gettext("“%(value)s” is not ja or nee.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "ja" if value else "nee"


class DutchDateWidget(widgets.DateWidget):
    """Dates as 2026-03-01 or 01-03-2026 (or a spreadsheet date)."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")
        self.formats = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        try:
            return super().clean(value.strip() if isinstance(value, str) else value, row=row, **kwargs)
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a date; write it as 2026-03-01 or 01-03-2026.") % {"value": value}
            ) from None


class LinkableUserWidget(widgets.ForeignKeyWidget):
    """A user account by e-mail, only among the accounts that may be linked to the orgaan's members."""

    def __init__(self, queryset_getter):
        from participatie.models import User

        super().__init__(User, field="email")
        self.queryset_getter = queryset_getter

    def get_queryset(self, value, row, *args, **kwargs):
        return self.queryset_getter()

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return self.get_queryset(value, row).get(email__iexact=str(value).strip())
        except self.model.DoesNotExist:
            raise ValueError(
                gettext(
                    "No account “%(value)s” with the advisory council member role in a gemeente this orgaan serves."
                )
                % {"value": value}
            ) from None


MEMBER_COLUMNS = (
    "name",
    "email",
    "phone",
    "role",
    "term_start",
    "term_end",
    "reappointment_count",
    "target_groups",
    "experience",
    "contact_consent",
    "user",
)


class MemberResource(ExportResource):
    """Members of one orgaan, by e-mail address (natural key within the orgaan); import and export."""

    verbose_headers = False

    role = fields.Field(attribute="role", column_name="role", widget=ChoiceWidget(MemberRole))
    term_start = fields.Field(attribute="term_start", column_name="term_start", widget=DutchDateWidget())
    term_end = fields.Field(attribute="term_end", column_name="term_end", widget=DutchDateWidget())
    target_groups = fields.Field(
        attribute="target_groups", column_name="target_groups", widget=ChoiceListWidget(TargetGroup)
    )
    experience = fields.Field(attribute="experience", column_name="experience", widget=ChoiceListWidget(Experience))
    contact_consent = fields.Field(
        attribute="contact_consent", column_name="contact_consent", widget=DutchBooleanWidget()
    )

    class Meta:
        model = Member
        fields = MEMBER_COLUMNS
        export_order = MEMBER_COLUMNS
        import_id_fields = ("email",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, orgaan=None, **kwargs):
        super().__init__(**kwargs)
        self.orgaan = orgaan
        from .selectors import user_list_linkable

        self.fields["user"] = fields.Field(
            attribute="user",
            column_name="user",
            widget=LinkableUserWidget(lambda: user_list_linkable(orgaan=self.orgaan)),
        )

    def get_queryset(self):
        queryset = super().get_queryset().select_related("user")
        return queryset.filter(orgaan=self.orgaan) if self.orgaan is not None else queryset

    def before_import_row(self, row, **kwargs):
        # The natural key is case-insensitive: store e-mail addresses in lower case.
        if row.get("email"):
            row["email"] = str(row["email"]).strip().lower()
        if row.get("name") is not None:
            row["name"] = str(row["name"]).strip()
        if row.get("phone") is not None:
            row["phone"] = str(row["phone"]).strip()

    def get_instance(self, instance_loader, row):
        email = (row.get("email") or "").strip().lower()
        if not email:
            return None
        return self.get_queryset().filter(email=email).first()

    def init_instance(self, row=None):
        return Member(orgaan=self.orgaan)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        instance.orgaan = self.orgaan
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance.orgaan = self.orgaan


class AdviesResource(ExportResource):
    """All adviezen with status, deadlines and outcome, for the coordinators' export."""

    orgaan = fields.Field(attribute="orgaan__name", column_name=_("Orgaan"))
    gemeente = fields.Field(attribute="gemeente__name", column_name=_("Gemeente"))
    kind = fields.Field(column_name=_("Kind of advice"))
    status = fields.Field(column_name=_("Status"))
    requested_on = fields.Field(attribute="aanvraag__requested_on", column_name=_("Requested on"))
    policy_phase = fields.Field(column_name=_("Policy phase"))
    overdue = fields.Field(column_name=_("Overdue"))
    answered_on = fields.Field(attribute="reactie__answered_on", column_name=_("Date of the answer"))
    outcome = fields.Field(column_name=_("Outcome"))
    reasons = fields.Field(attribute="reactie__reasons", column_name=_("Reasons"))
    sent_to_gemeenteraad = fields.Field(column_name=_("Sent to the gemeenteraad"))

    class Meta:
        model = Advies
        fields = (
            "id",
            "orgaan",
            "gemeente",
            "subject",
            "kind",
            "status",
            "requested_on",
            "policy_phase",
            "advice_deadline",
            "sent_on",
            "answer_deadline",
            "overdue",
            "answered_on",
            "outcome",
            "reasons",
            "sent_to_gemeenteraad",
        )
        export_order = fields

    def _reactie(self, advies):
        try:
            return advies.reactie
        except Advies.reactie.RelatedObjectDoesNotExist:
            return None

    def dehydrate_kind(self, advies):
        return gettext("requested") if advies.is_requested else gettext("unsolicited")

    def dehydrate_status(self, advies):
        return advies.get_status_display()

    def dehydrate_policy_phase(self, advies):
        return advies.aanvraag.get_policy_phase_display() if advies.aanvraag else None

    def dehydrate_overdue(self, advies):
        return advies.is_advice_overdue() or advies.is_answer_overdue()

    def dehydrate_outcome(self, advies):
        reactie = self._reactie(advies)
        return reactie.get_outcome_display() if reactie else None

    def dehydrate_reasons(self, advies):
        reactie = self._reactie(advies)
        return reactie.reasons if reactie else None

    def dehydrate_answered_on(self, advies):
        reactie = self._reactie(advies)
        return reactie.answered_on if reactie else None

    def dehydrate_sent_to_gemeenteraad(self, advies):
        reactie = self._reactie(advies)
        return reactie.sent_to_gemeenteraad if reactie else None

    def dehydrate_requested_on(self, advies):
        return advies.aanvraag.requested_on if advies.aanvraag else None


class MemberExportResource(ExportResource):
    """Members of every orgaan of the chosen gemeenten, for the export page (readable headers)."""

    orgaan = fields.Field(attribute="orgaan__name", column_name=_("Orgaan"))
    role = fields.Field(column_name=_("Role"))
    target_groups = fields.Field(column_name=_("Target groups"))
    experience = fields.Field(column_name=_("Lived experience"))
    user = fields.Field(attribute="user__email", column_name=_("User account"))

    class Meta:
        model = Member
        fields = (
            "orgaan",
            "name",
            "email",
            "phone",
            "role",
            "term_start",
            "term_end",
            "reappointment_count",
            "target_groups",
            "experience",
            "contact_consent",
            "user",
        )
        export_order = fields

    def dehydrate_role(self, member):
        return member.get_role_display()

    def dehydrate_target_groups(self, member):
        return member.get_target_groups_display()

    def dehydrate_experience(self, member):
        return member.get_experience_display()
