from django.contrib import admin

from participatie.admin_mixins import RecordedImportExportAdmin

from .models import Action, Attachment, ChecklistItem, Decision, HistoryEntry, Meedenker, StakeholderView, Step, Traject
from .resources import TrajectMonitorResource


class StepInline(admin.TabularInline):
    model = Step
    fields = ("number", "status", "owner", "planned_start", "planned_end", "actual_start", "actual_end")
    readonly_fields = ("number",)
    extra = 0
    max_num = 6
    can_delete = False
    autocomplete_fields = ("owner",)


@admin.register(Traject)
class TrajectAdmin(RecordedImportExportAdmin):
    resource_classes = [TrajectMonitorResource]
    list_display = ("title", "gemeente", "start_date", "level", "updated_at")
    list_filter = ("gemeente", "level")
    search_fields = ("title", "gemeente__name")
    autocomplete_fields = ("responsible",)
    inlines = [StepInline]

    def get_export_queryset(self, request):
        from .selectors import traject_list_with_progress

        return traject_list_with_progress(user=request.user)

    def has_import_permission(self, request):
        return False


class StepChildAdmin(admin.ModelAdmin):
    list_select_related = ("step__traject__gemeente",)
    list_filter = ("step__traject__gemeente", "step__number")


@admin.register(ChecklistItem)
class ChecklistItemAdmin(StepChildAdmin):
    list_display = ("text", "step", "state", "changed_at")


@admin.register(Action)
class ActionAdmin(StepChildAdmin):
    list_display = ("description", "step", "owner", "due_date", "is_done")
    autocomplete_fields = ("owner",)


@admin.register(Attachment)
class AttachmentAdmin(StepChildAdmin):
    list_display = ("title", "kind", "step", "created_at")


class TrajectChildAdmin(admin.ModelAdmin):
    list_select_related = ("traject__gemeente",)
    list_filter = ("traject__gemeente",)


@admin.register(Decision)
class DecisionAdmin(TrajectChildAdmin):
    list_display = ("subject", "traject", "decided_by", "decided_on", "council_fate")


@admin.register(Meedenker)
class MeedenkerAdmin(TrajectChildAdmin):
    list_display = ("name", "organisation", "kind", "traject")


@admin.register(StakeholderView)
class StakeholderViewAdmin(TrajectChildAdmin):
    list_display = ("group", "traject", "recorded_on")


@admin.register(HistoryEntry)
class HistoryEntryAdmin(TrajectChildAdmin):
    list_display = ("created_at", "traject", "kind", "subject", "actor")
    list_select_related = ("traject__gemeente", "actor")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
