from django.urls import include, path

app_name = "surveys"

urlpatterns = [
    path("", include("surveys.respond_urls")),
]
