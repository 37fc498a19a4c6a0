from django.contrib import admin

from participatie.admin_mixins import RecordedImportExportAdmin

from .models import Advies, Adviesaanvraag, AgendaItem, Document, Meeting, Member, Orgaan, Reactie, StatusTransition
from .resources import AdviesResource, MemberExportResource


@admin.register(Orgaan)
class OrgaanAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "level", "dissolved_on")
    list_filter = ("kind", "level")
    search_fields = ("name",)
    filter_horizontal = ("gemeenten",)


@admin.register(Member)
class MemberAdmin(RecordedImportExportAdmin):
    resource_classes = [MemberExportResource]
    list_display = ("name", "orgaan", "role", "term_start", "term_end", "contact_consent")
    list_filter = ("role", "orgaan")
    search_fields = ("name", "email")
    raw_id_fields = ("user",)

    def has_import_permission(self, request):
        # Members are imported per orgaan through the portal's preview-and-confirm page.
        return False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "orgaan", "kind", "starts_at")
    list_filter = ("kind",)
    inlines = [AgendaItemInline]


@admin.register(Adviesaanvraag)
class AdviesaanvraagAdmin(admin.ModelAdmin):
    list_display = ("subject", "orgaan", "gemeente", "requested_on", "advice_deadline")
    search_fields = ("subject",)


class StatusTransitionInline(admin.TabularInline):
    model = StatusTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "action", "by", "at", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Advies)
class AdviesAdmin(RecordedImportExportAdmin):
    resource_classes = [AdviesResource]
    list_display = ("subject", "orgaan", "status", "sent_on", "answer_deadline")
    list_filter = ("status",)
    search_fields = ("subject",)
    # The status only changes through the workflow (services), never by hand.
    readonly_fields = ("status", "sent_on", "answer_deadline")
    inlines = [StatusTransitionInline]

    def has_import_permission(self, request):
        return False


admin.site.register(Reactie)
admin.site.register(Document)
