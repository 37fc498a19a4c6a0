"""URLs of the fieldwork: data entry, paper version, street interviews and entry-only access.

Included by ``surveys/urls.py`` in the ``surveys`` namespace.
"""

from django.urls import path

from . import entry_views as views

urlpatterns = [
    path("invoer/", views.EntryHomeView.as_view(), name="fieldwork_home"),
    path("<int:pk>/invoer/", views.CardEntryView.as_view(), name="fieldwork_entry"),
    path("<int:pk>/invoer/toegang/", views.EntryAccessView.as_view(), name="fieldwork_access"),
    path(
        "<int:pk>/invoer/toegang/<int:assignment_id>/intrekken/",
        views.EntryAccessRevokeView.as_view(),
        name="fieldwork_access_revoke",
    ),
    path("<int:pk>/papier/", views.PaperVersionView.as_view(), name="fieldwork_paper"),
]
