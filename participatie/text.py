"""Text that people type or upload, checked once for the whole portal: no control characters.

A control character (a NUL, an escape, a line break in a one-line field) or a lone surrogate (possible in
JSON, never in real text) breaks a database write, an e-mail header or an export. Every form of the portal
refuses them through :class:`participatie.forms.ControlCharacterMixin`; the survey JSON import checks its
texts with :func:`has_control_character`; e-mail subjects go through :func:`mail_subject`.
Line breaks and tabs are allowed in multi-line text (a textarea) only.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MULTILINE_ALLOWED = frozenset("\t\n\r")
# Categories never allowed: Cc control characters (C0, DEL, C1), Cs lone surrogates; line and paragraph
# separators (Zl, Zp) break a line like a newline does.
REFUSED_CATEGORIES = frozenset({"Cc", "Cs"})
LINE_BREAK_CATEGORIES = frozenset({"Zl", "Zp"})
# Anything a mail header may not carry as is; replaced by one space in a subject.
_SUBJECT_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]+")


def has_control_character(value: str, *, multiline: bool = False) -> bool:
    """True when ``value`` holds a control character (line breaks and tabs only count in one-line text)."""
    for char in value:
        if char in MULTILINE_ALLOWED and multiline:
            continue
        category = unicodedata.category(char)
        if category in REFUSED_CATEGORIES or (not multiline and category in LINE_BREAK_CATEGORIES):
            return True
    return False


@deconstructible
class ControlCharacterValidator:
    """Refuse text with control characters; ``multiline`` allows line breaks and tabs (textareas)."""

    code = "control_character"

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value):
        # A NUL is left to Django's own ProhibitNullCharactersValidator, which every form CharField has.
        if isinstance(value, str) and has_control_character(value.replace("\x00", ""), multiline=self.multiline):
            if self.multiline:
                message = _("This text contains an invisible control character. Remove it and try again.")
            else:
                message = _("Write this text on one line, without line breaks or other invisible characters.")
            raise ValidationError(message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, ControlCharacterValidator) and other.multiline == self.multiline


def mail_subject(text, *, max_length: int = 200) -> str:
    """An e-mail subject that is safe as a header: control characters and line breaks become one space,
    runs of whitespace are collapsed and the result is cut at ``max_length``. Every mail sender uses it."""
    subject = " ".join(_SUBJECT_UNSAFE_RE.sub(" ", str(text)).split())
    if len(subject) > max_length:
        subject = subject[: max_length - 1].rstrip() + "…"
    return subject
