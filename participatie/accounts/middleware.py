"""Session rules for accounts: the time-outs, and no page but public ones before the second login step.

Residents have no account: an anonymous session (a survey in progress) is never timed out here.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from django_otp.plugins.otp_totp.models import TOTPDevice

from ..mixins import PUBLIC, declared_permission
from .selectors import two_factor_required

STARTED_KEY = "account_session_started"
SEEN_KEY = "account_session_seen"
TIMED_OUT_KEY = "account_session_timed_out"
# The last-seen time is written at most this often (seconds), so not every request saves the session.
SEEN_RESOLUTION = 60


def session_timeout_reason(session, now: float) -> str:
    """``"idle"`` or ``"absolute"`` when the account's session has run out at ``now``; ``""`` while it has not."""
    started = session.get(STARTED_KEY)
    if started is None:
        return ""
    if now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return "absolute"
    if now - session.get(SEEN_KEY, started) > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    return ""


class SessionTimeoutMiddleware:
    """Logs an account out after ``SESSION_IDLE_MINUTES`` without a request, and ``SESSION_ABSOLUTE_HOURS`` after
    logging in; the login page then says why. The request goes on as an anonymous one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    @staticmethod
    def check(request):
        session = request.session
        now = time.time()
        reason = session_timeout_reason(session, now)
        if reason:
            request.logout_reason = f"time-out ({reason})"
            logout(request)
            request.session[TIMED_OUT_KEY] = reason
            return
        if STARTED_KEY not in session:
            session[STARTED_KEY] = now
        if now - session.get(SEEN_KEY, 0) >= SEEN_RESOLUTION:
            session[SEEN_KEY] = now


def session_start(session) -> None:
    """Start the clocks of a new account session (called on login)."""
    now = time.time()
    session[STARTED_KEY] = now
    session[SEEN_KEY] = now


class TwoFactorRequiredMiddleware:
    """An account that needs two steps and has not passed the second one reaches public pages only.

    Every other page (the portal's staff pages, ``/beheer/``, downloads) sends it to the second step, or to
    setting two-step login up when it has no app yet. The pages of the second step declare
    ``two_factor_step = True``; a public page that shows the account's own work (the dashboard at ``/``)
    declares ``shows_account = True`` and is refused too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return None
        view_class = getattr(view_func, "view_class", None)
        if getattr(view_class, "two_factor_step", False):
            return None
        if (
            view_class is not None
            and declared_permission(view_class) is PUBLIC
            and not getattr(view_class, "shows_account", False)
        ):
            return None
        if not two_factor_required(user):
            return None
        has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        target = reverse("two_factor_verify" if has_app else "two_factor_setup")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
