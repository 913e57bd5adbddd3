from django.urls import path

from . import views
from .carryover import views as carryover_views

app_name = "tasks"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tasks/", views.task_list, name="list"),
    path("tasks/mine/", views.my_tasks, name="mine"),
    path("tasks/<int:pk>/", views.task_detail, name="detail"),
    path("tasks/<int:pk>/report/", views.report_create, name="report"),
    path("task-units/<int:pk>/responsible/", views.responsible_edit, name="responsible"),
    path("tasks/<int:pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone_done"),
    path("milestones/<int:pk>/decide/", views.milestone_decide, name="milestone_decide"),
    path("reports/<int:pk>/accept/", views.report_accept, name="report_accept"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("tasks/<int:pk>/urge/", views.task_urge, name="urge"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("ledger.xlsx", views.ledger, name="ledger"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("import/", views.import_upload, name="import"),
    path("import/preview/", views.import_preview, name="import_preview"),
    path("plans/<int:year>/publish/", views.plan_publish, name="publish"),
    path("plans/<int:year>/carryover/", carryover_views.carryover, name="carryover"),
    path("summary.docx", views.annual_summary, name="summary"),
]
