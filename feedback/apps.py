from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Input and feedback")

    def ready(self):
        from participatie.exports.registry import ExportDefinition, register_export
        from participatie.registry import (
            DashboardPanel,
            NavItem,
            PublicSection,
            register_dashboard_panel,
            register_nav_item,
            register_public_section,
        )

        from . import integration
        from .permissions import can_view_register
        from .resources import InbrengResource
        from .selectors import inbreng_list_for_export, inbreng_list_for_panel, terugkoppeling_list_published

        def _public_context(gemeente):
            terugkoppelingen = list(terugkoppeling_list_published(gemeente=gemeente))
            return {"terugkoppelingen": terugkoppelingen} if terugkoppelingen else None

        register_nav_item(
            NavItem(
                "feedback",
                pgettext_lazy("menu", "Input and feedback"),
                "feedback:inbreng-list",
                can_view_register,
                order=40,
            )
        )
        register_dashboard_panel(
            DashboardPanel(
                "feedback",
                "feedback/panel_dashboard.html",
                lambda user: inbreng_list_for_panel(user=user),
                order=40,
            )
        )
        register_public_section(
            PublicSection(
                "feedback",
                "feedback/public_section.html",
                _public_context,
                order=80,
                lead=_("You also read what the gemeente did with what residents said."),
            )
        )
        register_export(
            ExportDefinition(
                key="feedback.register",
                app_label="feedback",
                title=_("Register of input and feedback"),
                description=_(
                    "Every input with its source, who gave it, the responsible officer, the promised date, "
                    "the status, the outcome and when the feedback was given."
                ),
                resource_class=InbrengResource,
                get_queryset=lambda *, user, gemeenten: inbreng_list_for_export(user=user, gemeenten=gemeenten),
            )
        )
        integration.connect()
        post_migrate.connect(_answered_on_ensure, sender=self, dispatch_uid="feedback.answered_on_ensure")


def _answered_on_ensure(*, using, **kwargs):
    """After every migrate: the triggers that keep ``Inbreng.answered_on`` exist (SQLite drops them when it
    rebuilds a table)."""
    from django.db import connections

    from .answered_on import answered_on_ensure

    answered_on_ensure(connection=connections[using])
