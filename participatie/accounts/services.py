"""Writes about accounts: setting up and resetting two-step login, ending sessions, unlocking, deactivating."""

from binascii import unhexlify

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from axes.utils import reset as axes_reset
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..audit import audit_record
from ..constants import AuditAction

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "authenticator-app"
BACKUP_DEVICE_NAME = "reservecodes"


def totp_key_matches(*, key: str, code: str) -> bool:
    """True when ``code`` is the current six-digit code of the (hex) ``key``, one step either side allowed."""
    if not code.isdigit():
        return False
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    return totp.verify(int(code), tolerance=1)


@transaction.atomic
def two_factor_enrol(*, user, key: str, request=None, backup_codes=None) -> tuple[TOTPDevice, list[str]]:
    """Set up two-step login (tweestapsverificatie) for ``user``: a confirmed app device with ``key`` and a fresh
    set of backup codes (reservecodes), which are returned once. Replaces any earlier devices."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True)
    backup = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = (
        list(backup_codes)
        if backup_codes is not None
        else [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    )
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=code) for code in codes])
    if request is not None:
        audit_record(action=AuditAction.TWO_FACTOR_ENROLLED, actor=user, obj=user, request=request)
    return device, codes


@transaction.atomic
def two_factor_reset(*, user, actor, request=None) -> None:
    """Remove a user's two-step login devices (after a lost phone); they set it up again at their next login.

    A session that passed the second step with a removed device no longer counts as verified."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(action=AuditAction.TWO_FACTOR_RESET, actor=actor, obj=user, request=request)


def user_sessions_end(*, user) -> int:
    """End every session of ``user`` (database sessions: each live session is read to find its owner).

    Returns how many were ended. Deactivation is rare, so reading every live session is acceptable."""
    owned = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=owned).delete()
    return len(owned)


@transaction.atomic
def user_deactivate(*, user, actor, request=None) -> int:
    """Switch an account off (deactiveren) and end all its sessions at once; returns how many were ended."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    ended = user_sessions_end(user=user)
    audit_record(
        action=AuditAction.USER_DEACTIVATED, actor=actor, obj=user, request=request, detail=f"sessions ended: {ended}"
    )
    return ended


@transaction.atomic
def login_unlock(*, user, actor, request=None) -> int:
    """Lift the lockout after too many failed logins (django-axes) for ``user``'s e-mail address, from every
    address; returns how many failed attempts were cleared."""
    cleared = axes_reset(username=user.email)
    audit_record(action=AuditAction.UNLOCK, actor=actor, obj=user, request=request, detail=f"attempts: {cleared}")
    return cleared
