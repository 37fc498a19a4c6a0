from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities and reach")

    def ready(self):
        from participatie.exports.registry import ExportDefinition, register_export
        from participatie.permissions import has_role_anywhere
        from participatie.registry import DashboardPanel, NavItem, register_dashboard_panel, register_nav_item

        from .dashboard import dashboard_context
        from .permissions import VIEW_ROLES
        from .resources import ActivityResource
        from .selectors import activity_list_for_export

        register_nav_item(
            NavItem(
                key="activities",
                label=_("Activities"),  # short: the main menu must fit a 1280 px laptop
                url_name="activities:register",
                visible=lambda user: has_role_anywhere(user, *VIEW_ROLES),
                order=35,
            )
        )
        register_dashboard_panel(
            DashboardPanel(
                key="activities",
                template_name="activities/dashboard_panel.html",
                get_context=dashboard_context,
                order=35,
            )
        )
        register_export(
            ExportDefinition(
                key="activities.register",
                app_label="activities",
                title=_("Participation activities"),
                description=_("Every activity with its kind, method, topic, laws, dates, who ran it and its links."),
                resource_class=ActivityResource,
                get_queryset=lambda *, user, gemeenten: activity_list_for_export(user=user, gemeenten=gemeenten),
                roles=VIEW_ROLES,
                order=10,
            )
        )
