from django.urls import path

from fuzhou_lle.ops import views

app_name = "ops"
urlpatterns = [path("", views.system, name="system")]
