"""The Dutch catalogue is complete: no untranslated or fuzzy entry reaches a user in English."""

import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import translation

import pytest

CATALOGUE = Path(settings.BASE_DIR) / "participatie" / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_catalogue_has_no_fuzzy_or_untranslated_entries():
    text = CATALOGUE.read_text()
    entries = re.findall(r'((?:#[^\n]*\n)*)msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ((?:"(?:[^"\\]|\\.)*"\n)+)', text)
    problems = []
    for comments, msgid, msgstr in entries[1:]:  # the first entry is the header
        if "fuzzy" in comments:
            problems.append(f"fuzzy: {msgid.strip()}")
        elif msgstr.strip() == '""':
            problems.append(f"untranslated: {msgid.strip()}")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext (msgfmt) is not installed")
def test_catalogue_compiles_cleanly():
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(CATALOGUE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_dutch_is_active_by_default():
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Log in") == "Inloggen"
