"""URLs of the surveys app, one module per part, all in the ``surveys`` namespace."""

from django.urls import include, path

app_name = "surveys"

urlpatterns = [
    # The officer's builder: list, settings, pages, questions, logic.
    path("", include("surveys.builder.urls")),
    # The resident's pages (open link, resume) and the officer's preview of them.
    path("", include("surveys.respond.urls")),
    # The results: figures, open texts, data cleaning and the published summary.
    path("", include("surveys.results.urls")),
    # Answer files (antwoordbestanden): wide XLSX/CSV with codebook, SPSS; large ones in the background.
    path("", include("surveys.exports.urls")),
    # Fieldwork (veldwerk): invitation letters with codes, respondent groups and quotas.
    path("", include("surveys.fieldwork.urls")),
    # Fieldwork: data entry of paper cards and telephone interviews, the paper version, entry-only access.
    path("", include("surveys.fieldwork.entry_urls")),
    # Fieldwork: the pilot round (proefronde) and translations (vertalingen).
    path("", include("surveys.fieldwork.pilot_urls")),
    path("", include("surveys.fieldwork.translation_urls")),
]
