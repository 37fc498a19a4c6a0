"""Checks for uploaded documents shared by every app: the content must match the file type."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# The first bytes of each type; zip covers Office Open XML and OpenDocument, OLE the old Office files.
SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "rtf": (b"{\\rtf",),
    **dict.fromkeys(("docx", "xlsx", "pptx", "odt", "ods", "odp"), (b"PK\x03\x04",)),
    **dict.fromkeys(("doc", "xls", "ppt"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
}
TEXT_TYPES = {"txt", "csv"}


def content_matches_extension(upload) -> bool:
    """True when the first bytes of ``upload`` fit its extension (a renamed HTML page is no PDF)."""
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(position)
    expected = SIGNATURES.get(extension)
    if expected:
        return head.startswith(expected)
    if extension in TEXT_TYPES:
        return b"\x00" not in head
    return True


@deconstructible
class FileContentValidator:
    """Model-field validator: refuse a file whose content does not match its extension."""

    message = _("The content of the file does not match its type. Check the file.")

    def __call__(self, upload):
        if upload and not content_matches_extension(upload):
            raise ValidationError(self.message, code="file_content")

    def __eq__(self, other):
        return isinstance(other, FileContentValidator)
