"""Extension points of the feedback app that other apps fill from their ``AppConfig.ready()``.

The register stands alone: it does not import panels or surveys. An app that owns a source
model (an advies, a survey) registers, per model, who a terugkoppeling is owed to and how to
forget opt-in addresses once it is sent::

    register_recipient_source(RecipientSource(
        model_label="surveys.survey",
        get_recipients=lambda survey: [Recipient(email=..., label=..., forget_after_send=True), ...],
        forget_recipients=lambda survey: survey.optins.all().delete(),
    ))
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Recipient:
    """Someone a terugkoppeling is owed to; ``label`` is shown to staff instead of the address."""

    email: str
    label: str
    forget_after_send: bool = False


@dataclass(frozen=True)
class RecipientSource:
    """Per source model: who gets the terugkoppeling, and how to forget opt-in addresses afterwards."""

    model_label: str  # app_label.modelname, lower case
    get_recipients: Callable[[Any], list[Recipient]]
    forget_recipients: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class SignalConverter:
    """Turns a signaal into an adviesaanvraag: a form (``form_class(data, inbreng=, user=)``) asks what is
    needed, ``convert(inbreng=, user=, data=)`` creates the aanvraag and returns it."""

    label: Any
    form_class: Any
    convert: Callable[..., Any]


_recipient_sources: dict[str, RecipientSource] = {}
_signal_converter: list[SignalConverter] = []


def register_recipient_source(source: RecipientSource) -> None:
    _recipient_sources[source.model_label.lower()] = source


def recipient_source_for(obj) -> RecipientSource | None:
    if obj is None:
        return None
    return _recipient_sources.get(obj._meta.label_lower)


def register_signal_converter(converter: SignalConverter) -> None:
    _signal_converter[:] = [converter]


def signal_converter() -> SignalConverter | None:
    return _signal_converter[0] if _signal_converter else None
