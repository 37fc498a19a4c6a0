from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .exports import views as export_views
from .forms import LoginForm
from .views import GemeentePublicView, HomeView, LogoutView, StatementView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path(
        "toegankelijkheid/",
        StatementView.as_view(template_name="participatie/accessibility.html"),
        name="accessibility-statement",
    ),
    path("privacy/", StatementView.as_view(template_name="participatie/privacy.html"), name="privacy-statement"),
    path("g/<slug:slug>/", GemeentePublicView.as_view(), name="gemeente-public"),
    path("exports/", export_views.ExportListView.as_view(), name="export-list"),
    path("exports/<str:key>/", export_views.ExportDownloadView.as_view(), name="export-download"),
    path("roadmap/", include("roadmap.urls")),
    path("surveys/", include("surveys.urls")),
    path("panels/", include("panels.urls")),
    path("feedback/", include("feedback.urls")),
    path("beheer/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "participatie.views.error_400"
handler403 = "participatie.views.error_403"
handler404 = "participatie.views.error_404"
handler500 = "participatie.views.error_500"
