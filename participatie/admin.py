from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .accounts import services as account_services
from .admin_mixins import RecordedImportExportAdmin
from .audit import audit_record
from .constants import AuditAction
from .models import AuditEvent, ExportRecord, Gemeente, Membership, Regio, User
from .resources import GemeenteResource

admin.site.site_header = _("Participatieportaal – management")
admin.site.site_title = _("Participatieportaal")

# Two-step login devices hold secrets and are never edited by hand: an administrator resets them through the
# action on the user (recorded in the audit trail), and the user sets the app up again.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


def membership_audit(*, request, membership: Membership, what: str) -> None:
    """Record a role change (rolwijziging) made in the admin: the account, its role and where it holds."""
    place = membership.gemeente or membership.regio
    audit_record(
        action=AuditAction.ROLE_CHANGED,
        actor=request.user,
        obj=membership.user,
        gemeente=membership.gemeente,
        request=request,
        detail=f"{what}: {membership.role} @ {place}",
    )


class MembershipAuditMixin:
    """Admin pages that add, change or remove memberships record each as a role change."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_audit(request=request, membership=membership, what="removed")
            membership.delete()
        for membership in instances:
            what = "changed" if membership.pk else "added"
            membership.save()
            membership_audit(request=request, membership=membership, what=what)
        formset.save_m2m()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if isinstance(obj, Membership):
            membership_audit(request=request, membership=obj, what="changed" if change else "added")

    def delete_model(self, request, obj):
        if isinstance(obj, Membership):
            membership_audit(request=request, membership=obj, what="removed")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.model is Membership:
            for membership in queryset.select_related("user", "gemeente", "regio"):
                membership_audit(request=request, membership=membership, what="removed")
        super().delete_queryset(request, queryset)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["gemeente", "regio"]


@admin.register(User)
class UserAdmin(MembershipAuditMixin, DjangoUserAdmin):
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
    actions = ["reset_two_factor", "unlock_login", "deactivate"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Switched off in the form: end its sessions at once and record it.
            account_services.user_deactivate(user=obj, actor=request.user, request=request)

    def _apply(self, request, users, service, message):
        """Run an account service for each selected user (each one recorded in the audit trail)."""
        for user in users:
            service(user=user, actor=request.user, request=request)
        self.message_user(request, message % {"count": len(users)}, messages.SUCCESS)

    @admin.action(description=_("Reset two-step login (after a lost phone)"))
    def reset_two_factor(self, request, queryset):
        users = list(queryset)
        message = ngettext(
            "Two-step login reset for %(count)d user: they set it up again at their next login.",
            "Two-step login reset for %(count)d users: they set it up again at their next login.",
            len(users),
        )
        self._apply(request, users, account_services.two_factor_reset, message)

    @admin.action(description=_("Lift the pause after too many login attempts"))
    def unlock_login(self, request, queryset):
        users = list(queryset)
        message = ngettext(
            "%(count)d user can log in again at once.", "%(count)d users can log in again at once.", len(users)
        )
        self._apply(request, users, account_services.login_unlock, message)

    @admin.action(description=_("Switch off and log out everywhere"))
    def deactivate(self, request, queryset):
        users = [user for user in queryset if user != request.user]  # not yourself
        message = ngettext(
            "%(count)d user switched off and logged out.", "%(count)d users switched off and logged out.", len(users)
        )
        self._apply(request, users, account_services.user_deactivate, message)


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
class MembershipAdmin(MembershipAuditMixin, admin.ModelAdmin):
    list_display = ["user", "role", "gemeente", "regio", "created_at"]
    list_filter = ["role", "gemeente", "regio"]
    search_fields = ["user__email", "gemeente__name", "regio__name"]
    autocomplete_fields = ["user", "gemeente", "regio"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never added, changed or deleted, whoever asks (superusers too): a record of what happened."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyAdmin):
    """Read-only: the export record is an audit trail."""

    list_display = ["created_at", "user", "title", "scope", "file_format", "row_count"]
    list_filter = ["export_key", "file_format", "gemeente"]
    search_fields = ["user__email", "title", "scope"]
    date_hierarchy = "created_at"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only for everyone, superusers too: the audit trail is append-only (docs/security.md)."""

    list_display = ["created_at", "actor_label", "action", "result", "object_type", "object_id", "gemeente", "origin"]
    list_filter = ["action", "result", "object_type", "gemeente"]
    search_fields = ["actor_label", "object_type", "object_id", "object_repr"]
    date_hierarchy = "created_at"
    list_select_related = ["gemeente"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]
