"""URLs of the resident's pages (open link) and of the officer's preview of them.

Included by ``surveys/urls.py`` in the ``surveys`` namespace.
"""

from django.urls import path, register_converter

from ..converters import ResumeCodeConverter, SurveyTokenConverter
from . import views

register_converter(SurveyTokenConverter, "survey_token")
register_converter(ResumeCodeConverter, "resume_code")

urlpatterns = [
    # Residents, through the public link.
    path("v/<survey_token:token>/", views.StartView.as_view(), name="respond_start"),
    path("v/<survey_token:token>/deel/<int:section_id>/", views.SectionView.as_view(), name="respond_section"),
    path("v/<survey_token:token>/overzicht/", views.SummaryView.as_view(), name="respond_summary"),
    path("v/<survey_token:token>/bedankt/", views.DoneView.as_view(), name="respond_done"),
    path("v/<survey_token:token>/verder/", views.ResumeView.as_view(), name="respond_resume"),
    path("v/<survey_token:token>/verder/mail/", views.ResumeMailView.as_view(), name="respond_resume_mail"),
    path("v/<survey_token:token>/verder/<resume_code:code>/", views.ResumeView.as_view(), name="respond_resume_link"),
    # Officers: the same pages as a preview; nothing is stored.
    path("<int:pk>/voorbeeld/", views.PreviewStartView.as_view(), name="preview_start"),
    path("<int:pk>/voorbeeld/deel/<int:section_id>/", views.PreviewSectionView.as_view(), name="preview_section"),
    path("<int:pk>/voorbeeld/overzicht/", views.PreviewSummaryView.as_view(), name="preview_summary"),
    path("<int:pk>/voorbeeld/bedankt/", views.PreviewDoneView.as_view(), name="preview_done"),
]

# Interviewer mode: the same pages on a tablet for a street interview (straatinterview), for an interviewer.
urlpatterns += [
    path("<int:pk>/interview/", views.InterviewNewView.as_view(), name="interview_new"),
    path("<int:pk>/interview/start/", views.InterviewStartView.as_view(), name="interview_start"),
    path("<int:pk>/interview/deel/<int:section_id>/", views.InterviewSectionView.as_view(), name="interview_section"),
    path("<int:pk>/interview/overzicht/", views.InterviewSummaryView.as_view(), name="interview_summary"),
    path("<int:pk>/interview/bedankt/", views.InterviewDoneView.as_view(), name="interview_done"),
]

# Testers of a pilot round (proefronde), through the pilot's own link: answers are kept marked as pilot.
urlpatterns += [
    path("proef/<survey_token:token>/", views.PilotStartView.as_view(), name="pilot_start"),
    path("proef/<survey_token:token>/deel/<int:section_id>/", views.PilotSectionView.as_view(), name="pilot_section"),
    path(
        "proef/<survey_token:token>/deel/<int:section_id>/opmerking/",
        views.PilotCommentView.as_view(),
        name="pilot_comment",
    ),
    path("proef/<survey_token:token>/overzicht/", views.PilotSummaryView.as_view(), name="pilot_summary"),
    path("proef/<survey_token:token>/bedankt/", views.PilotDoneView.as_view(), name="pilot_done"),
]
