"""The pages of two-step login (set up, the second step, backup codes) and the lockout page."""

import math
from base64 import b32encode
from binascii import unhexlify
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

import qrcode
import qrcode.image.svg
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from ..audit import audit_record
from ..constants import AuditAction, AuditResult
from ..mixins import RoleRequiredMixin, is_logged_in
from . import services
from .forms import TwoFactorCodeForm

SETUP_KEY_SESSION = "two_factor_setup_key"
BACKUP_CODES_SESSION = "two_factor_backup_codes"


def safe_next(request, default="home") -> str:
    """The ``next`` the page was given when it stays on this site, else ``default`` (a URL name)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}" if next_url else reverse(url_name)


def group_key(key_b32: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(key_b32[i : i + 4] for i in range(0, len(key_b32), 4))


def qr_svg(text: str) -> str:
    """An inline SVG QR code (paths only, no style attribute or script)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


class TwoFactorStepMixin(RoleRequiredMixin):
    """A page of the login's second step: reachable while that step is still open (see the middleware)."""

    two_factor_step = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = self.request.POST.get("next") or self.request.GET.get("next") or ""
        return context

    def record_failure(self, detail=""):
        audit_record(
            action=AuditAction.TWO_FACTOR_FAILED,
            actor=self.request.user,
            obj=self.request.user,
            request=self.request,
            result=AuditResult.FAILURE,
            detail=detail,
        )

    def form_invalid_with(self, form, message):
        form.add_error("code", message)
        return self.form_invalid(form)


class TwoFactorSetupView(TwoFactorStepMixin, FormView):
    """Set up two-step login: scan the QR code (or type the key) into an app, then type its code once."""

    permission = is_logged_in
    template_name = "accounts/two_factor_setup.html"
    form_class = TwoFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            # Set up already: a new phone goes through the reset by a coordinator or administrator.
            return redirect(with_next("two_factor_verify", safe_next(request)))
        return super().dispatch(request, *args, **kwargs)

    def setup_key(self) -> str:
        key = self.request.session.get(SETUP_KEY_SESSION)
        if not key:
            key = random_hex(20)
            self.request.session[SETUP_KEY_SESSION] = key
        return key

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key_b32 = b32encode(unhexlify(self.setup_key())).decode()
        issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
        label = quote(f"{issuer}:{self.request.user.email}")
        uri = f"otpauth://totp/{label}?{urlencode({'secret': key_b32, 'issuer': issuer, 'digits': 6, 'period': 30})}"
        context.update({"key_grouped": group_key(key_b32), "qr_svg": qr_svg(uri)})
        return context

    def form_valid(self, form):
        key = self.setup_key()
        if not services.totp_key_matches(key=key, code=form.cleaned_data["code"]):
            self.record_failure(detail="setup")
            return self.form_invalid_with(
                form,
                _(
                    "This code is not correct. Check that the app shows the Participatieportaal and type the code again."
                ),
            )
        device, codes = services.two_factor_enrol(user=self.request.user, key=key, request=self.request)
        otp_login(self.request, device)
        self.request.session.pop(SETUP_KEY_SESSION, None)
        self.request.session[BACKUP_CODES_SESSION] = codes
        return redirect(with_next("two_factor_backup_codes", safe_next(self.request)))


class TwoFactorVerifyView(TwoFactorStepMixin, FormView):
    """The second step of logging in: the code from the app, or one backup code."""

    permission = is_logged_in
    template_name = "accounts/two_factor_verify.html"
    form_class = TwoFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
            return redirect(with_next("two_factor_setup", safe_next(request)))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "backup_allowed": True}

    def form_valid(self, form):
        code = form.cleaned_data["code"]
        throttled = False
        is_app_code = len(code) == 6 and code.isdigit()
        for device in devices_for_user(self.request.user, confirmed=True):
            if isinstance(device, StaticDevice) == is_app_code:
                continue  # six digits are for the app, eight characters for the backup codes
            allowed, _detail = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(code):
                otp_login(self.request, device)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(
                        self.request,
                        ngettext(
                            "You used a backup code. You have %(count)d left.",
                            "You used a backup code. You have %(count)d left.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(safe_next(self.request))
        self.record_failure()
        if throttled:
            message = _("Too many wrong codes in a row. Wait a minute, then type the newest code from the app.")
        else:
            message = _("This code is not correct. Type the code the app shows now; it changes every 30 seconds.")
        return self.form_invalid_with(form, message)


class TwoFactorBackupCodesView(TwoFactorStepMixin, TemplateView):
    """The backup codes, shown once right after setting up two-step login."""

    permission = is_logged_in
    template_name = "accounts/two_factor_backup_codes.html"

    def get(self, request, *args, **kwargs):
        codes = request.session.pop(BACKUP_CODES_SESSION, None)
        if not codes:
            return redirect(safe_next(request))
        return self.render_to_response(self.get_context_data(codes=codes, continue_url=safe_next(request)))


def lockout_response(request, original_response=None, credentials=None):
    """The calm page after too many failed logins (django-axes): how long to wait, and whom to ask.

    It is the same for a known and an unknown e-mail address."""
    minutes = max(1, math.ceil(float(settings.AXES_COOLOFF_TIME) * 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
