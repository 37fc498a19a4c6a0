from django.urls import path

from . import views

app_name = "roadmap"

step = "<int:pk>/stap/<int:number>/"

urlpatterns = [
    path("", views.TrajectListView.as_view(), name="traject-list"),
    path("nieuw/", views.TrajectCreateView.as_view(), name="traject-create"),
    path("monitor/", views.MonitorView.as_view(), name="monitor"),
    path("monitor/export/", views.MonitorExportView.as_view(), name="monitor-export"),
    path("<int:pk>/", views.TrajectDetailView.as_view(), name="traject-detail"),
    path("<int:pk>/wijzigen/", views.TrajectUpdateView.as_view(), name="traject-update"),
    path("<int:pk>/export/", views.TrajectExportView.as_view(), name="traject-export"),
    path(step, views.StepDetailView.as_view(), name="step-detail"),
    path(step + "wijzigen/", views.StepUpdateView.as_view(), name="step-update"),
    path(step + "aandachtspunten/", views.ChecklistAddView.as_view(), name="checklist-add"),
    path(step + "aandachtspunten/<int:item>/status/", views.ChecklistStateView.as_view(), name="checklist-state"),
    path(
        step + "aandachtspunten/<int:item>/verwijderen/", views.ChecklistRemoveView.as_view(), name="checklist-remove"
    ),
    path(step + "acties/", views.ActionAddView.as_view(), name="action-add"),
    path(step + "acties/<int:action>/klaar/", views.ActionDoneView.as_view(), name="action-done"),
    path(step + "acties/<int:action>/verwijderen/", views.ActionRemoveView.as_view(), name="action-remove"),
    path(step + "bijlagen/", views.AttachmentAddView.as_view(), name="attachment-add"),
    path(step + "bijlagen/<int:attachment>/", views.AttachmentDownloadView.as_view(), name="attachment-download"),
    path(
        step + "bijlagen/<int:attachment>/verwijderen/",
        views.AttachmentRemoveView.as_view(),
        name="attachment-remove",
    ),
    path(step + "visies/", views.StakeholderViewAddView.as_view(), name="view-add"),
    path(step + "visies/<int:view>/verwijderen/", views.StakeholderViewRemoveView.as_view(), name="view-remove"),
    path(step + "meedenkers/", views.MeedenkerAddView.as_view(), name="meedenker-add"),
    path(
        step + "meedenkers/<int:meedenker>/verwijderen/",
        views.MeedenkerRemoveView.as_view(),
        name="meedenker-remove",
    ),
    path(step + "besluiten/", views.DecisionAddView.as_view(), name="decision-add"),
    path(step + "model/", views.ModelUpdateView.as_view(), name="model-update"),
]
