from django.urls import path

from fuzhou_lle.nominations.views import nomination_urls

from . import views

app_name = "brands"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("registry/<int:pk>/", views.brand_detail, name="brand"),
    path("registry/<int:pk>/inspections/", views.inspection_schedule, name="inspection_schedule"),
    path("inspections/<int:pk>/", views.inspection_record, name="inspection_record"),
    *nomination_urls(views.KIT),
]
