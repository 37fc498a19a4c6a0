"""The roadmap app's part of the right of access and erasure: meedenkers, stored by name (no address)."""

from django.utils.translation import gettext_lazy as _

from participatie.personal_data import PersonalDataSource, register, rows_delete

from .models import Meedenker


def meedenker_find(query):
    """Meedenkers of the gemeente's trajecten with exactly this name (only when a name is given)."""
    name = query.name.strip()
    if not name:
        return Meedenker.objects.none()
    return Meedenker.objects.filter(name__iexact=name, traject__gemeente=query.gemeente).select_related("traject")


register(
    PersonalDataSource(
        key="roadmap.meedenker",
        label=_("Meedenker in the renewal of participation"),
        find=meedenker_find,
        export=lambda meedenker: {
            "traject": meedenker.traject.title,
            "name": meedenker.name,
            "organisation": meedenker.organisation,
            "kind": meedenker.get_kind_display(),
            "target_groups": meedenker.get_target_groups_display(),
            "may_be_contacted": meedenker.contact_consent,
        },
        describe=lambda meedenker: f"{meedenker.name} – {meedenker.traject.title}",
        erase=rows_delete,
        order=40,
    )
)
