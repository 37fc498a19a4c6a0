"""Two-step login for tests, benchmarks and the demo: a known secret and a client that passed both steps.

``DEMO_TOTP_KEY`` is the secret of every demo account (``seed_demo`` prints it in base32); never use it for a
real account.
"""

import time
from binascii import unhexlify

from django.test import Client

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..demo import DEMO_BACKUP_CODES, DEMO_TOTP_KEY, DEMO_TOTP_SECRET  # noqa: F401  (one import for tests)

_django_force_login = Client.force_login


def totp_code(key: str = DEMO_TOTP_KEY, at: float | None = None) -> str:
    """The six-digit code an authenticator app with ``key`` shows at ``at`` (now when None)."""
    generator = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    if at is not None:
        generator.time = at
    return f"{generator.token():06d}"


def fresh_totp_code(device: TOTPDevice) -> str:
    """A code ``device`` accepts now: the time step after the one it last accepted (a code works once), within
    its window; waits for the clock when the same account logged in twice within 30 seconds."""
    while True:
        device.refresh_from_db()
        now_step = int(time.time()) // device.step + device.drift
        for step in (now_step - 1, now_step, now_step + 1):
            if device.last_t is None or step > device.last_t:
                return totp_code(device.key, at=step * device.step)
        time.sleep(1)


_last_step_used: dict[str, int] = {}


def next_demo_code(email: str, key: str = DEMO_TOTP_KEY) -> str:
    """A code for a demo account that this process has not used yet, without asking the database (browser
    tests on SQLite must not read while the live server writes). Waits for the clock when the account used
    this step and the next one already."""
    while True:
        now_step = int(time.time()) // 30
        step = max(now_step, _last_step_used.get(email, -1) + 1)
        if step <= now_step + 1:
            _last_step_used[email] = step
            return totp_code(key, at=step * 30)
        time.sleep(1)


def give_device(user, key: str = DEMO_TOTP_KEY) -> TOTPDevice:
    """The user's confirmed authenticator device, created with ``key`` when they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator-app", key=key, confirmed=True)


def mark_session_verified(client, user) -> None:
    """Record in ``client``'s session that ``user`` passed the second step with their device."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = give_device(user).persistent_id
    session.save()


def force_login_verified(self, user, backend=None, *, verified=True):
    """``Client.force_login`` that also passes the second step (a device of the user's, as after a real code).

    The root conftest installs it as ``Client.force_login`` for tests: a forced login stands for a completed
    login. ``verified=False`` stops after the password step, to test that the second step is required."""
    _django_force_login(self, user, backend)
    if verified:
        mark_session_verified(self, user)
