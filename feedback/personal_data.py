"""The feedback app's part of the right of access and erasure: people who asked to hear back by e-mail."""

from django.utils.translation import gettext_lazy as _

from participatie.personal_data import PersonalDataSource, register, rows_delete

from .models import NamedPerson, Notification

ERASED_LABEL = "–"


def named_person_find(query):
    """Named persons (with consent) with this address on inbreng of the gemeente."""
    return NamedPerson.objects.filter(
        email__iexact=query.email.strip(), inbreng__gemeente=query.gemeente
    ).select_related("inbreng")


def notification_find(query):
    """E-mails about a terugkoppeling sent (or waiting) to this address, on inbreng of the gemeente."""
    return Notification.objects.filter(
        email__iexact=query.email.strip(), terugkoppeling__inbreng__gemeente=query.gemeente
    ).select_related("terugkoppeling__inbreng")


register(
    PersonalDataSource(
        key="feedback.namedperson",
        label=_("Person who asked to hear back about their input"),
        find=named_person_find,
        export=lambda person: {
            "input": person.inbreng.title,
            "name": person.name,
            "email": person.email,
            "consent_on": person.consent_on.isoformat(),
        },
        describe=lambda person: f"{person.name} – {person.inbreng.title}",
        erase=rows_delete,
        order=20,
    )
)
register(
    PersonalDataSource(
        key="feedback.notification",
        label=_("E-mail about what was done with their input"),
        find=notification_find,
        export=lambda notification: {
            "input": notification.terugkoppeling.inbreng.title,
            "recipient": notification.recipient_label,
            "email": notification.email,
            "status": notification.get_status_display(),
        },
        describe=lambda notification: f"{notification.recipient_label} – {notification.terugkoppeling.inbreng.title}",
        # The record that an e-mail went out stays (the register shows it); who it went to does not.
        erase=lambda notifications: Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            email="", recipient_label=ERASED_LABEL
        ),
        order=21,
    )
)
