from django.urls import path

from . import views
from .kind import KIT

app_name = "awards"

urlpatterns = [
    path("", views.stars, name="stars"),
    path("stars/<int:pk>/", views.star_detail, name="star"),
    path("stars/<int:pk>/photo/", views.star_photo, name="star_photo"),
    path("nominations/<int:pk>/photo/", views.nomination_photo, name="nomination_photo"),
    *KIT.urls(),
]
