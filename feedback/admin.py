from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatie.admin_mixins import RecordedImportExportAdmin

from .constants import DeliveryStatus
from .models import Inbreng, NamedPerson, Notification, Reminder, Terugkoppeling
from .resources import InbrengResource
from .selectors import inbreng_annotate_final_answer, inbreng_annotate_status


class NamedPersonInline(admin.TabularInline):
    model = NamedPerson
    extra = 0


class TerugkoppelingInline(admin.StackedInline):
    model = Terugkoppeling
    extra = 0
    fields = ["outcome", "given_on", "channel", "what_was_done", "reasons", "new_promised_on", "postpone_reason"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Inbreng)
class InbrengAdmin(RecordedImportExportAdmin):
    resource_classes = [InbrengResource]
    list_display = ["title", "gemeente", "source_kind", "officer", "received_on", "promised_on", "status_label"]
    list_filter = ["gemeente", "source_kind", "contributor_kind"]
    search_fields = ["title", "summary"]
    date_hierarchy = "promised_on"
    list_select_related = ["gemeente", "officer"]
    raw_id_fields = ["officer", "created_by"]
    inlines = [NamedPersonInline, TerugkoppelingInline]

    def get_queryset(self, request):
        return inbreng_annotate_status(super().get_queryset(request), today=timezone.localdate())

    def get_export_queryset(self, request):
        return inbreng_annotate_final_answer(self.get_queryset(request))

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.status_label


@admin.register(Terugkoppeling)
class TerugkoppelingAdmin(admin.ModelAdmin):
    list_display = ["inbreng", "outcome", "given_on", "channel", "is_published"]
    list_filter = ["outcome", "channel", "is_published"]
    list_select_related = ["inbreng"]
    raw_id_fields = ["inbreng", "author"]


@admin.action(description=_("Try sending again"))
def retry_delivery(modeladmin, request, queryset):
    """Send failed e-mails again, and "possibly sent" ones once staff checked they did not arrive."""
    from participatie.delivery import enqueue_each

    from .tasks import notification_send

    ids = list(
        queryset.filter(status__in=(DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN)).values_list("pk", flat=True)
    )
    queryset.filter(pk__in=ids).update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now())
    if modeladmin.model is Notification:
        enqueue_each(notification_send, ids)
    modeladmin.message_user(request, _("%(count)s e-mail(s) will be sent again.") % {"count": len(ids)})


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient_label", "terugkoppeling", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]
    list_select_related = ["terugkoppeling__inbreng"]
    readonly_fields = [
        "terugkoppeling",
        "email",
        "recipient_label",
        "forget_after_send",
        "attempts",
        "sent_at",
        "last_error",
        "attempt_id",
        "sending_since",
    ]
    actions = [retry_delivery]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "recipient", "status", "attempts", "sent_at"]
    list_filter = ["kind", "status", "day"]
    list_select_related = ["recipient"]
    readonly_fields = [
        "recipient",
        "kind",
        "day",
        "items",
        "attempts",
        "sent_at",
        "last_error",
        "attempt_id",
        "sending_since",
    ]
    actions = [retry_delivery]
