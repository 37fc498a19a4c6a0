from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.InbrengListView.as_view(), name="inbreng-list"),
    path("nieuw/", views.InbrengCreateView.as_view(), name="inbreng-create"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("<int:pk>/", views.InbrengDetailView.as_view(), name="inbreng-detail"),
    path("<int:pk>/wijzigen/", views.InbrengUpdateView.as_view(), name="inbreng-update"),
    path("<int:pk>/terugkoppeling/", views.TerugkoppelingCreateView.as_view(), name="terugkoppeling-create"),
    path("<int:pk>/personen/", views.NamedPersonCreateView.as_view(), name="namedperson-create"),
    path("<int:pk>/adviesaanvraag/", views.SignalConvertView.as_view(), name="signal-convert"),
]
