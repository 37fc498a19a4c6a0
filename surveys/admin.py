"""Admin of the surveys app, for the portal's managers (beheer). Answers are not shown here."""

from django.contrib import admin

from participatie.admin_mixins import RecordedImportExportAdmin
from participatie.exports.formats import SafeCSV, SafeXLSX

from .models import LogicRule, MatrixStatement, Option, Question, RespondentGroup, Section, Survey
from .resources import SurveyOverviewResource


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ("position", "title")


class RespondentGroupInline(admin.TabularInline):
    model = RespondentGroup
    extra = 0
    fields = ("position", "name", "quota")


@admin.register(Survey)
class SurveyAdmin(RecordedImportExportAdmin):
    resource_classes = [SurveyOverviewResource]
    # Classes, not the dotted paths of IMPORT_EXPORT_FORMATS (django-import-export 4 calls each entry).
    export_formats = [SafeXLSX, SafeCSV]
    import_formats = []
    list_display = ("title", "gemeente", "status", "opens_at", "closes_at", "is_public")
    list_filter = ("status", "gemeente", "is_public")
    search_fields = ("title",)
    list_select_related = ("gemeente",)
    readonly_fields = ("public_token", "opened_at", "closed_at", "purged_at", "created_at", "updated_at")
    inlines = [SectionInline, RespondentGroupInline]

    def get_export_queryset(self, request):
        from .builder.selectors import _with_counts

        return _with_counts(super().get_export_queryset(request))


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


class StatementInline(admin.TabularInline):
    model = MatrixStatement
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("code", "text", "question_type", "survey")
    list_filter = ("question_type",)
    search_fields = ("code", "text", "survey__title")
    list_select_related = ("survey",)
    raw_id_fields = ("survey", "section")
    inlines = [OptionInline, StatementInline]


@admin.register(LogicRule)
class LogicRuleAdmin(admin.ModelAdmin):
    list_display = ("id", "source_question", "operator", "target_question", "target_section")
    raw_id_fields = ("source_question", "target_question", "target_section")
    filter_horizontal = ("options",)
