from django.urls import path

from . import views
from .kind import KIT

app_name = "brands"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("registry/<int:pk>/", views.brand_detail, name="brand"),
    path("registry/<int:pk>/inspections/", views.inspection_schedule, name="inspection_schedule"),
    path("inspections/<int:pk>/", views.inspection_record, name="inspection_record"),
    *KIT.urls(),
]
