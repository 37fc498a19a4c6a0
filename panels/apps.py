from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = _("Councils and panels")

    def ready(self):
        from participatie.constants import ALL_ROLES, STAFF_ROLES
        from participatie.exports.registry import ExportDefinition, register_export
        from participatie.permissions import has_role_anywhere
        from participatie.registry import (
            DashboardPanel,
            NavItem,
            PublicSection,
            register_dashboard_panel,
            register_nav_item,
            register_public_section,
        )

        from .dashboard import dashboard_context
        from .public import public_section_context
        from .resources import AdviesResource, MemberExportResource
        from .selectors import advies_list_for_export, member_list_for_export

        register_nav_item(
            NavItem(
                key="panels",
                label=pgettext_lazy("menu", "Councils and panels"),
                url_name="panels:orgaan-list",
                visible=lambda user: has_role_anywhere(user, *ALL_ROLES),
                order=30,
            )
        )
        register_dashboard_panel(
            DashboardPanel(
                key="panels", template_name="panels/dashboard_panel.html", get_context=dashboard_context, order=30
            )
        )
        register_public_section(
            PublicSection(
                key="panels",
                template_name="panels/public_section.html",
                get_context=public_section_context,
                order=30,
                lead=_("You see which councils and panels advise the gemeente."),
            )
        )
        register_export(
            ExportDefinition(
                key="panels.adviezen",
                app_label="panels",
                title=_("Adviezen"),
                description=_("Every advice with its status, deadlines and the college's outcome."),
                resource_class=AdviesResource,
                get_queryset=lambda *, user, gemeenten: advies_list_for_export(user=user, gemeenten=gemeenten),
                roles=STAFF_ROLES,
                order=10,
            )
        )
        register_export(
            ExportDefinition(
                key="panels.members",
                app_label="panels",
                title=_("Members of councils and panels"),
                description=_("Every member with role, term, target groups and contact consent."),
                resource_class=MemberExportResource,
                get_queryset=lambda *, user, gemeenten: member_list_for_export(user=user, gemeenten=gemeenten),
                roles=STAFF_ROLES,
                order=20,
            )
        )
