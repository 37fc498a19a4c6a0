from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import health, views
from .accounts import views as account_views
from .exports import views as export_views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    # Browsers and feed readers ask for /favicon.ico whatever the page links to.
    # For load balancers and monitoring: "ok" or "not ok" only (participatie/health.py).
    path("health/live/", health.LivenessView.as_view(), name="health-live"),
    path("health/ready/", health.ReadinessView.as_view(), name="health-ready"),
    path(".well-known/security.txt", views.SecurityTxtView.as_view(), name="security-txt"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    # The pages of django.contrib.auth.urls, each through a view that declares its permission.
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    # Two-step login (participatie/accounts/): set up, the second step, the backup codes shown once.
    path("accounts/twee-stappen/", account_views.TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("accounts/twee-stappen/instellen/", account_views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path(
        "accounts/twee-stappen/reservecodes/",
        account_views.TwoFactorBackupCodesView.as_view(),
        name="two_factor_backup_codes",
    ),
    path("accounts/password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password_reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("g/<slug:slug>/", views.GemeentePublicView.as_view(), name="gemeente-public"),
    path("g/<slug:slug>/huisstijl.css", views.GemeenteLookView.as_view(), name="gemeente-look"),
    path("toegankelijkheid/", views.AccessibilityStatementView.as_view(), name="accessibility-statement"),
    path("privacy/", views.PrivacyStatementView.as_view(), name="privacy-statement"),
    path("privacy/bewaartermijnen/", views.RetentionTermsView.as_view(), name="retention-terms"),
    path("privacy/verzoeken/", views.PersonalDataRequestView.as_view(), name="personal-data-request"),
    path("auditlog/", views.AuditEventListView.as_view(), name="audit-list"),
    path("exports/", export_views.ExportListView.as_view(), name="export-list"),
    path("exports/<str:key>/", export_views.ExportDownloadView.as_view(), name="export-download"),
    path("roadmap/", include("roadmap.urls")),
    path("surveys/", include("surveys.urls")),
    path("panels/", include("panels.urls")),
    path("feedback/", include("feedback.urls")),
    path("activiteiten/", include("activities.urls")),
    path("beheer/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "participatie.views.error_400"
handler403 = "participatie.views.error_403"
handler404 = "participatie.views.error_404"
handler500 = "participatie.views.error_500"
