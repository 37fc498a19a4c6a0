"""A gemeente's own look (huisstijl): its primary colour, checked for contrast, as design tokens.

The colour is used behind white text (buttons, the header bar) and as text on white (links), so it
must reach 4.5:1 against white (WCAG 2.1 success criterion 1.4.3), computed with WCAG's relative luminance.
"""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_PRIMARY_COLOUR = "#154273"  # the Rijkshuisstijl's dark blue: 10.2:1 on white
MIN_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#rrggbb`` colour (0 black … 1 white)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two ``#rrggbb`` colours (1 … 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_primary_colour(value: str) -> None:
    """Refuse a colour that is no ``#rrggbb`` code or that white text cannot be read on."""
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Fill in a colour as # and six characters 0-9 or a-f, for example #154273."), code="invalid"
        )
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "White text on %(colour)s has a contrast of %(ratio)s:1; at least 4.5:1 is needed so everyone "
                "can read it. Choose a darker colour."
            ),
            code="low_contrast",
            params={"colour": value, "ratio": f"{ratio:.2f}".replace(".", ",")},
        )


def darken(colour: str, factor: float = 0.8) -> str:
    """The colour made darker (for hover and pressed states); darker keeps the contrast with white."""
    channels = (round(int(colour[i : i + 2], 16) * factor) for i in (1, 3, 5))
    return "#" + "".join(f"{c:02x}" for c in channels)


def look_tokens(gemeente) -> dict[str, str]:
    """The design tokens (NL Design System names) of a gemeente's look."""
    primary = gemeente.primary_colour if HEX_COLOUR.match(gemeente.primary_colour or "") else DEFAULT_PRIMARY_COLOUR
    primary = primary.lower()
    dark = darken(primary)
    return {
        "--nl-brand-primary": primary,
        "--utrecht-color-primary": primary,
        "--utrecht-link-color": primary,
        "--utrecht-link-hover-color": dark,
        "--utrecht-button-primary-action-background-color": primary,
        "--utrecht-button-primary-action-hover-background-color": dark,
        "--utrecht-button-primary-action-color": "#ffffff",
        "--utrecht-page-header-border-color": primary,
    }


def look_version(gemeente) -> str:
    """A short fingerprint of the look, in the stylesheet's URL so a changed colour is fetched anew."""
    return hashlib.sha256((gemeente.primary_colour or "").encode()).hexdigest()[:10]
