from django.urls import path

from fuzhou_lle.nominations.views import nomination_urls

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.stars, name="stars"),
    path("stars/<int:pk>/", views.star_detail, name="star"),
    path("stars/<int:pk>/photo/", views.star_photo, name="star_photo"),
    path("nominations/<int:pk>/photo/", views.nomination_photo, name="nomination_photo"),
    *nomination_urls(views.KIT),
]
