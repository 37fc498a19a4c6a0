from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self):
        from participatie.exports.registry import ExportDefinition, register_export
        from participatie.registry import DashboardPanel, NavItem, register_dashboard_panel, register_nav_item

        from .dashboard import dashboard_context
        from .permissions import can_see_monitor, can_view_trajecten
        from .resources import TrajectMonitorResource
        from .selectors import traject_list_with_progress

        register_nav_item(NavItem("roadmap", _("Roadmap"), "roadmap:traject-list", can_view_trajecten, order=10))
        register_nav_item(NavItem("roadmap-monitor", _("Monitor"), "roadmap:monitor", can_see_monitor, order=11))
        register_dashboard_panel(DashboardPanel("roadmap", "roadmap/dashboard_panel.html", dashboard_context, order=10))
        register_export(
            ExportDefinition(
                key="roadmap.trajecten",
                app_label="roadmap",
                title=_("Trajecten (monitor)"),
                description=_(
                    "Every vernieuwingstraject with the status and progress of its six steps and its overdue actions."
                ),
                resource_class=TrajectMonitorResource,
                get_queryset=lambda *, user, gemeenten: (
                    traject_list_with_progress(user=user)
                    .filter(gemeente__in=gemeenten)
                    .order_by("gemeente__name", "title", "pk")
                ),
            )
        )
        post_migrate.connect(_progress_ensure, sender=self, dispatch_uid="roadmap.progress_ensure")


def _progress_ensure(*, using, **kwargs):
    """After every migrate: the progress triggers exist (SQLite drops them when it rebuilds a table)."""
    from django.db import connections

    from .progress import progress_ensure

    progress_ensure(connection=connections[using])
