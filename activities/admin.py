from django.contrib import admin

from participatie.admin_mixins import RecordedImportExportAdmin

from .models import Activity, Insight, Journey, JourneyAspect, JourneyPhase, PopulationFigure, Reach, Story, Theme
from .resources import ActivityResource


class ReachInline(admin.TabularInline):
    model = Reach
    extra = 0


@admin.register(Activity)
class ActivityAdmin(RecordedImportExportAdmin):
    resource_classes = [ActivityResource]
    list_display = ("title", "gemeente", "regio", "kind", "method", "starts_on", "texts_purged_at")
    list_filter = ("kind", "method", "run_by")
    search_fields = ("title", "topic")
    raw_id_fields = ("traject_step", "orgaan")
    inlines = [ReachInline]

    def has_import_permission(self, request):
        return False


@admin.register(PopulationFigure)
class PopulationFigureAdmin(admin.ModelAdmin):
    list_display = ("gemeente", "target_group", "count", "source")
    list_filter = ("target_group",)


class PhaseInline(admin.TabularInline):
    model = JourneyPhase
    extra = 0


class AspectInline(admin.TabularInline):
    model = JourneyAspect
    extra = 0


@admin.register(Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ("title", "gemeente", "activity")
    inlines = [PhaseInline, AspectInline]
    raw_id_fields = ("activity",)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "gemeente", "kind")
    list_filter = ("kind",)


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    # Stories are residents' personal data: the admin lists them without their text.
    list_display = ("title", "activity", "collected_on", "text_purged_at")
    raw_id_fields = ("activity",)
    exclude = ("text", "summary", "pseudonym")


@admin.register(Insight)
class InsightAdmin(admin.ModelAdmin):
    list_display = ("statement", "gemeente", "roadmap_action", "adviesaanvraag")
    raw_id_fields = ("stories", "roadmap_action", "adviesaanvraag")
