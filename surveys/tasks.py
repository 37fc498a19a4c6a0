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


@shared_task(name="surveys.tasks.answer_export_build")
def answer_export_build(export_id: int) -> int | None:
    """Write a large answer file (antwoordbestand) to its private file in the background."""
    from .exports.services import answer_export_run

    export = answer_export_run(export_id=export_id)
    return export.done if export else None


@shared_task(name="surveys.tasks.answer_export_delete_expired")
def answer_export_delete_expired() -> int:
    """Delete background answer files older than a day."""
    from .exports.services import answer_export_delete_expired as delete_expired

    return delete_expired()


@shared_task(name="surveys.tasks.answer_counts_update")
def answer_counts_update() -> list[int]:
    """Add newly sent responses to the answer counts (antwoordtellingen) of the surveys that have them."""
    from .results.counts import answer_counts_update_due

    return answer_counts_update_due()
