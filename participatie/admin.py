from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .admin_mixins import RecordedImportExportAdmin
from .models import ExportRecord, Gemeente, Membership, Regio, User
from .resources import GemeenteResource

admin.site.site_header = _("Participatieportaal – management")
admin.site.site_title = _("Participatieportaal")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["gemeente", "regio"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    search_fields = ["email", "first_name", "last_name"]
    list_filter = ["is_staff", "is_superuser", "is_active", "memberships__role"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Gemeente)
class GemeenteAdmin(RecordedImportExportAdmin):
    resource_classes = [GemeenteResource]
    list_display = ["name", "cbs_code", "slug", "primary_colour", "feedback_term_days"]
    search_fields = ["name", "cbs_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Regio)
class RegioAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["gemeenten"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "gemeente", "regio", "created_at"]
    list_filter = ["role", "gemeente", "regio"]
    search_fields = ["user__email", "gemeente__name", "regio__name"]
    autocomplete_fields = ["user", "gemeente", "regio"]


@admin.register(ExportRecord)
class ExportRecordAdmin(admin.ModelAdmin):
    """Read-only: the export record is an audit trail."""

    list_display = ["created_at", "user", "title", "scope", "file_format", "row_count"]
    list_filter = ["export_key", "file_format", "gemeente"]
    search_fields = ["user__email", "title", "scope"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
