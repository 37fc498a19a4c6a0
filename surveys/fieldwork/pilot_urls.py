"""URLs of the officer's pilot round (proefronde) and the testers' list; the testers' pages are in respond/."""

from django.urls import path

from . import pilot_views

urlpatterns = [
    path("proefrondes/", pilot_views.PilotTesterListView.as_view(), name="pilot_tester_list"),
    path("<int:pk>/proefronde/", pilot_views.PilotManageView.as_view(), name="pilot_manage"),
    path(
        "<int:pk>/proefronde/opmerkingen/<int:comment_id>/afgehandeld/",
        pilot_views.PilotCommentHandleView.as_view(),
        name="pilot_comment_handle",
    ),
]
