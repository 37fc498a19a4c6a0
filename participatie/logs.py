"""Logs without secrets: a resident's resume code (hervatcode) in a URL path never reaches a log line.

A resume link ``/surveys/v/<token>/verder/<code>/`` opens someone's unsent answers, so a log that keeps
it is a key to those answers. :func:`mask_secret_paths` replaces the code by ``…``; the gunicorn access
log (``gunicorn.conf.py`` uses :class:`GunicornLogger`) and Django's request and server logs
(:class:`MaskSecretPathsFilter`, set in ``LOGGING``) pass every line through it.
"""

import logging
import re

from gunicorn.glogging import Logger

# The code after /verder/ in a survey's public link (not the /verder/mail/ page), and the invitation code after
# /code/ in a letter's personal link; also URL-encoded slashes.
_RESUME_CODE_RE = re.compile(r"(/v/[^/\s\"?#]+/(?:verder|code)/)(?!mail/)[^/\s\"?#]+", re.IGNORECASE)
MASK = "…"


def mask_secret_paths(text: str) -> str:
    """``text`` with every resume code in a survey URL replaced by ``…``."""
    return _RESUME_CODE_RE.sub(rf"\g<1>{MASK}", text)


def _masked(value):
    return mask_secret_paths(value) if isinstance(value, str) else value


class MaskSecretPathsFilter(logging.Filter):
    """Logging filter: masks resume codes in the message and its arguments (django.request, django.server)."""

    def filter(self, record):
        if isinstance(record.args, dict):  # logger.info("%(name)s", {...})
            record.args = {key: _masked(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_masked(arg) for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = mask_secret_paths(record.msg)
        return True


class GunicornLogger(Logger):
    """gunicorn's logger with resume codes masked in the request line, path and referrer of the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str) and ("/verder/" in value.lower() or "/code/" in value.lower()):
                atoms[key] = mask_secret_paths(value)
        return atoms
