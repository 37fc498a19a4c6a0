"""One mechanism for text input (issue 10, point 7): every form refuses control characters, mail subjects are safe."""

import importlib
import pkgutil
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError

import pytest

from participatie.forms import ControlCharacterMixin, PortalForm
from participatie.text import ControlCharacterValidator, has_control_character, mail_subject


def _project_modules():
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        # Installed packages are not the portal's, also when the venv lives inside the checkout (make's .venv).
        if base not in path.parents or "site-packages" in path.parts:
            continue
        yield config.name
        for info in pkgutil.walk_packages([str(path)], prefix=f"{config.name}."):
            parts = info.name.split(".")
            if "tests" in parts or "migrations" in parts:
                continue
            yield info.name


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_of_the_portal_refuses_control_characters():
    names = set(_project_modules())
    for name in names:
        importlib.import_module(name)
    project_forms = {
        cls for cls in _subclasses(forms.BaseForm) if cls.__module__ in names and not cls.__name__.startswith("Portal")
    }
    assert len(project_forms) > 30  # the walk found the apps' forms
    missing = sorted(
        f"{cls.__module__}.{cls.__qualname__}" for cls in project_forms if not issubclass(cls, ControlCharacterMixin)
    )
    assert not missing, f"forms without the control-character check: {missing}"


class _Example(PortalForm):
    title = forms.CharField()
    text = forms.CharField(widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["added_later"] = forms.CharField(required=False)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"title": "Titel", "text": "Regel een\r\nRegel\ttwee"}, set()),
        ({"title": "Titel\nBcc: x", "text": "x"}, {"title"}),
        ({"title": "Titel\u2028twee", "text": "x"}, {"title"}),
        ({"title": "Titel", "text": "kleur \x1b[31m rood"}, {"text"}),
        ({"title": "Titel", "text": "x", "added_later": "a\x07b"}, {"added_later"}),
        ({"title": "Ti\x00tel", "text": "x"}, {"title"}),
    ],
)
def test_portal_form_refuses_control_characters_with_line_breaks_in_text_areas_only(data, errors):
    form = _Example(data)
    assert not form.is_valid() if errors else form.is_valid()
    assert set(form.errors) == errors
    for field in errors:
        assert len(form.errors[field]) == 1  # one message, also for a NUL


def test_control_character_check_and_validator():
    assert not has_control_character("Gemeente Súdwest-Fryslân – inspraak 😀")
    assert has_control_character("a\ud800b", multiline=True)
    assert has_control_character("a\x85b", multiline=True)  # C1 "next line"
    assert not has_control_character("a\nb", multiline=True)
    with pytest.raises(ValidationError):
        ControlCharacterValidator()("a\rb")
    ControlCharacterValidator(multiline=True)("a\r\nb")


def test_mail_subject_is_one_safe_line():
    assert mail_subject("Verzoek:\r\nBcc: x@example.nl\x00\x1b \u2028 klaar") == "Verzoek: Bcc: x@example.nl klaar"
    assert mail_subject("x\ud800y") == "x y"
    long = mail_subject("a" * 500)
    assert len(long) == 200 and long.endswith("…")
