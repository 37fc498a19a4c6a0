import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from participatie.uploads import FileContentValidator, content_matches_extension


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("nota.pdf", b"%PDF-1.7 ...", True),
        ("nota.pdf", b"<html><script>alert(1)</script></html>", False),
        ("lijst.xlsx", b"PK\x03\x04rest", True),
        ("lijst.xlsx", b"MZ\x90\x00", False),
        ("oud.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", True),
        ("brief.rtf", b"{\\rtf1 hallo}", True),
        ("notities.txt", "Gewone tekst, ook met é".encode(), True),
        ("notities.txt", b"\x00\x01binary", False),
    ],
)
def test_content_must_match_the_extension(name, content, ok):
    assert content_matches_extension(SimpleUploadedFile(name, content)) is ok


def test_validator_raises_a_dutch_message_and_leaves_the_file_position():
    upload = SimpleUploadedFile("nota.pdf", b"<html></html>")
    upload.seek(3)
    with pytest.raises(ValidationError) as error:
        FileContentValidator()(upload)
    assert error.value.code == "file_content"
    assert upload.tell() == 3
    FileContentValidator()(SimpleUploadedFile("nota.pdf", io.BytesIO(b"%PDF-1.4").read()))
