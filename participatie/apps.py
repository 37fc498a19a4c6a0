from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    name = "participatie"
    verbose_name = _("Portal")

    def ready(self):
        from django.contrib.auth import signals as auth_signals

        from . import checks  # noqa: F401  (registers the system checks)
        from .audit import audit_login, audit_login_failed, audit_logout
        from .permissions import can_export, can_search_audit
        from .registry import DashboardPanel, NavItem, register_dashboard_panel, register_nav_item

        auth_signals.user_logged_in.connect(audit_login, dispatch_uid="participatie.audit.login")
        auth_signals.user_logged_out.connect(audit_logout, dispatch_uid="participatie.audit.logout")
        auth_signals.user_login_failed.connect(audit_login_failed, dispatch_uid="participatie.audit.login_failed")
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
