from celery import shared_task

from . import services


@shared_task
def activity_texts_purge():
    """Nightly: delete story texts, passages, quotes and pseudonyms of activities past their retention term."""
    return services.activity_texts_purge()
