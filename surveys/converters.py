"""URL converters for the resident's links: only a well-formed link code reaches a view; anything else
(a NUL, a quote, a far too long text) is a 404 before the database is asked."""

from django.urls.converters import StringConverter

from .constants import RESUME_CODE_ALPHABET, RESUME_CODE_LENGTH


class SurveyTokenConverter(StringConverter):
    """The public link code of a survey (``secrets.token_urlsafe``: letters, digits, '-' and '_')."""

    regex = r"[A-Za-z0-9_-]{8,32}"


class ResumeCodeConverter(StringConverter):
    """A resume code (hervatcode) in a link: its letters and digits, lower case and dashes tolerated."""

    regex = rf"(?:[{RESUME_CODE_ALPHABET}{RESUME_CODE_ALPHABET.lower()}]-?){{{RESUME_CODE_LENGTH}}}"


class InvitationCodeConverter(StringConverter):
    """An invitation code in a letter's link: letters, digits and dashes, bounded; the view says what is wrong."""

    regex = r"[A-Za-z0-9-]{1,40}"
