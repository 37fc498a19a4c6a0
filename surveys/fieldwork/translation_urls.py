"""URLs of the builder's translations screen (vertalingen)."""

from django.urls import path

from . import translation_views

urlpatterns = [
    path("<int:pk>/vertalingen/", translation_views.TranslationListView.as_view(), name="translation_list"),
    path(
        "<int:pk>/vertalingen/<slug:language>/",
        translation_views.TranslationEditView.as_view(),
        name="translation_edit",
    ),
]
