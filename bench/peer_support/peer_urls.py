"""URLs of the peer site: django-survey-and-report's own, under /survey/."""

from django.urls import include, path

urlpatterns = [path("survey/", include("survey.urls"))]
