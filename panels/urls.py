from django.urls import path

from . import views

app_name = "panels"

urlpatterns = [
    path("", views.OrgaanListView.as_view(), name="orgaan-list"),
    path("organen/nieuw/", views.OrgaanCreateView.as_view(), name="orgaan-create"),
    path("organen/<int:orgaan_pk>/", views.OrgaanDetailView.as_view(), name="orgaan-detail"),
    path("organen/<int:orgaan_pk>/wijzigen/", views.OrgaanUpdateView.as_view(), name="orgaan-update"),
    path("organen/<int:orgaan_pk>/samenstelling/", views.OrgaanCompositionView.as_view(), name="orgaan-composition"),
    path("organen/<int:orgaan_pk>/leden/nieuw/", views.MemberCreateView.as_view(), name="member-create"),
    path("organen/<int:orgaan_pk>/leden/<int:pk>/wijzigen/", views.MemberUpdateView.as_view(), name="member-update"),
    path(
        "organen/<int:orgaan_pk>/leden/<int:pk>/herbenoemen/",
        views.MemberReappointView.as_view(),
        name="member-reappoint",
    ),
    path("organen/<int:orgaan_pk>/leden/import/", views.MemberImportView.as_view(), name="member-import"),
    path("organen/<int:orgaan_pk>/leden/export/", views.MemberExportView.as_view(), name="member-export"),
    path("organen/<int:orgaan_pk>/bijeenkomsten/nieuw/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("organen/<int:orgaan_pk>/adviesaanvragen/nieuw/", views.AanvraagCreateView.as_view(), name="aanvraag-create"),
    path(
        "organen/<int:orgaan_pk>/ongevraagd-advies/",
        views.UnsolicitedAdviesCreateView.as_view(),
        name="advies-unsolicited",
    ),
    path("bijeenkomsten/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("bijeenkomsten/<int:pk>/wijzigen/", views.MeetingUpdateView.as_view(), name="meeting-update"),
    path("bijeenkomsten/<int:pk>/aanwezigheid/", views.MeetingAttendanceView.as_view(), name="meeting-attendance"),
    path("bijeenkomsten/<int:pk>/agenda.ics", views.MeetingIcsView.as_view(), name="meeting-ics"),
    path("bijeenkomsten/<int:pk>/stukken/nieuw/", views.MeetingDocumentCreateView.as_view(), name="meeting-document"),
    path("stukken/<int:pk>/", views.DocumentDownloadView.as_view(), name="document-download"),
    path("adviezen/", views.AdviesListView.as_view(), name="advies-list"),
    path("adviezen/overzicht/", views.OverviewView.as_view(), name="overview"),
    path("adviezen/<int:pk>/", views.AdviesDetailView.as_view(), name="advies-detail"),
    path("adviezen/<int:pk>/concept/", views.AdviesDraftView.as_view(), name="advies-draft"),
    path("adviezen/<int:pk>/uitbrengen/", views.AdviesSendView.as_view(), name="advies-send"),
    path("adviezen/<int:pk>/intrekken/", views.AdviesWithdrawView.as_view(), name="advies-withdraw"),
    path("adviezen/<int:pk>/reactie/", views.ReactieCreateView.as_view(), name="reactie-create"),
    path("adviezen/<int:pk>/afronden/", views.AdviesCloseView.as_view(), name="advies-close"),
    path("adviezen/<int:pk>/stukken/nieuw/", views.AdviesDocumentCreateView.as_view(), name="advies-document"),
    path("adviezen/<int:pk>/bestand/<str:which>/", views.AdviesFileView.as_view(), name="advies-file"),
]
