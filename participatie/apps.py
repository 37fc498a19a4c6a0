from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipatieConfig(AppConfig):
    name = "participatie"
    verbose_name = _("Portal")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .accounts import signals  # noqa: F401  (audit of logins, session clocks)
        from .permissions import can_export
        from .registry import NavItem, register_nav_item

        register_nav_item(NavItem("exports", _("Exports"), "export-list", can_export, order=900))
