from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from . import api, views

app_name = "courses"

router = api.Router()
router.register("offerings", api.OfferingViewSet, basename="api-offering")
router.register("points", api.TeachingPointViewSet, basename="api-point")
router.register("courses", api.CourseViewSet, basename="api-course")

urlpatterns = [
    path("", views.guide, name="guide"),
    path("print/", views.compiled, name="compiled"),
    path("offerings/<int:pk>/", views.offering_detail, name="offering"),
    path("offerings/<int:pk>/calendar.ics", views.offering_calendar, name="offering_calendar"),
    path("course/<int:pk>/", views.course_detail, name="course"),
    path("points/<int:pk>/", views.point_detail, name="point"),
    path("points/<int:pk>/calendar.ics", views.point_calendar, name="point_calendar"),
    path("teachers/<int:pk>/", views.teacher_detail, name="teacher"),
    path("teachers/<int:pk>/photo/", views.teacher_photo, name="teacher_photo"),
    path("textbooks/<int:pk>/", views.textbook_detail, name="textbook"),
    path("textbooks/<int:pk>/file/", views.textbook_file, name="textbook_file"),
    path("district/points/", views.point_list, name="point_list"),
    path("district/points/new/", views.point_edit, name="point_create"),
    path("district/points/<int:pk>/", views.point_edit, name="point_update"),
    path("district/points/<int:pk>/delete/", views.point_delete, name="point_delete"),
    path("district/offerings/", views.offering_list, name="offering_list"),
    path("district/offerings/new/", views.offering_edit, name="offering_create"),
    path("district/offerings/<int:pk>/", views.offering_edit, name="offering_update"),
    path("district/offerings/<int:pk>/delete/", views.offering_delete, name="offering_delete"),
    path("district/import/", views.timetable_import, name="import"),
    path("district/import/confirm/", views.timetable_import_confirm, name="import_confirm"),
    path("district/import/template.xlsx", views.import_template, name="import_template"),
    path("propose/<slug:kind>/", views.propose, name="propose"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/<slug:kind>/<int:pk>/", views.proposal_decide, name="proposal_decide"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/", include(router.urls)),
]
