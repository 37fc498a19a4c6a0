"""URLs of the answer exports, included by ``surveys/urls.py`` in the ``surveys`` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("antwoordbestanden/", views.AnswerExportSurveyListView.as_view(), name="answer_export_surveys"),
    path("<int:pk>/resultaten/tabellen/", views.ResultsTablesExportView.as_view(), name="results_tables_export"),
    path("<int:pk>/antwoordbestand/", views.AnswerExportView.as_view(), name="answer_export"),
    path(
        "<int:pk>/antwoordbestand/<int:export_id>/", views.AnswerExportStatusView.as_view(), name="answer_export_status"
    ),
    path(
        "<int:pk>/antwoordbestand/<int:export_id>/bestand/",
        views.AnswerExportFileView.as_view(),
        name="answer_export_file",
    ),
]
