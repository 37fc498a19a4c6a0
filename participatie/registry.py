"""Extension points the domain apps fill from their ``AppConfig.ready()``.

The core pages (navigation, the dashboard after login, the public gemeente page)
show what the apps register here, so the core never imports an app and apps never
edit a core template.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation, shown when ``visible(user)`` is true."""

    key: str
    label: Any  # a lazy translation
    url_name: str
    visible: Callable[[Any], bool]
    order: int = 100


@dataclass(frozen=True)
class DashboardPanel:
    """A block on the home dashboard. ``get_context(user)`` returns None to hide it."""

    key: str
    template_name: str
    get_context: Callable[[Any], dict | None]
    order: int = 100


@dataclass(frozen=True)
class PublicSection:
    """A block on a gemeente's public page. ``get_context(gemeente)`` returns None to hide it.

    ``lead`` is a sentence for the page's introduction, said only when the block is shown.
    """

    key: str
    template_name: str
    get_context: Callable[[Any], dict | None]
    order: int = 100
    lead: Any = ""  # a lazy translation


@dataclass
class Registry:
    nav_items: dict[str, NavItem] = field(default_factory=dict)
    dashboard_panels: dict[str, DashboardPanel] = field(default_factory=dict)
    public_sections: dict[str, PublicSection] = field(default_factory=dict)


registry = Registry()


def register_nav_item(item: NavItem) -> None:
    registry.nav_items[item.key] = item


def register_dashboard_panel(panel: DashboardPanel) -> None:
    registry.dashboard_panels[panel.key] = panel


def register_public_section(section: PublicSection) -> None:
    registry.public_sections[section.key] = section


def nav_items_for_user(user) -> list[NavItem]:
    items = [item for item in registry.nav_items.values() if item.visible(user)]
    return sorted(items, key=lambda item: (item.order, item.key))


def dashboard_panels_for_user(user) -> list[tuple[DashboardPanel, dict]]:
    shown = []
    for panel in sorted(registry.dashboard_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.get_context(user)
        if context is not None:
            shown.append((panel, context))
    return shown


def public_sections_for_gemeente(gemeente) -> list[tuple[PublicSection, dict]]:
    shown = []
    for section in sorted(registry.public_sections.values(), key=lambda s: (s.order, s.key)):
        context = section.get_context(gemeente)
        if context is not None:
            shown.append((section, context))
    return shown
