"""URLs of the fieldwork: batches, letters and groups for officers; the code page for residents.

Included by ``surveys/urls.py`` in the ``surveys`` namespace.
"""

from django.urls import path, register_converter

from ..converters import InvitationCodeConverter
from . import views

# "survey_token" is registered by respond/urls.py, included before this module.
register_converter(InvitationCodeConverter, "invitation_code")

urlpatterns = [
    # Officers and coordinators.
    path("<int:pk>/veldwerk/", views.FieldworkView.as_view(), name="fieldwork"),
    path("<int:pk>/veldwerk/brieven/nieuw/", views.BatchCreateView.as_view(), name="fieldwork_batch_create"),
    path("<int:pk>/veldwerk/brieven/steekproef/", views.SampleUploadView.as_view(), name="fieldwork_sample"),
    path(
        "<int:pk>/veldwerk/brieven/<int:batch_id>/codes/",
        views.BatchCodesExportView.as_view(),
        name="fieldwork_batch_codes",
    ),
    path(
        "<int:pk>/veldwerk/brieven/<int:batch_id>/herinnering/",
        views.BatchReminderExportView.as_view(),
        name="fieldwork_batch_reminders",
    ),
    path(
        "<int:pk>/veldwerk/brieven/<int:batch_id>/afdrukken/",
        views.BatchLettersView.as_view(),
        name="fieldwork_batch_letters",
    ),
    path("<int:pk>/veldwerk/groepen/nieuw/", views.GroupCreateView.as_view(), name="fieldwork_group_create"),
    path("<int:pk>/veldwerk/groepen/<int:group_id>/", views.GroupUpdateView.as_view(), name="fieldwork_group_update"),
    path("<int:pk>/veldwerk/groepsvraag/", views.GroupQuestionView.as_view(), name="fieldwork_group_question"),
    path("<int:pk>/veldwerk/routering/", views.GroupRoutingView.as_view(), name="fieldwork_group_routing"),
    # Residents: the code from the letter, typed in or carried by the personal link.
    path("v/<survey_token:token>/code/", views.CodeEntryView.as_view(), name="fieldwork_code"),
    path(
        "v/<survey_token:token>/code/<invitation_code:code>/", views.CodeEntryView.as_view(), name="fieldwork_code_link"
    ),
]
