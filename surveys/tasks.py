from celery import shared_task

from . import services


@shared_task(name="surveys.tasks.survey_close_expired")
def survey_close_expired() -> list[int]:
    """Close open surveys whose open-until moment has passed (vragenlijsten sluiten)."""
    return services.survey_close_expired()


@shared_task(name="surveys.tasks.survey_retention_purge")
def survey_retention_purge() -> list[int]:
    """Remove answers and kept e-mail addresses of surveys past their retention term (bewaartermijn)."""
    return services.survey_retention_purge_due()
