"""The panels app's part of the right of access and erasure: members of councils and panels (leden)."""

from django.utils.translation import gettext_lazy as _

from participatie.personal_data import PersonalDataSource, register, rows_delete

from .models import Member


def member_find(query):
    """Members with this e-mail address in an orgaan that serves the gemeente."""
    return (
        Member.objects.filter(email__iexact=query.email.strip(), orgaan__gemeenten=query.gemeente)
        .select_related("orgaan")
        .distinct()
        .order_by("pk")
    )


def member_export(member: Member) -> dict:
    return {
        "orgaan": member.orgaan.name,
        "name": member.name,
        "email": member.email,
        "phone": member.phone,
        "role": member.get_role_display(),
        "term_start": member.term_start.isoformat(),
        "term_end": member.term_end.isoformat() if member.term_end else None,
        "reappointments": member.reappointment_count,
        "target_groups": member.get_target_groups_display(),
        "lived_experience": member.get_experience_display(),
        "may_be_contacted": member.contact_consent,
        "meetings_with_attendance": member.attendances.count(),
    }


register(
    PersonalDataSource(
        key="panels.member",
        label=_("Member of a council or panel"),
        find=member_find,
        export=member_export,
        describe=lambda member: f"{member.name} – {member.orgaan.name}",
        # Their attendance goes with them; the orgaan's meetings and advice stay.
        erase=rows_delete,
        order=10,
    )
)
