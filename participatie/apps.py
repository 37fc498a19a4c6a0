from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    name = "participatie"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .accounts import signals  # noqa: F401  (audit of logins, session clocks)
        from .permissions import can_export, can_search_audit
        from .registry import DashboardPanel, NavItem, register_dashboard_panel, register_nav_item

        register_nav_item(NavItem("exports", _("Exports"), "export-list", can_export, order=900))
        # The main menu is full on a laptop: the coordinator finds the audit log and the privacy tools here.
        register_dashboard_panel(
            DashboardPanel(
                "privacy",
                "participatie/_dashboard_privacy.html",
                lambda user: {} if can_search_audit(user) else None,
                order=990,
            )
        )
