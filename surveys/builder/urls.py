"""URLs of the builder: the officer's survey list, settings, pages, questions and logic.

Included by ``surveys/urls.py`` in the ``surveys`` namespace.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.SurveyListView.as_view(), name="survey_list"),
    path("nieuw/", views.SurveyCreateView.as_view(), name="survey_create"),
    path("importeren/", views.SurveyImportView.as_view(), name="survey_import"),
    path("sjablonen/", views.TemplateLibraryView.as_view(), name="template_library"),
    path("sjablonen/<slug:key>/kopieren/", views.TemplateLibraryView.as_view(), name="template_copy"),
    path("<int:pk>/", views.SurveyDetailView.as_view(), name="survey_detail"),
    path("<int:pk>/instellingen/", views.SurveyUpdateView.as_view(), name="survey_update"),
    path("<int:pk>/status/", views.SurveyStatusView.as_view(), name="survey_status"),
    path("<int:pk>/kopie/", views.SurveyDuplicateView.as_view(), name="survey_duplicate"),
    path("<int:pk>/verwijderen/", views.SurveyDeleteView.as_view(), name="survey_delete"),
    path("<int:pk>/export.json", views.SurveyExportJsonView.as_view(), name="survey_export_json"),
    path("<int:pk>/paginas/nieuw/", views.SectionFormView.as_view(), name="section_create"),
    path("<int:pk>/paginas/<int:section_id>/", views.SectionFormView.as_view(), name="section_edit"),
    path("<int:pk>/paginas/<int:section_id>/verwijderen/", views.SectionDeleteView.as_view(), name="section_delete"),
    path("<int:pk>/paginas/<int:section_id>/regels/", views.LogicRuleCreateView.as_view(), name="section_rule_create"),
    path("<int:pk>/paginas/<int:section_id>/<slug:action>/", views.SectionActionView.as_view(), name="section_action"),
    path("<int:pk>/vragen/nieuw/", views.QuestionFormView.as_view(), name="question_create"),
    path("<int:pk>/vragen/<int:question_id>/", views.QuestionFormView.as_view(), name="question_edit"),
    path("<int:pk>/vragen/<int:question_id>/verwijderen/", views.QuestionDeleteView.as_view(), name="question_delete"),
    path("<int:pk>/vragen/<int:question_id>/regels/", views.LogicRuleCreateView.as_view(), name="question_rule_create"),
    path(
        "<int:pk>/vragen/<int:question_id>/<slug:action>/", views.QuestionActionView.as_view(), name="question_action"
    ),
    path("<int:pk>/regels/<int:rule_id>/verwijderen/", views.LogicRuleDeleteView.as_view(), name="rule_delete"),
]
