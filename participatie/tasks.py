from django.conf import settings
from django.core.management import call_command

from celery import shared_task


@shared_task(name="participatie.tasks.ping")
def ping(value: str) -> str:
    """Answer with the value sent: proves a worker picks up tasks (health check)."""
    return f"pong:{value}"


@shared_task(name="participatie.tasks.access_attempts_cleanup")
def access_attempts_cleanup() -> None:
    """Remove expired failed-login records of django-axes (inlogpogingen)."""
    call_command("axes_reset_failure_logs", age=settings.LOGIN_ATTEMPTS_RETENTION_DAYS)


@shared_task(name="participatie.tasks.retention_purge")
def retention_purge() -> dict[str, int]:
    """Nightly: remove personal data past its retention term (bewaartermijn), one audit line per kind and gemeente."""
    from .retention import retention_purge_due

    return retention_purge_due()
