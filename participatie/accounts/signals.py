"""The audit trail of logging in and out (auditregels), and the session clocks started at login.

Connected in ``ParticipatieConfig.ready``. A failed login names the account only when it exists, and never
records what was typed: a password typed into the e-mail field must not end up in the trail.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from axes.signals import user_locked_out

from ..audit import audit_record
from ..constants import AuditAction, AuditResult
from ..models import User
from .middleware import session_start


def _account(username) -> User | None:
    if not username:
        return None
    return User.objects.filter(email__iexact=str(username).strip()).first()


@receiver(user_logged_in, dispatch_uid="accounts_logged_in")
def on_logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_start(request.session)
    audit_record(action=AuditAction.LOGIN, actor=user, obj=user, request=request)


@receiver(user_logged_out, dispatch_uid="accounts_logged_out")
def on_logged_out(sender, request, user, **kwargs):
    if user is None:
        return
    audit_record(
        action=AuditAction.LOGOUT,
        actor=user,
        obj=user,
        request=request,
        detail=getattr(request, "logout_reason", ""),
    )


def _record_attempt(action, username, request, result) -> None:
    """An event about an attempt to log in as ``username``: the account when it exists, else only that."""
    account = _account(username)
    audit_record(
        action=action,
        obj=account,
        object_type="" if account else "account",
        request=request,
        result=result,
        detail="" if account else "unknown account",
    )


@receiver(user_login_failed, dispatch_uid="accounts_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    _record_attempt(AuditAction.LOGIN_FAILED, credentials.get("username"), request, AuditResult.FAILURE)


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    _record_attempt(AuditAction.LOCKOUT, username, request, AuditResult.DENIED)
