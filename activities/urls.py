from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.RegisterView.as_view(), name="register"),
    path("nieuw/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("<int:pk>/wijzigen/", views.ActivityUpdateView.as_view(), name="activity-update"),
    path("<int:pk>/bereik/", views.ReachUpdateView.as_view(), name="reach-update"),
    path("<int:pk>/inbreng/", views.InbrengCreateView.as_view(), name="inbreng-create"),
    path("<int:pk>/verhalen/nieuw/", views.StoryCreateView.as_view(), name="story-create"),
    path("<int:pk>/klantreis/nieuw/", views.JourneyCreateView.as_view(), name="journey-create"),
    path("bereik/", views.ReachOverviewView.as_view(), name="reach"),
    path("bereik/alle-gemeenten/", views.CoordinatorOverviewView.as_view(), name="reach-coordinator"),
    path("bereik/<slug:slug>/bevolking/", views.PopulationUpdateView.as_view(), name="population-update"),
    path("vragenlijsten/<int:pk>/groepen/", views.RespondentGroupLinkView.as_view(), name="respondent-groups"),
    path("klantreizen/<int:pk>/", views.JourneyMapView.as_view(), name="journey-map"),
    path("klantreizen/<int:pk>/ontwerp/", views.JourneyDesignView.as_view(), name="journey-design"),
    path("klantreizen/<int:pk>/interviews/nieuw/", views.InterviewCreateView.as_view(), name="interview-create"),
    path(
        "klantreizen/<int:pk>/interviews/<int:interview_pk>/citaat/",
        views.QuoteCreateView.as_view(),
        name="quote-create",
    ),
    path("verhalen/<int:pk>/", views.StoryDetailView.as_view(), name="story-detail"),
    path("verhalen/<int:pk>/wijzigen/", views.StoryUpdateView.as_view(), name="story-update"),
    path("themas/", views.ThemeOverviewView.as_view(), name="theme-overview"),
    path("themas/nieuw/", views.ThemeCreateView.as_view(), name="theme-create"),
    path("themas/voorbeeldwaarden/", views.ThemeSeedView.as_view(), name="theme-seed"),
    path("themas/<int:pk>/wijzigen/", views.ThemeUpdateView.as_view(), name="theme-update"),
    path("themas/<int:pk>/verwijderen/", views.ThemeDeleteView.as_view(), name="theme-delete"),
    path("inzichten/", views.InsightListView.as_view(), name="insight-list"),
    path("inzichten/nieuw/", views.InsightCreateView.as_view(), name="insight-create"),
    path("inzichten/<int:pk>/", views.InsightDetailView.as_view(), name="insight-detail"),
    path("inzichten/<int:pk>/actie/", views.InsightActionView.as_view(), name="insight-action"),
    path("inzichten/<int:pk>/adviesaanvraag/", views.InsightAanvraagView.as_view(), name="insight-aanvraag"),
]
