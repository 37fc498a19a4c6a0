"""The surveys app's part of the right of access and erasure: e-mail addresses left for the terugkoppeling.

Answers are anonymous: they are never linked to an address, so no answer can be found by a person.
"""

from django.utils.translation import gettext_lazy as _

from participatie.personal_data import PersonalDataSource, register, rows_delete

from .models import TerugkoppelingEmail


def terugkoppeling_email_find(query):
    return TerugkoppelingEmail.objects.filter(
        email__iexact=query.email.strip(), survey__gemeente=query.gemeente
    ).select_related("survey")


register(
    PersonalDataSource(
        key="surveys.terugkoppelingemail",
        label=_("E-mail address left with a survey to hear the outcome"),
        find=terugkoppeling_email_find,
        export=lambda row: {"survey": row.survey.title, "email": row.email, "given_on": row.created_on.isoformat()},
        describe=lambda row: row.survey.title,
        erase=rows_delete,
        order=30,
    )
)
