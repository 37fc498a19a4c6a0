"""URLs of the survey results: the results page, open texts, data cleaning and the published summary.

Included by ``surveys/urls.py`` in the ``surveys`` namespace.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/resultaten/", views.ResultsView.as_view(), name="results"),
    path(
        "<int:pk>/resultaten/vragen/<int:question_id>/teksten/", views.TextAnswersView.as_view(), name="results_texts"
    ),
    path("<int:pk>/resultaten/antwoorden/", views.ResponseListView.as_view(), name="results_responses"),
    path(
        "<int:pk>/resultaten/antwoorden/<int:response_id>/", views.ResponseDetailView.as_view(), name="results_response"
    ),
    path(
        "<int:pk>/resultaten/antwoorden/<int:response_id>/<slug:action>/",
        views.ResponseCleanView.as_view(),
        name="results_response_clean",
    ),
    path("<int:pk>/resultaten/samenvatting/", views.SummaryFormView.as_view(), name="summary_edit"),
    path("samenvattingen/", views.SummaryListView.as_view(), name="summary_list"),
    # Everyone, through the survey's public link.
    path("v/<str:token>/uitkomsten/", views.SummaryPublicView.as_view(), name="summary_public"),
]
